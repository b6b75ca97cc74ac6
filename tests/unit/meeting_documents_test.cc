// The meeting documents: the minutes of 12 October 2018 (seed 000 l.72–196) and an agenda
// shaped like seed 004's, built in code, read back as HTML text and, for a few, as the
// PDF's text through pdftotext. The public version is checked against distinctive phrases
// of the exempt minute and item, which must appear nowhere in it.
#include <gtest/gtest.h>

#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>

#include "governance/meeting_documents.h"
#include "governance/meeting_file.h"
#include "report/pdf_print.h"

namespace safer {
namespace {

namespace fs = std::filesystem;

constexpr const char* kExemptPhrase = "Victim X of Seaton Carew";  // in the exempt minute's text only
constexpr const char* kExemptIssue = "understanding repeat victimisation";
constexpr const char* kExemptReportPhrase = "the named households on the estate";

Date D(int y, int m, int d) { return *Date::FromYmd(y, m, d); }
TimeOfDay T(int h, int m) { return TimeOfDay::FromMinutes(h * 60 + m); }

Member M(std::string name, std::string role, std::string org, MemberKind kind, Office office = Office::kNone) {
  Member m;
  m.name = std::move(name);
  m.role = std::move(role);
  m.organisation = std::move(org);
  m.kind = kind;
  m.office = office;
  return m;
}

Partnership Hartlepool() {
  Partnership p;
  p.name = "Safer Hartlepool Partnership";
  p.members = {
      M("Councillor Jim Lindridge", "Elected Member", "Hartlepool Borough Council", MemberKind::kResponsibleAuthority),
      M("Detective Chief Inspector Alan O'Donoghue", "", "Cleveland Police", MemberKind::kResponsibleAuthority,
        Office::kViceChair),
      M("Jonathan Brash", "MP for Hartlepool", "", MemberKind::kOtherMember, Office::kChair),
      M("Councillor Jorgeson", "Representative of Audit and Governance Committee", "Hartlepool Borough Council",
        MemberKind::kNonVotingObserver),
      M("Jean Golightly", "Director of Nursing and Quality", "CCG", MemberKind::kResponsibleAuthority),
      M("John Graham", "Director of Operations", "DTV CRC", MemberKind::kResponsibleAuthority),
  };
  Member former = M("Peter Former", "Old role", "Gone", MemberKind::kOtherMember);
  former.to = D(2017, 4, 30);
  p.members.push_back(former);
  return p;
}

Attendance A(std::string name, std::string role, AttendanceKind kind, std::string for_whom = "") {
  return {std::move(name), std::move(role), kind, std::move(for_whom)};
}

Minute Mn(int number, std::string title, std::string officer = "") {
  Minute m;
  m.number = number;
  m.title = std::move(title);
  m.reporting_officer = std::move(officer);
  return m;
}

// The minutes of 12 October 2018 as seed 000 records them, shortened, with an exempt text.
MeetingRecord October2018() {
  MeetingRecord r;
  r.meeting.partnership = "Safer Hartlepool Partnership";
  r.meeting.date = D(2018, 10, 12);
  r.meeting.start = T(10, 0);
  r.meeting.end = T(11, 20);
  r.meeting.venue = "Civic Centre, Hartlepool";
  r.meeting.status = MeetingStatus::kHeld;
  r.chair = "Chief Inspector Nigel Burnell";
  r.attendance = {
      A("Councillor Jim Lindridge", "", AttendanceKind::kPresent),
      A("Chief Inspector Nigel Burnell", "Chair of Youth Offending Board", AttendanceKind::kPresent),
      A("Alison Peevor", "", AttendanceKind::kSubstitute, "Jean Golightly"),
      A("Ian Armstrong", "", AttendanceKind::kSubstitute, "John Graham"),
      A("Rachelle Kipling", "Office of Police and Crime Commissioner for Cleveland", AttendanceKind::kAlsoPresent),
      A("Rachel Parker", "Community Safety Team Leader", AttendanceKind::kOfficer),
      A("Jean Golightly", "Director of Nursing and Quality", AttendanceKind::kApologies),
      A("John Graham", "Director of Operations", AttendanceKind::kApologies),
  };
  Minute chair = Mn(19, "Appointment of Chair");
  chair.issues = "In the absence of the Chair and Vice-Chair nominations were sought for the appointment of Chair.";
  chair.decisions = {"Agreed that Chief Inspector Nigel Burnell be appointed as Chair for this meeting."};
  r.minutes.push_back(chair);
  r.minutes.push_back(Mn(20, "Apologies for Absence"));  // text from the attendance
  Minute declarations = Mn(21, "Declarations of Interest");
  declarations.issues = "None.";
  r.minutes.push_back(declarations);
  Minute confirmed = Mn(22, "Minutes of the meeting held on 3 August 2018");
  confirmed.issues = "Confirmed.";
  r.minutes.push_back(confirmed);
  Minute think = Mn(23, "Think Family Evaluation of the Troubled Families Programme in Hartlepool",
                    "Director of Children's and Joint Commissioning Services");
  think.purpose = "The report provided an overview of the Troubled Families Programme in Hartlepool.";
  think.issues = "The Assistant Director presented the report.\n\nIn the lengthy discussion that followed, Members were pleased.";
  think.decisions = {"That the contents of the report, be noted."};
  r.minutes.push_back(think);
  Minute hate = Mn(24, "Hate Crime Update", "(Director of Regeneration and Neighbourhoods)");
  hate.purpose = "To provide the Partnership on the level of reported hate incidents and crimes across Hartlepool.";
  hate.issues = "The report provided an overview of hate crime.";
  hate.decisions = {"That the trends be noted.", "That a further report be brought to the next meeting.",
                    "That the Community Safety Team share the figures with ward councillors."};
  r.minutes.push_back(hate);
  Minute acquisitive = Mn(25, "Acquisitive Crime Task Group Update", "Director of Regeneration and Neighbourhoods");
  acquisitive.purpose = "To update the Partnership on the findings of initial research.";
  acquisitive.decisions = {"That the findings be noted."};
  r.minutes.push_back(acquisitive);
  Minute exclusion = Mn(26, "Local Government (Access to Information) (Variation Order) 2006");
  exclusion.issues = "Under Section 100(A)(4) of the Local Government Act 1972, the press and public were excluded.";
  r.minutes.push_back(exclusion);
  Minute exempt = Mn(27, "Repeat Victimisation Presentation", "Representative from Cleveland Police");
  exempt.exempt_paragraph = 2;
  exempt.issues = std::string("The Partnership received a comprehensive presentation in relation to ") + kExemptIssue +
                  " at a strategic level in Cleveland.";
  exempt.decisions = {"That the contents of the presentation be noted and actioned as appropriate."};
  exempt.exempt_text = std::string("The presentation described the case of ") + kExemptPhrase + ", repeatedly burgled.";
  r.minutes.push_back(exempt);
  Minute next = Mn(28, "Date and Time of Next Meeting");
  next.issues = "The Chair reported that the next meeting would be held on Friday 23 November 2018 at 10.00 am.";
  r.minutes.push_back(next);
  return r;
}

AgendaItem Item(std::string number, std::string title, AgendaItemKind kind, std::string officer = "") {
  AgendaItem item;
  item.number = std::move(number);
  item.title = std::move(title);
  item.kind = kind;
  item.reporting_officer = std::move(officer);
  return item;
}

// An agenda shaped like seed 004's of 14 March 2025, with an exempt item and two reports.
MeetingRecord March2025() {
  MeetingRecord r;
  r.meeting.partnership = "Safer Hartlepool Partnership";
  r.meeting.date = D(2025, 3, 14);
  r.meeting.start = T(12, 0);
  r.meeting.venue = "Committee Chamber, Civic Centre, Hartlepool";
  r.meeting.note = "PLEASE NOTE CHANGE OF DATE AND TIME";
  r.agenda = {
      Item("1", "", AgendaItemKind::kApologies),
      Item("2", "", AgendaItemKind::kDeclarations),
      Item("3", "", AgendaItemKind::kMinutes),
      Item("4", "Items for Consideration", AgendaItemKind::kForConsideration),
      Item("4.1", "Learning from Safeguarding Adult Reviews", AgendaItemKind::kForConsideration,
           "Executive Director of Adult and Community Based Services"),
      Item("4.2", "SHP Action Plan", AgendaItemKind::kForDecision,
           "Executive Director of Development, Neighbourhoods and Regulatory Services"),
      Item("5", "", AgendaItemKind::kUrgentBusiness),
      Item("6.1", "Repeat Victimisation Case Review", AgendaItemKind::kExempt, "Cleveland Police"),
      Item("", "Date and time of next meeting: to be confirmed.", AgendaItemKind::kProcedural),
  };
  Report plan;
  plan.report_of = "Executive Director of Development, Neighbourhoods and Regulatory Services";
  plan.subject = "SHP Action Plan";
  plan.decision_type = "Non-key decision.";
  plan.purpose = "To present the action plan for the Community Safety Plan 2024-27.";
  plan.recommendations = "That the Partnership approves the action plan.";
  plan.contact_officer = "Sylvia Pinkney, Assistant Director, Regulatory Services";
  r.agenda[5].report = plan;
  Report review;
  review.subject = "Repeat Victimisation Case Review";
  review.purpose = std::string("To review the support given to ") + kExemptReportPhrase + ".";
  r.agenda[7].report = review;
  r.agenda[7].exempt_paragraph = 2;
  return r;
}

size_t Count(const std::string& text, const std::string& needle) {
  size_t n = 0;
  for (size_t at = text.find(needle); at != std::string::npos; at = text.find(needle, at + 1)) ++n;
  return n;
}

bool Has(const std::string& text, const std::string& needle) { return text.find(needle) != std::string::npos; }

std::string RunCommand(const std::string& command, int* exit_code = nullptr) {
  std::string out;
  FILE* pipe = ::popen(command.c_str(), "r");
  if (!pipe) return out;
  char buf[4096];
  size_t n;
  while ((n = fread(buf, 1, sizeof buf, pipe)) > 0) out.append(buf, n);
  int status = ::pclose(pipe);
  if (exit_code) *exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return out;
}

TEST(MinutesHtml, SeedLayout) {
  std::string html = MinutesHtml(October2018(), Hartlepool(), Audience::kEntitled);
  EXPECT_TRUE(Has(html, "SAFER HARTLEPOOL PARTNERSHIP<br>MINUTES AND DECISION RECORD"));
  EXPECT_TRUE(Has(html, "<p class=\"date\">12 October 2018</p>"));
  EXPECT_TRUE(Has(html, "The meeting commenced at 10.00 am in the Civic Centre, Hartlepool."));
  for (int n = 19; n <= 28; ++n)
    EXPECT_TRUE(Has(html, "<span class=\"number\">" + std::to_string(n) + ".</span>")) << "minute " << n;
  // The chair first among those present, then members, then substitutes.
  size_t present = html.find("Present:");
  size_t chair = html.find("Chief Inspector Nigel Burnell, Chair of Youth Offending Board (In the Chair)");
  size_t member = html.find("Councillor Jim Lindridge");
  size_t substitute = html.find("Alison Peevor was in attendance as substitute for Jean Golightly");
  ASSERT_NE(chair, std::string::npos);
  ASSERT_NE(substitute, std::string::npos);
  EXPECT_LT(present, chair);
  EXPECT_LT(chair, member);
  EXPECT_LT(member, substitute);
  EXPECT_EQ(Count(html, "Chief Inspector Nigel Burnell, Chair of Youth Offending Board"), 1u);
  EXPECT_TRUE(Has(html, "Ian Armstrong was in attendance as substitute for John Graham"));
  EXPECT_TRUE(Has(html, "Also Present:"));
  EXPECT_TRUE(Has(html, "Officers:"));
  EXPECT_TRUE(Has(html, "Rachel Parker, Community Safety Team Leader"));
  EXPECT_TRUE(Has(html, "Apologies for absence were submitted on behalf of Jean Golightly, Director of Nursing and "
                        "Quality and John Graham, Director of Operations."));
  EXPECT_TRUE(Has(html, "Hate Crime Update (Director of Regeneration and Neighbourhoods)</h3>"));
  EXPECT_TRUE(Has(html, "<h4>Purpose of report</h4>"));
  EXPECT_TRUE(Has(html, "<h4>Issue(s) for consideration</h4>"));
  EXPECT_TRUE(Has(html, "<p>The Assistant Director presented the report.</p>\n<p>In the lengthy discussion"));
  EXPECT_TRUE(Has(html, "The meeting concluded at 11.20 am."));
  EXPECT_TRUE(Has(html, ">CHAIR</p>"));
  EXPECT_TRUE(Has(html, "size: A4 portrait"));
  EXPECT_TRUE(Has(html, "counter(page)"));
}

TEST(MinutesHtml, DecisionsNumberedOnlyWhenSeveral) {
  std::string html = MinutesHtml(October2018(), Hartlepool(), Audience::kEntitled);
  EXPECT_TRUE(Has(html, "<span class=\"numeral\">(i)</span> That the trends be noted."));
  EXPECT_TRUE(Has(html, "<span class=\"numeral\">(ii)</span> That a further report"));
  EXPECT_TRUE(Has(html, "<span class=\"numeral\">(iii)</span> That the Community Safety Team"));
  EXPECT_TRUE(Has(html, "<h4>Decision</h4>\n<p>That the contents of the report, be noted.</p>"));
  EXPECT_EQ(Count(html, "(iv)"), 0u);
}

TEST(MinutesHtml, EntitledVersionHasTheExemptMinute) {
  std::string html = MinutesHtml(October2018(), Hartlepool(), Audience::kEntitled);
  EXPECT_TRUE(Has(html, kExemptPhrase));
  EXPECT_TRUE(Has(html, kExemptIssue));
  EXPECT_TRUE(Has(html, "Repeat Victimisation Presentation (Representative from Cleveland Police)"));
  EXPECT_TRUE(Has(html, "namely information which is likely to reveal the identity of an individual (para 2)."));
}

TEST(MinutesHtml, PublicVersionWithholdsTheExemptMinute) {
  std::string html = MinutesHtml(October2018(), Hartlepool(), Audience::kPublic);
  EXPECT_FALSE(Has(html, kExemptPhrase));
  EXPECT_FALSE(Has(html, "Seaton Carew"));
  EXPECT_FALSE(Has(html, kExemptIssue));
  EXPECT_FALSE(Has(html, "presentation be noted and actioned"));
  EXPECT_FALSE(Has(html, "Representative from Cleveland Police"));
  EXPECT_FALSE(Has(html, "Exempt section"));
  EXPECT_FALSE(Has(html, "<!--"));
  EXPECT_TRUE(Has(html, "<span class=\"number\">27.</span> Repeat Victimisation Presentation</h3>\n"
                        "<p class=\"exempt\">This item contained exempt information under Schedule 12A Local "
                        "Government Act 1972 as amended by the Local Government (Access to Information) (Variation) "
                        "Order 2006 namely information which is likely to reveal the identity of an individual "
                        "(para 2).</p>\n</section>"));
  // Everything else is as the members see it.
  EXPECT_TRUE(Has(html, "Hate Crime Update"));
  EXPECT_TRUE(Has(html, "Under Section 100(A)(4)"));
  EXPECT_TRUE(Has(html, "The meeting concluded at 11.20 am."));
}

TEST(MinutesHtml, EscapesEverything) {
  MeetingRecord r = October2018();
  r.minutes[4].title = "<script>alert(1)</script> & \"quotes\"";
  r.attendance[0].name = "Councillor <b>Bold</b>";
  r.minutes[5].decisions[1] = "That <img src=x onerror=alert(2)> be noted.";
  Partnership p = Hartlepool();
  p.name = "Safer </style><script>x</script>";
  std::string html = MinutesHtml(r, p, Audience::kEntitled);
  EXPECT_FALSE(Has(html, "<script>"));
  EXPECT_FALSE(Has(html, "<img"));
  EXPECT_FALSE(Has(html, "<b>Bold"));
  EXPECT_EQ(Count(html, "</style>"), 1u);
  EXPECT_TRUE(Has(html, "&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;quotes&quot;"));
}

TEST(AgendaHtml, SeedLayout) {
  std::string html = AgendaHtml(March2025(), Hartlepool(), Audience::kEntitled);
  EXPECT_TRUE(Has(html, "PLEASE NOTE CHANGE OF DATE AND TIME"));
  EXPECT_TRUE(Has(html, "<h1>SAFER HARTLEPOOL PARTNERSHIP</h1>"));
  EXPECT_TRUE(Has(html, ">AGENDA<"));
  EXPECT_TRUE(Has(html, "Friday 14 March 2025"));
  EXPECT_TRUE(Has(html, "at 12 noon"));
  EXPECT_TRUE(Has(html, "in Committee Chamber, Civic Centre, Hartlepool"));
  EXPECT_TRUE(Has(html, "MEMBERS: SAFER HARTLEPOOL PARTNERSHIP"));
  size_t ra = html.find("Responsible Authority Members:"), other = html.find("Other Members:"),
         observer = html.find("Non-Voting Observer");
  ASSERT_NE(ra, std::string::npos);
  EXPECT_LT(ra, other);
  EXPECT_LT(other, observer);
  EXPECT_TRUE(Has(html, "Detective Chief Inspector Alan O&#39;Donoghue, Cleveland Police (VC)"));
  EXPECT_TRUE(Has(html, "Jonathan Brash, MP for Hartlepool (C)"));
  EXPECT_FALSE(Has(html, "Peter Former"));  // no longer a member on the day
  EXPECT_TRUE(Has(html, "1.</span> APOLOGIES FOR ABSENCE"));
  EXPECT_TRUE(Has(html, "2.</span> TO RECEIVE ANY DECLARATIONS OF INTEREST BY MEMBERS"));
  EXPECT_TRUE(Has(html, "3.</span> MINUTES"));
  EXPECT_TRUE(Has(html, "4.</span> ITEMS FOR CONSIDERATION"));
  EXPECT_TRUE(Has(html, "4.1</span> <span class=\"title\">Learning from Safeguarding Adult Reviews</span><br>"
                        "<span class=\"officer\">Executive Director of Adult and Community Based Services</span>"));
  EXPECT_TRUE(Has(html, "5.</span> ANY OTHER BUSINESS WHICH THE CHAIR CONSIDERS URGENT"));
  EXPECT_TRUE(Has(html, "6.</span> EXEMPT ITEMS"));
  EXPECT_TRUE(Has(html, "press and public are likely to be excluded"));
  EXPECT_TRUE(Has(html, "Repeat Victimisation Case Review</span><br><span class=\"officer\">Cleveland Police"));
  EXPECT_TRUE(Has(html, "Schedule 12A Local Government Act 1972, paragraph 2 (information which is likely to "
                        "reveal the identity of an individual)"));
  EXPECT_TRUE(Has(html, "FOR INFORMATION"));
  EXPECT_TRUE(Has(html, "Date and time of next meeting: to be confirmed."));
}

TEST(AgendaHtml, PublicVersionShowsExemptItemsByTitleAndParagraph) {
  std::string html = AgendaHtml(March2025(), Hartlepool(), Audience::kPublic);
  EXPECT_TRUE(Has(html, "6.1</span> <span class=\"title\">Repeat Victimisation Case Review</span><p class=\"exempt\">"));
  EXPECT_TRUE(Has(html, "paragraph 2"));
  EXPECT_FALSE(Has(html, "Repeat Victimisation Case Review</span><br>"));
  EXPECT_FALSE(Has(html, kExemptReportPhrase));
}

TEST(AgendaHtml, AnEmptyAgendaHasTheStandingItems) {
  MeetingRecord r;
  r.meeting.date = D(2025, 6, 6);
  std::string html = AgendaHtml(r, Hartlepool(), Audience::kPublic);
  EXPECT_TRUE(Has(html, "1.</span> APOLOGIES FOR ABSENCE"));
  EXPECT_TRUE(Has(html, "3.</span> MINUTES"));
  EXPECT_TRUE(Has(html, "4.</span> ANY OTHER BUSINESS WHICH THE CHAIR CONSIDERS URGENT"));
  EXPECT_TRUE(Has(html, "Date and time of next meeting: to be confirmed."));
}

TEST(ReportHtml, OnlyTheSectionsWithText) {
  AgendaItem item = March2025().agenda[5];
  std::string html = ReportHtml(item);
  EXPECT_TRUE(Has(html, "Report of:</dt><dd>Executive Director of Development"));
  EXPECT_TRUE(Has(html, "Subject:</dt><dd>SHP ACTION PLAN"));
  EXPECT_TRUE(Has(html, "1.</span> TYPE OF DECISION/APPLICABLE CATEGORY"));
  EXPECT_TRUE(Has(html, "2.</span> PURPOSE OF REPORT"));
  EXPECT_TRUE(Has(html, "3.</span> RECOMMENDATIONS"));
  EXPECT_TRUE(Has(html, "4.</span> CONTACT OFFICER"));
  EXPECT_FALSE(Has(html, "BACKGROUND"));
  EXPECT_FALSE(Has(html, "FINANCIAL CONSIDERATIONS"));
}

// The seed's own minutes, as transcribed in the test data: minute 27 is exempt and its
// published issues must not reach the public version.
TEST(MinutesHtml, SeedMeetingFile) {
  MeetingFile file;
  Status st = ReadMeetingFile(std::string(SAFER_SOURCE_DIR) + "/tests/data/governance/shp-2018-10-12.yaml", &file);
  ASSERT_TRUE(st.ok()) << st.message();
  std::string members = MinutesHtml(file.record, file.partnership, Audience::kEntitled);
  std::string pub = MinutesHtml(file.record, file.partnership, Audience::kPublic);
  for (int n = 19; n <= 28; ++n) {
    std::string number = "<span class=\"number\">" + std::to_string(n) + ".</span>";
    EXPECT_TRUE(Has(members, number)) << n;
    EXPECT_TRUE(Has(pub, number)) << n;
  }
  const std::string exempt = "understanding repeat victimisation at a strategic level";
  EXPECT_TRUE(Has(members, exempt));
  EXPECT_FALSE(Has(pub, exempt));
  EXPECT_TRUE(Has(pub, "Repeat Victimisation Presentation</h3>"));
  EXPECT_TRUE(Has(pub, "Chief Inspector Nigel Burnell, Chair of Youth Offending Board (In the Chair)"));
  EXPECT_TRUE(Has(pub, "Ian Armstrong was in attendance as substitute for John Graham"));
}

class MeetingDocumentFiles : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("safer-meeting-documents-" + std::to_string(::getpid()) + "-" +
                                        ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override {
    if (!HasFailure()) fs::remove_all(dir_);
  }
  std::string Read(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream buf;
    buf << in.rdbuf();
    return buf.str();
  }
  std::string PdfText(const fs::path& pdf) {
    int code = 0;
    std::string text = RunCommand("pdftotext -layout " + pdf.string() + " -", &code);
    EXPECT_EQ(code, 0);
    return text;
  }
  fs::path dir_;
};

PerformancePack SmallPack() {
  PerformancePack pack;
  pack.plan_title = "Community Safety Plan 2017-20";
  pack.area = {AreaLevel::kLocalAuthority, "E06000001", "Hartlepool"};
  pack.period = PeriodForQuarter(*FinancialQuarter::Parse("2018/19-Q2"));
  pack.status_rule = "Green when better than last year.";
  return pack;
}

TEST_F(MeetingDocumentFiles, AgendaPackBindsAgendaMinutesReportsAndPerformancePack) {
  MeetingRecord meeting = March2025(), previous = October2018();
  PerformancePack pack = SmallPack();
  fs::path html = dir_ / "pack.html";
  ASSERT_TRUE(WriteAgendaPack({&meeting, &previous, &pack}, Hartlepool(), Audience::kEntitled, html.string()).ok());
  std::string text = Read(html);
  size_t agenda = text.find("class=\"doc agenda\""), minutes = text.find("class=\"doc minutes\""),
         report = text.find("SHP ACTION PLAN"), quarterly = text.find("class=\"quarterly-pack\"");
  ASSERT_NE(quarterly, std::string::npos);
  EXPECT_LT(agenda, minutes);
  EXPECT_LT(minutes, report);
  EXPECT_LT(report, quarterly);
  EXPECT_TRUE(Has(text, "To confirm the minutes of the meeting held on 12 October 2018."));
  EXPECT_TRUE(Has(text, kExemptReportPhrase));
  EXPECT_TRUE(Has(text, kExemptPhrase));
  EXPECT_TRUE(Has(text, "@page quarterly-pack {"));
  EXPECT_TRUE(Has(text, "Community safety performance: Hartlepool"));
  EXPECT_EQ(Count(text, "<body"), 1u);
  EXPECT_FALSE(fs::exists(dir_ / "pack.html.part"));

  fs::path public_html = dir_ / "public.html";
  ASSERT_TRUE(WriteAgendaPack({&meeting, &previous, nullptr}, Hartlepool(), Audience::kPublic, public_html.string()).ok());
  std::string pub = Read(public_html);
  EXPECT_FALSE(Has(pub, kExemptReportPhrase));
  EXPECT_FALSE(Has(pub, kExemptPhrase));
  EXPECT_FALSE(Has(pub, kExemptIssue));
  EXPECT_TRUE(Has(pub, "Repeat Victimisation Case Review"));
  EXPECT_FALSE(Has(pub, "quarterly-pack\""));
}

TEST_F(MeetingDocumentFiles, RefusesOtherExtensions) {
  Status st = WriteMeetingDocument("<p>x</p>", (dir_ / "minutes.docx").string());
  EXPECT_EQ(st.code(), Status::Code::kInvalidInput);
  EXPECT_FALSE(fs::exists(dir_ / "minutes.docx"));
}

TEST_F(MeetingDocumentFiles, MinutesPdfReadsAsTheSeed) {
  fs::path pdf = dir_ / "minutes.pdf";
  Status st = WriteMeetingDocument(MinutesHtml(October2018(), Hartlepool(), Audience::kEntitled), pdf.string());
  ASSERT_TRUE(st.ok()) << st.message();
  std::string text = PdfText(pdf);
  EXPECT_TRUE(Has(text, "MINUTES AND DECISION RECORD"));
  for (int n = 19; n <= 28; ++n) EXPECT_TRUE(std::regex_search(text, std::regex("\\b" + std::to_string(n) + "\\.")));
  EXPECT_TRUE(Has(text, "was in attendance as substitute for Jean Golightly"));
  EXPECT_TRUE(Has(text, "(ii)"));
  EXPECT_TRUE(Has(text, kExemptPhrase));
  EXPECT_TRUE(Has(text, "Page 1"));
  EXPECT_TRUE(Has(text, "CHAIR"));
}

TEST_F(MeetingDocumentFiles, PublicMinutesPdfHasNoExemptText) {
  fs::path pdf = dir_ / "public.pdf";
  Status st = WriteMeetingDocument(MinutesHtml(October2018(), Hartlepool(), Audience::kPublic), pdf.string());
  ASSERT_TRUE(st.ok()) << st.message();
  std::string text = PdfText(pdf);
  EXPECT_TRUE(Has(text, "Repeat Victimisation Presentation"));
  EXPECT_TRUE(Has(text, "(para 2)"));
  EXPECT_FALSE(Has(text, "Seaton Carew"));
  EXPECT_FALSE(Has(text, "repeat victimisation at a"));
  EXPECT_TRUE(Has(text, "Page 1"));
}

TEST_F(MeetingDocumentFiles, AgendaPackPdfKeepsThePerformancePackLandscape) {
  MeetingRecord meeting = March2025(), previous = October2018();
  PerformancePack pack = SmallPack();
  fs::path pdf = dir_ / "agenda.pdf";
  Status st = WriteAgendaPack({&meeting, &previous, &pack}, Hartlepool(), Audience::kPublic, pdf.string());
  ASSERT_TRUE(st.ok()) << st.message();
  std::string text = PdfText(pdf);
  EXPECT_TRUE(Has(text, "AGENDA"));
  EXPECT_TRUE(Has(text, "MINUTES AND DECISION RECORD"));
  EXPECT_TRUE(Has(text, "Community safety performance: Hartlepool"));
  EXPECT_FALSE(Has(text, "Seaton Carew"));
  EXPECT_TRUE(Has(text, "Page 1"));
  std::string info = RunCommand("pdfinfo -f 1 -l 1000 " + pdf.string());
  std::smatch m;
  ASSERT_TRUE(std::regex_search(info, m, std::regex(R"(Page\s+1 size:\s+([\d.]+) x ([\d.]+))"))) << info;
  EXPECT_LT(std::stod(m[1]), std::stod(m[2]));  // portrait
  std::string last;
  const std::regex page_size(R"(Page\s+\d+ size:\s+([\d.]+) x ([\d.]+))");
  for (std::sregex_iterator it(info.begin(), info.end(), page_size), end; it != end; ++it)
    last = (*it)[1].str() + " " + (*it)[2].str();
  std::istringstream sizes(last);
  double w = 0, h = 0;
  sizes >> w >> h;
  EXPECT_GT(w, h) << info;  // the performance pack: landscape
}

}  // namespace
}  // namespace safer
