// safer meeting import|list|show, safer partnership members, safer attendance: the
// partnership's meetings and minutes from meeting record files (docs/meetings.md).
#include <charconv>
#include <iostream>

#include <fmt/format.h>

#include "cli/commands.h"
#include "cli/output.h"
#include "governance/attendance.h"
#include "governance/meeting_file.h"
#include "store/meeting_store.h"

namespace safer::cli {
namespace {

Status OpenMeetings(const GlobalOptions& options, std::unique_ptr<MeetingStore>* store) {
  return OpenMeetingStore(options.db, store);
}

Status DateOption(const std::string& text, const char* option, std::optional<Date>* out) {
  out->reset();
  if (text.empty()) return Status::Ok();
  std::string why;
  *out = ParseDate(text, &why);
  if (!*out) return Status::InvalidInput(fmt::format("{}: {}", option, why));
  return Status::Ok();
}

// Names and text came from files: control characters are shown as '?' so nothing stored
// can drive the reader's terminal.
std::string Printable(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) out += (static_cast<unsigned char>(c) < 0x20 && c != '\n') || c == 0x7F ? '?' : c;
  return out;
}

std::string MinuteRange(int first, int last) {
  if (first == 0) return "no minutes";
  if (first == last) return fmt::format("minute {}", first);
  return fmt::format("minutes {}-{}", first, last);
}

std::string Indented(std::string_view text, std::string_view indent) {
  std::string out(indent);
  for (char c : Printable(text)) {
    out += c;
    if (c == '\n') out += indent;
  }
  return out;
}

void AddImport(CLI::App& meeting, GlobalOptions& options, Outcome& outcome) {
  auto files = std::make_shared<std::vector<std::string>>();
  CLI::App* cmd = meeting.add_subcommand("import", "Import meeting record files (YAML; docs/meetings.md)");
  cmd->add_option("FILE", *files, "Meeting record files")->required();
  cmd->callback([files, &options, &outcome] {
    std::unique_ptr<MeetingStore> store;
    if (Status st = OpenMeetings(options, &store); !st.ok()) {
      outcome.exit_code = Fail(st);
      return;
    }
    int failed = 0;
    Status last_failure;
    for (const std::string& file : *files) {
      MeetingImport result;
      Status st = ImportMeetingFile(file, *store, &result);
      if (!st.ok()) {
        std::cerr << "safer: " << st.message() << "\nsafer: nothing saved from " << file << "\n";
        ++failed;
        last_failure = st;
        continue;
      }
      const char* outcome_text = result.outcome == MeetingImport::Outcome::kAdded      ? "added"
                                 : result.outcome == MeetingImport::Outcome::kReplaced ? "replaced"
                                                                                       : "unchanged";
      std::string numbering = result.numbers_assigned > 0
                                  ? fmt::format(" ({} numbered here)", result.numbers_assigned)
                                  : std::string();
      if (!options.quiet)
        std::cout << fmt::format("{}: meeting of {}: {}{}: {}\n", file, result.date.ToLong(),
                                 MinuteRange(result.first_minute, result.last_minute), numbering, outcome_text);
    }
    if (failed == 0) outcome.exit_code = kExitOk;
    else if (failed == static_cast<int>(files->size()))
      outcome.exit_code = last_failure.code() == Status::Code::kInvalidInput ? kExitUsage : kExitFailure;
    else outcome.exit_code = kExitPartial;
  });
}

void AddList(CLI::App& meeting, GlobalOptions& options, Outcome& outcome) {
  struct Args {
    std::string partnership, from, to, format = "table";
  };
  auto args = std::make_shared<Args>();
  CLI::App* cmd = meeting.add_subcommand("list", "List meetings, oldest first");
  cmd->add_option("--partnership", args->partnership, "Only this partnership's meetings");
  cmd->add_option("--from", args->from, "First date (2018-10-12, 12/10/2018 or 12 October 2018)");
  cmd->add_option("--to", args->to, "Last date (inclusive)");
  cmd->add_option("--format", args->format, "table, csv or json")->check(CLI::IsMember({"table", "csv", "json"}));
  cmd->callback([args, &options, &outcome] {
    std::optional<Date> from, to;
    if (Status st = DateOption(args->from, "--from", &from); !st.ok()) return void(outcome.exit_code = Fail(st));
    if (Status st = DateOption(args->to, "--to", &to); !st.ok()) return void(outcome.exit_code = Fail(st));
    std::unique_ptr<MeetingStore> store;
    std::vector<MeetingSummary> meetings;
    Status st = OpenMeetings(options, &store);
    if (st.ok()) st = store->ListMeetings(args->partnership, from, to, &meetings);
    if (!st.ok()) return void(outcome.exit_code = Fail(st));
    Table table;
    table.columns = {"id", "partnership", "date", "status", "first_minute", "last_minute", "agenda_items", "exempt"};
    table.numeric = {true, false, false, false, true, true, true, false};
    for (const MeetingSummary& m : meetings) {
      table.rows.push_back({std::to_string(m.id), Printable(m.partnership), m.date.ToIso(),
                            std::string(MeetingStatusName(m.status)), m.first_minute ? std::to_string(m.first_minute) : "",
                            m.last_minute ? std::to_string(m.last_minute) : "", std::to_string(m.agenda_items),
                            m.has_exempt ? "yes" : "no"});
    }
    Print(table, *ParseFormat(args->format), std::cout);
    outcome.exit_code = kExitOk;
  });
}

// Finds the meeting named by a date (of --partnership, or of the only partnership that met
// then) or by its id.
Status FindNamedMeeting(MeetingStore& store, const std::string& which, const std::string& partnership, int64_t* id) {
  int64_t number = 0;
  auto [end, ec] = std::from_chars(which.data(), which.data() + which.size(), number);
  if (ec == std::errc() && end == which.data() + which.size()) {
    *id = number;
    return Status::Ok();
  }
  std::string why;
  std::optional<Date> date = ParseDate(which, &why);
  if (!date) return Status::InvalidInput(fmt::format("give a meeting's date or id: {}", why));
  std::vector<MeetingSummary> meetings;
  if (Status st = store.ListMeetings(partnership, date, date, &meetings); !st.ok()) return st;
  if (meetings.empty())
    return Status::NotFound(fmt::format("no meeting{} on {}", partnership.empty() ? "" : " of " + partnership,
                                        date->ToLong()));
  if (meetings.size() > 1)
    return Status::InvalidInput(fmt::format("more than one partnership met on {}: give --partnership", date->ToLong()));
  *id = meetings.front().id;
  return Status::Ok();
}

void PrintMeeting(const MeetingRecord& r, bool include_exempt, std::ostream& out) {
  const Meeting& m = r.meeting;
  out << Printable(m.partnership) << "\n";
  out << fmt::format("Meeting of {} {} ({})\n", m.date.WeekdayName(), m.date.ToLong(), MeetingStatusName(m.status));
  if (m.start || m.end)
    out << fmt::format("From {} to {}\n", m.start ? m.start->ToString() : "?", m.end ? m.end->ToString() : "?");
  if (!m.venue.empty()) out << "Venue: " << Printable(m.venue) << "\n";
  if (m.moved_to) out << "Moved to " << m.moved_to->ToLong() << "\n";
  if (!m.note.empty()) out << "Note: " << Printable(m.note) << "\n";
  if (!r.chair.empty()) out << "Chair: " << Printable(r.chair) << "\n";

  const std::pair<AttendanceKind, const char*> groups[] = {
      {AttendanceKind::kInTheChair, "In the chair"}, {AttendanceKind::kPresent, "Present"},
      {AttendanceKind::kSubstitute, "Substitutes"},  {AttendanceKind::kAlsoPresent, "Also present"},
      {AttendanceKind::kOfficer, "Officers"},        {AttendanceKind::kApologies, "Apologies"}};
  for (const auto& [kind, heading] : groups) {
    std::vector<std::string> names;
    for (const Attendance& a : r.attendance) {
      if (a.kind != kind) continue;
      std::string line = Printable(a.name);
      if (!a.role_or_organisation.empty()) line += ", " + Printable(a.role_or_organisation);
      if (kind == AttendanceKind::kSubstitute) line += " (for " + Printable(a.substitute_for) + ")";
      names.push_back(line);
    }
    if (names.empty()) continue;
    out << "\n" << heading << ":\n";
    for (const std::string& n : names) out << "  " << n << "\n";
  }
  if (!r.declarations.empty()) {
    out << "\nDeclarations of interest:\n";
    for (const Declaration& d : r.declarations)
      out << fmt::format("  {}{}: {}\n", Printable(d.member), d.item.empty() ? "" : " (" + Printable(d.item) + ")",
                         Printable(d.nature));
  }
  if (!r.agenda.empty()) {
    out << "\nAgenda:\n";
    for (const AgendaItem& a : r.agenda) {
      out << fmt::format("  {} {} [{}]", Printable(a.number), Printable(a.title), AgendaItemKindName(a.kind));
      if (a.exempt_paragraph) out << fmt::format(" exempt, Schedule 12A para {}", *a.exempt_paragraph);
      out << "\n";
    }
  }
  for (const Minute& n : r.minutes) {
    out << fmt::format("\n{}. {}", n.number, Printable(n.title));
    if (!n.reporting_officer.empty()) out << " (" << Printable(n.reporting_officer) << ")";
    out << "\n";
    // Exempt business: in public only its number, title and the paragraph that exempts it.
    if (n.exempt_paragraph) {
      out << fmt::format("   Exempt: {} (Schedule 12A para {})\n", ExemptParagraphText(*n.exempt_paragraph),
                         *n.exempt_paragraph);
      if (!include_exempt) {
        out << "   [exempt business withheld: --include-exempt shows it]\n";
        continue;
      }
    }
    if (!n.purpose.empty()) out << "   Purpose of report:\n" << Indented(n.purpose, "     ") << "\n";
    if (!n.issues.empty()) out << "   Issue(s) for consideration:\n" << Indented(n.issues, "     ") << "\n";
    if (n.decisions.size() == 1) out << "   Decision:\n" << Indented(n.decisions[0], "     ") << "\n";
    if (n.decisions.size() > 1) {
      out << "   Decision:\n";
      for (size_t i = 0; i < n.decisions.size(); ++i)
        out << "     " << DecisionNumeral(static_cast<int>(i) + 1) << " " << Printable(n.decisions[i]) << "\n";
    }
    if (!n.exempt_text.empty()) out << "   Exempt section (not for publication):\n" << Indented(n.exempt_text, "     ") << "\n";
  }
}

void AddShow(CLI::App& meeting, GlobalOptions& options, Outcome& outcome) {
  struct Args {
    std::string which, partnership;
    bool include_exempt = false;
  };
  auto args = std::make_shared<Args>();
  CLI::App* cmd = meeting.add_subcommand("show", "Show a meeting: attendance, minutes and decisions");
  cmd->add_option("MEETING", args->which, "The meeting's date or id")->required();
  cmd->add_option("--partnership", args->partnership, "The partnership, when several met that day");
  cmd->add_flag("--include-exempt", args->include_exempt,
                "Show exempt business (Schedule 12A) too: for those entitled to see it");
  cmd->callback([args, &options, &outcome] {
    std::unique_ptr<MeetingStore> store;
    int64_t id = 0;
    std::optional<MeetingRecord> record;
    Status st = OpenMeetings(options, &store);
    if (st.ok()) st = FindNamedMeeting(*store, args->which, args->partnership, &id);
    if (st.ok()) st = store->LoadMeetingRecord(id, &record);
    if (st.ok() && !record) st = Status::NotFound(fmt::format("there is no meeting {}", id));
    if (!st.ok()) return void(outcome.exit_code = Fail(st));
    PrintMeeting(*record, args->include_exempt, std::cout);
    outcome.exit_code = kExitOk;
  });
}

std::string OfficeLabel(Office office) {
  return office == Office::kChair ? "Chair" : office == Office::kViceChair ? "Vice-Chair" : "";
}

void AddPartnership(CLI::App& app, GlobalOptions& options, Outcome& outcome) {
  CLI::App* partnership = app.add_subcommand("partnership", "The partnership's members");
  partnership->require_subcommand(1);
  struct Args {
    std::string name, format = "table";
  };
  auto args = std::make_shared<Args>();
  CLI::App* cmd = partnership->add_subcommand("members", "List a partnership's members");
  cmd->add_option("NAME", args->name, "The partnership, as in its meeting files")->required();
  cmd->add_option("--format", args->format, "table, csv or json")->check(CLI::IsMember({"table", "csv", "json"}));
  cmd->callback([args, &options, &outcome] {
    std::unique_ptr<MeetingStore> store;
    std::optional<Partnership> found;
    Status st = OpenMeetings(options, &store);
    if (st.ok()) st = store->FindPartnership(args->name, &found);
    if (st.ok() && !found) st = Status::NotFound(fmt::format("there is no partnership named \"{}\"", args->name));
    if (!st.ok()) return void(outcome.exit_code = Fail(st));
    Table table;
    table.columns = {"name", "role", "organisation", "kind", "office", "from", "to"};
    table.numeric.assign(table.columns.size(), false);
    for (const Member& m : found->members)
      table.rows.push_back({Printable(m.name), Printable(m.role), Printable(m.organisation),
                            std::string(MemberKindName(m.kind)), OfficeLabel(m.office), m.from ? m.from->ToIso() : "",
                            m.to ? m.to->ToIso() : ""});
    Print(table, *ParseFormat(args->format), std::cout);
    outcome.exit_code = kExitOk;
  });
}

void AddAttendance(CLI::App& app, GlobalOptions& options, Outcome& outcome) {
  struct Args {
    std::string partnership, from, to, by = "member", format = "table";
  };
  auto args = std::make_shared<Args>();
  CLI::App* cmd = app.add_subcommand("attendance", "Attendance at a partnership's meetings over a period");
  cmd->add_option("--partnership", args->partnership, "The partnership")->required();
  cmd->add_option("--from", args->from, "First date (inclusive)")->required();
  cmd->add_option("--to", args->to, "Last date (inclusive)")->required();
  cmd->add_option("--by", args->by, "member or agency")->check(CLI::IsMember({"member", "agency"}));
  cmd->add_option("--format", args->format, "table, csv or json")->check(CLI::IsMember({"table", "csv", "json"}));
  cmd->footer(
      "Only meetings held while someone was a member count for them. Each counts once: present\n"
      "(including in the chair), else a substitute sent, else apologies, else absent without\n"
      "apologies; rate = (present + substitute) / meetings. An agency is represented when any\n"
      "of its members is.");
  cmd->callback([args, &options, &outcome] {
    std::optional<Date> from, to;
    if (Status st = DateOption(args->from, "--from", &from); !st.ok()) return void(outcome.exit_code = Fail(st));
    if (Status st = DateOption(args->to, "--to", &to); !st.ok()) return void(outcome.exit_code = Fail(st));
    AttendanceGrouping grouping = args->by == "agency" ? AttendanceGrouping::kAgency : AttendanceGrouping::kMember;
    std::unique_ptr<MeetingStore> store;
    std::vector<AttendanceStatistics> rows;
    Status st = OpenMeetings(options, &store);
    if (st.ok()) st = ComputeAttendance(*store, args->partnership, *from, *to, grouping, &rows);
    if (!st.ok()) return void(outcome.exit_code = Fail(st));
    Table table;
    if (grouping == AttendanceGrouping::kMember) table.columns = {"member", "organisation"};
    else table.columns = {"agency"};
    for (const char* c : {"meetings", "present", "substitute", "apologies", "absent", "rate_percent"})
      table.columns.push_back(c);
    table.numeric.assign(table.columns.size(), true);
    table.numeric[0] = false;
    if (grouping == AttendanceGrouping::kMember) table.numeric[1] = false;
    for (const AttendanceStatistics& s : rows) {
      std::vector<std::string> row{Printable(s.name)};
      if (grouping == AttendanceGrouping::kMember) row.push_back(Printable(s.organisation));
      for (int n : {s.meetings, s.present, s.substitute, s.apologies, s.absent}) row.push_back(std::to_string(n));
      row.push_back(fmt::format("{:.1f}", s.RatePercent()));
      table.rows.push_back(std::move(row));
    }
    Print(table, *ParseFormat(args->format), std::cout);
    outcome.exit_code = kExitOk;
  });
}

}  // namespace

void AddMeetingCommands(CLI::App& app, GlobalOptions& options, Outcome& outcome) {
  CLI::App* meeting = app.add_subcommand("meeting", "The partnership's meetings, minutes and decisions");
  meeting->require_subcommand(1);
  AddImport(*meeting, options, outcome);
  AddList(*meeting, options, outcome);
  AddShow(*meeting, options, outcome);
  AddPartnership(app, options, outcome);
  AddAttendance(app, options, outcome);
}

}  // namespace safer::cli
