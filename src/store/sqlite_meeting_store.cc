// The partnership's members and meetings in the SQLite database the Store uses, on a
// connection of their own.
#include <algorithm>
#include <memory>

#include <fmt/format.h>

#include "store/meeting_store.h"
#include "store/sqlite_database.h"

namespace safer {
namespace {

using sqlite::Exec;
using sqlite::Statement;
using sqlite::Transaction;
using sqlite::Use;

constexpr const char* kSchema = R"sql(
CREATE TABLE IF NOT EXISTS partnership (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE);
CREATE TABLE IF NOT EXISTS partnership_member (
  id INTEGER PRIMARY KEY, partnership_id INTEGER NOT NULL REFERENCES partnership(id), name TEXT NOT NULL,
  role TEXT NOT NULL, organisation TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('responsible-authority', 'other', 'observer')),
  office TEXT NOT NULL CHECK (office IN ('', 'chair', 'vice-chair')),
  from_date TEXT, to_date TEXT, UNIQUE (partnership_id, name));
CREATE TABLE IF NOT EXISTS meeting (
  id INTEGER PRIMARY KEY, partnership_id INTEGER NOT NULL REFERENCES partnership(id), date TEXT NOT NULL,
  municipal_year INTEGER NOT NULL, start_minute INTEGER, end_minute INTEGER, venue TEXT NOT NULL,
  status TEXT NOT NULL, moved_to TEXT, note TEXT NOT NULL, chair TEXT NOT NULL,
  UNIQUE (partnership_id, date));
CREATE TABLE IF NOT EXISTS agenda_item (
  id INTEGER PRIMARY KEY, meeting_id INTEGER NOT NULL REFERENCES meeting(id), position INTEGER NOT NULL,
  number TEXT NOT NULL, title TEXT NOT NULL, kind TEXT NOT NULL, reporting_officer TEXT NOT NULL,
  exempt_paragraph INTEGER CHECK (exempt_paragraph BETWEEN 1 AND 7), has_report INTEGER NOT NULL,
  report_of TEXT, subject TEXT, decision_type TEXT, purpose TEXT, background TEXT, proposals TEXT, risk TEXT,
  financial TEXT, legal TEXT, child_and_family_poverty TEXT, equality_and_diversity TEXT, section_17 TEXT,
  staff TEXT, asset_management TEXT, recommendations TEXT, reasons TEXT, background_papers TEXT,
  contact_officer TEXT);
CREATE TABLE IF NOT EXISTS attendance (
  meeting_id INTEGER NOT NULL REFERENCES meeting(id), position INTEGER NOT NULL, name TEXT NOT NULL,
  role_or_organisation TEXT NOT NULL, kind TEXT NOT NULL, substitute_for TEXT NOT NULL,
  PRIMARY KEY (meeting_id, position)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS declaration_of_interest (
  meeting_id INTEGER NOT NULL REFERENCES meeting(id), position INTEGER NOT NULL, member TEXT NOT NULL,
  item TEXT NOT NULL, nature TEXT NOT NULL, PRIMARY KEY (meeting_id, position)) WITHOUT ROWID;
-- Minute numbers run on through the municipal year: one number, one minute, per partnership.
CREATE TABLE IF NOT EXISTS minute (
  id INTEGER PRIMARY KEY, meeting_id INTEGER NOT NULL REFERENCES meeting(id),
  partnership_id INTEGER NOT NULL REFERENCES partnership(id), municipal_year INTEGER NOT NULL,
  number INTEGER NOT NULL CHECK (number > 0), position INTEGER NOT NULL, title TEXT NOT NULL,
  reporting_officer TEXT NOT NULL, agenda_item TEXT NOT NULL, purpose TEXT NOT NULL, issues TEXT NOT NULL,
  exempt_paragraph INTEGER CHECK (exempt_paragraph BETWEEN 1 AND 7), exempt_text TEXT NOT NULL,
  UNIQUE (partnership_id, municipal_year, number));
CREATE TABLE IF NOT EXISTS minute_decision (
  minute_id INTEGER NOT NULL REFERENCES minute(id), position INTEGER NOT NULL, text TEXT NOT NULL,
  PRIMARY KEY (minute_id, position)) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS minute_by_meeting ON minute(meeting_id);
)sql";

// Imports hold the write lock for the whole import: wait for it.
constexpr int kBusyTimeoutMs = 30000;

// The report template's fields in the order of agenda_item's report columns.
constexpr std::string Report::*kReportFields[] = {
    &Report::report_of, &Report::subject, &Report::decision_type, &Report::purpose, &Report::background,
    &Report::proposals, &Report::risk, &Report::financial, &Report::legal, &Report::child_and_family_poverty,
    &Report::equality_and_diversity, &Report::section_17, &Report::staff, &Report::asset_management,
    &Report::recommendations, &Report::reasons, &Report::background_papers, &Report::contact_officer};
constexpr int kReportFieldCount = static_cast<int>(std::size(kReportFields));

std::string_view OfficeName(Office office) {
  switch (office) {
    case Office::kChair: return "chair";
    case Office::kViceChair: return "vice-chair";
    case Office::kNone: return "";
  }
  return "";
}

Office ParseOffice(std::string_view text) {
  if (text == "chair") return Office::kChair;
  if (text == "vice-chair") return Office::kViceChair;
  return Office::kNone;
}

template <typename Enum, typename Names>
Status ParseStored(std::string_view text, int last, Names name_of, Enum* out) {
  for (int k = 0; k <= last; ++k) {
    if (text == name_of(static_cast<Enum>(k))) {
      *out = static_cast<Enum>(k);
      return Status::Ok();
    }
  }
  return Status::StoreError(fmt::format("the database holds an unknown value \"{}\"", text));
}

// The wider of two membership periods: an open end stays open.
void Widen(const Member& kept, Member* given) {
  if (!kept.from || !given->from) given->from.reset();
  else given->from = std::min(*kept.from, *given->from);
  if (!kept.to || !given->to) given->to.reset();
  else given->to = std::max(*kept.to, *given->to);
}

class SqliteMeetingStore : public MeetingStore {
 public:
  explicit SqliteMeetingStore(std::unique_ptr<sqlite::Connection> connection)
      : connection_(std::move(connection)), db_(connection_->get()) {}

