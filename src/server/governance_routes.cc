// Governance: meetings and their minutes, attendance, action plans and their progress logs.
// Exempt business (Schedule 12A) leaves the server only for callers holding view-exempt,
// and every such read is audited; the progress log is append-only, and only an action's
// owners (or those who manage actions) add to it.
#include <algorithm>
#include <cctype>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include <fmt/format.h>

#include "domain/action_plan.h"
#include "domain/calendar.h"
#include "domain/governance.h"
#include "governance/action_plan_file.h"
#include "governance/attendance.h"
#include "governance/meeting_documents.h"
#include "governance/meeting_file.h"
#include "server/api.h"

namespace safer::server {
namespace {

constexpr size_t kMaxProgressText = 4000;
constexpr size_t kMaxName = 200;

// ---------------------------------------------------------------------------------------
// Uploads of one file (a meeting record, an action plan)

// A refusal listing every problem: the first line of a message is the sentence, the
// indented lines after it (as the file readers write them) are the problems.
void ReplyProblems(Call& call, const Status& status, const std::string& dir) {
  if (HttpStatusFor(status) == 500) return ReplyStatus(call.res, status);
  std::istringstream lines(WithoutDirectory(status.message(), dir));
  std::string line, first;
  json problems = json::array();
  while (std::getline(lines, line)) {
    const size_t start = line.find_first_not_of(' ');
    if (start == std::string::npos) continue;
    if (first.empty()) first = line;
    else problems.push_back(line.substr(start));
  }
  if (problems.empty()) problems.push_back(first);
  ReplyJson(call.res, json{{"error", first}, {"problems", problems}}, HttpStatusFor(status));
}

std::string ReadWholeFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

void SendDownload(Call& call, std::string bytes, const std::string& type, const std::string& name) {
  call.res.set_header("Content-Disposition", "attachment; filename=\"" + name + "\"");
  call.res.set_header("Cache-Control", "no-store");
  call.res.set_content(std::move(bytes), type);
}

// ---------------------------------------------------------------------------------------
// Parameters


// The partnership asked for (one with meetings, unless `any_name`), or the only one there is.
bool PartnershipParam(Call& call, const std::string& given, std::string* out, bool any_name = false) {
  if (given.size() > kMaxName) {
    ReplyError(call.res, 400, "the partnership's name is longer than 200 characters");
    return false;
  }
  std::vector<std::string> names;
  if (Status st = call.db.meetings().ListPartnerships(&names); !st.ok()) {
    ReplyStatus(call.res, st);
    return false;
  }
  if (!given.empty()) {
    if (!any_name && std::find(names.begin(), names.end(), given) == names.end()) {
      ReplyError(call.res, 404, "no partnership called \"" + given.substr(0, 200) + "\"");
      return false;
    }
    *out = given;
    return true;
  }
  if (names.size() != 1) {
    ReplyError(call.res, 400, names.empty() ? "no partnership has any meetings yet" : "give the partnership");
    return false;
  }
  *out = names.front();
  return true;
}

int64_t IdOf(Call& call, int match = 1) { return std::stoll(call.req.matches[match].str()); }

std::string DateOrEmpty(const std::optional<Date>& d) { return d ? d->ToIso() : ""; }

// ---------------------------------------------------------------------------------------
// Meetings

bool MayReadExempt(const Call& call) { return Allows(call.user->role, Permission::kViewExempt); }

std::string ExemptReason(int paragraph) {
  return fmt::format("exempt — Schedule 12A para {}: {}", paragraph, ExemptParagraphText(paragraph));
}

json MinuteJson(const Minute& m, bool entitled) {
  json j{{"number", m.number}, {"title", m.title}};
  if (m.exempt_paragraph) {
    j["exempt_paragraph"] = *m.exempt_paragraph;
    j["exempt_reason"] = ExemptReason(*m.exempt_paragraph);
    // In public an exempt minute is its number, title and paragraph, nothing more.
    j["withheld"] = !entitled;
    if (!entitled) return j;
  } else {
    j["exempt_paragraph"] = nullptr;
    j["withheld"] = false;
  }
  json decisions = json::array();
  for (size_t i = 0; i < m.decisions.size(); ++i)
    decisions.push_back(json{{"numeral", m.decisions.size() == 1 ? "" : DecisionNumeral(static_cast<int>(i) + 1)},
                             {"text", m.decisions[i]}});
  j["reporting_officer"] = m.reporting_officer;
  j["agenda_item"] = m.agenda_item;
  j["purpose"] = m.purpose;
  j["issues"] = m.issues;
  j["decisions"] = decisions;
  j["exempt_text"] = m.exempt_text;
  return j;
}

json MeetingJson(const MeetingRecord& r, bool entitled) {
  const Meeting& m = r.meeting;
  json agenda = json::array();
  for (const AgendaItem& a : r.agenda) {
    json item{{"number", a.number}, {"title", a.title}, {"kind", AgendaItemKindName(a.kind)}};
    const bool withheld = a.exempt_paragraph && !entitled;
    item["exempt_paragraph"] = a.exempt_paragraph ? json(*a.exempt_paragraph) : json(nullptr);
    item["withheld"] = withheld;
    if (a.exempt_paragraph) item["exempt_reason"] = ExemptReason(*a.exempt_paragraph);
    if (!withheld) {
      item["reporting_officer"] = a.reporting_officer;
      item["has_report"] = a.report.has_value();
    }
    agenda.push_back(item);
  }
  json attendance = json::array();
  for (const Attendance& a : r.attendance)
    attendance.push_back(json{{"name", a.name},
                              {"role_or_organisation", a.role_or_organisation},
                              {"kind", AttendanceKindName(a.kind)},
                              {"substitute_for", a.substitute_for}});
  json declarations = json::array();
  for (const Declaration& d : r.declarations)
    declarations.push_back(json{{"member", d.member}, {"item", d.item}, {"nature", d.nature}});
  json minutes = json::array();
  for (const Minute& n : r.minutes) minutes.push_back(MinuteJson(n, entitled));
  return json{{"id", m.id},
              {"partnership", m.partnership},
              {"date", m.date.ToIso()},
              {"date_long", m.date.WeekdayName() + " " + m.date.ToLong()},
              {"start", m.start ? m.start->ToString() : ""},
              {"end", m.end ? m.end->ToString() : ""},
              {"venue", m.venue},
              {"status", MeetingStatusName(m.status)},
              {"moved_to", DateOrEmpty(m.moved_to)},
              {"note", m.note},
              {"chair", r.chair},
              {"exempt_included", entitled},
              {"agenda", agenda},
              {"attendance", attendance},
              {"declarations", declarations},
              {"minutes", minutes}};
}

// "minutes 27; agenda items 6.1" for the audit line, empty when nothing is exempt.
std::string ExemptParts(const MeetingRecord& r) {
  std::string minutes, items;
  for (const Minute& m : r.minutes)
    if (m.exempt_paragraph) minutes += (minutes.empty() ? "" : ", ") + std::to_string(m.number);
  for (const AgendaItem& a : r.agenda)
    if (a.exempt_paragraph) items += (items.empty() ? "" : ", ") + a.number;
  std::string out;
  if (!minutes.empty()) out = "minutes " + minutes;
  if (!items.empty()) out += (out.empty() ? "" : "; ") + std::string("agenda items ") + items;
  return out;
}

bool LoadMeeting(Call& call, int64_t id, MeetingRecord* out) {
  std::optional<MeetingRecord> record;
  if (Status st = call.db.meetings().LoadMeetingRecord(id, &record); !st.ok()) {
    ReplyStatus(call.res, st);
    return false;
  }
  if (!record) {
    ReplyError(call.res, 404, fmt::format("there is no meeting {}", id));
    return false;
  }
  *out = std::move(*record);
  return true;
}

void AddMeetingReads(Api& api) {
  api.Get("/api/meetings", Permission::kViewPublished, [](Call& call) {
    std::vector<std::string> partnerships;
    if (Status st = call.db.meetings().ListPartnerships(&partnerships); !st.ok()) return ReplyStatus(call.res, st);
    std::vector<MeetingSummary> meetings;
    if (Status st = call.db.meetings().ListMeetings(Param(call.req, "partnership"), std::nullopt, std::nullopt, &meetings);
        !st.ok())
      return ReplyStatus(call.res, st);
    json list = json::array();
    for (const MeetingSummary& m : meetings)
      list.push_back(json{{"id", m.id},
                          {"partnership", m.partnership},
                          {"date", m.date.ToIso()},
                          {"date_long", m.date.WeekdayName() + " " + m.date.ToLong()},
                          {"status", MeetingStatusName(m.status)},
                          {"first_minute", m.first_minute},
                          {"last_minute", m.last_minute},
                          {"agenda_items", m.agenda_items},
                          {"has_exempt", m.has_exempt}});
    ReplyJson(call.res, json{{"partnerships", partnerships}, {"meetings", list}});
  });

  api.Get(R"(/api/meetings/(\d{1,18}))", Permission::kViewPublished, [](Call& call) {
    MeetingRecord record;
    if (!LoadMeeting(call, IdOf(call), &record)) return;
    const bool entitled = MayReadExempt(call);
    const std::string exempt = ExemptParts(record);
    if (entitled && !exempt.empty()) call.Audit("read-exempt", fmt::format("meeting {}", record.meeting.id), exempt);
    ReplyJson(call.res, MeetingJson(record, entitled));
  });

  // The documents: the published version unless the caller may see exempt business and
  // did not ask for the public one.
  api.Get(R"(/api/meetings/(\d{1,18})/(minutes|agenda)\.(html|pdf))", Permission::kViewPublished, [](Call& call) {
    MeetingRecord record;
    if (!LoadMeeting(call, IdOf(call), &record)) return;
    std::optional<Partnership> partnership;
    if (Status st = call.db.meetings().FindPartnership(record.meeting.partnership, &partnership); !st.ok())
      return ReplyStatus(call.res, st);
    if (!partnership) partnership = Partnership{0, record.meeting.partnership, {}};
    const std::string document = call.req.matches[2].str(), format = call.req.matches[3].str();
    const bool entitled = MayReadExempt(call) && Param(call.req, "public") != "1";
    const Audience audience = entitled ? Audience::kEntitled : Audience::kPublic;
    std::string html = document == "minutes" ? MinutesHtml(record, *partnership, audience)
                                             : AgendaHtml(record, *partnership, audience);
    const std::string name = fmt::format("{}-{}{}.{}", document, record.meeting.date.ToIso(),
                                         entitled ? "" : "-public", format);
    std::string bytes;
    if (format == "pdf") {
      ScratchDirectory dir("safer-minutes");
      if (!dir.ok()) return ReplyError(call.res, 500, "the server has no room to write the document just now");
      const std::string pdf = dir.path().string() + "/" + name;
      if (Status st = WriteMeetingDocument(html, pdf); !st.ok()) return ReplyStatus(call.res, st);
      bytes = ReadWholeFile(pdf);
    } else {
      bytes = std::move(html);
    }
    const std::string target = fmt::format("meeting {}", record.meeting.id);
    call.Audit("export", target, fmt::format("{} {} {}", document, format, entitled ? "entitled" : "public"));
    if (const std::string exempt = ExemptParts(record); entitled && !exempt.empty())
      call.Audit("read-exempt", target, exempt);
    // A download, not a page of this site: the document's inline styles stay under the
    // site's strict policy and apply when it is opened from disk.
    SendDownload(call, std::move(bytes), format == "pdf" ? "application/pdf" : "text/html; charset=utf-8", name);
  });
}

void AddMeetingUpload(Api& api) {
  api.Upload("/api/meetings", Permission::kEditMinutes, [](Call& call, const httplib::ContentReader& reader) {
    ScratchDirectory dir("safer-meeting");
    if (!dir.ok()) return ReplyError(call.res, 500, "the server has no room for the upload just now");
    std::vector<ReceivedFile> files;
    std::map<std::string, std::string> fields;
    if (!ReceiveFiles(call, reader, dir.path().string(), {".yaml", ".yml"}, 1, &files, &fields)) return;
    const ReceivedFile& file = files.front();
    MeetingImport imported;
    // The same reading, numbering and checks as `safer meeting import`.
    if (Status st = ImportMeetingFile(file.path, call.db.meetings(), &imported); !st.ok())
      return ReplyProblems(call, st, dir.path().string());
    const char* outcome = imported.outcome == MeetingImport::Outcome::kAdded      ? "added"
                          : imported.outcome == MeetingImport::Outcome::kReplaced ? "replaced"
                                                                                  : "unchanged";
    call.Audit("meeting-recorded", fmt::format("meeting {}", imported.meeting_id),
               fmt::format("{} {} from {}", outcome, imported.date.ToIso(), file.name));
    ReplyJson(call.res,
              json{{"meeting_id", imported.meeting_id},
                   {"outcome", outcome},
                   {"date", imported.date.ToIso()},
                   {"first_minute", imported.first_minute},
                   {"last_minute", imported.last_minute},
                   {"numbers_assigned", imported.numbers_assigned}},
              imported.outcome == MeetingImport::Outcome::kAdded ? 201 : 200);
  });
}

void AddAttendance(Api& api) {
  api.Get("/api/attendance", Permission::kViewPublished, [](Call& call) {
    std::string partnership;
    std::optional<Date> from, to;
    if (!PartnershipParam(call, Param(call.req, "partnership"), &partnership) || !DateParam(call, "from", &from) ||
        !DateParam(call, "to", &to))
      return;
    const std::string by = Param(call.req, "by").empty() ? "member" : Param(call.req, "by");
    if (by != "member" && by != "agency") return ReplyError(call.res, 400, "by must be member or agency");
    // Without dates: every meeting kept.
    if (!from || !to) {
      std::vector<MeetingSummary> meetings;
      if (Status st = call.db.meetings().ListMeetings(partnership, from, to, &meetings); !st.ok())
        return ReplyStatus(call.res, st);
      if (!from) from = meetings.empty() ? Today() : meetings.front().date;
      if (!to) to = meetings.empty() ? Today() : meetings.back().date;
    }
    if (*to < *from) return ReplyError(call.res, 400, "from is after to");
    std::vector<AttendanceStatistics> rows;
    if (Status st = ComputeAttendance(call.db.meetings(), partnership, *from, *to,
                                      by == "agency" ? AttendanceGrouping::kAgency : AttendanceGrouping::kMember, &rows);
        !st.ok())
      return ReplyStatus(call.res, st);
    json out = json::array();
    for (const AttendanceStatistics& s : rows)
      out.push_back(json{{"name", s.name},
                         {"organisation", s.organisation},
                         {"meetings", s.meetings},
                         {"present", s.present},
                         {"substitute", s.substitute},
                         {"apologies", s.apologies},
                         {"absent", s.absent},
                         {"rate_percent", s.RatePercent()}});
    ReplyJson(call.res, json{{"partnership", partnership},
                             {"from", from->ToIso()},
                             {"to", to->ToIso()},
                             {"by", by},
                             {"rows", out}});
  });
}

// ---------------------------------------------------------------------------------------
// Action plans

// Lower case, runs of white space as one space, none at the ends: names compare as people
// read them ("Nicholas  Stone" is "nicholas stone").
std::string Folded(std::string_view text) {
  std::string out;
  bool space = false;
  for (char c : text) {
    const auto u = static_cast<unsigned char>(c);
    if (std::isspace(u)) {
      space = !out.empty();
      continue;
    }
    if (space) out += ' ';
    space = false;
    out += static_cast<char>(std::tolower(u));
  }
  return out;
}

// An owner names the user (display name or username), or names only an agency: the user's.
bool Owns(const User& user, const Action& action) {
  for (const ActionOwner& o : action.owners) {
    const std::string person = Folded(o.person);
    if (!person.empty()) {
      if (person == Folded(user.username) || (!user.display_name.empty() && person == Folded(user.display_name)))
        return true;
    } else if (!o.agency.empty() && Folded(o.agency) == Folded(user.agency)) {
      return true;
    }
  }
  return false;
}

std::string OwnersText(const Action& action) {
  std::string out;
  for (const ActionOwner& o : action.owners) {
    std::string one = o.person.empty() ? o.agency : o.agency.empty() ? o.person : o.person + " (" + o.agency + ")";
    out += (out.empty() ? "" : "; ") + one;
  }
  return out;
}

// The last meeting of the partnership held on or before today: "no update since the last
// meeting" is measured from it.
bool LastMeeting(Call& call, const std::string& partnership, const Date& today, std::optional<Date>* out) {
  std::vector<MeetingSummary> meetings;
  if (Status st = call.db.meetings().ListMeetings(partnership, std::nullopt, today, &meetings); !st.ok()) {
    ReplyStatus(call.res, st);
    return false;
  }
  for (auto it = meetings.rbegin(); it != meetings.rend(); ++it)
    if (it->status == MeetingStatus::kHeld) {
      *out = it->date;
      break;
    }
  return true;
}

json EntryJson(const ProgressEntry& e) {
  return json{{"id", e.id},
              {"date", e.date.ToIso()},
              {"author", e.author},
              {"author_role", e.author_role},
              {"text", e.text},
              {"recorded_at", e.recorded_at},
              {"recorded_by", e.recorded_by},
              {"corrects", e.corrects ? json(*e.corrects) : json(nullptr)}};
}

json ActionJson(const Call& call, const Action& a, const Date& today, const std::optional<Date>& last_meeting) {
  json owners = json::array();
  for (const ActionOwner& o : a.owners) owners.push_back(json{{"person", o.person}, {"agency", o.agency}});
  json log = json::array();
  for (const ProgressEntry& e : a.log) log.push_back(EntryJson(e));
  const RagSuggestion suggested = SuggestRag(a, today, last_meeting);
  return json{{"id", a.id},
              {"reference", a.reference},
              {"priority", a.priority},
              {"objective", a.objective},
              {"text", a.text},
              {"owners", owners},
              {"due", a.due.ToIso()},
              {"due_long", a.due.ToLong()},
              {"overdue", a.due < today && a.owner_rag != ActionRag::kComplete},
              {"desired_outcome", a.desired_outcome},
              {"owner_rag", ActionRagName(a.owner_rag)},
              {"suggested_rag", ActionRagName(suggested.rag)},
              {"suggested_reason", suggested.reason},
              {"from_minute", a.from_minute ? json(*a.from_minute) : json(nullptr)},
              {"decision", a.decision},
              {"may_update", Allows(call.user->role, Permission::kManageActions) ||
                                 (Allows(call.user->role, Permission::kUpdateOwnActions) && Owns(*call.user, a))},
              {"log", log}};
}

bool LoadPlan(Call& call, int64_t id, ActionPlan* out) {
  std::optional<ActionPlan> plan;
  if (Status st = call.db.actions().LoadPlan(id, &plan); !st.ok()) {
    ReplyStatus(call.res, st);
    return false;
  }
  if (!plan) {
    ReplyError(call.res, 404, fmt::format("there is no action plan {}", id));
    return false;
  }
  *out = std::move(*plan);
  return true;
}

void AddPlanReads(Api& api) {
  api.Get("/api/action-plans", Permission::kViewPartnership, [](Call& call) {
    std::vector<ActionPlanSummary> plans;
    if (Status st = call.db.actions().ListPlans(&plans); !st.ok()) return ReplyStatus(call.res, st);
    json out = json::array();
    for (const ActionPlanSummary& p : plans)
      out.push_back(json{{"id", p.id}, {"partnership", p.partnership}, {"title", p.title}, {"actions", p.actions}});
    ReplyJson(call.res, out);
  });

  api.Get(R"(/api/action-plans/(\d{1,18}))", Permission::kViewPartnership, [](Call& call) {
    ActionPlan plan;
    if (!LoadPlan(call, IdOf(call), &plan)) return;
    const Date today = Today();
    std::optional<Date> last_meeting;
    if (!LastMeeting(call, plan.partnership, today, &last_meeting)) return;
    json actions = json::array();
    for (const Action& a : plan.actions) actions.push_back(ActionJson(call, a, today, last_meeting));
    ReplyJson(call.res, json{{"id", plan.id},
                             {"partnership", plan.partnership},
                             {"title", plan.title},
                             {"today", today.ToIso()},
                             {"last_meeting", DateOrEmpty(last_meeting)},
                             {"actions", actions}});
  });

  api.Get(R"(/api/action-plans/(\d{1,18})\.xlsx)", Permission::kViewPartnership, [](Call& call) {
    ActionPlan plan;
    if (!LoadPlan(call, IdOf(call), &plan)) return;
    const Date today = Today();
    std::optional<Date> last_meeting;
    if (!LastMeeting(call, plan.partnership, today, &last_meeting)) return;
    ScratchDirectory dir("safer-plan");
    if (!dir.ok()) return ReplyError(call.res, 500, "the server has no room to write the plan just now");
    const std::string path = dir.path().string() + "/plan.xlsx";
    if (Status st = WriteActionPlanXlsx(plan, today, last_meeting, path); !st.ok()) return ReplyStatus(call.res, st);
    call.Audit("export", fmt::format("action plan {}", plan.id), "action plan xlsx " + plan.title);
    SendDownload(call, ReadWholeFile(path), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                 SafeFileName(plan.title) + ".xlsx");
  });
}

void AddPlanImport(Api& api) {
  api.Upload("/api/action-plans/import", Permission::kManageActions,
             [](Call& call, const httplib::ContentReader& reader) {
               ScratchDirectory dir("safer-plan");
               if (!dir.ok()) return ReplyError(call.res, 500, "the server has no room for the upload just now");
               std::vector<ReceivedFile> files;
               std::map<std::string, std::string> fields;
               if (!ReceiveFiles(call, reader, dir.path().string(), {".csv", ".tsv", ".txt", ".xlsx"}, 1, &files, &fields))
                 return;
               const ReceivedFile& file = files.front();
               PlanImportOptions options;
               options.title = fields["title"];
               if (options.title.empty() || options.title.size() > kMaxName)
                 return ReplyError(call.res, 400, "give the plan's title (at most 200 characters)");
               if (!PartnershipParam(call, fields["partnership"], &options.partnership, true)) return;
               if (!fields["default_due"].empty()) {
                 options.default_due = ParseDate(fields["default_due"]);
                 if (!options.default_due)
                   return ReplyError(call.res, 400, "default_due is not a date: give it as 2025-03-31");
               }
               options.recorded_by = call.user->username;
               options.earliest = PlanYearStart(options.title);
               options.today = Today();
               options.sheet = fields["sheet"];
               std::lock_guard one_at_a_time(call.state.import_mutex);
               PlanImportResult result;
               if (Status st = ReadActionPlanFile(file.path, options, &result); !st.ok())
                 return ReplyProblems(call, st, dir.path().string());
               json problems = json::array();
               for (const PlanImportProblem& p : result.problems)
                 problems.push_back(json{
                     {"file", file.name}, {"row", p.row}, {"reason", p.reason}, {"text", p.text}, {"set_aside", p.set_aside}});
               if (result.plan.actions.empty())
                 return ReplyJson(call.res,
                                  json{{"error", fmt::format("no action in {} could be read", file.name)},
                                       {"problems", problems}},
                                  400);
               result.plan.partnership = options.partnership;
               result.plan.title = options.title;
               if (Status st = call.db.actions().AddPlan(&result.plan); !st.ok()) return ReplyStatus(call.res, st);
               call.Audit("import", fmt::format("action plan {}", result.plan.id),
                          fmt::format("{} from {}: {} actions, {} set aside; {} log entries, {} set aside",
                                      options.title, file.name, result.plan.actions.size(), result.actions_set_aside,
                                      result.entries_read, result.entries_set_aside));
               ReplyJson(call.res,
                         json{{"plan_id", result.plan.id},
                              {"title", result.plan.title},
                              {"actions_read", result.actions_read},
                              {"actions_imported", result.plan.actions.size()},
                              {"actions_set_aside", result.actions_set_aside},
                              {"entries_read", result.entries_read},
                              {"entries_set_aside", result.entries_set_aside},
                              {"problems", problems}},
                         201);
             });
}

// The action named in the path, when the caller may change it; replies otherwise.
bool ActionToChange(Call& call, Action* out, int64_t* plan_id) {
  const int64_t id = IdOf(call);
  std::optional<Action> action;
  if (Status st = call.db.actions().FindAction(id, &action, plan_id); !st.ok()) {
    ReplyStatus(call.res, st);
    return false;
  }
  if (!action) {
    ReplyError(call.res, 404, fmt::format("there is no action {}", id));
    return false;
  }
  if (!Allows(call.user->role, Permission::kManageActions) && !Owns(*call.user, *action)) {
    call.Audit("refused", call.req.method + " " + call.req.path, "not an owner of the action", false);
    ReplyError(call.res, 403,
               fmt::format("only the action's owners ({}), clerks and admins may update it", OwnersText(*action)));
    return false;
  }
  *out = std::move(*action);
  return true;
}

void AddActionUpdates(Api& api) {
  api.Post(R"(/api/actions/(\d{1,18})/progress)", Permission::kUpdateOwnActions, [](Call& call) {
    json body;
    std::string text, date_text, author, author_role;
    if (!ReadJsonObject(call, &body) || !RequireString(call, body, "text", kMaxProgressText, &text) ||
        !RequireString(call, body, "date", 40, &date_text, true) ||
        !RequireString(call, body, "author", kMaxName, &author, true) ||
        !RequireString(call, body, "author_role", kMaxName, &author_role, true))
      return;
    if (Folded(text).empty()) return ReplyError(call.res, 400, "\"text\" is empty: say what progress was made");
    ProgressEntry entry;
    entry.date = Today();
    if (!date_text.empty()) {
      std::optional<Date> date = ParseDate(date_text);
      if (!date) return ReplyError(call.res, 400, "\"date\" is not a date: give it as 2025-03-04");
      if (*date > Today()) return ReplyError(call.res, 400, "\"date\" is in the future: progress is dated when it happened");
      entry.date = *date;
    }
    if (auto it = body.find("corrects"); it != body.end() && !it->is_null()) {
      if (!it->is_number_integer()) return ReplyError(call.res, 400, "\"corrects\" must be the id of a log entry");
      entry.corrects = it->get<int64_t>();
    }
    Action action;
    int64_t plan_id = 0;
    if (!ActionToChange(call, &action, &plan_id)) return;
    entry.author = author.empty() ? (call.user->display_name.empty() ? call.user->username : call.user->display_name)
                                  : author;
    entry.author_role = author_role;
    entry.text = text;
    entry.recorded_at = std::time(nullptr);
    entry.recorded_by = call.user->username;
    if (Status st = call.db.actions().AppendProgress(action.id, &entry); !st.ok()) return ReplyStatus(call.res, st);
    call.Audit("action-progress", fmt::format("action {}", action.id),
               fmt::format("entry {} dated {}{}", entry.id, entry.date.ToIso(),
                           entry.corrects ? fmt::format(", correcting entry {}", *entry.corrects) : ""));
    ReplyJson(call.res, EntryJson(entry), 201);
  });

  api.Post(R"(/api/actions/(\d{1,18})/rag)", Permission::kUpdateOwnActions, [](Call& call) {
    json body;
    std::string text;
    if (!ReadJsonObject(call, &body) || !RequireString(call, body, "rag", 20, &text)) return;
    std::optional<ActionRag> rag = ParseActionRag(text);
    if (!rag) return ReplyError(call.res, 400, "rag must be Red, Amber, Green, Complete or empty");
    Action action;
    int64_t plan_id = 0;
    if (!ActionToChange(call, &action, &plan_id)) return;
    if (Status st = call.db.actions().SetOwnerRag(action.id, *rag); !st.ok()) return ReplyStatus(call.res, st);
    call.Audit("action-rag", fmt::format("action {}", action.id),
               fmt::format("{} → {}", ActionRagName(action.owner_rag).empty() ? "none" : ActionRagName(action.owner_rag),
                           ActionRagName(*rag).empty() ? "none" : ActionRagName(*rag)));
    action.owner_rag = *rag;
    std::optional<ActionPlan> plan;
    if (Status st = call.db.actions().LoadPlan(plan_id, &plan); !st.ok()) return ReplyStatus(call.res, st);
    const Date today = Today();
    std::optional<Date> last_meeting;
    if (plan && !LastMeeting(call, plan->partnership, today, &last_meeting)) return;
    ReplyJson(call.res, ActionJson(call, action, today, last_meeting));
  });

  // The log is append-only: no route changes or removes an entry. These say so instead of
  // a bare 404, so a client learns what to do.
  const auto append_only = [](const char* allow) {
    return [allow](Call& call) {
      call.res.set_header("Allow", allow);
      ReplyError(call.res, 405, "the progress log is append-only: add an entry that says what it corrects");
    };
  };
  for (auto [path, allow] : {std::pair{R"(/api/actions/(\d{1,18})/progress)", "POST"},
                             std::pair{R"(/api/actions/(\d{1,18})/progress/(\d{1,18}))", ""}}) {
    api.Patch(path, Permission::kViewPublished, append_only(allow));
    api.Delete(path, Permission::kViewPublished, append_only(allow));
  }
}

}  // namespace

void AddGovernanceRoutes(Api& api) {
  AddMeetingReads(api);
  AddMeetingUpload(api);
  AddAttendance(api);
  AddPlanReads(api);
  AddPlanImport(api);
  AddActionUpdates(api);
}

}  // namespace safer::server
