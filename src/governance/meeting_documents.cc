// The meeting documents as self-contained HTML, laid out as the partnership publishes
// them. What the public version leaves out is decided in one place (Withheld), so no
// part of an exempt minute or item can reach a public page by another path.
#include "report/scratch_directory.h"
#include "report/html_text.h"
#include "governance/meeting_documents.h"

#include <stdlib.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <fmt/format.h>

#include "report/pack_writers.h"
#include "report/pdf_print.h"

namespace safer {
namespace {

namespace fs = std::filesystem;

constexpr std::string_view kExemptNoticeStart =
    "This item contained exempt information under Schedule 12A Local Government Act 1972 as amended by the "
    "Local Government (Access to Information) (Variation) Order 2006 namely ";

constexpr std::string_view kExclusionWording =
    "Under Section 100(A)(4) of the Local Government Act 1972, the press and public are likely to be excluded "
    "from the meeting for the following item(s) of business on the grounds that they involve the likely "
    "disclosure of exempt information as defined in the paragraphs referred to below of Part 1 of Schedule 12A "
    "of the Local Government Act 1972 as amended by the Local Government (Access to Information) (Variation) "
    "Order 2006.";


std::string Upper(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return out;
}

std::string Trim(std::string_view s) {
  size_t b = s.find_first_not_of(" \t\r\n"), e = s.find_last_not_of(" \t\r\n");
  return b == std::string_view::npos ? "" : std::string(s.substr(b, e - b + 1));
}

// "A", "A and B", "A, B and C": how the minutes list names in a sentence.
std::string JoinWords(const std::vector<std::string>& parts) {
  std::string out;
  for (size_t i = 0; i < parts.size(); ++i) {
    if (i > 0) out += i + 1 == parts.size() ? " and " : ", ";
    out += parts[i];
  }
  return out;
}

std::string JoinNonEmpty(std::initializer_list<std::string_view> parts) {
  std::string out;
  for (auto p : parts)
    if (!p.empty()) out += (out.empty() ? "" : ", ") + std::string(p);
  return out;
}

// Text as paragraphs: blank lines separate paragraphs; a paragraph whose lines all start
// with "- " or "• " is a bulleted list (seed 004 l.107–130); other line breaks are kept.
std::string Paragraphs(std::string_view text) {
  std::string out;
  std::vector<std::string> lines;
  auto flush = [&] {
    if (lines.empty()) return;
    bool bullets = std::all_of(lines.begin(), lines.end(), [](const std::string& l) {
      return l.rfind("- ", 0) == 0 || l.rfind("\u2022 ", 0) == 0;
    });
    if (bullets) {
      out += "<ul>";
      for (const auto& l : lines) out += "<li>" + EscapeHtml(Trim(l.substr(l.find(' ') + 1))) + "</li>";
      out += "</ul>\n";
    } else {
      out += "<p>";
      for (size_t i = 0; i < lines.size(); ++i) out += (i ? "<br>" : "") + EscapeHtml(lines[i]);
      out += "</p>\n";
    }
    lines.clear();
  };
  std::istringstream in{std::string(text)};
  for (std::string line; std::getline(in, line);) {
    std::string t = Trim(line);
    if (t.empty()) flush();
    else lines.push_back(t);
  }
  flush();
  return out;
}

// "(Director of Regeneration and Neighbourhoods)" whether or not it was typed in brackets.
std::string Bracketed(std::string_view officer) {
  std::string t = Trim(officer);
  if (t.empty()) return "";
  if (t.front() == '(' && t.back() == ')') return t;
  return "(" + t + ")";
}

std::string ExemptNotice(int paragraph) {
  return std::string(kExemptNoticeStart) + std::string(ExemptParagraphText(paragraph)) +
         fmt::format(" (para {}).", paragraph);
}

// The one rule of the public version: exempt business shows its number, title and
// paragraph only.
bool Withheld(const std::optional<int>& exempt_paragraph, Audience audience) {
  return exempt_paragraph.has_value() && audience == Audience::kPublic;
}

bool IsMemberOn(const Member& m, const Date& date) {
  return (!m.from || *m.from <= date) && (!m.to || date <= *m.to);
}

std::string OfficeMark(Office office) {
  switch (office) {
    case Office::kChair: return " (C)";
    case Office::kViceChair: return " (VC)";
    case Office::kNone: break;
  }
  return "";
}

std::string WhenAndWhere(const Meeting& m) {
  std::string out = "<p class=\"when\">" + EscapeHtml(m.date.WeekdayName() + " " + m.date.ToLong()) + "</p>\n";
  if (m.start) out += "<p class=\"when\">at " + EscapeHtml(m.start->ToString()) + "</p>\n";
  if (!m.venue.empty()) out += "<p class=\"when\">in " + EscapeHtml(m.venue) + "</p>\n";
  return out;
}

// The status of a meeting that will not happen as planned, above everything else.
std::string MeetingNotices(const Meeting& m) {
  std::string out;
  if (!m.note.empty()) out += "<p class=\"notice\">" + EscapeHtml(m.note) + "</p>\n";
  if (m.status == MeetingStatus::kCancelled) out += "<p class=\"notice\">THIS MEETING HAS BEEN CANCELLED</p>\n";
  if (m.status == MeetingStatus::kMoved && m.moved_to)
    out += "<p class=\"notice\">THIS MEETING HAS MOVED TO " + EscapeHtml(Upper(m.moved_to->WeekdayName() + " " + m.moved_to->ToLong())) +
           "</p>\n";
  return out;
}

// ---- Minutes ----

std::string AttendanceLine(const Attendance& a) { return EscapeHtml(JoinNonEmpty({a.name, a.role_or_organisation})); }

std::string AttendanceBlock(std::string_view heading, const std::vector<std::string>& lines) {
  if (lines.empty()) return "";
  std::string out = "<h2 class=\"attendance\">" + std::string(heading) + "</h2>\n<p class=\"names\">";
  for (size_t i = 0; i < lines.size(); ++i) out += (i ? "<br>" : "") + lines[i];
  return out + "</p>\n";
}

std::string Attendances(const MeetingRecord& r) {
  // The chair first: the person minuted in the Chair, else the record's chair when present.
  const Attendance* chair = nullptr;
  for (const auto& a : r.attendance)
    if (a.kind == AttendanceKind::kInTheChair) chair = &a;
  if (!chair)
    for (const auto& a : r.attendance)
      if (a.kind == AttendanceKind::kPresent && !r.chair.empty() && a.name == r.chair) chair = &a;
  std::vector<std::string> present, substitutes, also, officers;
  if (chair) present.push_back(AttendanceLine(*chair) + " (In the Chair)");
  else if (!r.chair.empty()) present.push_back(EscapeHtml(r.chair) + " (In the Chair)");
  for (const auto& a : r.attendance) {
    if (&a == chair) continue;
    switch (a.kind) {
      case AttendanceKind::kPresent:
      case AttendanceKind::kInTheChair: present.push_back(AttendanceLine(a)); break;
      case AttendanceKind::kSubstitute:
        substitutes.push_back(EscapeHtml(a.name) + " was in attendance as substitute for " + EscapeHtml(a.substitute_for));
        break;
      case AttendanceKind::kAlsoPresent: also.push_back(AttendanceLine(a)); break;
      case AttendanceKind::kOfficer: officers.push_back(AttendanceLine(a)); break;
      case AttendanceKind::kApologies: break;
    }
  }
  present.insert(present.end(), substitutes.begin(), substitutes.end());
  return AttendanceBlock("Present:", present) + AttendanceBlock("Also Present:", also) +
         AttendanceBlock("Officers:", officers);
}

const AgendaItem* AgendaItemFor(const MeetingRecord& r, const Minute& m) {
  if (m.agenda_item.empty()) return nullptr;
  for (const auto& item : r.agenda)
    if (item.number == m.agenda_item) return &item;
  return nullptr;
}

bool StartsWithWord(std::string_view title, std::string_view word) {
  std::string t = Upper(Trim(title));
  return t.rfind(Upper(word), 0) == 0;
}

// The text of a standing minute left empty in the record, from the record itself: who sent
// apologies, who declared what. Empty when the minute is not one of them.
std::string StandingMinuteText(const MeetingRecord& r, const Minute& m) {
  const AgendaItem* item = AgendaItemFor(r, m);
  bool apologies = item ? item->kind == AgendaItemKind::kApologies : StartsWithWord(m.title, "Apologies");
  bool declarations = item ? item->kind == AgendaItemKind::kDeclarations : StartsWithWord(m.title, "Declarations");
  if (apologies) {
    std::vector<std::string> names;
    for (const auto& a : r.attendance)
      if (a.kind == AttendanceKind::kApologies) names.push_back(JoinNonEmpty({a.name, a.role_or_organisation}));
    return names.empty() ? "None." : "Apologies for absence were submitted on behalf of " + JoinWords(names) + ".";
  }
  if (declarations) {
    if (r.declarations.empty()) return "None.";
    std::string out;
    for (const auto& d : r.declarations)
      out += (out.empty() ? "" : "\n\n") + d.member + " declared a " + d.nature +
             (d.item.empty() ? "" : " in relation to " + d.item) + ".";
    return out;
  }
  return "";
}

std::string Decisions(const std::vector<std::string>& decisions) {
  if (decisions.empty()) return "";
  std::string out = "<h4>Decision</h4>\n";
  if (decisions.size() == 1) return out + Paragraphs(decisions.front());
  out += "<ol class=\"decisions\">";
  for (size_t i = 0; i < decisions.size(); ++i)
    out += "<li><span class=\"numeral\">" + DecisionNumeral(static_cast<int>(i) + 1) + "</span> " +
           EscapeHtml(Trim(decisions[i])) + "</li>";
  return out + "</ol>\n";
}

std::string MinuteHtml(const MeetingRecord& r, const Minute& m, Audience audience) {
  std::string out = fmt::format("<section class=\"minute\" id=\"minute-{}\">\n<h3><span class=\"number\">{}.</span> ",
                                m.number, m.number);
  out += EscapeHtml(m.title);
  if (Withheld(m.exempt_paragraph, audience))
    return out + "</h3>\n<p class=\"exempt\">" + EscapeHtml(ExemptNotice(*m.exempt_paragraph)) + "</p>\n</section>\n";
  if (std::string officer = Bracketed(m.reporting_officer); !officer.empty()) out += " " + EscapeHtml(officer);
  out += "</h3>\n";
  if (m.exempt_paragraph) out += "<p class=\"exempt\">" + EscapeHtml(ExemptNotice(*m.exempt_paragraph)) + "</p>\n";
  if (!Trim(m.purpose).empty()) out += "<h4>Purpose of report</h4>\n" + Paragraphs(m.purpose);
  std::string issues = Trim(m.issues).empty() ? StandingMinuteText(r, m) : m.issues;
  if (!issues.empty()) {
    // A procedural minute ("Confirmed.", "None.") is its text alone, as in the seeds.
    if (!Trim(m.purpose).empty() || !m.decisions.empty() || m.exempt_paragraph)
      out += "<h4>Issue(s) for consideration</h4>\n";
    out += Paragraphs(issues);
  }
  out += Decisions(m.decisions);
  if (m.exempt_paragraph && !Trim(m.exempt_text).empty())
    out += "<div class=\"exempt-text\"><h4>Exempt section (not for publication)</h4>\n" + Paragraphs(m.exempt_text) +
           "</div>\n";
  return out + "</section>\n";
}

std::string MinutesBody(const MeetingRecord& r, const Partnership& p, Audience audience) {
  const Meeting& m = r.meeting;
  std::string out = "<div class=\"doc minutes\">\n<h1>" + EscapeHtml(Upper(p.name)) + "<br>MINUTES AND DECISION RECORD</h1>\n";
  out += "<p class=\"date\">" + EscapeHtml(m.date.ToLong()) + "</p>\n";
  if (m.start || !m.venue.empty()) {
    std::string when = "The meeting commenced";
    if (m.start) when += " at " + m.start->ToString();
    if (!m.venue.empty()) when += " in the " + m.venue;
    out += "<p>" + EscapeHtml(when) + ".</p>\n";
  }
  out += Attendances(r);
  for (const auto& minute : r.minutes) out += MinuteHtml(r, minute, audience);
  if (m.end) out += "<p class=\"concluded\">The meeting concluded at " + EscapeHtml(m.end->ToString()) + ".</p>\n";
  out += "<p class=\"signature\">CHAIR</p>\n</div>\n";
  return out;
}

// ---- Agenda ----

std::string MembersBody(const Partnership& p, const Date& date) {
  std::string out = "<h2 class=\"members-heading\">MEMBERS: " + EscapeHtml(Upper(p.name)) + "</h2>\n";
  const std::pair<MemberKind, std::string_view> groups[] = {
      {MemberKind::kResponsibleAuthority, "Responsible Authority Members:"},
      {MemberKind::kOtherMember, "Other Members:"},
      {MemberKind::kNonVotingObserver, "Non-Voting Observer:"}};
  for (const auto& [kind, heading] : groups) {
    std::vector<std::string> names;
    for (const auto& m : p.members)
      if (m.kind == kind && IsMemberOn(m, date))
        names.push_back(EscapeHtml(JoinNonEmpty({m.name, m.role, m.organisation}) + OfficeMark(m.office)));
    if (names.empty()) continue;
    out += "<h3 class=\"member-group\">" + std::string(heading) + "</h3>\n<p class=\"names\">";
    for (size_t i = 0; i < names.size(); ++i) out += (i ? "<br>" : "") + names[i];
    out += "</p>\n";
  }
  return out;
}

std::string StandingHeading(AgendaItemKind kind) {
  switch (kind) {
    case AgendaItemKind::kApologies: return "APOLOGIES FOR ABSENCE";
    case AgendaItemKind::kDeclarations: return "TO RECEIVE ANY DECLARATIONS OF INTEREST BY MEMBERS";
    case AgendaItemKind::kMinutes: return "MINUTES";
    case AgendaItemKind::kPresentation: return "PRESENTATIONS";
    case AgendaItemKind::kForDecision: return "ITEMS FOR DECISION";
    case AgendaItemKind::kForConsideration: return "ITEMS FOR CONSIDERATION";
    case AgendaItemKind::kForInformation: return "ITEMS FOR INFORMATION";
    case AgendaItemKind::kUrgentBusiness: return "ANY OTHER BUSINESS WHICH THE CHAIR CONSIDERS URGENT";
    case AgendaItemKind::kExempt: return "EXEMPT ITEMS";
    case AgendaItemKind::kProcedural: break;
  }
  return "";
}

// A numbered heading ("4.") and the items under it ("4.1", "4.2").
struct AgendaGroup {
  std::string number;
  const AgendaItem* heading = nullptr;
  AgendaItemKind kind = AgendaItemKind::kForConsideration;
  std::vector<const AgendaItem*> items;
};

std::string TopNumber(std::string_view number) { return std::string(number.substr(0, number.find('.'))); }

std::vector<AgendaGroup> GroupAgenda(const std::vector<AgendaItem>& agenda) {
  std::vector<AgendaGroup> groups;
  for (const auto& item : agenda) {
    if (item.number.empty()) continue;  // unnumbered: "FOR INFORMATION" at the end
    std::string top = TopNumber(item.number);
    auto it = std::find_if(groups.begin(), groups.end(), [&](const AgendaGroup& g) { return g.number == top; });
    if (it == groups.end()) {
      groups.push_back({top, nullptr, item.kind, {}});
      it = groups.end() - 1;
    }
    if (item.number == top) it->heading = &item, it->kind = item.kind;
    else it->items.push_back(&item);
  }
  return groups;
}

std::string ExemptItemLine(const AgendaItem& item) {
  int para = item.exempt_paragraph.value_or(0);
  return fmt::format("<p class=\"exempt\">Press and public excluded: exempt information under Schedule 12A Local "
                     "Government Act 1972, paragraph {} ({}).</p>",
                     para, EscapeHtml(ExemptParagraphText(para)));
}

std::string AgendaItemLine(const AgendaItem& item, Audience audience) {
  std::string out = "<li><span class=\"number\">" + EscapeHtml(item.number) + "</span> <span class=\"title\">" +
                    EscapeHtml(item.title) + "</span>";
  if (!Withheld(item.exempt_paragraph, audience) && !item.reporting_officer.empty())
    out += "<br><span class=\"officer\">" + EscapeHtml(Trim(item.reporting_officer)) + "</span>";
  if (item.exempt_paragraph) out += ExemptItemLine(item);
  return out + "</li>\n";
}

std::string AgendaBody(const MeetingRecord& r, const Partnership& p, Audience audience,
                       const std::optional<Date>& previous) {
  const Meeting& m = r.meeting;
  std::string out = "<div class=\"doc agenda\">\n" + MeetingNotices(m);
  out += "<h1>" + EscapeHtml(Upper(p.name)) + "</h1>\n<p class=\"doc-title\">AGENDA</p>\n" + WhenAndWhere(m);
  out += MembersBody(p, m.date);
  std::vector<AgendaGroup> groups = GroupAgenda(r.agenda);
  bool has_urgent = std::any_of(groups.begin(), groups.end(),
                                [](const AgendaGroup& g) { return g.kind == AgendaItemKind::kUrgentBusiness; });
  if (groups.empty())
    for (auto kind : {AgendaItemKind::kApologies, AgendaItemKind::kDeclarations, AgendaItemKind::kMinutes})
      groups.push_back({std::to_string(groups.size() + 1), nullptr, kind, {}});
  if (!has_urgent) {
    // Every agenda admits urgent business (s.100B(4)(b)); it comes before exempt items.
    auto at = std::find_if(groups.begin(), groups.end(),
                           [](const AgendaGroup& g) { return g.kind == AgendaItemKind::kExempt; });
    int number = 0;
    for (const auto& g : groups) number = std::max(number, std::atoi(g.number.c_str()));
    groups.insert(at, {std::to_string(number + 1), nullptr, AgendaItemKind::kUrgentBusiness, {}});
  }
  out += "<ol class=\"agenda-items\">\n";
  for (const auto& g : groups) {
    std::string heading = g.heading && !g.heading->title.empty() ? Upper(g.heading->title) : StandingHeading(g.kind);
    out += "<li class=\"agenda-heading\"><span class=\"number\">" + EscapeHtml(g.number) + ".</span> " + EscapeHtml(heading);
    if (g.heading && !Withheld(g.heading->exempt_paragraph, audience) && !g.heading->reporting_officer.empty())
      out += "<br><span class=\"officer\">" + EscapeHtml(g.heading->reporting_officer) + "</span>";
    if (g.kind == AgendaItemKind::kExempt) out += "<p class=\"exclusion\">" + EscapeHtml(kExclusionWording) + "</p>";
    if (g.heading && g.heading->exempt_paragraph) out += ExemptItemLine(*g.heading);
    std::vector<std::string> lines;
    for (const auto* item : g.items) lines.push_back(AgendaItemLine(*item, audience));
    if (g.kind == AgendaItemKind::kMinutes && g.items.empty() && previous)
      lines.push_back("<li><span class=\"number\">" + EscapeHtml(g.number) + ".1</span> To confirm the minutes of the meeting held on " +
                      EscapeHtml(previous->ToLong()) + ".</li>\n");
    if (!lines.empty()) {
      out += "\n<ul class=\"agenda-subitems\">\n";
      for (const auto& l : lines) out += l;
      out += "</ul>";
    }
    out += "</li>\n";
  }
  out += "</ol>\n";
  std::vector<const AgendaItem*> info;
  for (const auto& item : r.agenda)
    if (item.number.empty()) info.push_back(&item);
  out += "<h2 class=\"for-information\">FOR INFORMATION</h2>\n";
  if (info.empty()) out += "<p>Date and time of next meeting: to be confirmed.</p>\n";
  for (const auto* item : info)
    if (!Withheld(item->exempt_paragraph, audience)) out += "<p>" + EscapeHtml(item->title) + "</p>\n";
  return out + "</div>\n";
}

// ---- Reports ----

std::string ReportBody(const AgendaItem& item, std::string_view heading) {
  std::string out = "<div class=\"doc report\">\n";
  if (!heading.empty()) out += "<p class=\"report-for\">" + EscapeHtml(heading) + "</p>\n";
  if (!item.number.empty()) out += "<p class=\"item-number\">" + EscapeHtml(item.number) + "</p>\n";
  if (!item.report) {
    out += "<h1 class=\"report-title\">" + EscapeHtml(item.title) + "</h1>\n";
    if (!item.reporting_officer.empty()) out += "<p class=\"report-of\">" + EscapeHtml(item.reporting_officer) + "</p>\n";
    return out + "<p>No report has been published for this item.</p>\n</div>\n";
  }
  const Report& rep = *item.report;
  std::string subject = rep.subject.empty() ? item.title : rep.subject;
  std::string report_of = rep.report_of.empty() ? item.reporting_officer : rep.report_of;
  out += "<dl class=\"report-head\">";
  if (!report_of.empty()) out += "<dt>Report of:</dt><dd>" + EscapeHtml(report_of) + "</dd>";
  out += "<dt>Subject:</dt><dd>" + EscapeHtml(Upper(subject)) + "</dd></dl>\n";
  const std::pair<std::string_view, const std::string*> sections[] = {
      {"TYPE OF DECISION/APPLICABLE CATEGORY", &rep.decision_type},
      {"PURPOSE OF REPORT", &rep.purpose},
      {"BACKGROUND", &rep.background},
      {"PROPOSALS", &rep.proposals},
      {"RISK IMPLICATIONS", &rep.risk},
      {"FINANCIAL CONSIDERATIONS", &rep.financial},
      {"LEGAL CONSIDERATIONS", &rep.legal},
      {"CHILD AND FAMILY POVERTY", &rep.child_and_family_poverty},
      {"EQUALITY AND DIVERSITY CONSIDERATIONS", &rep.equality_and_diversity},
      {"SECTION 17 OF THE CRIME AND DISORDER ACT 1998 CONSIDERATIONS", &rep.section_17},
      {"STAFF CONSIDERATIONS", &rep.staff},
      {"ASSET MANAGEMENT CONSIDERATIONS", &rep.asset_management},
      {"RECOMMENDATIONS", &rep.recommendations},
      {"REASONS FOR RECOMMENDATIONS", &rep.reasons},
      {"BACKGROUND PAPERS", &rep.background_papers},
      {"CONTACT OFFICER", &rep.contact_officer},
  };
  int n = 0;
  for (const auto& [title, text] : sections) {
    if (Trim(*text).empty()) continue;
    out += fmt::format("<section class=\"report-section\"><h2><span class=\"number\">{}.</span> {}</h2>\n", ++n, title) +
           Paragraphs(*text) + "</section>\n";
  }
  return out + "</div>\n";
}

// ---- The page ----

constexpr std::string_view kStyle = R"css(
* { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
html { font-family: Arial, "Liberation Sans", "DejaVu Sans", sans-serif; color: #000; }
body { margin: 0 auto; max-width: 820px; padding: 24px; font-size: 11pt; line-height: 1.4; }
.doc h1, .doc h2, .doc h3, .doc h4 { color: #000; border: none; padding: 0; break-after: avoid; break-inside: avoid; }
.doc h1 { font-size: 15pt; text-align: center; margin: 0 0 10px; font-weight: bold; }
.doc h2 { font-size: 11pt; margin: 16px 0 4px; font-weight: bold; }
.doc h3 { font-size: 11pt; margin: 16px 0 4px; font-weight: bold; }
.doc h4 { font-size: 11pt; margin: 10px 0 2px; font-weight: bold; text-decoration: underline; }
.doc p { margin: 0 0 8px; }
.doc ul, .doc ol { margin: 4px 0 8px; }
.doc + .doc { break-before: page; }
.notice { text-align: center; font-weight: bold; }
.doc-title { text-align: center; font-size: 15pt; font-weight: bold; }
.when { text-align: center; font-weight: bold; margin: 0; }
.date { text-align: center; font-weight: bold; }
.names { margin-left: 24px; }
ol.agenda-items { list-style: none; padding: 0; }
li.agenda-heading { margin: 12px 0; font-weight: bold; }
ul.agenda-subitems { list-style: none; padding-left: 28px; font-weight: normal; }
ul.agenda-subitems li { margin: 6px 0; }
.agenda .number { display: inline-block; min-width: 28px; }
.officer { font-style: italic; margin-left: 32px; }
.exempt, .exclusion { font-weight: normal; }
.minute { break-inside: auto; }
.minute .number { display: inline-block; min-width: 32px; }
ol.decisions { list-style: none; padding-left: 0; }
ol.decisions li { margin: 0 0 6px; padding-left: 36px; text-indent: -36px; }
ol.decisions .numeral { display: inline-block; width: 36px; text-indent: 0; }
.exempt-text { border-left: 3px solid #000; padding-left: 10px; }
.concluded { margin-top: 16px; }
.signature { margin-top: 48px; font-weight: bold; }
.report-for, .item-number { text-align: right; font-weight: bold; }
.report-title { text-align: left; }
dl.report-head { display: grid; grid-template-columns: max-content 1fr; gap: 4px 14px; margin: 0 0 12px; }
dl.report-head dt { font-weight: bold; } dl.report-head dd { margin: 0; font-weight: bold; }
.report-section h2 .number { display: inline-block; min-width: 28px; }
.quarterly-pack { page: quarterly-pack; break-before: page; font-size: 10pt; line-height: 1.35; }
@media print {
  body { max-width: none; padding: 0; font-size: 11pt; }
  .quarterly-pack { font-size: 9pt; }
}
)css";

// A whole page: the pack's style (when it embeds the performance pack) goes first, so the
// meeting documents' rules, scoped to .doc, win wherever the two meet.
std::string Document(std::string_view title, std::string_view footer, std::string_view body,
                     std::string_view embedded_style = "") {
  std::string out =
      "<!DOCTYPE html>\n<html lang=\"en-GB\">\n<head>\n<meta charset=\"utf-8\">\n"
      "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">\n"
      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>" +
      EscapeHtml(title) + "</title>\n<style>";
  out += embedded_style;
  out += kStyle;
  out += "@page { size: A4 portrait; margin: 18mm 18mm 18mm 18mm;\n  @bottom-left { content: " + CssString(footer) +
         "; font: 8pt Arial, \"DejaVu Sans\", sans-serif; }\n"
         "  @bottom-right { content: \"Page \" counter(page); font: 8pt Arial, \"DejaVu Sans\", sans-serif; } }\n"
         "</style>\n</head>\n<body>\n";
  out += body;
  return out + "</body>\n</html>\n";
}

std::string MeetingFooter(const Partnership& p, const Meeting& m) { return p.name + " \u2013 " + m.date.ToLong(); }

Status WriteFile(const fs::path& path, std::string_view text) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  if (!out) return Status::IOError("cannot create " + path.string());
  out.write(text.data(), static_cast<std::streamsize>(text.size()));
  out.close();
  if (!out) return Status::IOError("cannot write " + path.string());
  return Status::Ok();
}

std::string Between(const std::string& text, std::string_view open, std::string_view close) {
  size_t b = text.find(open);
  if (b == std::string::npos) return "";
  b = text.find('>', b) + 1;
  size_t e = text.find(close, b);
  return e == std::string::npos ? "" : text.substr(b, e - b);
}

// The performance pack as WritePackHtml writes it, taken apart into its style and its body:
// its @page rule becomes the named page "quarterly-pack", so it keeps its landscape pages
// and footer inside the agenda pack.
Status PerformancePackParts(const PerformancePack& pack, const fs::path& dir, std::string* style, std::string* body) {
  fs::path path = dir / "pack.html";
  Status st = WritePackHtml(pack, path.string());
  if (!st.ok()) return st;
  std::ifstream in(path, std::ios::binary);
  std::stringstream buf;
  buf << in.rdbuf();
  std::string html = buf.str();
  *style = Between(html, "<style", "</style>");
  *body = Between(html, "<body", "</body>");
  size_t page = style->find("@page {");
  if (page == std::string::npos || body->empty())
    return Status::InvalidInput("the performance pack's page has no @page rule or no body; cannot bind it in");
  style->replace(page, 7, "@page quarterly-pack {");
  return Status::Ok();
}

bool EndsWith(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

}  // namespace

std::string MinutesHtml(const MeetingRecord& record, const Partnership& partnership, Audience audience) {
  std::string title = partnership.name + ": minutes and decision record, " + record.meeting.date.ToLong();
  return Document(title, MeetingFooter(partnership, record.meeting), MinutesBody(record, partnership, audience));
}

std::string AgendaHtml(const MeetingRecord& next_meeting, const Partnership& partnership, Audience audience) {
  std::string title = partnership.name + ": agenda, " + next_meeting.meeting.date.ToLong();
  return Document(title, MeetingFooter(partnership, next_meeting.meeting),
                  AgendaBody(next_meeting, partnership, audience, std::nullopt));
}

std::string ReportHtml(const AgendaItem& item) {
  std::string footer = item.number.empty() ? item.title : item.number + " " + item.title;
  return Document(item.title, footer, ReportBody(item, ""));
}

Status WriteAgendaPack(const AgendaPackContents& contents, const Partnership& partnership, Audience audience,
                       const std::string& out_path) {
  if (!contents.meeting) return Status::InvalidInput("an agenda pack needs the meeting it is for");
  const MeetingRecord& r = *contents.meeting;
  std::optional<Date> previous;
  if (contents.previous) previous = contents.previous->meeting.date;
  std::string body = AgendaBody(r, partnership, audience, previous);
  if (contents.previous) body += MinutesBody(*contents.previous, partnership, audience);
  std::string heading = Upper(partnership.name) + " \u2013 " + r.meeting.date.ToLong();
  for (const auto& item : r.agenda) {
    // The standing items have no report; an exempt report is for the entitled only.
    if (!item.report || Withheld(item.exempt_paragraph, audience)) continue;
    body += ReportBody(item, heading);
  }
  std::string style;
  ScratchDirectory temp("safer-documents");
  if (contents.performance) {
    if (temp.path().empty()) return Status::IOError(std::string("cannot make a temporary directory: ") + std::strerror(errno));
    std::string pack_body;
    Status st = PerformancePackParts(*contents.performance, temp.path(), &style, &pack_body);
    if (!st.ok()) return st;
    body += "<div class=\"quarterly-pack\">" + pack_body + "</div>\n";
  }
  std::string title = partnership.name + ": agenda pack, " + r.meeting.date.ToLong();
  return WriteMeetingDocument(Document(title, MeetingFooter(partnership, r.meeting), body, style), out_path);
}

Status WriteMeetingDocument(const std::string& html, const std::string& out_path) {
  if (EndsWith(out_path, ".html") || EndsWith(out_path, ".htm")) {
    // Written beside the target and renamed into place, so a failed run leaves no half page.
    std::string partial = out_path + ".part";
    Status st = WriteFile(partial, html);
    std::error_code ec;
    if (st.ok()) fs::rename(partial, out_path, ec);
    if (!st.ok() || ec) {
      fs::remove(partial, ec);
      return st.ok() ? Status::IOError("cannot write " + out_path) : st;
    }
    return Status::Ok();
  }
  if (!EndsWith(out_path, ".pdf"))
    return Status::InvalidInput(out_path + ": the document is written as .html or .pdf; give one of those");
  ScratchDirectory temp("safer-documents");
  if (temp.path().empty()) return Status::IOError(std::string("cannot make a temporary directory: ") + std::strerror(errno));
  fs::path html_path = temp.path() / "document.html";
  Status st = WriteFile(html_path, html);
  if (!st.ok()) return st;
  return PrintHtmlToPdf(html_path.string(), out_path);
}

}  // namespace safer
