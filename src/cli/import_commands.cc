// safer import police-uk | areas | rejects | list
#include <unistd.h>

#include <cstdio>
#include <iostream>

#include <fmt/format.h>

#include "cli/commands.h"
#include "cli/output.h"
#include "ingest/area_import.h"
#include "ingest/indicator_value_import.h"
#include "ingest/police_uk_import.h"

namespace safer::cli {
namespace {

constexpr int kRejectionsShown = 20;

// A progress bar on stderr, redrawn in place; only on a terminal unless forced.
class ProgressBar {
 public:
  explicit ProgressBar(bool enabled) : enabled_(enabled), start_(std::chrono::steady_clock::now()) {}
  void Update(uint64_t done, uint64_t total) {
    if (!enabled_ || total == 0) return;
    int percent = static_cast<int>(100.0 * static_cast<double>(done) / static_cast<double>(total));
    if (percent == last_percent_) return;
    last_percent_ = percent;
    double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
    double mb = static_cast<double>(done) / 1e6;
    int filled = percent / 4;
    std::fprintf(stderr, "\r[%s%s] %3d%%  %.1f / %.1f MB  %.1f MB/s ", std::string(filled, '#').c_str(),
                 std::string(25 - filled, '.').c_str(), percent, mb, static_cast<double>(total) / 1e6,
                 seconds > 0 ? mb / seconds : 0.0);
    if (percent == 100) std::fputc('\n', stderr);
    std::fflush(stderr);
  }