  Status Init() {
    return Exec(db_, kSchema);
  }

  // A file's members join those kept: the same name is the same seat, its role and
  // organisation updated where the file gives them and its period widened to cover both.
  Status SavePartnership(const Partnership& partnership) override {
    if (std::vector<std::string> problems = CheckPartnership(partnership); !problems.empty())
      return Status::InvalidInput(fmt::format("{}", fmt::join(problems, "; ")));
    Transaction t(db_);
    if (Status st = t.Begin(); !st.ok()) return st;
    int64_t pid = 0;
    if (Status st = PartnershipId(partnership.name, true, &pid); !st.ok()) return st;
    std::optional<Partnership> kept;
    if (Status st = FindPartnership(partnership.name, &kept); !st.ok()) return st;
    Partnership merged = *kept;
    for (Member m : partnership.members) {
      auto same = std::find_if(merged.members.begin(), merged.members.end(),
                               [&](const Member& k) { return k.name == m.name; });
      if (same == merged.members.end()) {
        merged.members.push_back(std::move(m));
        continue;
      }
      if (m.role.empty()) m.role = same->role;
      if (m.organisation.empty()) m.organisation = same->organisation;
      Widen(*same, &m);
      m.id = same->id;
      *same = std::move(m);
    }
    if (std::vector<std::string> problems = CheckPartnership(merged); !problems.empty())
      return Status::InvalidInput(fmt::format("with the members already kept: {}", fmt::join(problems, "; ")));
    for (const Member& m : merged.members) {
      Status st = Write(
          "INSERT INTO partnership_member (partnership_id, name, role, organisation, kind, office, from_date, to_date) "
          "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8) ON CONFLICT (partnership_id, name) DO UPDATE SET "
          "role = excluded.role, organisation = excluded.organisation, kind = excluded.kind, "
          "office = excluded.office, from_date = excluded.from_date, to_date = excluded.to_date",
          [&](Use& q) {
            q.Bind(1, pid).Bind(2, m.name).Bind(3, m.role).Bind(4, m.organisation).Bind(5, MemberKindName(m.kind));
            q.Bind(6, OfficeName(m.office)).Bind(7, m.from).Bind(8, m.to);
          });
      if (!st.ok()) return st;
    }
    return t.Commit();
  }

