// safer analyse reoffending: proven re-offending cohorts from an offender–offence extract,
// in the layout of the youth justice tables (seed 002 l.505–511). The extract is read, not
// imported: it names people. The method is docs/reoffending.md.
#include <iostream>
#include <memory>

#include <fmt/format.h>

#include "analytics/reoffending.h"
#include "cli/analyse_commands.h"
#include "cli/output.h"
#include "ingest/offender_extract.h"

namespace safer::cli {
namespace {

constexpr size_t kReasonsShown = 10;

struct ReoffendingArgs {
  std::string file, cohort, from, to, as_of, format = "table";
  std::vector<std::string> disposal_types;
};

Status OptionalDate(const std::string& text, const char* option, std::optional<Date>* out) {
  if (text.empty()) return Status::Ok();
  std::string why;
  *out = ParseDate(text, &why);
  if (!*out) return Status::InvalidInput(fmt::format("{} \"{}\" is not a date{}", option, text, why.empty() ? "" : ": " + why));
  return Status::Ok();
}

std::string Rate(const std::optional<double>& v) { return v ? fmt::format("{:.1f}", *v) : ""; }
std::string Ratio(const std::optional<double>& v) { return v ? fmt::format("{:.2f}", *v) : ""; }

void Run(const ReoffendingArgs& args, Outcome& outcome) {
  std::optional<Date> from, to, as_of;
  Status st = OptionalDate(args.from, "--from", &from);
  if (st.ok()) st = OptionalDate(args.to, "--to", &to);
  if (st.ok()) st = OptionalDate(args.as_of, "--as-of", &as_of);
  if (st.ok() && from && to && *to < *from)
    st = Status::InvalidInput(fmt::format("--to {} is before --from {}", to->ToIso(), from->ToIso()));
  if (!st.ok()) {
    outcome.exit_code = Fail(st);
    return;
  }
  if (!as_of) as_of = Today();

  OffenderExtractOptions read_options;
  read_options.from = from;
  read_options.to = to;
  read_options.as_of = as_of;
  OffenderExtract extract;
  CohortOptions options;
  options.length = args.cohort == "yearly" ? CohortLength::kYear : CohortLength::kQuarter;
  options.as_of = *as_of;
  options.index_disposal_types = args.disposal_types;
  std::vector<Cohort> cohorts;
  st = ReadOffenderExtract(args.file, read_options, &extract);
  if (st.ok() && !args.disposal_types.empty() && !extract.has_disposal_type)
    st = Status::InvalidInput(fmt::format("--disposal-types needs a disposal type column, and {} has none", args.file));
  if (st.ok()) st = ExtractCoverage(extract, from, to, *as_of, &options.first_day, &options.last_day);
  if (st.ok()) st = BuildCohorts(extract.offences, options, &cohorts);
  if (!st.ok()) {
    outcome.exit_code = Fail(st);
    return;
  }

  const Format format = *ParseFormat(args.format);
  Table table;
  if (format == Format::kTable) {
    table.columns = {"Cohort", "Number in cohort", "No of Reoffenders", "No of Reoffences",
                     "Re-offences / Re-offenders", "% Reoffending", "Re-offences / Offender"};
    table.numeric = {false, true, true, true, true, true, true};
  } else {
    table.columns = {"cohort", "first_day", "last_day", "cohort_size", "reoffenders", "reoffences",
                     "reoffences_per_reoffender", "binary_rate_percent", "reoffences_per_offender"};
    table.numeric = {false, false, false, true, true, true, true, true, true};
  }
  std::vector<const Cohort*> later;
  for (const auto& c : cohorts) {
    if (!c.reportable) {
      later.push_back(&c);
      continue;
    }
    if (format == Format::kTable)
      table.rows.push_back({c.label, std::to_string(c.size), std::to_string(c.reoffenders),
                            std::to_string(c.reoffences), Ratio(c.reoffences_per_reoffender),
                            c.binary_rate ? Rate(c.binary_rate) + "%" : "", Ratio(c.reoffences_per_offender)});
    else
      table.rows.push_back({c.label, c.first.ToIso(), c.last.ToIso(), std::to_string(c.size),
                            std::to_string(c.reoffenders), std::to_string(c.reoffences),
                            Ratio(c.reoffences_per_reoffender), Rate(c.binary_rate), Ratio(c.reoffences_per_offender)});
  }
  Print(table, format, std::cout);

  // With CSV or JSON stdout must stay machine-readable: the summary goes to stderr.
  std::ostream& summary = format == Format::kTable ? std::cout : std::cerr;
  summary << fmt::format("{} cohorts from {} ({} offences of {} people, disposals {} to {}); as of {}\n",
                         args.cohort, args.file, extract.offences.size(), extract.people,
                         options.first_day.ToIso(), options.last_day.ToIso(), as_of->ToIso());
  if (const std::string sentence = LatestCohortSentence(cohorts); !sentence.empty())
    summary << sentence << "\n";
  else
    summary << "No cohort is reportable yet: none has members whose 12-month follow-up and 6-month waiting "
               "period have ended.\n";
  if (!later.empty())
    std::cerr << fmt::format("note: {} cohort{} not yet reportable ({}{}); for {}, the {}\n", later.size(),
                             later.size() == 1 ? " is" : "s are", later.front()->label,
                             later.size() > 1 ? " … " + later.back()->label : "", later.front()->label,
                             later.front()->not_reportable_reason);
  if (!extract.set_aside.empty()) {
    std::cerr << fmt::format("note: {} of {} rows set aside{}:\n", extract.set_aside.size(), extract.rows_read,
                             extract.duplicates > 0
                                 ? fmt::format(" ({} of them exact repeats of an earlier row: each offence counted once)",
                                               extract.duplicates)
                                 : "");
    for (size_t i = 0; i < extract.set_aside.size() && i < kReasonsShown; ++i)
      std::cerr << fmt::format("  {}:{}: {}\n", args.file, extract.set_aside[i].line, extract.set_aside[i].reason);
    if (extract.set_aside.size() > kReasonsShown)
      std::cerr << fmt::format("  … and {} more\n", extract.set_aside.size() - kReasonsShown);
  }
  if (extract.people_out_of_order > 0)
    std::cerr << fmt::format(
        "note: {} people's offences are not in date order in {}; each person's offences are taken in date "
        "order, so the file's order does not change the result\n",
        extract.people_out_of_order, args.file);
}

}  // namespace

void AddReoffendingCommand(CLI::App& analyse, GlobalOptions&, Outcome& outcome) {
  auto* cmd = analyse.add_subcommand("reoffending",
                                     "Proven re-offending cohorts from an offender–offence extract (MoJ method)");
  cmd->footer(
      "The extract is a CSV with person id, offence date, disposal date and disposal type.\n"
      "A cohort is everyone with a disposal in its period, from their first one in it; a\n"
      "re-offence is committed within 12 months and proven within 18. Only cohorts whose\n"
      "follow-up and waiting period have ended are shown. See docs/reoffending.md.");
  auto args = std::make_shared<ReoffendingArgs>();
  cmd->add_option("file", args->file, "The extract (CSV)")->required();
  cmd->add_option("--cohort", args->cohort, "quarterly (3-month cohorts) or yearly (12 months, a quarter apart)")
      ->required()
      ->check(CLI::IsMember({"quarterly", "yearly"}));
  cmd->add_option("--from", args->from, "First day the extract covers (default: its earliest disposal's month)");
  cmd->add_option("--to", args->to, "Last day it covers (default: its latest disposal's month, up to --as-of)");
  cmd->add_option("--as-of", args->as_of, "What is known by this day (default today)");
  cmd->add_option("--disposal-types", args->disposal_types,
                  "Only these disposal types start a cohort membership (comma-separated); all prove re-offences")
      ->delimiter(',');
  cmd->add_option("--format", args->format, "table, csv or json")->check(CLI::IsMember({"table", "csv", "json"}));
  cmd->callback([args, &outcome] { Run(*args, outcome); });
}

}  // namespace safer::cli
