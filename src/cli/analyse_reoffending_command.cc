// Placeholder until the command is written: registers nothing.
#include "cli/analyse_commands.h"

namespace safer::cli {

void AddReoffendingCommand(CLI::App&, GlobalOptions&, Outcome&) {}

}  // namespace safer::cli