  Status FindPartnership(std::string_view name, std::optional<Partnership>* out) override {
    out->reset();
    Statement* s = nullptr;
    if (Status st = Prepared("SELECT id FROM partnership WHERE name = ?1", &s); !st.ok()) return st;
    Partnership p;
    {
      Use q(*s);
      q.Bind(1, name);
      bool row = false;
      if (Status st = q.Step(&row); !st.ok() || !row) return st;
      p.id = q.Int(0);
      p.name = std::string(name);
    }
    if (Status st = Prepared("SELECT id, name, role, organisation, kind, office, from_date, to_date "
                             "FROM partnership_member WHERE partnership_id = ?1 ORDER BY id",
                             &s);
        !st.ok())
      return st;
    Use q(*s);
    q.Bind(1, p.id);
    for (bool row = true;;) {
      if (Status st = q.Step(&row); !st.ok()) return st;
      if (!row) break;
      Member m;
      m.id = q.Int(0);
      m.name = q.Text(1);
      m.role = q.Text(2);
      m.organisation = q.Text(3);
      std::optional<MemberKind> kind = ParseMemberKind(q.Text(4));
      if (!kind) return Status::StoreError(fmt::format("member {} has an unknown kind \"{}\"", m.name, q.Text(4)));
      m.kind = *kind;
      m.office = ParseOffice(q.Text(5));
      if (Status st = q.DateAt(6, &m.from); !st.ok()) return st;
      if (Status st = q.DateAt(7, &m.to); !st.ok()) return st;
      p.members.push_back(std::move(m));
    }
    *out = std::move(p);
    return Status::Ok();
  }

  Status ListPartnerships(std::vector<std::string>* names) override {
    names->clear();
    Statement* s = nullptr;
    if (Status st = Prepared("SELECT name FROM partnership ORDER BY name", &s); !st.ok()) return st;
    Use q(*s);
    return q.ForEachRow([&]() -> Status {
      names->push_back(q.Text(0));
      return Status::Ok();
    });
  }

  Status NextMinuteNumber(std::string_view partnership, const Date& date, int fallback, int* out) override {
    Statement* s = nullptr;
    if (Status st = Prepared("SELECT MAX(mi.number) FROM minute mi JOIN meeting m ON m.id = mi.meeting_id "
                             "JOIN partnership p ON p.id = m.partnership_id "
                             "WHERE p.name = ?1 AND m.municipal_year = ?2 AND m.date < ?3",
                             &s);
        !st.ok())
      return st;
    Use q(*s);
    q.Bind(1, partnership).Bind(2, int64_t{MunicipalYear::Containing(date).first_year()}).Bind(3, date.ToIso());
    bool row = false;
    if (Status st = q.Step(&row); !st.ok()) return st;
    *out = row && !q.IsNull(0) ? static_cast<int>(q.Int(0)) + 1 : fallback;
    return Status::Ok();
  }

