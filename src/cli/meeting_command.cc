#include "cli/commands.h"
namespace safer::cli {
void AddMeetingCommands(CLI::App& app, GlobalOptions& options, Outcome& outcome) {}
}  // namespace safer::cli