 private:
  bool enabled_;
  int last_percent_ = -1;
  std::chrono::steady_clock::time_point start_;
};

std::string Totals(const FileImportReport& r) {
  return fmt::format("read {} = imported {} + rejected {} + unchanged {}", r.read, r.imported, r.rejected,
                     r.unchanged);
}

void AddPoliceUk(CLI::App& import, GlobalOptions& options, Outcome& outcome) {
  auto* cmd = import.add_subcommand("police-uk", "Import data.police.uk street-level CSV files");
  cmd->footer(
      "PATH is a file or a directory searched recursively for *-street.csv.\n"
      "Importing the same file again changes nothing. A different edition of a force-month\n"
      "(Falls within x Month) replaces it whole; with --edition, an older label than the one held\n"
      "is kept out. Bad rows are set aside (see `safer import rejects`), good rows load, and the\n"
      "whole import is one transaction.");
  struct Args {
    std::vector<std::string> paths;
    std::string edition;
    bool progress = false;
  };
  auto args = std::make_shared<Args>();
  cmd->add_option("PATH", args->paths, "Files or directories")->required();
  cmd->add_option("--edition", args->edition,
                  "Label of this edition of the data, e.g. the download's YYYY-MM; later labels win");
  cmd->add_flag("--progress", args->progress, "Show a progress bar even when stderr is not a terminal");
  cmd->callback([args, &options, &outcome] {
    std::vector<std::string> files, skipped;
    if (Status st = FindPoliceUkFiles(args->paths, &files, &skipped); !st.ok()) {
      outcome.exit_code = Fail(st);
      return;
    }
    if (files.empty()) {
      outcome.exit_code = Fail(Status::NotFound("no *-street.csv files found in " + args->paths.front()));
      return;
    }
    std::unique_ptr<Store> store;
    if (Status st = OpenConfiguredStore(options, &store); !st.ok()) {
      outcome.exit_code = Fail(st);
      return;
    }
    ProgressBar bar(!options.quiet && (args->progress || isatty(STDERR_FILENO)));
    int shown = 0;
    PoliceUkImportOptions import_options;
    import_options.edition_label = args->edition;
    import_options.progress = [&bar](uint64_t done, uint64_t total) { bar.Update(done, total); };
    import_options.on_rejection = [&shown](const std::string& line) {
      if (shown++ < kRejectionsShown) std::cerr << line << "\n";
    };
    PoliceUkImportReport report;
    if (Status st = ImportPoliceUk(*store, files, import_options, &report); !st.ok()) {
      outcome.exit_code = Fail(Status::StoreError(st.message() + " (the import was rolled back: nothing changed)"));
      return;
    }
    if (shown > kRejectionsShown)
      std::cerr << fmt::format("… and {} more rejected rows: safer import rejects --import {}\n",
                               shown - kRejectionsShown, report.import_id);
    for (const auto& f : report.files)
      if (!f.problem.empty()) std::cerr << "safer: " << f.problem << " (file not imported)\n";
    if (!options.quiet) {
      if (!skipped.empty())
        std::cout << fmt::format("skipped {} files that are not *-street.csv (e.g. {})\n", skipped.size(),
                                 skipped.front());
      for (const auto& f : report.files)
        if (f.problem.empty()) std::cout << f.path << ": " << Totals(f) << "\n";
      std::cout << fmt::format("import {}: {} files, {}; force-months replaced {}", report.import_id,
                               report.files.size() - report.files_with_problems, Totals(report.totals),
                               report.totals.force_months_replaced);
      if (report.totals.force_months_kept)
        std::cout << fmt::format(", kept {} with a later edition label", report.totals.force_months_kept);
      if (report.files_with_problems) std::cout << fmt::format("; {} files not imported", report.files_with_problems);
      std::cout << "\n";
    }
    outcome.exit_code = report.files_with_problems ? kExitPartial : kExitOk;
  });
}

void AddAreas(CLI::App& import, GlobalOptions& options, Outcome& outcome) {
  auto* cmd = import.add_subcommand("areas", "Import an LSOA → ward → local authority → force lookup, or populations");
  cmd->footer(
      "Lookup columns: lsoa_code,lsoa_name,ward_code,ward_name,la_code,la_name[,force]\n"
      "  (the ONS LSOA11CD,LSOA11NM,WD18CD,WD18NM,LAD18CD,LAD18NM layout is read as it is).\n"
      "Population columns: area_code,year,population,households (mid-year estimates; a count may be empty).\n"
      "See docs/areas.md.");
  auto path = std::make_shared<std::string>();
  auto force = std::make_shared<std::string>();
  cmd->add_option("PATH", *path, "The CSV file")->required();
  cmd->add_option("--force", *force, "The force of every LSOA in a lookup without a force column");
  cmd->callback([path, force, &options, &outcome] {
    std::unique_ptr<Store> store;
    if (Status st = OpenConfiguredStore(options, &store); !st.ok()) {
      outcome.exit_code = Fail(st);
      return;
    }
    AreaImportReport report;
    if (Status st = ImportAreas(*store, *path, *force, &report); !st.ok()) {
      outcome.exit_code = Fail(st);
      return;
    }
    for (size_t i = 0; i < report.rejections.size() && i < kRejectionsShown; ++i)
      std::cerr << report.rejections[i] << "\n";
    if (!options.quiet)
      std::cout << fmt::format("import {} ({}): read {} = imported {} + rejected {}\n", report.import_id,
                               report.kind, report.read, report.imported, report.rejected);
  });
}

void AddIndicatorValues(CLI::App& import, GlobalOptions& options, Outcome& outcome) {
  auto* cmd = import.add_subcommand("indicator-values",
                                    "Import values partners supply for indicators (treatment, MARAC repeats, surveys, …)");
  cmd->footer(
      "Columns: indicator,area,period,value,numerator,denominator,status,note[,survey_year]\n"
      "Periods: 2018/19-Q2, 2017/18, 2018-09, 2018-04..2018-09, 2018. A percentage is 33.25 or 33.25%.\n"
      "Status: empty or reported; awaiting, unavailable, not published when the value is missing.\n"
      "A value for the same indicator, area and period replaces the one held: importing the same\n"
      "file again changes nothing. Bad rows are set aside (see `safer import rejects`), good rows\n"
      "load, in one transaction. See docs/indicator-values.md.");
  auto path = std::make_shared<std::string>();
  cmd->add_option("FILE", *path, "The CSV file")->required();
  cmd->callback([path, &options, &outcome] {
    std::unique_ptr<Store> store;
    if (Status st = OpenConfiguredStore(options, &store); !st.ok()) {
      outcome.exit_code = Fail(st);
      return;
    }
    IndicatorValueImportReport report;
    if (Status st = ImportIndicatorValues(*store, *path, &report); !st.ok()) {
      outcome.exit_code = Fail(st);
      return;
    }
    for (size_t i = 0; i < report.rejections.size() && i < kRejectionsShown; ++i)
      std::cerr << report.rejections[i] << "\n";
    if (report.rejections.size() > kRejectionsShown)
      std::cerr << fmt::format("… and {} more rejected rows: safer import rejects --import {}\n",
                               report.rejections.size() - kRejectionsShown, report.import_id);
    if (!options.quiet)
      std::cout << fmt::format("import {} (indicator values): read {} = imported {} + rejected {}\n",
                               report.import_id, report.read, report.imported, report.rejected);
  });
}

void AddRejects(CLI::App& import, GlobalOptions& options, Outcome& outcome) {
  auto* cmd = import.add_subcommand("rejects", "List the rows set aside by imports: file, line, reason, raw text");
  auto id = std::make_shared<int64_t>(0);
  auto format = std::make_shared<std::string>("table");
  cmd->add_option("--import", *id, "Only this import (see `safer import list`)");
  cmd->add_option("--format", *format, "table, csv or json")->check(CLI::IsMember({"table", "csv", "json"}));
  cmd->callback([id, format, &options, &outcome] {
    std::unique_ptr<Store> store;
    if (Status st = OpenConfiguredStore(options, &store); !st.ok()) {
      outcome.exit_code = Fail(st);
      return;
    }
    if (*id) {
      std::vector<ImportSummary> imports;
      if (Status st = store->ListImports(&imports); !st.ok()) {
        outcome.exit_code = Fail(st);
        return;
      }
      if (std::none_of(imports.begin(), imports.end(), [&](const auto& i) { return i.id == *id; })) {
        outcome.exit_code = Fail(Status::NotFound(fmt::format("there is no import {}", *id)));
        return;
      }
    }
    Table table{{"import", "file", "line", "reason", "raw"}, {}, {true, false, true, false, false}};
    Status st = store->ListRejections(*id ? std::optional<int64_t>(*id) : std::nullopt, [&](const Rejection& r) {
      table.rows.push_back({std::to_string(r.import_id), r.source_file, std::to_string(r.line), r.reason, r.raw});
    });
    if (!st.ok()) {
      outcome.exit_code = Fail(st);
      return;
    }
    Print(table, *ParseFormat(*format), std::cout);
  });
}

void AddList(CLI::App& import, GlobalOptions& options, Outcome& outcome) {
  auto* cmd = import.add_subcommand("list", "The import history: when, what, and the row totals");
  auto format = std::make_shared<std::string>("table");
  cmd->add_option("--format", *format, "table, csv or json")->check(CLI::IsMember({"table", "csv", "json"}));
  cmd->callback([format, &options, &outcome] {
    std::unique_ptr<Store> store;
    std::vector<ImportSummary> imports;
    Status st = OpenConfiguredStore(options, &store);
    if (st.ok()) st = store->ListImports(&imports);
    if (!st.ok()) {
      outcome.exit_code = Fail(st);
      return;
    }
    Table table{{"import", "kind", "started", "status", "read", "imported", "rejected", "unchanged", "sources"},
                {},
                {true, false, false, false, true, true, true, true, false}};
    for (const auto& i : imports)
      table.rows.push_back({std::to_string(i.id), i.kind, i.started_at, i.status, std::to_string(i.read),
                            std::to_string(i.imported), std::to_string(i.rejected), std::to_string(i.unchanged),
                            i.sources.size() > 80 ? i.sources.substr(0, 77) + "..." : i.sources});
    Print(table, *ParseFormat(*format), std::cout);
  });
}

}  // namespace

void AddImportCommands(CLI::App& app, GlobalOptions& options, Outcome& outcome) {
  auto* import = app.add_subcommand("import", "Import data: police.uk files, area lookups and populations, supplied indicator values; list imports and rejected rows");
  import->require_subcommand(1);
  AddPoliceUk(*import, options, outcome);
  AddAreas(*import, options, outcome);
  AddIndicatorValues(*import, options, outcome);
  AddRejects(*import, options, outcome);
  AddList(*import, options, outcome);
}

}  // namespace safer::cli
