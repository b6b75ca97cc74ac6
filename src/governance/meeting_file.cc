#include "governance/meeting_file.h"

#include <charconv>
#include <fstream>
#include <set>
#include <sstream>

#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

namespace safer {
namespace {

constexpr size_t kMaxFileBytes = 4 << 20;

// Collects every problem in the file with its line, so one run shows them all.
class Reader {
 public:
  explicit Reader(std::string name) : name_(std::move(name)) {}

  void Problem(const YAML::Node& node, const std::string& what) {
    problems_.push_back(fmt::format("{}:{}: {}", name_, node.Mark().line + 1, what));
  }
  void Problem(const std::string& what) { problems_.push_back(fmt::format("{}: {}", name_, what)); }
  const std::vector<std::string>& problems() const { return problems_; }

  // A map with only the keys given; others are reported (a misspelt key is not ignored).
  bool Map(const YAML::Node& node, const std::string& what, std::initializer_list<std::string_view> keys) {
    if (!node.IsMap()) {
      Problem(node, what + " must be a map of keys");
      return false;
    }
    for (const auto& entry : node) {
      std::string key = entry.first.Scalar();
      bool known = false;
      for (std::string_view k : keys) known = known || k == key;
      if (!known) Problem(entry.first, fmt::format("{}: unknown key \"{}\" (expected one of: {})", what, key,
                                                   fmt::join(keys, ", ")));
    }
    return true;
  }

  // The text under `key`; empty when absent. Reports a non-scalar and, when required, absence.
  std::string Text(const YAML::Node& map, const char* key, const std::string& what, bool required = false) {
    YAML::Node node = map[key];
    if (!node || node.IsNull()) {
      if (required) Problem(map, fmt::format("{}: \"{}\" is required", what, key));
      return "";
    }
    if (!node.IsScalar()) {
      Problem(node, fmt::format("{}: \"{}\" must be text", what, key));
      return "";
    }
    std::string text = node.Scalar();
    while (!text.empty() && (text.back() == '\n' || text.back() == ' ')) text.pop_back();
    if (required && text.empty()) Problem(node, fmt::format("{}: \"{}\" is empty", what, key));
    return text;
  }

  std::optional<int> Int(const YAML::Node& map, const char* key, const std::string& what, int min, int max) {
    std::string text = Text(map, key, what);
    if (text.empty()) return std::nullopt;
    int value = 0;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc() || end != text.data() + text.size() || value < min || value > max) {
      Problem(map[key], fmt::format("{}: \"{}\" must be a whole number from {} to {}, not \"{}\"", what, key, min,
                                    max, text));
      return std::nullopt;
    }
    return value;
  }

  // ISO "2018-10-12", British "12/10/2018" or "12/10/18", or written "12 October 2018".
  std::optional<Date> DateAt(const YAML::Node& map, const char* key, const std::string& what, bool required) {
    std::string text = Text(map, key, what, required);
    if (text.empty()) return std::nullopt;
    std::string why;
    std::optional<Date> date = ParseDate(text, &why);
    if (!date) Problem(map[key], fmt::format("{}: {}: {}", what, key, why));
    return date;
  }

  std::optional<TimeOfDay> TimeAt(const YAML::Node& map, const char* key, const std::string& what) {
    std::string text = Text(map, key, what);
    if (text.empty()) return std::nullopt;
    std::optional<TimeOfDay> time = TimeOfDay::Parse(text);
    if (!time)
      Problem(map[key], fmt::format("{}: {}: \"{}\" is not a time of day (as in 10.00 am, 2.00pm, 12noon, 14:00)",
                                    what, key, text));
    return time;
  }

  // A list under `key` (absent or null: empty).
  YAML::Node List(const YAML::Node& map, const char* key, const std::string& what) {
    YAML::Node node = map[key];
    if (!node || node.IsNull()) return YAML::Node(YAML::NodeType::Sequence);
    if (!node.IsSequence()) {
      Problem(node, fmt::format("{}: \"{}\" must be a list", what, key));
      return YAML::Node(YAML::NodeType::Sequence);
    }
    return node;
  }

