// safer analyse exceedance and safer analyse change: which months fall outside the range the
// previous 24 months lead us to expect, and which period-on-period changes are more than
// chance (docs/change.md). Counting is `safer query counts` by month (and category); a month
// with no police data held is missing, never zero.
#include <algorithm>
#include <iostream>

#include <fmt/format.h>

#include "analysis/change_study.h"
#include "analytics/exceedance.h"
#include "cli/analyse_commands.h"
#include "cli/output.h"

namespace safer::cli {
namespace {

constexpr double kLevel = 0.95;

std::string Number(double v) { return fmt::format("{:.1f}", v); }

std::string HistoryNote(const MonthExceedance& m) {
  if (m.flag == ExceedanceFlag::kNoData) return "no police data held for this month";
  if (m.range) return "";
  std::string note = fmt::format("not enough history: {} of {} months", m.history_held, kExceedanceHistory);
  if (!m.history_missing.empty())
    note += fmt::format(" (no data for {}{})", m.history_missing.front().ToString(),
                        m.history_missing.size() > 1 ? " … " + m.history_missing.back().ToString() : "");
  return note;
}

struct ExceedanceArgs {
  std::string area, from, to, by, format = "table";
  std::vector<std::string> categories;
};

void RunExceedance(const ExceedanceArgs& args, const GlobalOptions& options, Outcome& outcome) {
  const auto from = Month::Parse(args.from), to = Month::Parse(args.to);
  Status st = Status::Ok();
  if (!from) st = Status::InvalidInput(fmt::format("--from \"{}\" is not a month in the form YYYY-MM", args.from));
  else if (!to) st = Status::InvalidInput(fmt::format("--to \"{}\" is not a month in the form YYYY-MM", args.to));
  else if (*to < *from)
    st = Status::InvalidInput(fmt::format("the months run backwards: --to {} is before --from {}", args.to, args.from));
  std::unique_ptr<Store> store;
  StudyScope scope;
  std::vector<NamedSeries> series;
  if (st.ok()) st = OpenConfiguredStore(options, &store);
  if (st.ok())
    st = GatherSeries(*store, {args.area, "", "", args.categories}, {from->plus(-kExceedanceHistory), *to},
                      args.by == "category", &scope, &series);
  std::vector<std::vector<MonthExceedance>> assessed(series.size());
  for (size_t i = 0; st.ok() && i < series.size(); ++i) st = AssessExceedance(series[i].series, *from, kLevel, &assessed[i]);
  if (!st.ok()) {
    outcome.exit_code = Fail(st);
    return;
  }
  for (const auto& n : scope.notes) std::cerr << "note: " << n << "\n";

  const bool by_category = args.by == "category";
  Table table{{}, {}, {}};
  if (by_category) table.columns.push_back("category"), table.numeric.push_back(false);
  for (const char* c : {"month", "count", "expected", "low", "high", "flag", "note"}) table.columns.push_back(c);
  for (bool n : {false, true, true, true, true, false, false}) table.numeric.push_back(n);
  std::vector<std::string> above, below;
  int unassessed = 0;
  for (size_t i = 0; i < series.size(); ++i) {
    for (const auto& m : assessed[i]) {
      std::vector<std::string> row;
      if (by_category) row.push_back(series[i].category);
      row.push_back(m.month.ToString());
      row.push_back(m.count ? std::to_string(*m.count) : "");
      row.push_back(m.range ? Number(m.range->expected) : "");
      row.push_back(m.range ? Number(m.range->low) : "");
      row.push_back(m.range ? Number(m.range->high) : "");
      row.push_back(std::string(ExceedanceFlagName(m.flag)));
      row.push_back(HistoryNote(m));
      table.rows.push_back(std::move(row));
      if (!m.range || !m.count) {
        ++unassessed;
        continue;
      }
      const std::string what = fmt::format("{}{} ({}, expected {:.1f}, range {:.1f}–{:.1f})",
                                           by_category ? series[i].category + " in " : "", m.month.ToString(),
                                           *m.count, m.range->expected, m.range->low, m.range->high);
      if (m.flag == ExceedanceFlag::kAbove) above.push_back(what);
      if (m.flag == ExceedanceFlag::kBelow) below.push_back(what);
    }
  }
  const Format format = *ParseFormat(args.format);
  Print(table, format, std::cout);

  auto list = [](const std::vector<std::string>& items) {
    std::string text;
    for (size_t i = 0; i < items.size(); ++i) text += (i == 0 ? "" : "; ") + items[i];
    return text;
  };
  std::ostream& summary = format == Format::kTable ? std::cout : std::cerr;
  const std::string span = fmt::format("{} to {}", from->ToString(), to->ToString());
  if (unassessed == static_cast<int>(table.rows.size()))
    summary << fmt::format("No month of {} in {} could be assessed.\n", span, scope.area.name);
  else if (above.empty() && below.empty())
    summary << fmt::format("No month of {} in {} fell outside its expected range ({:.0f}% prediction interval).\n",
                           span, scope.area.name, kLevel * 100);
  if (!above.empty())
    summary << fmt::format("Above the expected range in {}: {}.\n", scope.area.name, list(above));
  if (!below.empty())
    summary << fmt::format("Below the expected range in {}: {}.\n", scope.area.name, list(below));
  if (unassessed > 0)
    summary << fmt::format("{} of the {} rows could not be assessed (see the note column): a month needs data "
                           "for itself and for each of the {} months before it.\n",
                           unassessed, table.rows.size(), kExceedanceHistory);
  if (const std::string note = MissingMonthsNote(scope); !note.empty())
    std::cerr << "note: history and months asked, " << scope.plan.months.first.ToString() << " to "
              << scope.plan.months.last.ToString() << ": " << note << "\n";
}

// --- period-on-period change ---

struct ChangeArgs {
  std::string area, period, from, to, by, format = "table";
  std::vector<std::string> against;
  std::vector<std::string> categories;
};

void RunChange(const ChangeArgs& args, const GlobalOptions& options, Outcome& outcome) {
  MonthRange current;
  std::vector<Comparison> comparisons;
  Status st = ParseChangePeriods(args.period, args.from, args.to, args.against, &current, &comparisons);
  MonthRange window = current;
  for (const auto& c : comparisons) window = {std::min(window.first, c.before.first), std::max(window.last, c.before.last)};
  std::unique_ptr<Store> store;
  StudyScope scope;
  std::vector<NamedSeries> series;
  if (st.ok()) st = OpenConfiguredStore(options, &store);
  if (st.ok()) st = GatherSeries(*store, {args.area, "", "", args.categories}, window, args.by == "category", &scope, &series);
  if (!st.ok()) {
    outcome.exit_code = Fail(st);
    return;
  }
  for (const auto& n : scope.notes) std::cerr << "note: " << n << "\n";

  const bool by_category = args.by == "category";
  Table table{{}, {}, {}};
  if (by_category) table.columns.push_back("category"), table.numeric.push_back(false);
  for (const char* c : {"against", "period", "compared_with", "count", "before", "change", "percent_change", "p_value",
                        "significant", "note"})
    table.columns.push_back(c);
  for (bool n : {false, false, false, true, true, true, true, true, false, false}) table.numeric.push_back(n);
  struct Named {
    std::string text;
    int64_t size;
  };
  std::vector<Named> significant;
  for (const auto& s : series) {
    for (const auto& c : comparisons) {
      std::vector<std::string> missing;
      const auto after = TotalOver(s.series, current, &missing);
      const auto before = TotalOver(s.series, c.before, &missing);
      std::vector<std::string> row;
      if (by_category) row.push_back(s.category);
      row.insert(row.end(), {c.against, RangeText(current), RangeText(c.before)});
      if (after && before) {
        const PeriodChange change = ComparePeriods(*before, *after);
        row.insert(row.end(), {std::to_string(*after), std::to_string(*before), fmt::format("{:+d}", change.change),
                               change.percent_change ? fmt::format("{:+.1f}", *change.percent_change) : "",
                               fmt::format("{:.3g}", change.p_value), change.significant ? "yes" : "no",
                               change.percent_change ? "" : "no percentage: the count before was zero"});
        if (change.significant)
          significant.push_back(
              {fmt::format("{}{:+d} ({}) against {}", by_category ? s.category + " " : "", change.change,
                           change.percent_change ? fmt::format("{:+.1f}%", *change.percent_change) : "from zero",
                           c.against == "last-year" ? "the same period last year"
                           : c.against == "previous" ? "the previous period"
                                                     : RangeText(c.before)),
               std::abs(change.change)});
      } else {
        row.insert(row.end(), {after ? std::to_string(*after) : "", before ? std::to_string(*before) : "", "", "", "",
                               "", fmt::format("no police data held for {}", missing.front())});
      }
      table.rows.push_back(std::move(row));
    }
  }
  const Format format = *ParseFormat(args.format);
  Print(table, format, std::cout);
  std::stable_sort(significant.begin(), significant.end(), [](const Named& a, const Named& b) { return a.size > b.size; });
  std::ostream& summary = format == Format::kTable ? std::cout : std::cerr;
  if (significant.empty()) {
    summary << fmt::format("No change in {} in {} is significant at the 5% level.\n", scope.area.name,
                           RangeText(current));
  } else {
    std::string text;
    for (size_t i = 0; i < significant.size(); ++i) text += (i == 0 ? "" : "; ") + significant[i].text;
    summary << fmt::format("Significant at the 5% level in {}, {}, largest first: {}.\n", scope.area.name,
                           RangeText(current), text);
  }
  if (const std::string note = MissingMonthsNote(scope); !note.empty()) std::cerr << "note: " << note << "\n";
}

}  // namespace

void AddChangeCommands(CLI::App& analyse, GlobalOptions& options, Outcome& outcome) {
  auto* exceed = analyse.add_subcommand(
      "exceedance", "Months whose count falls outside the range expected from the previous 24 months");
  exceed->footer(
      "The expected value is the last 12 months' level times a seasonal index from the 24\n"
      "months before each month (a Poisson log-linear fit), with a 95% prediction interval\n"
      "allowing for over-dispersion. The 24 months before --from are read automatically; a\n"
      "month without all 24 held is not flagged. See docs/change.md.");
  auto ex = std::make_shared<ExceedanceArgs>();
  exceed->add_option("--area", ex->area, "A force, local authority, ward or LSOA (name or code)")->required();
  exceed->add_option("--from", ex->from, "First month assessed, YYYY-MM")->required();
  exceed->add_option("--to", ex->to, "Last month assessed, YYYY-MM (inclusive)")->required();
  exceed->add_option("--category", ex->categories, "Only this category and those below it (repeatable)");
  exceed->add_option("--by", ex->by, "category: one series per category")->check(CLI::IsMember({"category"}));
  exceed->add_option("--format", ex->format, "table, csv or json")->check(CLI::IsMember({"table", "csv", "json"}));
  exceed->callback([ex, &options, &outcome] { RunExceedance(*ex, options, outcome); });

  auto* change = analyse.add_subcommand("change", "Period-on-period change and whether it is more than chance");
  change->footer(
      "Compares a period with the previous period of the same length and with the same\n"
      "months a year earlier (exact conditional test of two Poisson counts, 5% level).\n"
      "--against previous, last-year or a range like 2017-07..2017-09 (repeatable). See docs/change.md.");
  auto ch = std::make_shared<ChangeArgs>();
  change->add_option("--area", ch->area, "A force, local authority, ward or LSOA (name or code)")->required();
  change->add_option("--period", ch->period, "A quarter (2018/19-Q2), financial year (2018/19) or month (YYYY-MM)");
  change->add_option("--from", ch->from, "First month, YYYY-MM (instead of --period)");
  change->add_option("--to", ch->to, "Last month, YYYY-MM (inclusive)");
  change->add_option("--against", ch->against, "previous, last-year or FIRST..LAST (default: previous and last-year)");
  change->add_option("--category", ch->categories, "Only this category and those below it (repeatable)");
  change->add_option("--by", ch->by, "category: one comparison per category")->check(CLI::IsMember({"category"}));
  change->add_option("--format", ch->format, "table, csv or json")->check(CLI::IsMember({"table", "csv", "json"}));
  change->callback([ch, &options, &outcome] { RunChange(*ch, options, outcome); });
}

}  // namespace safer::cli
