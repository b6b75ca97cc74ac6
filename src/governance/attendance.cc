#include "governance/attendance.h"

#include <algorithm>
#include <map>
#include <set>

#include <fmt/format.h>

namespace safer {
namespace {

// Ordered worst to best: a member with a substitute who also sent apologies was represented.
enum class Showing { kAbsent, kApologies, kSubstitute, kPresent };

bool IsMemberOn(const Member& member, const Date& date) {
  return (!member.from || *member.from <= date) && (!member.to || date <= *member.to);
}

void Count(Showing showing, AttendanceStatistics* s) {
  ++s->meetings;
  switch (showing) {
    case Showing::kPresent: ++s->present; break;
    case Showing::kSubstitute: ++s->substitute; break;
    case Showing::kApologies: ++s->apologies; break;
    case Showing::kAbsent: ++s->absent; break;
  }
}

}  // namespace

double AttendanceStatistics::RatePercent() const {
  return meetings == 0 ? 0.0 : 100.0 * (present + substitute) / meetings;
}

std::vector<AttendanceStatistics> CountAttendance(const Partnership& partnership,
                                                  const std::vector<AttendanceLine>& lines,
                                                  AttendanceGrouping grouping) {
  // How each member showed at each meeting: the best of what the minutes record for them.
  std::map<int64_t, Date> meetings;
  std::map<std::pair<int64_t, std::string>, Showing> showing;
  auto note = [&](int64_t meeting, const std::string& name, Showing s) {
    Showing& held = showing.try_emplace({meeting, name}, Showing::kAbsent).first->second;
    held = std::max(held, s);
  };
  for (const AttendanceLine& line : lines) {
    meetings.emplace(line.meeting_id, line.date);
    const Attendance& a = line.attendance;
    switch (a.kind) {
      case AttendanceKind::kPresent:
      case AttendanceKind::kInTheChair: note(line.meeting_id, a.name, Showing::kPresent); break;
      case AttendanceKind::kSubstitute: note(line.meeting_id, a.substitute_for, Showing::kSubstitute); break;
      case AttendanceKind::kApologies: note(line.meeting_id, a.name, Showing::kApologies); break;
      case AttendanceKind::kAlsoPresent:
      case AttendanceKind::kOfficer: break;
    }
  }
  auto how = [&](int64_t meeting, const std::string& name) {
    auto it = showing.find({meeting, name});
    return it == showing.end() ? Showing::kAbsent : it->second;
  };

  std::vector<AttendanceStatistics> out;
  if (grouping == AttendanceGrouping::kMember) {
    for (const Member& m : partnership.members) {
      AttendanceStatistics s{m.name, m.organisation};
      for (const auto& [id, date] : meetings)
        if (IsMemberOn(m, date)) Count(how(id, m.name), &s);
      if (s.meetings > 0) out.push_back(std::move(s));
    }
    return out;
  }
  // An agency is represented at a meeting by the best showing of any of its members then.
  std::vector<std::string> agencies;
  for (const Member& m : partnership.members)
    if (std::find(agencies.begin(), agencies.end(), m.organisation) == agencies.end()) agencies.push_back(m.organisation);
  for (const std::string& agency : agencies) {
    AttendanceStatistics s{agency.empty() ? "(organisation not given)" : agency, agency};
    for (const auto& [id, date] : meetings) {
      std::optional<Showing> best;
      for (const Member& m : partnership.members)
        if (m.organisation == agency && IsMemberOn(m, date)) best = std::max(best.value_or(Showing::kAbsent), how(id, m.name));
      if (best) Count(*best, &s);
    }
    if (s.meetings > 0) out.push_back(std::move(s));
  }
  return out;
}

Status ComputeAttendance(MeetingStore& store, std::string_view partnership, const Date& from, const Date& to,
                         AttendanceGrouping grouping, std::vector<AttendanceStatistics>* out) {
  out->clear();
  if (to < from)
    return Status::InvalidInput(fmt::format("the period ends ({}) before it starts ({})", to.ToLong(), from.ToLong()));
  std::optional<Partnership> found;
  if (Status st = store.FindPartnership(partnership, &found); !st.ok()) return st;
  if (!found) return Status::NotFound(fmt::format("there is no partnership named \"{}\"", partnership));
  std::vector<AttendanceLine> lines;
  if (Status st = store.ListAttendance(partnership, from, to, &lines); !st.ok()) return st;
  *out = CountAttendance(*found, lines, grouping);
  return Status::Ok();
}

}  // namespace safer