 private:
  std::string name_;
  std::vector<std::string> problems_;
};

template <typename Enum, typename Names>
std::optional<Enum> ParseNamed(std::string_view text, std::initializer_list<Enum> values, Names name_of) {
  for (Enum v : values)
    if (text == name_of(v)) return v;
  return std::nullopt;
}

void ReadMember(Reader& r, const YAML::Node& node, Partnership* partnership) {
  std::string what = "member";
  if (!r.Map(node, what, {"name", "role", "organisation", "kind", "office", "from", "to"})) return;
  Member m;
  m.name = r.Text(node, "name", what, true);
  if (!m.name.empty()) what = "member " + m.name;
  m.role = r.Text(node, "role", what);
  m.organisation = r.Text(node, "organisation", what);
  std::string kind = r.Text(node, "kind", what, true);
  if (!kind.empty()) {
    if (auto k = ParseMemberKind(kind)) m.kind = *k;
    else r.Problem(node["kind"], fmt::format("{}: kind \"{}\" is not one of responsible-authority, other, observer", what, kind));
  }
  std::string office = r.Text(node, "office", what);
  if (office == "chair") m.office = Office::kChair;
  else if (office == "vice-chair") m.office = Office::kViceChair;
  else if (!office.empty()) r.Problem(node["office"], fmt::format("{}: office \"{}\" is not chair or vice-chair", what, office));
  m.from = r.DateAt(node, "from", what, false);
  m.to = r.DateAt(node, "to", what, false);
  partnership->members.push_back(std::move(m));
}

void ReadMeeting(Reader& r, const YAML::Node& node, MeetingRecord* record) {
  const std::string what = "meeting";
  if (!node) {
    r.Problem("\"meeting\" is required (date, start, end, venue, status)");
    return;
  }
  if (!r.Map(node, what, {"date", "start", "end", "venue", "status", "moved_to", "note", "chair"})) return;
  Meeting& m = record->meeting;
  if (auto date = r.DateAt(node, "date", what, true)) m.date = *date;
  m.start = r.TimeAt(node, "start", what);
  m.end = r.TimeAt(node, "end", what);
  m.venue = r.Text(node, "venue", what);
  std::string status = r.Text(node, "status", what, true);
  if (!status.empty()) {
    auto s = ParseNamed(status, {MeetingStatus::kScheduled, MeetingStatus::kHeld, MeetingStatus::kMoved,
                                 MeetingStatus::kCancelled}, MeetingStatusName);
    if (s) m.status = *s;
    else r.Problem(node["status"], fmt::format("meeting: status \"{}\" is not one of scheduled, held, moved, cancelled", status));
  }
  m.moved_to = r.DateAt(node, "moved_to", what, false);
  m.note = r.Text(node, "note", what);
  record->chair = r.Text(node, "chair", what);
}

void ReadAgendaItem(Reader& r, const YAML::Node& node, MeetingRecord* record) {
  std::string what = "agenda item";
  if (!r.Map(node, what, {"number", "title", "kind", "reporting_officer", "exempt_paragraph", "report"})) return;
  AgendaItem item;
  item.number = r.Text(node, "number", what);
  if (!item.number.empty()) what += " " + item.number;
  item.title = r.Text(node, "title", what, true);
  std::string kind = r.Text(node, "kind", what, true);
  if (!kind.empty()) {
    if (auto k = ParseAgendaItemKind(kind)) item.kind = *k;
    else r.Problem(node["kind"], fmt::format("{}: kind \"{}\" is not a kind of agenda item (see docs/meetings.md)", what, kind));
  }
  item.reporting_officer = r.Text(node, "reporting_officer", what);
  item.exempt_paragraph = r.Int(node, "exempt_paragraph", what, 1, 7);
  if (YAML::Node report = node["report"]; report && !report.IsNull()) {
    const std::string rw = what + " report";
    Report rep;
    const std::pair<const char*, std::string Report::*> fields[] = {
        {"report_of", &Report::report_of}, {"subject", &Report::subject},
        {"decision_type", &Report::decision_type}, {"purpose", &Report::purpose},
        {"background", &Report::background}, {"proposals", &Report::proposals}, {"risk", &Report::risk},
        {"financial", &Report::financial}, {"legal", &Report::legal},
        {"child_and_family_poverty", &Report::child_and_family_poverty},
        {"equality_and_diversity", &Report::equality_and_diversity}, {"section_17", &Report::section_17},
        {"staff", &Report::staff}, {"asset_management", &Report::asset_management},
        {"recommendations", &Report::recommendations}, {"reasons", &Report::reasons},
        {"background_papers", &Report::background_papers}, {"contact_officer", &Report::contact_officer}};
    if (r.Map(report, rw, {"report_of", "subject", "decision_type", "purpose", "background", "proposals", "risk",
                           "financial", "legal", "child_and_family_poverty", "equality_and_diversity", "section_17",
                           "staff", "asset_management", "recommendations", "reasons", "background_papers",
                           "contact_officer"})) {
      for (const auto& [key, field] : fields) rep.*field = r.Text(report, key, rw);
      item.report = std::move(rep);
    }
  }
  record->agenda.push_back(std::move(item));
}

// One line of attendance: "Name" or {name, role} ({name, for} for substitutes).
void ReadAttendee(Reader& r, const YAML::Node& node, AttendanceKind kind, const std::string& group,
                  MeetingRecord* record) {
  Attendance a;
  a.kind = kind;
  if (node.IsScalar() && kind != AttendanceKind::kSubstitute) {
    a.name = node.Scalar();
  } else {
    const bool substitute = kind == AttendanceKind::kSubstitute;
    bool ok = substitute ? r.Map(node, group, {"name", "role", "for"}) : r.Map(node, group, {"name", "role"});
    if (!ok) return;
    a.name = r.Text(node, "name", group, true);
    a.role_or_organisation = r.Text(node, "role", group);
    if (substitute) a.substitute_for = r.Text(node, "for", group + " " + a.name, true);
  }
  if (a.name.empty()) {
    r.Problem(node, group + ": a name is required");
    return;
  }
  record->attendance.push_back(std::move(a));
}

void ReadAttendance(Reader& r, const YAML::Node& node, MeetingRecord* record) {
  if (!node || node.IsNull()) return;
  if (!r.Map(node, "attendance", {"present", "substitutes", "also_present", "officers", "apologies"})) return;
  const std::pair<const char*, AttendanceKind> groups[] = {
      {"present", AttendanceKind::kPresent},          {"substitutes", AttendanceKind::kSubstitute},
      {"also_present", AttendanceKind::kAlsoPresent}, {"officers", AttendanceKind::kOfficer},
      {"apologies", AttendanceKind::kApologies}};
  for (const auto& [key, kind] : groups) {
    std::string group = std::string("attendance: ") + key;
    for (const YAML::Node& entry : r.List(node, key, "attendance")) ReadAttendee(r, entry, kind, group, record);
  }
  // The chair is minuted among those present; marking them here keeps one line per person.
  for (Attendance& a : record->attendance)
    if (a.kind == AttendanceKind::kPresent && a.name == record->chair) a.kind = AttendanceKind::kInTheChair;
}

void ReadMinute(Reader& r, const YAML::Node& node, MeetingRecord* record) {
  std::string what = "minute";
  if (!r.Map(node, what, {"number", "title", "reporting_officer", "agenda_item", "purpose", "issues", "decisions",
                          "exempt_paragraph", "exempt_text"}))
    return;
  Minute m;
  m.number = r.Int(node, "number", what, 1, 100000).value_or(0);
  m.title = r.Text(node, "title", what, true);
  what = m.number > 0 ? fmt::format("minute {} ({})", m.number, m.title) : fmt::format("minute \"{}\"", m.title);
  m.reporting_officer = r.Text(node, "reporting_officer", what);
  m.agenda_item = r.Text(node, "agenda_item", what);
  m.purpose = r.Text(node, "purpose", what);
  m.issues = r.Text(node, "issues", what);
  for (const YAML::Node& d : r.List(node, "decisions", what)) {
    if (!d.IsScalar() || d.Scalar().empty()) r.Problem(d, what + ": each decision must be text");
    else m.decisions.push_back(d.Scalar());
  }
  m.exempt_paragraph = r.Int(node, "exempt_paragraph", what, 1, 7);
  m.exempt_text = r.Text(node, "exempt_text", what);
  record->minutes.push_back(std::move(m));
}

// Every field of a record except the ids the store gives, so a re-run can be recognised.
std::string Fingerprint(const MeetingRecord& r) {
  std::ostringstream out;
  auto field = [&out](std::string_view text) { out << text.size() << ':' << text << '|'; };
  auto opt_int = [&](const std::optional<int>& v) { field(v ? std::to_string(*v) : ""); };
  const Meeting& m = r.meeting;
  field(m.partnership);
  field(m.date.ToIso());
  field(m.start ? m.start->ToIso() : "");
  field(m.end ? m.end->ToIso() : "");
  field(m.venue);
  field(MeetingStatusName(m.status));
  field(m.moved_to ? m.moved_to->ToIso() : "");
  field(m.note);
  field(r.chair);
  for (const AgendaItem& a : r.agenda) {
    field("agenda");
    field(a.number), field(a.title), field(AgendaItemKindName(a.kind)), field(a.reporting_officer);
    opt_int(a.exempt_paragraph);
    if (a.report) {
      const Report& p = *a.report;
      for (const std::string* s : {&p.report_of, &p.subject, &p.decision_type, &p.purpose, &p.background,
                                   &p.proposals, &p.risk, &p.financial, &p.legal, &p.child_and_family_poverty,
                                   &p.equality_and_diversity, &p.section_17, &p.staff, &p.asset_management,
                                   &p.recommendations, &p.reasons, &p.background_papers, &p.contact_officer})
        field(*s);
    }
  }
  for (const Attendance& a : r.attendance) {
    field("attendance");
    field(a.name), field(a.role_or_organisation), field(AttendanceKindName(a.kind)), field(a.substitute_for);
  }
  for (const Declaration& d : r.declarations) {
    field("declaration");
    field(d.member), field(d.item), field(d.nature);
  }
  for (const Minute& n : r.minutes) {
    field("minute");
    field(std::to_string(n.number)), field(n.title), field(n.reporting_officer), field(n.agenda_item);
    field(n.purpose), field(n.issues);
    for (const std::string& d : n.decisions) field(d);
    opt_int(n.exempt_paragraph);
    field(n.exempt_text);
  }
  return out.str();
}

Status Problems(const std::string& path, const std::vector<std::string>& problems) {
  return Status::InvalidInput(fmt::format("{}: {} problem{}:\n  {}", path, problems.size(),
                                          problems.size() == 1 ? "" : "s", fmt::join(problems, "\n  ")));
}

}  // namespace

