#include "cli/commands.h"
namespace safer::cli {
void AddUserCommand(CLI::App& app, GlobalOptions& options, Outcome& outcome) {}
}  // namespace safer::cli