  Status SaveMeetingRecord(MeetingRecord* record) override {
    Meeting& meeting = record->meeting;
    const int64_t year = MunicipalYear::Containing(meeting.date).first_year();
    Transaction t(db_);
    if (Status st = t.Begin(); !st.ok()) return st;
    int64_t pid = 0;
    if (Status st = PartnershipId(meeting.partnership, true, &pid); !st.ok()) return st;
    std::optional<int64_t> existing;
    if (Status st = FindMeeting(meeting.partnership, meeting.date, &existing); !st.ok()) return st;
    if (existing) {
      if (Status st = DeleteContents(*existing); !st.ok()) return st;
    }
    if (Status st = CheckMinuteNumbers(pid, year, *record); !st.ok()) return st;

    // A replaced meeting keeps its id, so links to the meeting survive a corrected file.
    const char* sql = existing
        ? "UPDATE meeting SET partnership_id = ?1, date = ?2, municipal_year = ?3, start_minute = ?4, "
          "end_minute = ?5, venue = ?6, status = ?7, moved_to = ?8, note = ?9, chair = ?10 WHERE id = ?11"
        : "INSERT INTO meeting (partnership_id, date, municipal_year, start_minute, end_minute, venue, status, "
          "moved_to, note, chair) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)";
    Status st = Write(sql, [&](Use& q) {
      q.Bind(1, pid).Bind(2, meeting.date.ToIso()).Bind(3, year);
      q.Bind(4, meeting.start ? std::optional<int>(meeting.start->minutes()) : std::nullopt);
      q.Bind(5, meeting.end ? std::optional<int>(meeting.end->minutes()) : std::nullopt);
      q.Bind(6, meeting.venue).Bind(7, MeetingStatusName(meeting.status)).Bind(8, meeting.moved_to);
      q.Bind(9, meeting.note).Bind(10, record->chair);
      if (existing) q.Bind(11, *existing);
    });
    if (!st.ok()) return st;
    const int64_t meeting_id = existing ? *existing : sqlite3_last_insert_rowid(db_);
    if (Status st = InsertContents(meeting_id, pid, year, record); !st.ok()) return st;
    if (Status st = t.Commit(); !st.ok()) return st;
    meeting.id = meeting_id;
    return Status::Ok();
  }

  Status LoadMeetingRecord(int64_t meeting_id, std::optional<MeetingRecord>* out) override {
    out->reset();
    MeetingRecord r;
    Statement* s = nullptr;
    if (Status st = Prepared("SELECT m.id, p.name, m.date, m.start_minute, m.end_minute, m.venue, m.status, "
                             "m.moved_to, m.note, m.chair FROM meeting m JOIN partnership p ON p.id = m.partnership_id "
                             "WHERE m.id = ?1",
                             &s);
        !st.ok())
      return st;
    {
      Use q(*s);
      q.Bind(1, meeting_id);
      bool row = false;
      if (Status st = q.Step(&row); !st.ok() || !row) return st;
      Meeting& m = r.meeting;
      m.id = q.Int(0);
      m.partnership = q.Text(1);
      std::optional<Date> date;
      if (Status st = q.DateAt(2, &date); !st.ok()) return st;
      m.date = date.value_or(Date());
      if (auto v = q.OptionalInt(3)) m.start = TimeOfDay::FromMinutes(*v);
      if (auto v = q.OptionalInt(4)) m.end = TimeOfDay::FromMinutes(*v);
      m.venue = q.Text(5);
      if (Status st = ParseStored(q.Text(6), static_cast<int>(MeetingStatus::kCancelled), MeetingStatusName,
                                  &m.status);
          !st.ok())
        return st;
      if (Status st = q.DateAt(7, &m.moved_to); !st.ok()) return st;
      m.note = q.Text(8);
      r.chair = q.Text(9);
    }
    if (Status st = LoadAgenda(meeting_id, &r); !st.ok()) return st;
    if (Status st = LoadAttendance(meeting_id, &r); !st.ok()) return st;
    if (Status st = LoadDeclarations(meeting_id, &r); !st.ok()) return st;
    if (Status st = LoadMinutes(meeting_id, &r); !st.ok()) return st;
    *out = std::move(r);
    return Status::Ok();
  }