Status ParseMeetingFile(std::string_view text, const std::string& name, MeetingFile* out) {
  *out = MeetingFile{};
  Reader r(name);
  try {
    YAML::Node root = YAML::Load(std::string(text));
    if (!root.IsMap()) return Problems(name, {"a meeting record file is a YAML map of keys (see docs/meetings.md)"});
    r.Map(root, "the file", {"partnership", "meeting", "first_minute", "agenda", "attendance", "declarations", "minutes"});
    YAML::Node p = root["partnership"];
    if (!p) {
      r.Problem("\"partnership\" is required (its name, and its members)");
    } else if (r.Map(p, "partnership", {"name", "members"})) {
      out->partnership.name = r.Text(p, "name", "partnership", true);
      for (const YAML::Node& m : r.List(p, "members", "partnership")) ReadMember(r, m, &out->partnership);
    }
    out->record.meeting.partnership = out->partnership.name;
    ReadMeeting(r, root["meeting"], &out->record);
    out->first_minute = r.Int(root, "first_minute", "the file", 1, 100000);
    for (const YAML::Node& a : r.List(root, "agenda", "the file")) ReadAgendaItem(r, a, &out->record);
    ReadAttendance(r, root["attendance"], &out->record);
    for (const YAML::Node& d : r.List(root, "declarations", "the file")) {
      if (!r.Map(d, "declaration", {"member", "item", "nature"})) continue;
      out->record.declarations.push_back(Declaration{r.Text(d, "member", "declaration", true),
                                                     r.Text(d, "item", "declaration"),
                                                     r.Text(d, "nature", "declaration", true)});
    }
    for (const YAML::Node& m : r.List(root, "minutes", "the file")) ReadMinute(r, m, &out->record);
  } catch (const YAML::Exception& e) {
    return Problems(name, {fmt::format("line {}: not valid YAML: {}", e.mark.line + 1, e.msg)});
  }
  if (!r.problems().empty()) return Problems(name, r.problems());
  return Status::Ok();
}

