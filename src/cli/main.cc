// safer: the command-line front door. Parses the command line (CLI11), runs one
// subcommand, and turns every failure into a one-line message and an exit code.
#include <cstdlib>
#include <exception>
#include <iostream>

#include <fmt/format.h>

#include "cli/commands.h"

namespace safer::cli {

Status OpenConfiguredStore(const GlobalOptions& options, std::unique_ptr<Store>* store) {
  return OpenStore(options.db, store);
}

int Fail(const Status& status) {
  std::cerr << "safer: " << status.message() << "\n";
  switch (status.code()) {
    case Status::Code::kOk: return kExitOk;
    case Status::Code::kInvalidInput: return kExitUsage;
    case Status::Code::kNotFound: return kExitNotFound;
    default: return kExitFailure;
  }
}

}  // namespace safer::cli

int main(int argc, char** argv) {
  using namespace safer::cli;
  CLI::App app{"Safer: community safety partnership data, from police open data to the performance pack."};
  app.require_subcommand(1);
  app.fallthrough();  // global options may also follow the subcommand
  app.footer(
      "Exit codes: 0 done; 1 failed, nothing changed; 2 the command line is wrong;\n"
      "            3 done, but some files could not be imported at all; 4 not found.\n"
      "The database: --db PATH, else $SAFER_DB, else ./safer.db (SQLite).");
  GlobalOptions options;
  const char* env_db = std::getenv("SAFER_DB");
  options.db = env_db && *env_db ? env_db : "safer.db";
  app.add_option("--db", options.db, "Database: a file path (SQLite); default $SAFER_DB or ./safer.db");
  app.add_flag("-q,--quiet", options.quiet, "Print only results and errors");
  app.set_version_flag("--version", "safer 0.1.0");
  Outcome outcome;
  AddImportCommands(app, options, outcome);
  AddQueryCommands(app, options, outcome);
  AddSynthCommand(app, options, outcome);
  AddCheckCommand(app, options, outcome);
  AddReportCommand(app, options, outcome);
  AddServeCommand(app, options, outcome);
  AddUserCommand(app, options, outcome);
  AddMeetingCommands(app, options, outcome);
  AddActionCommands(app, options, outcome);
  AddDocumentCommands(app, options, outcome);
  AddAnalyseCommands(app, options, outcome);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    int rc = app.exit(e);
    return rc == 0 ? kExitOk : kExitUsage;
  } catch (const std::exception& e) {
    // Expected failures come back as Status; this is the last guard against a raw exception.
    std::cerr << "safer: unexpected error: " << e.what() << "\n";
    return kExitFailure;
  }
  return outcome.exit_code;
}
