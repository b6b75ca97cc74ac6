// The partnership's meetings (DOMAIN.md §8): members, meetings, agenda items, attendance,
// declarations of interest and minutes with their decisions. A MeetingRecord is one
// meeting whole; CheckMeetingRecord says what is impossible or contradictory in it, so
// nothing half-right is ever saved.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/calendar.h"
#include "domain/status.h"

namespace safer {

enum class MemberKind { kResponsibleAuthority, kOtherMember, kNonVotingObserver };
enum class Office { kNone, kChair, kViceChair };

std::string_view MemberKindName(MemberKind kind);  // "responsible-authority", "other", "observer"
std::optional<MemberKind> ParseMemberKind(std::string_view text);

// A seat on the partnership held by a person over a period.
struct Member {
  int64_t id = 0;
  std::string name;          // "Councillor Jim Lindridge", "Chief Inspector Nigel Burnell"
  std::string role;          // "Elected Member", "Chair of Youth Offending Board"
  std::string organisation;  // "Hartlepool Borough Council"
  MemberKind kind = MemberKind::kOtherMember;
  Office office = Office::kNone;
  std::optional<Date> from, to;  // membership dates; empty: open-ended
};

struct Partnership {
  int64_t id = 0;
  std::string name;  // "Safer Hartlepool Partnership"
  std::vector<Member> members;
};

enum class MeetingStatus { kScheduled, kHeld, kMoved, kCancelled };
std::string_view MeetingStatusName(MeetingStatus status);

struct Meeting {
  int64_t id = 0;
  std::string partnership;
  Date date;
  std::optional<TimeOfDay> start, end;  // "commenced at", "concluded at"
  std::string venue;                    // "Civic Centre, Hartlepool"
  MeetingStatus status = MeetingStatus::kScheduled;
  std::optional<Date> moved_to;         // when status is kMoved
  std::string note;                     // "PLEASE NOTE CHANGE OF DATE AND TIME"
};

enum class AgendaItemKind {
  kApologies, kDeclarations, kMinutes,  // the standing items
  kPresentation, kForDecision, kForConsideration, kForInformation,
  kUrgentBusiness,   // admitted by the Chair under s.100B(4)(b) Local Government Act 1972
  kExempt,           // press and public excluded, Schedule 12A paragraph given
  kProcedural,       // appointment of chair, exclusion resolution, date of next meeting
};
std::string_view AgendaItemKindName(AgendaItemKind kind);
std::optional<AgendaItemKind> ParseAgendaItemKind(std::string_view text);

// Schedule 12A Part 1 paragraphs 1–7, in the words minutes quote ("information which is
// likely to reveal the identity of an individual (para 2)").
std::string_view ExemptParagraphText(int paragraph);  // empty outside 1–7

// The report template of DOMAIN.md §8.
struct Report {
  std::string report_of, subject, decision_type;
  std::string purpose, background, proposals;
  std::string risk, financial, legal, child_and_family_poverty, equality_and_diversity,
      section_17, staff, asset_management;
  std::string recommendations, reasons, background_papers, contact_officer;
};

struct AgendaItem {
  int64_t id = 0;
  std::string number;  // "4.1"
  std::string title;
  AgendaItemKind kind = AgendaItemKind::kForConsideration;
  std::string reporting_officer;      // "Director of Regeneration and Neighbourhoods"
  std::optional<int> exempt_paragraph;  // set exactly when kind is kExempt
  std::optional<Report> report;
};

enum class AttendanceKind {
  kPresent, kInTheChair, kSubstitute,  // a substitute attends for a named member
  kAlsoPresent, kOfficer, kApologies,
};
std::string_view AttendanceKindName(AttendanceKind kind);

struct Attendance {
  std::string name;          // as minuted; a member's name when kind is present/chair/apologies
  std::string role_or_organisation;
  AttendanceKind kind = AttendanceKind::kPresent;
  std::string substitute_for;  // member name, exactly when kind is kSubstitute
};

struct Declaration {
  std::string member;
  std::string item;     // agenda number or minute title
  std::string nature;   // "personal interest as a board member of …"
};

// One minute. Numbers run on through the municipal year: assigned when the minutes are
// recorded (AssignMinuteNumbers), never typed twice.
struct Minute {
  int64_t id = 0;
  int number = 0;
  std::string title;             // "Hate Crime Update"
  std::string reporting_officer; // "(Director of Regeneration and Neighbourhoods)"
  std::string agenda_item;       // the agenda number it minutes, may be empty
  std::string purpose;           // "Purpose of report"
  std::string issues;            // "Issue(s) for consideration"; paragraphs separated by blank lines
  std::vector<std::string> decisions;  // (i), (ii), …; a single decision is printed without a numeral
  std::optional<int> exempt_paragraph;  // exempt minute: its public text is the title and paragraph only
  std::string exempt_text;       // what only entitled members see
};

struct MeetingRecord {
  Meeting meeting;
  std::vector<AgendaItem> agenda;
  std::vector<Attendance> attendance;
  std::vector<Declaration> declarations;
  std::vector<Minute> minutes;
  std::string chair;  // who chaired: the Chair, else the Vice-Chair, else appointed for the meeting
};

// Everything impossible or contradictory in a record, against the partnership's members
// on the meeting's date: a substitute for someone who is not a member; a person both
// present and sending apologies; a minute number used twice; an exempt item without its
// paragraph (or a paragraph outside 1–7); a decision that names another meeting's item;
// an end before the start. Empty when the record is sound.
std::vector<std::string> CheckMeetingRecord(const MeetingRecord& record, const Partnership& partnership);

// Everything wrong with the members themselves: a nameless or repeated member, a
// membership ending before it starts, two Chairs (or Vice-Chairs) at once. Empty when sound.
std::vector<std::string> CheckPartnership(const Partnership& partnership);

// Numbers the record's minutes from `first`, in order, when they have none.
void AssignMinuteNumbers(MeetingRecord* record, int first);

// "(i)", "(ii)", … "(x)" for a decision's position (1-based).
std::string DecisionNumeral(int position);

}  // namespace safer