Status ReadMeetingFile(const std::string& path, MeetingFile* out) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::IOError(fmt::format("cannot read {}", path));
  std::string text(kMaxFileBytes + 1, '\0');
  in.read(text.data(), static_cast<std::streamsize>(text.size()));
  text.resize(static_cast<size_t>(in.gcount()));
  if (text.size() > kMaxFileBytes)
    return Status::InvalidInput(fmt::format("{}: larger than {} MB: not a meeting record file", path, kMaxFileBytes >> 20));
  return ParseMeetingFile(text, path, out);
}

Status ImportMeetingFile(const std::string& path, MeetingStore& store, MeetingImport* out) {
  MeetingFile file;
  if (Status st = ReadMeetingFile(path, &file); !st.ok()) return st;
  MeetingRecord& record = file.record;
  std::vector<std::string> problems = CheckPartnership(file.partnership);

  // The members the record is checked against: the file's, else those already kept.
  Partnership members = file.partnership;
  if (members.members.empty()) {
    std::optional<Partnership> kept;
    if (Status st = store.FindPartnership(file.partnership.name, &kept); !st.ok()) return st;
    if (kept) members.members = kept->members;
  }

  int next = 0;
  if (Status st = store.NextMinuteNumber(file.partnership.name, record.meeting.date, file.first_minute.value_or(1), &next);
      !st.ok())
    return st;
  int assigned = 0;
  for (const Minute& m : record.minutes) assigned += m.number == 0 ? 1 : 0;
  if (!record.minutes.empty() && record.minutes.front().number != 0 && record.minutes.front().number < next) {
    problems.push_back(fmt::format(
        "minute {} ({}): the minutes of {} before {} run to {}, so this meeting's minutes start at {} or later",
        record.minutes.front().number, record.minutes.front().title,
        MunicipalYear::Containing(record.meeting.date).ToString(), record.meeting.date.ToLong(), next - 1, next));
  }
  AssignMinuteNumbers(&record, next);
  for (const std::string& p : CheckMeetingRecord(record, members)) problems.push_back(p);
  if (!problems.empty()) return Problems(path, problems);

  std::optional<int64_t> existing;
  if (Status st = store.FindMeeting(record.meeting.partnership, record.meeting.date, &existing); !st.ok()) return st;
  MeetingImport result;
  result.date = record.meeting.date;
  result.numbers_assigned = assigned;
  if (!record.minutes.empty()) {
    result.first_minute = record.minutes.front().number;
    result.last_minute = record.minutes.back().number;
  }
  if (existing) {
    std::optional<MeetingRecord> kept;
    if (Status st = store.LoadMeetingRecord(*existing, &kept); !st.ok()) return st;
    result.outcome = kept && Fingerprint(*kept) == Fingerprint(record) ? MeetingImport::Outcome::kUnchanged
                                                                       : MeetingImport::Outcome::kReplaced;
  }
  if (result.outcome == MeetingImport::Outcome::kUnchanged) {
    result.meeting_id = *existing;
  } else {
    if (Status st = store.SaveMeetingRecord(&record); !st.ok()) {
      if (st.code() == Status::Code::kInvalidInput) return Problems(path, {st.message()});
      return st;
    }
    result.meeting_id = record.meeting.id;
  }
  // Members after the meeting: a meeting the store refuses leaves the members as they were.
  if (Status st = store.SavePartnership(file.partnership); !st.ok()) return st;
  *out = result;
  return Status::Ok();
}

}  // namespace safer
