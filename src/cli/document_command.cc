#include "cli/commands.h"
namespace safer::cli {
void AddDocumentCommands(CLI::App& app, GlobalOptions& options, Outcome& outcome) {}
}  // namespace safer::cli