  Status FindMeeting(std::string_view partnership, const Date& date, std::optional<int64_t>* id) override {
    id->reset();
    Statement* s = nullptr;
    if (Status st = Prepared("SELECT m.id FROM meeting m JOIN partnership p ON p.id = m.partnership_id "
                             "WHERE p.name = ?1 AND m.date = ?2",
                             &s);
        !st.ok())
      return st;
    Use q(*s);
    q.Bind(1, partnership).Bind(2, date.ToIso());
    bool row = false;
    if (Status st = q.Step(&row); !st.ok()) return st;
    if (row) *id = q.Int(0);
    return Status::Ok();
  }

  Status ListMeetings(std::string_view partnership, std::optional<Date> from, std::optional<Date> to,
                      std::vector<MeetingSummary>* out) override {
    out->clear();
    Statement* s = nullptr;
    if (Status st = Prepared(
            "SELECT m.id, p.name, m.date, m.status, "
            "(SELECT MIN(number) FROM minute WHERE meeting_id = m.id), "
            "(SELECT MAX(number) FROM minute WHERE meeting_id = m.id), "
            "(SELECT COUNT(*) FROM agenda_item WHERE meeting_id = m.id), "
            "EXISTS (SELECT 1 FROM minute WHERE meeting_id = m.id AND exempt_paragraph IS NOT NULL) OR "
            "EXISTS (SELECT 1 FROM agenda_item WHERE meeting_id = m.id AND exempt_paragraph IS NOT NULL) "
            "FROM meeting m JOIN partnership p ON p.id = m.partnership_id "
            "WHERE (?1 = '' OR p.name = ?1) AND (?2 IS NULL OR m.date >= ?2) AND (?3 IS NULL OR m.date <= ?3) "
            "ORDER BY m.date, p.name",
            &s);
        !st.ok())
      return st;
    Use q(*s);
    q.Bind(1, partnership).Bind(2, from).Bind(3, to);
    return q.ForEachRow([&]() -> Status {
      MeetingSummary m;
      m.id = q.Int(0);
      m.partnership = q.Text(1);
      std::optional<Date> date;
      if (Status st = q.DateAt(2, &date); !st.ok()) return st;
      m.date = date.value_or(Date());
      if (Status st = ParseStored(q.Text(3), static_cast<int>(MeetingStatus::kCancelled), MeetingStatusName,
                                  &m.status);
          !st.ok())
        return st;
      m.first_minute = q.OptionalInt(4).value_or(0);
      m.last_minute = q.OptionalInt(5).value_or(0);
      m.agenda_items = static_cast<int>(q.Int(6));
      m.has_exempt = q.Int(7) != 0;
      out->push_back(std::move(m));
      return Status::Ok();
    });
  }

  Status ListAttendance(std::string_view partnership, const Date& from, const Date& to,
                        std::vector<AttendanceLine>* out) override {
    out->clear();
    Statement* s = nullptr;
    if (Status st = Prepared(
            "SELECT m.date, m.id, a.name, a.role_or_organisation, a.kind, a.substitute_for, "
            "COALESCE(pm.organisation, '') FROM attendance a JOIN meeting m ON m.id = a.meeting_id "
            "JOIN partnership p ON p.id = m.partnership_id "
            "LEFT JOIN partnership_member pm ON pm.partnership_id = p.id AND pm.name = a.name "
            "WHERE p.name = ?1 AND m.date >= ?2 AND m.date <= ?3 ORDER BY m.date, a.position",
            &s);
        !st.ok())
      return st;
    Use q(*s);
    q.Bind(1, partnership).Bind(2, from.ToIso()).Bind(3, to.ToIso());
    return q.ForEachRow([&]() -> Status {
      AttendanceLine line;
      std::optional<Date> date;
      if (Status st = q.DateAt(0, &date); !st.ok()) return st;
      line.date = date.value_or(Date());
      line.meeting_id = q.Int(1);
      line.attendance.name = q.Text(2);
      line.attendance.role_or_organisation = q.Text(3);
      if (Status st = ParseStored(q.Text(4), static_cast<int>(AttendanceKind::kApologies), AttendanceKindName,
                                  &line.attendance.kind);
          !st.ok())
        return st;
      line.attendance.substitute_for = q.Text(5);
      line.organisation = q.Text(6);
      out->push_back(std::move(line));
      return Status::Ok();
    });
  }

