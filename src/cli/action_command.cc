#include "cli/commands.h"
namespace safer::cli {
void AddActionCommands(CLI::App& app, GlobalOptions& options, Outcome& outcome) {}
}  // namespace safer::cli
