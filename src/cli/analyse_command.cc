#include "cli/commands.h"
namespace safer::cli {
void AddAnalyseCommands(CLI::App& app, GlobalOptions& options, Outcome& outcome) {}
}  // namespace safer::cli
