// The `safer` command line: each subcommand registers itself on the CLI11 app and runs
// through the modules it needs. Nothing here knows SQL or file formats.
#pragma once

#include <functional>
#include <memory>
#include <string>

#include <CLI/CLI.hpp>

#include "domain/status.h"
#include "store/store.h"

namespace safer::cli {

// Exit codes, documented in `safer --help` and docs/cli.md.
enum ExitCode : int {
  kExitOk = 0,
  kExitFailure = 1,      // nothing changed: a database error, an interrupted import
  kExitUsage = 2,        // the command line itself is wrong
  kExitPartial = 3,      // done, but one or more files could not be imported at all
  kExitNotFound = 4,     // an area, category or import that does not exist
  kExitFindings = 5,     // `safer check`: the input was read and something in it is wrong
};

struct GlobalOptions {
  std::string db;  // --db, else $SAFER_DB, else ./safer.db
  bool quiet = false;
};

// The subcommand's result is stored here by its callback and returned by main.
struct Outcome {
  int exit_code = kExitOk;
};

// Opens the store named by the global options, printing a clear message on failure.
Status OpenConfiguredStore(const GlobalOptions& options, std::unique_ptr<Store>* store);

// Prints "safer: <message>" to stderr and returns the exit code that fits the status.
int Fail(const Status& status);

void AddImportCommands(CLI::App& app, GlobalOptions& options, Outcome& outcome);
void AddQueryCommands(CLI::App& app, GlobalOptions& options, Outcome& outcome);
void AddSynthCommand(CLI::App& app, GlobalOptions& options, Outcome& outcome);
void AddCheckCommand(CLI::App& app, GlobalOptions& options, Outcome& outcome);
void AddReportCommand(CLI::App& app, GlobalOptions& options, Outcome& outcome);
void AddServeCommand(CLI::App& app, GlobalOptions& options, Outcome& outcome);  // safer serve
void AddUserCommand(CLI::App& app, GlobalOptions& options, Outcome& outcome);   // safer user add|list|…
void AddMeetingCommands(CLI::App& app, GlobalOptions& options, Outcome& outcome);   // safer partnership|meeting|attendance
void AddActionCommands(CLI::App& app, GlobalOptions& options, Outcome& outcome);    // safer action …
void AddDocumentCommands(CLI::App& app, GlobalOptions& options, Outcome& outcome);  // safer minutes|agenda
void AddAnalyseCommands(CLI::App& app, GlobalOptions& options, Outcome& outcome);   // safer analyse …

}  // namespace safer::cli