 private:
  // The cached statement for this SQL, prepared on first use.
  Status Prepared(const std::string& sql, Statement** out) { return connection_->Prepared(sql, out); }

  template <typename BindAll>
  Status Write(const std::string& sql, BindAll bind) {
    Statement* s = nullptr;
    if (Status st = Prepared(sql, &s); !st.ok()) return st;
    Use q(*s);
    bind(q);
    return q.Step();
  }

  Status PartnershipId(std::string_view name, bool create, int64_t* id) {
    if (name.empty()) return Status::InvalidInput("the partnership has no name");
    if (create) {
      if (Status st = Write("INSERT INTO partnership (name) VALUES (?1) ON CONFLICT (name) DO NOTHING",
                            [&](Use& q) { q.Bind(1, name); });
          !st.ok())
        return st;
    }
    Statement* s = nullptr;
    if (Status st = Prepared("SELECT id FROM partnership WHERE name = ?1", &s); !st.ok()) return st;
    Use q(*s);
    q.Bind(1, name);
    bool row = false;
    if (Status st = q.Step(&row); !st.ok()) return st;
    if (!row) return Status::NotFound(fmt::format("there is no partnership named \"{}\"", name));
    *id = q.Int(0);
    return Status::Ok();
  }

  Status DeleteContents(int64_t meeting_id) {
    for (const char* sql : {"DELETE FROM minute_decision WHERE minute_id IN (SELECT id FROM minute WHERE meeting_id = ?1)",
                            "DELETE FROM minute WHERE meeting_id = ?1", "DELETE FROM agenda_item WHERE meeting_id = ?1",
                            "DELETE FROM attendance WHERE meeting_id = ?1",
                            "DELETE FROM declaration_of_interest WHERE meeting_id = ?1"}) {
      if (Status st = Write(sql, [&](Use& q) { q.Bind(1, meeting_id); }); !st.ok()) return st;
    }
    return Status::Ok();
  }

  // Every number another meeting of the year already uses, named with that meeting's date.
  Status CheckMinuteNumbers(int64_t pid, int64_t year, const MeetingRecord& record) {
    Statement* s = nullptr;
    if (Status st = Prepared("SELECT m.date FROM minute mi JOIN meeting m ON m.id = mi.meeting_id "
                             "WHERE mi.partnership_id = ?1 AND mi.municipal_year = ?2 AND mi.number = ?3",
                             &s);
        !st.ok())
      return st;
    std::vector<std::string> taken;
    for (const Minute& minute : record.minutes) {
      Use q(*s);
      q.Bind(1, pid).Bind(2, year).Bind(3, int64_t{minute.number});
      bool row = false;
      if (Status st = q.Step(&row); !st.ok()) return st;
      if (!row) continue;
      std::optional<Date> date;
      if (Status st = q.DateAt(0, &date); !st.ok()) return st;
      taken.push_back(fmt::format("minute {} ({}) is already minute {} of the meeting of {}", minute.number,
                                  minute.title, minute.number, date ? date->ToLong() : "another date"));
    }
    if (taken.empty()) return Status::Ok();
    return Status::InvalidInput(fmt::format("minute numbers run on through the municipal year {}, once each: {}",
                                            MunicipalYear(static_cast<int>(year)).ToString(), fmt::join(taken, "; ")));
  }

