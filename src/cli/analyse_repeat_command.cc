// safer analyse repeats: repeat locations from the store (police.uk's map points), or repeat
// victims or callers within N days from a force extract (docs/repeats.md). The method is
// analytics/repeats.h; this file gathers its input and prints it.
#include <iostream>
#include <limits>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "analysis/repeat_study.h"
#include "analytics/repeats.h"
#include "cli/analyse_commands.h"
#include "cli/output.h"
#include "ingest/event_extract.h"
#include "report/repeat_json.h"

namespace safer::cli {
namespace {

using nlohmann::json;

constexpr size_t kSetAsideShown = 5;
constexpr int kUnset = std::numeric_limits<int>::min();  // --within not given

struct RepeatArgs {
  std::string area, from, to, extract, by, format = "table";
  std::vector<std::string> categories;
  int top = 10;
  int within = kUnset;
  bool us_dates = false;
};

std::string Pct(double percent) { return fmt::format("{:.1f}", percent); }

// "1 row has", "2 rows have".
std::string Rows(int64_t n, const char* one, const char* many) { return fmt::format("{} {}", n, n == 1 ? one : many); }

std::string BandLabel(const RepeatBand& b) { return b.and_more ? fmt::format("{}+", b.min_count) : std::to_string(b.min_count); }

// The distribution: holders (locations or people) with 1, 2, 3, 4, 5+ incidents, and a total
// row that is the sum of the rows above it.
Table BandTable(const std::vector<RepeatBand>& bands, const char* per, const char* holders, const char* things,
                int64_t total) {
  Table t{{per, holders, things, "percent_of_" + std::string(things)}, {}, {false, true, true, true}};
  int64_t sum_holders = 0, sum_things = 0;
  for (const auto& b : bands) {
    sum_holders += b.holders;
    sum_things += b.incidents;
    t.rows.push_back({BandLabel(b), std::to_string(b.holders), std::to_string(b.incidents),
                      total == 0 ? "" : Pct(100.0 * static_cast<double>(b.incidents) / static_cast<double>(total))});
  }
  t.rows.push_back({"total", std::to_string(sum_holders), std::to_string(sum_things), total == 0 ? "" : "100.0"});
  return t;
}

void PrintSetAside(const std::string& file, const EventExtract& extract) {
  if (extract.set_aside.empty()) return;
  std::cerr << fmt::format("note: {} of {} rows of {} set aside (not analysed); the first:\n", extract.set_aside.size(),
                           extract.rows_read, file);
  for (size_t i = 0; i < extract.set_aside.size() && i < kSetAsideShown; ++i)
    std::cerr << fmt::format("  {}:{}: {}\n", file, extract.set_aside[i].line, extract.set_aside[i].reason);
}

// ---- repeat locations (the store) ----

void RunLocations(const RepeatArgs& args, const GlobalOptions& options, Outcome& outcome) {
  std::unique_ptr<Store> store;
  RepeatLocationStudy study;
  Status st = OpenConfiguredStore(options, &store);
  if (st.ok()) st = StudyRepeatLocations(*store, {args.area, args.from, args.to, args.categories}, args.top, &study);
  if (!st.ok()) {
    outcome.exit_code = Fail(st);
    return;
  }
  const StudyScope& scope = study.scope;
  const RepeatLocations& r = study.result;
  const int64_t without_location = study.without_location;
  for (const auto& n : scope.notes) std::cerr << "note: " << n << "\n";

  const std::string period = fmt::format("{} to {}", scope.plan.months.first.ToString(), scope.plan.months.last.ToString());
  const Format format = *ParseFormat(args.format);
  Table top{{"rank", "location", "latitude", "longitude", "incidents", "months", "first_month", "last_month"},
            {},
            {true, false, true, true, true, true, false, false}};
  for (size_t i = 0; i < r.top.size(); ++i) {
    const auto& l = r.top[i];
    top.rows.push_back({std::to_string(i + 1), l.description, fmt::format("{:.6f}", l.at.latitude),
                        fmt::format("{:.6f}", l.at.longitude), std::to_string(l.incidents), std::to_string(l.months),
                        l.first.ToString(), l.last.ToString()});
  }
  if (format == Format::kJson) {
    const json out = RepeatLocationsJson(scope.area.name, scope.plan.months, r, without_location, scope.missing_months);
    std::cout << out.dump(2) << "\n";
  } else if (format == Format::kCsv) {
    Print(top, format, std::cout);
  }
  // With CSV or JSON stdout stays machine-readable: the summary goes to stderr.
  std::ostream& summary = format == Format::kTable ? std::cout : std::cerr;
  const bool nothing_held = static_cast<int>(scope.missing_months.size()) == scope.plan.months.size();
  if (nothing_held) {
    summary << fmt::format("No police data held for {}, {}: repeats are missing, not zero.\n", scope.area.name, period);
  } else if (r.incidents == 0) {
    summary << fmt::format("No incidents with a location in {}, {}: no repeat locations to find.\n", scope.area.name,
                           period);
  } else {
    summary << fmt::format("Repeat locations in {}, {}: {} incidents at {} map points\n", scope.area.name, period,
                           r.incidents, r.locations);
    summary << fmt::format("  repeat locations (2 or more incidents): {} of {} points ({}%)\n", r.repeat_locations,
                           r.locations, Pct(r.repeat_location_rate));
    summary << fmt::format("  incidents at repeat locations: {} of {} ({}%)\n", r.at_repeat_locations, r.incidents,
                           Pct(r.share_at_repeat_locations));
    summary << fmt::format("  repeat incidents (after each point's first): {} of {} ({}%); {:.2f} incidents per point\n",
                           r.repeat_incidents, r.incidents, Pct(r.repeat_incident_share), r.incidents_per_location);
  }
  if (format == Format::kTable && r.incidents > 0) {
    std::cout << "\n";
    Print(BandTable(r.bands, "incidents_at_point", "locations", "incidents", r.incidents), format, std::cout);
    if (!r.top.empty()) {
      std::cout << fmt::format("\nTop {} repeat locations\n", r.top.size());
      Print(top, format, std::cout);
    }
  }
  if (const std::string note = MissingMonthsNote(scope); !note.empty()) std::cerr << "note: " << note << "\n";
  if (without_location > 0)
    std::cerr << fmt::format("note: {} in {} no location: not counted in the repeats above\n",
                             Rows(without_location, "incident has", "incidents have"), scope.area.name);
  std::cerr << "note: police.uk map points are anonymised (snapped to one of a set of points, often a street): "
               "a repeat location is a repeat at that point, not necessarily at one address\n";
}

// ---- repeat victims or callers (an extract) ----

void RunPeople(const RepeatArgs& args, Outcome& outcome) {
  const bool victims = args.by == "victim";
  const char* column = victims ? "victim_id" : "caller_id";
  const char* people = victims ? "victims" : "callers";
  auto usage = [&](const std::string& message) { outcome.exit_code = Fail(Status::InvalidInput(message)); };
  if (args.within == kUnset) return usage("--within DAYS is needed with --extract (7 means up to 7 days apart)");
  if (args.within < 0) return usage(fmt::format("--within {}: days apart cannot be negative; give 0 or more", args.within));
  if (!args.categories.empty()) return usage("--category applies to --area (the store), not to an extract");
  ExtractOptions read;
  read.us_dates = args.us_dates;
  for (auto [name, text, slot] : {std::tuple{"--from", &args.from, &read.from}, std::tuple{"--to", &args.to, &read.to}}) {
    if (text->empty()) continue;
    std::string why;
    auto date = ParseDate(*text, &why);
    if (!date) return usage(fmt::format("{}: {}", name, why.empty() ? "\"" + *text + "\" is not a date" : why));
    *slot = date;
  }
  if (read.from && read.to && *read.to < *read.from)
    return usage(fmt::format("the dates run backwards: --to {} is before --from {}", read.to->ToIso(), read.from->ToIso()));

  EventExtract extract;
  if (Status st = ReadEventExtract(args.extract, read, &extract); !st.ok()) {
    PrintSetAside(args.extract, extract);
    Fail(st);
    outcome.exit_code = kExitFailure;  // the file, not the command line, is wrong (docs/extract.md)
    return;
  }
  std::vector<PersonEvent> events;
  bool any_person = false;
  for (const auto& e : extract.events) {
    events.push_back({e.line, e.id, victims ? e.victim_id : e.caller_id, e.date});
    any_person = any_person || !events.back().person.empty();
  }
  if (!any_person && !extract.events.empty())
    return usage(fmt::format("{} has no {} column, or it is empty on every row: repeat {} need it (see docs/extract.md "
                             "for the names accepted)",
                             args.extract, column, people));
  RepeatPeople r;
  if (Status st = FindRepeatPeople(events, args.within, args.top, &r); !st.ok()) {
    outcome.exit_code = Fail(st);
    return;
  }
  Date first, last;
  for (size_t i = 0; i < events.size(); ++i) {
    if (i == 0 || events[i].date < first) first = events[i].date;
    if (i == 0 || last < events[i].date) last = events[i].date;
  }
  const std::string period = read.from || read.to
                                 ? fmt::format("{} to {}", read.from ? read.from->ToIso() : "the first event",
                                               read.to ? read.to->ToIso() : "the last event")
                                 : events.empty() ? std::string("no events")
                                                  : fmt::format("{} to {} (the dates of the rows read)", first.ToIso(), last.ToIso());

  const Format format = *ParseFormat(args.format);
  const std::string person_column = victims ? "victim" : "caller";
  Table top{{"rank", person_column, "events", fmt::format("repeats_within_{}_days", args.within), "first_date", "last_date"},
            {},
            {true, false, true, true, false, false}};
  for (size_t i = 0; i < r.top.size(); ++i) {
    const auto& p = r.top[i];
    top.rows.push_back({std::to_string(i + 1), p.person, std::to_string(p.events), std::to_string(p.repeats_within),
                        p.first.ToIso(), p.last.ToIso()});
  }
  if (format == Format::kJson) {
    const json out = RepeatPeopleJson(args.by, r, extract.rows_read, extract.set_aside.size());
    std::cout << out.dump(2) << "\n";
  } else if (format == Format::kCsv) {
    Print(top, format, std::cout);
  }
  std::ostream& summary = format == Format::kTable ? std::cout : std::cerr;
  summary << fmt::format("Repeat {} in {}, {}: {} events of {} {}\n", people, args.extract, period, r.events, r.people,
                         people);
  if (r.people > 0) {
    summary << fmt::format("  repeat {} (2 or more events in the period): {} of {} ({}%)\n", people, r.repeat_people,
                           r.people, Pct(r.repeat_rate));
    summary << fmt::format("  {} with a repeat within {} days (inclusive; the same day is 0 days): {} of {} ({}%)\n",
                           people, args.within, r.people_repeat_within, r.people, Pct(r.repeat_within_rate));
    summary << fmt::format("  repeat events (after each one's first): {} of {} ({}%); {:.2f} events per {}\n",
                           r.repeat_events, r.events, Pct(r.repeat_event_share), r.events_per_person,
                           victims ? "victim" : "caller");
    summary << fmt::format("  events within {} days of the same {}'s previous one: {} of {} ({}%)\n", args.within,
                           person_column, r.repeat_events_within, r.events, Pct(r.repeat_within_event_share));
  }
  if (format == Format::kTable) {
    std::cout << "\n";
    Print(BandTable(r.bands, "events_per_person", people, "events", r.events), format, std::cout);
    if (!r.top.empty()) {
      std::cout << fmt::format("\nTop {} repeat {}\n", r.top.size(), people);
      Print(top, format, std::cout);
    }
  }
  PrintSetAside(args.extract, extract);
  if (r.without_person > 0)
    std::cerr << fmt::format("note: {} no {}: counted here, not analysed\n",
                             Rows(r.without_person, "event has", "events have"), column);
  if (!r.duplicates.empty()) {
    std::cerr << fmt::format("note: {} an incident already read for the same {}: counted once; the first:\n",
                             Rows(static_cast<int64_t>(r.duplicates.size()), "row repeats", "rows repeat"), person_column);
    for (size_t i = 0; i < r.duplicates.size() && i < kSetAsideShown; ++i)
      std::cerr << fmt::format("  {}:{}: {}\n", args.extract, r.duplicates[i].line, r.duplicates[i].reason);
  }
  std::cerr << fmt::format("note: rows read {} = events analysed {} + without a {} {} + duplicates {} + set aside {}\n",
                           extract.rows_read, r.events, column, r.without_person, r.duplicates.size(),
                           extract.set_aside.size());
}

void Run(const RepeatArgs& args, const GlobalOptions& options, Outcome& outcome) {
  auto usage = [&](const std::string& message) { outcome.exit_code = Fail(Status::InvalidInput(message)); };
  if (args.top < 1) return usage(fmt::format("--top must be 1 or more (got {})", args.top));
  if (args.area.empty() == args.extract.empty())
    return usage("give --area (repeat locations from the store) or --extract FILE (repeat victims or callers), one of them");
  if (!args.extract.empty()) {
    if (args.by.empty()) return usage("--by victim or --by caller is needed with --extract");
    return RunPeople(args, outcome);
  }
  if (!args.by.empty() || args.within != kUnset || args.us_dates)
    return usage("--by, --within and --us-dates apply to --extract, not to --area");
  if (args.from.empty() || args.to.empty()) return usage("--from and --to (months, YYYY-MM) are needed with --area");
  RunLocations(args, options, outcome);
}

}  // namespace

void AddRepeatCommand(CLI::App& analyse, GlobalOptions& options, Outcome& outcome) {
  auto* cmd = analyse.add_subcommand(
      "repeats", "Repeat locations (from the store), or repeat victims or callers within N days (from an extract)");
  cmd->footer(
      "  safer analyse repeats --area NAME --from YYYY-MM --to YYYY-MM [--category C]... [--top 10]\n"
      "  safer analyse repeats --extract FILE --by victim|caller --within DAYS [--from DATE --to DATE]\n"
      "A repeat location or person has 2 or more incidents in the period; an event is a repeat\n"
      "within N days when the same person's previous event was at most N days before (the same\n"
      "day is 0 days). CSV gives the top table (summary to stderr); JSON gives everything.\n"
      "See docs/repeats.md.");
  auto args = std::make_shared<RepeatArgs>();
  cmd->add_option("--area", args->area, "A force, local authority, ward or LSOA (name or code): repeat locations");
  cmd->add_option("--extract", args->extract, "A force extract (docs/extract.md): repeat victims or callers");
  cmd->add_option("--from", args->from, "First month YYYY-MM (--area), or first date (--extract)");
  cmd->add_option("--to", args->to, "Last month YYYY-MM (--area), or last date (--extract); inclusive");
  cmd->add_option("--category", args->categories, "Only this category and those below it (repeatable; --area)");
  cmd->add_option("--by", args->by, "victim or caller (--extract)")->check(CLI::IsMember({"victim", "caller"}));
  cmd->add_option("--within", args->within, "Days: a repeat is at most this many days after the previous (--extract)");
  cmd->add_flag("--us-dates", args->us_dates, "Dates with slashes are month first, m/d/yyyy (--extract)");
  cmd->add_option("--top", args->top, "How many repeat locations or people to list (default 10)");
  cmd->add_option("--format", args->format, "table, csv or json")->check(CLI::IsMember({"table", "csv", "json"}));
  cmd->callback([args, &options, &outcome] { Run(*args, options, outcome); });
}

}  // namespace safer::cli
