// `safer synth`: writes synthetic police.uk street files for tests, demos and benchmarks.
#include <cstdint>
#include <filesystem>
#include <memory>
#include <system_error>
#include <vector>

#include <fmt/core.h>

#include "cli/commands.h"
#include "synth/synth.h"

namespace safer::cli {

void AddSynthCommand(CLI::App& app, GlobalOptions& options, Outcome& outcome) {
  CLI::App* synth = app.add_subcommand(
      "synth", "Write synthetic police.uk street CSV files, for tests, demos and benchmarks");
  synth->footer(
      "Writes DIR/YYYY-MM/YYYY-MM-<force>-street.csv in the data.police.uk layout and header,\n"
      "for invented forces (\"Synthshire Police\", \"Northmoor Police\", ...). Each force has\n"
      "3-5 local authorities of 60-150 LSOAs (codes from E01200000, above every real one; names\n"
      "like \"Ambrford 001A\") whose points repeat, a few of them hot. Rows follow the category\n"
      "mix of a real force (Cleveland, Sep 2018): ASB rows have no Crime ID and no outcome;\n"
      "crimes have a unique 64-hex Crime ID and an outcome; ~1.5% of crimes have no location;\n"
      "~0.5% of ASB rows repeat the one before, byte for byte; volumes swing +-20% over the\n"
      "year, peaking in July. The same options and seed give the same bytes.");
  // CLI11 keeps pointers to these until the callback runs, after this function returns.
  auto synth_options = std::make_shared<SynthOptions>();
  synth->add_option("--out", synth_options->out_dir, "Directory to write into (created if needed)")
      ->required()
      ->type_name("DIR");
  synth->add_option("--forces", synth_options->forces, "Number of forces, 1-50")
      ->capture_default_str()
      ->type_name("N");
  synth->add_option("--from", synth_options->first_month, "First month")
      ->capture_default_str()
      ->type_name("YYYY-MM");
  synth->add_option("--months", synth_options->months, "Number of months, 1-600")
      ->capture_default_str()
      ->type_name("N");
  synth->add_option("--rows", synth_options->rows_per_force_month,
                    "Rows per force and month on average, 1-10000000")
      ->capture_default_str()
      ->type_name("N");
  synth->add_option("--seed", synth_options->seed, "Seed; the same seed gives the same files")
      ->capture_default_str()
      ->type_name("N");

  synth->callback([synth_options, &options, &outcome] {
    std::vector<SynthFile> files;
    // Synthesize checks the counts and the month, so the limits live in one place.
    if (Status s = Synthesize(*synth_options, &files); !s.ok()) {
      outcome.exit_code = Fail(s);
      return;
    }
    int64_t rows = 0;
    uintmax_t bytes = 0;
    for (const SynthFile& file : files) {
      std::error_code error;
      const uintmax_t size = std::filesystem::file_size(file.path, error);
      if (error) {
        outcome.exit_code = Fail(Status::IOError(file.path + ": " + error.message()));
        return;
      }
      rows += file.rows;
      bytes += size;
      if (!options.quiet) fmt::print("{}\t{} rows\n", file.path, file.rows);
    }
    fmt::print("wrote {} files, {} rows, {} bytes\n", files.size(), rows, bytes);
    outcome.exit_code = kExitOk;
  });
}

}  // namespace safer::cli