  Status InsertContents(int64_t meeting_id, int64_t pid, int64_t year, MeetingRecord* record) {
    std::string agenda_sql =
        "INSERT INTO agenda_item (meeting_id, position, number, title, kind, reporting_officer, exempt_paragraph, "
        "has_report, report_of, subject, decision_type, purpose, background, proposals, risk, financial, legal, "
        "child_and_family_poverty, equality_and_diversity, section_17, staff, asset_management, recommendations, "
        "reasons, background_papers, contact_officer) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8";
    for (int i = 0; i < kReportFieldCount; ++i) agenda_sql += fmt::format(", ?{}", 9 + i);
    agenda_sql += ")";
    int64_t position = 0;
    for (AgendaItem& item : record->agenda) {
      Status st = Write(agenda_sql, [&](Use& q) {
        q.Bind(1, meeting_id).Bind(2, position++).Bind(3, item.number).Bind(4, item.title);
        q.Bind(5, AgendaItemKindName(item.kind)).Bind(6, item.reporting_officer).Bind(7, item.exempt_paragraph);
        q.Bind(8, int64_t{item.report.has_value()});
        if (item.report)
          for (int i = 0; i < kReportFieldCount; ++i) q.Bind(9 + i, std::string_view((*item.report).*kReportFields[i]));
      });
      if (!st.ok()) return st;
      item.id = sqlite3_last_insert_rowid(db_);
    }
    position = 0;
    for (const Attendance& a : record->attendance) {
      Status st = Write(
          "INSERT INTO attendance (meeting_id, position, name, role_or_organisation, kind, substitute_for) "
          "VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
          [&](Use& q) {
            q.Bind(1, meeting_id).Bind(2, position++).Bind(3, a.name).Bind(4, a.role_or_organisation);
            q.Bind(5, AttendanceKindName(a.kind)).Bind(6, a.substitute_for);
          });
      if (!st.ok()) return st;
    }
    position = 0;
    for (const Declaration& d : record->declarations) {
      Status st = Write(
          "INSERT INTO declaration_of_interest (meeting_id, position, member, item, nature) VALUES (?1, ?2, ?3, ?4, ?5)",
          [&](Use& q) { q.Bind(1, meeting_id).Bind(2, position++).Bind(3, d.member).Bind(4, d.item).Bind(5, d.nature); });
      if (!st.ok()) return st;
    }
    position = 0;
    for (Minute& m : record->minutes) {
      Status st = Write(
          "INSERT INTO minute (meeting_id, partnership_id, municipal_year, number, position, title, reporting_officer, "
          "agenda_item, purpose, issues, exempt_paragraph, exempt_text) "
          "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
          [&](Use& q) {
            q.Bind(1, meeting_id).Bind(2, pid).Bind(3, year).Bind(4, int64_t{m.number}).Bind(5, position++);
            q.Bind(6, m.title).Bind(7, m.reporting_officer).Bind(8, m.agenda_item).Bind(9, m.purpose);
            q.Bind(10, m.issues).Bind(11, m.exempt_paragraph).Bind(12, m.exempt_text);
          });
      if (!st.ok()) return st;
      m.id = sqlite3_last_insert_rowid(db_);
      int64_t d = 0;
      for (const std::string& text : m.decisions) {
        Status st = Write("INSERT INTO minute_decision (minute_id, position, text) VALUES (?1, ?2, ?3)",
                          [&](Use& q) { q.Bind(1, m.id).Bind(2, d++).Bind(3, text); });
        if (!st.ok()) return st;
      }
    }
    return Status::Ok();
  }

  Status LoadAgenda(int64_t meeting_id, MeetingRecord* r) {
    const std::string sql = "SELECT id, number, title, kind, reporting_officer, exempt_paragraph, has_report, report_of, subject, "
          "decision_type, purpose, background, proposals, risk, financial, legal, child_and_family_poverty, "
          "equality_and_diversity, section_17, staff, asset_management, recommendations, reasons, "
          "background_papers, contact_officer FROM agenda_item WHERE meeting_id = ?1 ORDER BY position";
    Statement* s = nullptr;
    if (Status st = Prepared(sql, &s); !st.ok()) return st;
    Use q(*s);
    q.Bind(1, meeting_id);
    return q.ForEachRow([&]() -> Status {
      AgendaItem item;
      item.id = q.Int(0);
      item.number = q.Text(1);
      item.title = q.Text(2);
      if (Status st = ParseStored(q.Text(3), static_cast<int>(AgendaItemKind::kProcedural), AgendaItemKindName,
                                  &item.kind);
          !st.ok())
        return st;
      item.reporting_officer = q.Text(4);
      item.exempt_paragraph = q.OptionalInt(5);
      if (q.Int(6) != 0) {
        Report report;
        for (int i = 0; i < kReportFieldCount; ++i) report.*kReportFields[i] = q.Text(7 + i);
        item.report = std::move(report);
      }
      r->agenda.push_back(std::move(item));
      return Status::Ok();
    });
  }

