// `safer analyse …`: one subcommand per method of the analyst's toolkit (docs/analyse.md),
// each in its own file, registered on the `analyse` command by AddAnalyseCommands.
#pragma once

#include <CLI/CLI.hpp>

#include "cli/commands.h"

namespace safer::cli {

void AddConcentrationCommand(CLI::App& analyse, GlobalOptions& options, Outcome& outcome);
void AddNearRepeatCommand(CLI::App& analyse, GlobalOptions& options, Outcome& outcome);
void AddHotspotCommand(CLI::App& analyse, GlobalOptions& options, Outcome& outcome);
void AddRepeatCommand(CLI::App& analyse, GlobalOptions& options, Outcome& outcome);
void AddReoffendingCommand(CLI::App& analyse, GlobalOptions& options, Outcome& outcome);
// `safer analyse exceedance` and `safer analyse change`.
void AddChangeCommands(CLI::App& analyse, GlobalOptions& options, Outcome& outcome);

}  // namespace safer::cli
