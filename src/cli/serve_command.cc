#include "cli/commands.h"
namespace safer::cli {
void AddServeCommand(CLI::App& app, GlobalOptions& options, Outcome& outcome) {}
}  // namespace safer::cli
