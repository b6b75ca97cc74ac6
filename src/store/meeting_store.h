// MeetingStore: where partnerships, their members and their meetings (agenda, attendance,
// declarations, minutes) are kept. Same database as the Store; SQLite implementation in
// sqlite_meeting_store.cc. Thread safety: one thread at a time; open one per thread.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/governance.h"
#include "domain/status.h"

namespace safer {

struct MeetingSummary {
  int64_t id = 0;
  std::string partnership;
  Date date;
  MeetingStatus status = MeetingStatus::kScheduled;
  int first_minute = 0, last_minute = 0;  // 0 when no minutes recorded
  int agenda_items = 0;
  bool has_exempt = false;
};

// One line of attendance over a period, for statistics.
struct AttendanceLine {
  Date date;
  int64_t meeting_id = 0;
  Attendance attendance;
  std::string organisation;  // the member's organisation when the name is a member's
};

class MeetingStore {
 public:
  virtual ~MeetingStore() = default;

  // Creates the partnership when absent; members are matched by name: a member with the
  // same name is updated, others added. Nothing is saved when a member is invalid.
  virtual Status SavePartnership(const Partnership& partnership) = 0;
  virtual Status FindPartnership(std::string_view name, std::optional<Partnership>* out) = 0;
  virtual Status ListPartnerships(std::vector<std::string>* names) = 0;

  // 1 + the highest minute number of the partnership's meetings in the same municipal
  // year held before `date`; `fallback` when there are none (minutes kept elsewhere).
  virtual Status NextMinuteNumber(std::string_view partnership, const Date& date, int fallback, int* out) = 0;

  // Saves a meeting whole, in one transaction, replacing any record of the same
  // partnership and date (so a re-run of the same file changes nothing). Refused, with
  // nothing saved, when a minute number is already used by another meeting of the same
  // municipal year. Sets record->meeting.id and the ids of its items and minutes.
  virtual Status SaveMeetingRecord(MeetingRecord* record) = 0;
  virtual Status LoadMeetingRecord(int64_t meeting_id, std::optional<MeetingRecord>* out) = 0;
  virtual Status FindMeeting(std::string_view partnership, const Date& date, std::optional<int64_t>* id) = 0;
  // Oldest first; from/to inclusive, empty for unbounded.
  virtual Status ListMeetings(std::string_view partnership, std::optional<Date> from, std::optional<Date> to,
                              std::vector<MeetingSummary>* out) = 0;

  virtual Status ListAttendance(std::string_view partnership, const Date& from, const Date& to,
                                std::vector<AttendanceLine>* out) = 0;
};

Status OpenMeetingStore(const std::string& location, std::unique_ptr<MeetingStore>* out);

}  // namespace safer
