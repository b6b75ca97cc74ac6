#include "domain/governance.h"

#include <map>
#include <set>

namespace safer {
namespace {

bool IsMemberOn(const Member& member, const Date& date) {
  return (!member.from || *member.from <= date) && (!member.to || date <= *member.to);
}

std::string MinuteLabel(const Minute& minute) {
  if (minute.number > 0) return "minute " + std::to_string(minute.number) + " (" + minute.title + ")";
  return "minute \"" + minute.title + "\"";
}

std::string Quoted(std::string_view text) { return "\"" + std::string(text) + "\""; }

bool Attends(AttendanceKind kind) {
  return kind == AttendanceKind::kPresent || kind == AttendanceKind::kInTheChair ||
         kind == AttendanceKind::kSubstitute;
}

void CheckAttendance(const MeetingRecord& record, const Partnership& partnership, std::vector<std::string>* problems) {
  const Date& date = record.meeting.date;
  auto member_on_date = [&](std::string_view name) {
    for (const Member& m : partnership.members)
      if (m.name == name && IsMemberOn(m, date)) return true;
    return false;
  };
  std::map<std::string, AttendanceKind> seen;
  std::vector<std::string> in_the_chair;
  for (const Attendance& a : record.attendance) {
    if (a.name.empty()) {
      problems->push_back("an attendance line has no name");
      continue;
    }
    if (a.kind == AttendanceKind::kSubstitute) {
      if (a.substitute_for.empty())
        problems->push_back(a.name + " is a substitute but not for anyone: give the member they attended for");
      else if (!member_on_date(a.substitute_for))
        problems->push_back(a.name + " is recorded as substitute for " + a.substitute_for + ", who is not a member of " +
                            partnership.name + " on " + date.ToLong());
    } else if (!a.substitute_for.empty()) {
      problems->push_back(a.name + " is recorded as " + std::string(AttendanceKindName(a.kind)) +
                          " and also as substitute for " + a.substitute_for + ": only a substitute attends for someone");
    }
    if (a.kind == AttendanceKind::kInTheChair) in_the_chair.push_back(a.name);
    auto [it, fresh] = seen.emplace(a.name, a.kind);
    if (fresh) continue;
    bool attends_and_apologises = (Attends(it->second) && a.kind == AttendanceKind::kApologies) ||
                                  (Attends(a.kind) && it->second == AttendanceKind::kApologies);
    if (attends_and_apologises)
      problems->push_back(a.name + " is recorded both as attending and as sending apologies");
    else
      problems->push_back(a.name + " is listed twice in the attendance (" + std::string(AttendanceKindName(it->second)) +
                          " and " + std::string(AttendanceKindName(a.kind)) + ")");
  }
  // A member whose substitute attended did not attend in person.
  for (const Attendance& a : record.attendance) {
    if (a.kind != AttendanceKind::kSubstitute) continue;
    auto it = seen.find(a.substitute_for);
    if (it != seen.end() && Attends(it->second))
      problems->push_back(a.substitute_for + " is recorded as attending and also as substituted by " + a.name);
  }
  if (in_the_chair.size() > 1)
    problems->push_back("more than one person is recorded in the chair: " + in_the_chair[0] + " and " + in_the_chair[1]);
  if (!record.chair.empty()) {
    auto it = seen.find(record.chair);
    if (it == seen.end() || !Attends(it->second))
      problems->push_back("the chair, " + record.chair + ", is not recorded as attending");
    if (!in_the_chair.empty() && in_the_chair[0] != record.chair)
      problems->push_back("the chair is given as " + record.chair + " but " + in_the_chair[0] +
                          " is recorded in the chair");
  }
  for (const Declaration& d : record.declarations) {
    if (d.member.empty()) {
      problems->push_back("a declaration of interest names no member");
      continue;
    }
    auto it = seen.find(d.member);
    if (it == seen.end() || !Attends(it->second))
      problems->push_back("a declaration of interest by " + d.member + ", who is not recorded as attending");
    if (d.nature.empty()) problems->push_back("the declaration of interest by " + d.member + " does not say its nature");
  }
}

void CheckAgenda(const MeetingRecord& record, std::vector<std::string>* problems) {
  std::set<std::string> numbers;
  for (const AgendaItem& item : record.agenda) {
    std::string label = "agenda item " + (item.number.empty() ? Quoted(item.title) : item.number);
    if (item.title.empty()) problems->push_back(label + " has no title");
    if (!item.number.empty() && !numbers.insert(item.number).second)
      problems->push_back("agenda item number " + item.number + " is used twice");
    if (item.kind == AgendaItemKind::kExempt && !item.exempt_paragraph)
      problems->push_back(label + " is exempt but gives no Schedule 12A paragraph (1-7)");
    if (item.kind != AgendaItemKind::kExempt && item.exempt_paragraph)
      problems->push_back(label + " gives an exempt paragraph but is not an exempt item");
    if (item.exempt_paragraph && ExemptParagraphText(*item.exempt_paragraph).empty())
      problems->push_back(label + ": Schedule 12A paragraph " + std::to_string(*item.exempt_paragraph) +
                          " does not exist (1-7)");
  }
}

void CheckMinutes(const MeetingRecord& record, std::vector<std::string>* problems) {
  std::set<std::string> agenda_numbers;
  for (const AgendaItem& item : record.agenda) agenda_numbers.insert(item.number);
  std::set<int> numbers;
  const Minute* previous = nullptr;
  for (const Minute& minute : record.minutes) {
    std::string label = MinuteLabel(minute);
    if (minute.title.empty()) problems->push_back(label + " has no title");
    if (minute.number <= 0) {
      problems->push_back(label + " has no number");
    } else if (!numbers.insert(minute.number).second) {
      problems->push_back("minute number " + std::to_string(minute.number) + " is used twice");
    } else if (previous && previous->number > 0 && minute.number != previous->number + 1) {
      problems->push_back(label + " follows minute " + std::to_string(previous->number) +
                          ": minute numbers run on one at a time");
    }
    previous = &minute;
    if (minute.exempt_paragraph && ExemptParagraphText(*minute.exempt_paragraph).empty())
      problems->push_back(label + ": Schedule 12A paragraph " + std::to_string(*minute.exempt_paragraph) +
                          " does not exist (1-7)");
    if (!minute.exempt_text.empty() && !minute.exempt_paragraph)
      problems->push_back(label + " has exempt text but gives no Schedule 12A paragraph (1-7)");
    if (!minute.agenda_item.empty() && !agenda_numbers.contains(minute.agenda_item))
      problems->push_back(label + " minutes agenda item " + minute.agenda_item + ", which is not on this meeting's agenda");
    for (size_t i = 0; i < minute.decisions.size(); ++i)
      if (minute.decisions[i].empty())
        problems->push_back(label + ": decision " + DecisionNumeral(static_cast<int>(i) + 1) + " is empty");
  }
}

}  // namespace

std::string_view MemberKindName(MemberKind kind) {
  switch (kind) {
    case MemberKind::kResponsibleAuthority: return "responsible-authority";
    case MemberKind::kOtherMember: return "other";
    case MemberKind::kNonVotingObserver: return "observer";
  }
  return "other";
}

std::optional<MemberKind> ParseMemberKind(std::string_view text) {
  for (MemberKind kind : {MemberKind::kResponsibleAuthority, MemberKind::kOtherMember, MemberKind::kNonVotingObserver})
    if (text == MemberKindName(kind)) return kind;
  return std::nullopt;
}

std::string_view MeetingStatusName(MeetingStatus status) {
  switch (status) {
    case MeetingStatus::kScheduled: return "scheduled";
    case MeetingStatus::kHeld: return "held";
    case MeetingStatus::kMoved: return "moved";
    case MeetingStatus::kCancelled: return "cancelled";
  }
  return "scheduled";
}

std::string_view AgendaItemKindName(AgendaItemKind kind) {
  switch (kind) {
    case AgendaItemKind::kApologies: return "apologies";
    case AgendaItemKind::kDeclarations: return "declarations";
    case AgendaItemKind::kMinutes: return "minutes";
    case AgendaItemKind::kPresentation: return "presentation";
    case AgendaItemKind::kForDecision: return "for-decision";
    case AgendaItemKind::kForConsideration: return "for-consideration";
    case AgendaItemKind::kForInformation: return "for-information";
    case AgendaItemKind::kUrgentBusiness: return "urgent-business";
    case AgendaItemKind::kExempt: return "exempt";
    case AgendaItemKind::kProcedural: return "procedural";
  }
  return "for-consideration";
}

std::optional<AgendaItemKind> ParseAgendaItemKind(std::string_view text) {
  for (int k = 0; k <= static_cast<int>(AgendaItemKind::kProcedural); ++k) {
    auto kind = static_cast<AgendaItemKind>(k);
    if (text == AgendaItemKindName(kind)) return kind;
  }
  return std::nullopt;
}

std::string_view AttendanceKindName(AttendanceKind kind) {
  switch (kind) {
    case AttendanceKind::kPresent: return "present";
    case AttendanceKind::kInTheChair: return "in-the-chair";
    case AttendanceKind::kSubstitute: return "substitute";
    case AttendanceKind::kAlsoPresent: return "also-present";
    case AttendanceKind::kOfficer: return "officer";
    case AttendanceKind::kApologies: return "apologies";
  }
  return "present";
}

// Local Government Act 1972 Schedule 12A Part 1, as amended by the Local Government (Access
// to Information) (Variation) Order 2006.
std::string_view ExemptParagraphText(int paragraph) {
  switch (paragraph) {
    case 1: return "information relating to any individual";
    case 2: return "information which is likely to reveal the identity of an individual";
    case 3:
      return "information relating to the financial or business affairs of any particular person "
             "(including the authority holding that information)";
    case 4:
      return "information relating to any consultations or negotiations, or contemplated consultations or "
             "negotiations, in connection with any labour relations matter arising between the authority or a "
             "Minister of the Crown and employees of, or office holders under, the authority";
    case 5:
      return "information in respect of which a claim to legal professional privilege could be maintained in "
             "legal proceedings";
    case 6:
      return "information which reveals that the authority proposes (a) to give under any enactment a notice "
             "under or by virtue of which requirements are imposed on a person; or (b) to make an order or "
             "direction under any enactment";
    case 7:
      return "information relating to any action taken or to be taken in connection with the prevention, "
             "investigation or prosecution of crime";
    default: return "";
  }
}

std::vector<std::string> CheckPartnership(const Partnership& partnership) {
  std::vector<std::string> problems;
  if (partnership.name.empty()) problems.push_back("the partnership has no name");
  std::set<std::string> names;
  for (const Member& m : partnership.members) {
    if (m.name.empty()) {
      problems.push_back("a member of " + partnership.name + " has no name");
      continue;
    }
    if (!names.insert(m.name).second) problems.push_back("member " + m.name + " is listed twice");
    if (m.from && m.to && *m.to < *m.from)
      problems.push_back("member " + m.name + ": membership ends (" + m.to->ToLong() + ") before it starts (" +
                         m.from->ToLong() + ")");
  }
  // Two holders of one office whose memberships overlap.
  for (size_t i = 0; i < partnership.members.size(); ++i) {
    const Member& a = partnership.members[i];
    if (a.office == Office::kNone) continue;
    for (size_t j = i + 1; j < partnership.members.size(); ++j) {
      const Member& b = partnership.members[j];
      if (b.office != a.office) continue;
      bool overlap = (!a.to || !b.from || *b.from <= *a.to) && (!b.to || !a.from || *a.from <= *b.to);
      if (overlap)
        problems.push_back(a.name + " and " + b.name + " are both " +
                           (a.office == Office::kChair ? "Chair" : "Vice-Chair") + " at the same time");
    }
  }
  return problems;
}

std::vector<std::string> CheckMeetingRecord(const MeetingRecord& record, const Partnership& partnership) {
  std::vector<std::string> problems;
  const Meeting& meeting = record.meeting;
  if (meeting.partnership != partnership.name)
    problems.push_back("the meeting is of " + Quoted(meeting.partnership) + ", not " + Quoted(partnership.name));
  if (meeting.start && meeting.end && *meeting.end < *meeting.start)
    problems.push_back("the meeting ends (" + meeting.end->ToString() + ") before it starts (" +
                       meeting.start->ToString() + ")");
  if (meeting.status == MeetingStatus::kMoved && !meeting.moved_to)
    problems.push_back("the meeting is moved but the date it moved to is not given");
  if (meeting.status != MeetingStatus::kMoved && meeting.moved_to)
    problems.push_back("a date the meeting moved to is given but its status is " +
                       std::string(MeetingStatusName(meeting.status)));
  if (meeting.status != MeetingStatus::kHeld && (!record.minutes.empty() || !record.attendance.empty()))
    problems.push_back("the meeting has minutes or attendance but its status is " +
                       std::string(MeetingStatusName(meeting.status)) + ", not held");
  CheckAttendance(record, partnership, &problems);
  CheckAgenda(record, &problems);
  CheckMinutes(record, &problems);
  return problems;
}

void AssignMinuteNumbers(MeetingRecord* record, int first) {
  int next = first;
  for (Minute& minute : record->minutes) {
    if (minute.number == 0) minute.number = next;
    next = minute.number + 1;
  }
}

std::string DecisionNumeral(int position) {
  static constexpr std::pair<int, const char*> kNumerals[] = {
      {1000, "m"}, {900, "cm"}, {500, "d"}, {400, "cd"}, {100, "c"}, {90, "xc"}, {50, "l"},
      {40, "xl"},  {10, "x"},   {9, "ix"},  {5, "v"},    {4, "iv"},  {1, "i"}};
  std::string numeral;
  for (auto [value, letters] : kNumerals)
    for (; position >= value; position -= value) numeral += letters;
  return "(" + numeral + ")";
}

}  // namespace safer