  Status LoadAttendance(int64_t meeting_id, MeetingRecord* r) {
    Statement* s = nullptr;
    if (Status st = Prepared("SELECT name, role_or_organisation, kind, substitute_for FROM attendance "
                             "WHERE meeting_id = ?1 ORDER BY position",
                             &s);
        !st.ok())
      return st;
    Use q(*s);
    q.Bind(1, meeting_id);
    return q.ForEachRow([&]() -> Status {
      Attendance a;
      a.name = q.Text(0);
      a.role_or_organisation = q.Text(1);
      if (Status st = ParseStored(q.Text(2), static_cast<int>(AttendanceKind::kApologies), AttendanceKindName, &a.kind);
          !st.ok())
        return st;
      a.substitute_for = q.Text(3);
      r->attendance.push_back(std::move(a));
      return Status::Ok();
    });
  }

  Status LoadDeclarations(int64_t meeting_id, MeetingRecord* r) {
    Statement* s = nullptr;
    if (Status st = Prepared("SELECT member, item, nature FROM declaration_of_interest WHERE meeting_id = ?1 "
                             "ORDER BY position",
                             &s);
        !st.ok())
      return st;
    Use q(*s);
    q.Bind(1, meeting_id);
    return q.ForEachRow([&]() -> Status {
      r->declarations.push_back(Declaration{q.Text(0), q.Text(1), q.Text(2)});
      return Status::Ok();
    });
  }

  Status LoadMinutes(int64_t meeting_id, MeetingRecord* r) {
    Statement* s = nullptr;
    if (Status st = Prepared("SELECT id, number, title, reporting_officer, agenda_item, purpose, issues, "
                             "exempt_paragraph, exempt_text FROM minute WHERE meeting_id = ?1 ORDER BY position",
                             &s);
        !st.ok())
      return st;
    {
      Use q(*s);
      q.Bind(1, meeting_id);
      for (bool row = true;;) {
        if (Status st = q.Step(&row); !st.ok()) return st;
        if (!row) break;
        Minute m;
        m.id = q.Int(0);
        m.number = static_cast<int>(q.Int(1));
        m.title = q.Text(2);
        m.reporting_officer = q.Text(3);
        m.agenda_item = q.Text(4);
        m.purpose = q.Text(5);
        m.issues = q.Text(6);
        m.exempt_paragraph = q.OptionalInt(7);
        m.exempt_text = q.Text(8);
        r->minutes.push_back(std::move(m));
      }
    }
    if (Status st = Prepared("SELECT text FROM minute_decision WHERE minute_id = ?1 ORDER BY position", &s); !st.ok())
      return st;
    for (Minute& m : r->minutes) {
      Use q(*s);
      q.Bind(1, m.id);
      for (bool row = true;;) {
        if (Status st = q.Step(&row); !st.ok()) return st;
        if (!row) break;
        m.decisions.push_back(q.Text(0));
      }
    }
    return Status::Ok();
  }

  std::unique_ptr<sqlite::Connection> connection_;
  sqlite3* db_;  // connection_'s
};

}  // namespace

Status OpenMeetingStore(const std::string& location, std::unique_ptr<MeetingStore>* out) {
  return sqlite::OpenStore<SqliteMeetingStore>(location, kBusyTimeoutMs, out);
}

}  // namespace safer
