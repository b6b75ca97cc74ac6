// Attendance at a partnership's meetings over a period, per member or per agency. Only
// meetings held while someone was a member count for them, and each such meeting counts
// once: present (including in the chair), else represented by a substitute, else apologies,
// else absent without apologies. So meetings = present + substitute + apologies + absent.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "domain/calendar.h"
#include "domain/governance.h"
#include "domain/status.h"
#include "store/meeting_store.h"

namespace safer {

enum class AttendanceGrouping { kMember, kAgency };

struct AttendanceStatistics {
  std::string name;          // the member, or the agency (organisation)
  std::string organisation;  // the member's organisation; the agency itself when grouped by agency
  int meetings = 0;          // meetings held while a member
  int present = 0, substitute = 0, apologies = 0, absent = 0;
  // Share of those meetings at which the seat (or agency) was represented, in person or by a
  // substitute, in percent; 0 when there were no meetings.
  double RatePercent() const;
};

// From the lines of ListAttendance and the members (with their dates), in member order
// (or agency order of first appearance). An organisation left blank is its own agency.
std::vector<AttendanceStatistics> CountAttendance(const Partnership& partnership,
                                                  const std::vector<AttendanceLine>& lines,
                                                  AttendanceGrouping grouping);

// Reads the partnership and its attendance from `from` to `to` inclusive and counts it.
Status ComputeAttendance(MeetingStore& store, std::string_view partnership, const Date& from, const Date& to,
                         AttendanceGrouping grouping, std::vector<AttendanceStatistics>* out);

}  // namespace safer
