#include "domain/governance.h"

#include <unistd.h>

#include <filesystem>

#include <gtest/gtest.h>

#include "domain/calendar.h"
#include "governance/attendance.h"
#include "governance/meeting_file.h"
#include "store/meeting_store.h"

namespace safer {
namespace {

Date D(int y, int m, int d) { return *Date::FromYmd(y, m, d); }

TEST(DateTest, BritishNumericDates) {
  EXPECT_EQ(D(2024, 6, 28), Date::ParseUk("28/06/24"));
  EXPECT_EQ(D(2025, 3, 4), Date::ParseUk("04/03/2025"));
  EXPECT_EQ(D(2025, 3, 4), Date::ParseUk("4/3/25"));
  std::string why;
  EXPECT_FALSE(Date::ParseUk("O3/03/25", &why));
  EXPECT_EQ("\"O3/03/25\" is not a date: day \"O3\" is not a number", why);
  EXPECT_FALSE(Date::ParseUk("29/02/23", &why));
  EXPECT_NE(std::string::npos, why.find("February 2023 has no day 29")) << why;
  EXPECT_TRUE(Date::ParseUk("29/02/24"));
  EXPECT_FALSE(Date::ParseUk("31/04/2025", &why));
  EXPECT_FALSE(Date::ParseUk("12/13/2025", &why));
  EXPECT_NE(std::string::npos, why.find("no month 13")) << why;
  EXPECT_FALSE(Date::ParseUk("1/2/025", &why));
  EXPECT_FALSE(Date::ParseUk("2025-03-04", &why));
}

TEST(DateTest, WrittenDates) {
  EXPECT_EQ(D(2018, 10, 12), Date::ParseWritten("12 October 2018"));
  EXPECT_EQ(D(2024, 12, 6), Date::ParseWritten("6th December 2024"));
  EXPECT_EQ(D(2025, 3, 14), Date::ParseWritten("Friday 14 March 2025"));
  std::string why;
  EXPECT_FALSE(Date::ParseWritten("Monday 14 March 2025", &why));
  EXPECT_NE(std::string::npos, why.find("is a Friday")) << why;
  EXPECT_FALSE(Date::ParseWritten("12 Octobre 2018", &why));
  EXPECT_FALSE(Date::ParseWritten("31 April 2025", &why));
}

TEST(DateTest, IsoDaysAndNames) {
  EXPECT_EQ(D(2018, 10, 12), Date::ParseIso("2018-10-12"));
  EXPECT_FALSE(Date::ParseIso("2018-1-12"));
  EXPECT_EQ(0, D(1970, 1, 1).DaysSinceEpoch());
  EXPECT_EQ(D(2024, 3, 1), D(2024, 2, 28).AddDays(2));
  EXPECT_EQ("Friday", D(2018, 10, 12).WeekdayName());
  EXPECT_EQ("12 October 2018", D(2018, 10, 12).ToLong());
  EXPECT_EQ(D(2018, 10, 12), ParseDate("12/10/18"));
  EXPECT_EQ(D(2018, 10, 12), ParseDate("2018-10-12"));
  EXPECT_EQ(D(2018, 10, 12), ParseDate("12 October 2018"));
}

TEST(TimeOfDayTest, MinutesStyles) {
  EXPECT_EQ(600, TimeOfDay::Parse("10.00 am")->minutes());
  EXPECT_EQ(840, TimeOfDay::Parse("2.00pm")->minutes());
  EXPECT_EQ(720, TimeOfDay::Parse("12noon")->minutes());
  EXPECT_EQ(870, TimeOfDay::Parse("14:30")->minutes());
  EXPECT_FALSE(TimeOfDay::Parse("2.00"));
  EXPECT_FALSE(TimeOfDay::Parse("13.00 pm"));
  EXPECT_EQ("12 noon", TimeOfDay::FromMinutes(720).ToString());
  EXPECT_EQ("2.30 pm", TimeOfDay::FromMinutes(870).ToString());
}

TEST(MunicipalYearTest, MayToApril) {
  EXPECT_EQ(2017, MunicipalYear::Containing(D(2018, 4, 30)).first_year());
  EXPECT_EQ(2018, MunicipalYear::Containing(D(2018, 5, 1)).first_year());
  EXPECT_EQ("2018/19", MunicipalYear(2018).ToString());
  EXPECT_EQ(D(2019, 4, 30), MunicipalYear(2018).last_day());
  EXPECT_EQ("(iv)", DecisionNumeral(4));
  EXPECT_EQ("(ix)", DecisionNumeral(9));
}

Partnership TestPartnership() {
  Partnership p{0, "Test Partnership"};
  p.members.push_back(Member{0, "Ann Chair", "Chair", "Council", MemberKind::kResponsibleAuthority, Office::kChair});
  p.members.push_back(Member{0, "Bob Police", "Inspector", "Police", MemberKind::kResponsibleAuthority});
  p.members.push_back(Member{0, "Cat Fire", "Manager", "Fire", MemberKind::kResponsibleAuthority});
  p.members.push_back(Member{0, "Dan Later", "Officer", "Police", MemberKind::kOtherMember, Office::kNone,
                             D(2019, 1, 1), std::nullopt});
  return p;
}

MeetingRecord TestRecord(const Date& date) {
  MeetingRecord r;
  r.meeting.partnership = "Test Partnership";
  r.meeting.date = date;
  r.meeting.status = MeetingStatus::kHeld;
  r.meeting.start = TimeOfDay::Parse("10.00 am");
  r.meeting.end = TimeOfDay::Parse("11.20 am");
  r.chair = "Ann Chair";
  r.attendance = {{"Ann Chair", "", AttendanceKind::kInTheChair},
                  {"Sam Sub", "", AttendanceKind::kSubstitute, "Bob Police"},
                  {"Bob Police", "", AttendanceKind::kApologies}};
  r.minutes = {Minute{0, 0, "Apologies for Absence"}, Minute{0, 0, "Minutes"}};
  return r;
}

bool Mentions(const std::vector<std::string>& problems, std::string_view text) {
  for (const std::string& p : problems)
    if (p.find(text) != std::string::npos) return true;
  return false;
}

TEST(CheckMeetingRecordTest, SoundRecordHasNoProblems) {
  MeetingRecord r = TestRecord(D(2018, 10, 12));
  AssignMinuteNumbers(&r, 19);
  EXPECT_EQ(19, r.minutes[0].number);
  EXPECT_EQ(20, r.minutes[1].number);
  EXPECT_TRUE(CheckMeetingRecord(r, TestPartnership()).empty());
}

TEST(CheckMeetingRecordTest, Refusals) {
  const Partnership p = TestPartnership();
  MeetingRecord r = TestRecord(D(2018, 10, 12));
  AssignMinuteNumbers(&r, 1);
  r.attendance.push_back({"Zed Sub", "", AttendanceKind::kSubstitute, "Nobody Member"});
  r.attendance.push_back({"Eve Sub", "", AttendanceKind::kSubstitute, "Dan Later"});  // not yet a member
  r.attendance.push_back({"Cat Fire", "", AttendanceKind::kPresent});
  r.attendance.push_back({"Cat Fire", "", AttendanceKind::kApologies});
  r.minutes[1].number = 1;
  r.minutes.push_back(Minute{0, 3, "Exempt", "", "", "", "", {}, std::nullopt, "secret"});
  r.meeting.end = TimeOfDay::Parse("9.00 am");
  std::vector<std::string> problems = CheckMeetingRecord(r, p);
  EXPECT_TRUE(Mentions(problems, "substitute for Nobody Member, who is not a member")) << problems.size();
  EXPECT_TRUE(Mentions(problems, "substitute for Dan Later, who is not a member"));
  EXPECT_TRUE(Mentions(problems, "Cat Fire is recorded both as attending and as sending apologies"));
  EXPECT_TRUE(Mentions(problems, "minute number 1 is used twice"));
  EXPECT_TRUE(Mentions(problems, "has exempt text but gives no Schedule 12A paragraph"));
  EXPECT_TRUE(Mentions(problems, "ends (9.00 am) before it starts (10.00 am)"));

  MeetingRecord agenda = TestRecord(D(2018, 10, 12));
  AssignMinuteNumbers(&agenda, 1);
  agenda.agenda.push_back(AgendaItem{0, "7", "Secret", AgendaItemKind::kExempt});
  agenda.minutes[0].agenda_item = "9";
  problems = CheckMeetingRecord(agenda, p);
  EXPECT_TRUE(Mentions(problems, "is exempt but gives no Schedule 12A paragraph"));
  EXPECT_TRUE(Mentions(problems, "not on this meeting's agenda"));
  EXPECT_EQ("information which is likely to reveal the identity of an individual", ExemptParagraphText(2));
  EXPECT_EQ("", ExemptParagraphText(8));
}

// A fresh database file per test, removed afterwards.
class MeetingStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    path_ = (std::filesystem::temp_directory_path() / ("safer-governance-" + std::to_string(getpid()) + ".db")).string();
    std::filesystem::remove(path_);
    ASSERT_TRUE(OpenMeetingStore(path_, &store_).ok());
    ASSERT_TRUE(store_->SavePartnership(TestPartnership()).ok());
  }
  void TearDown() override {
    store_.reset();
    for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(path_ + suffix);
  }
  std::string path_;
  std::unique_ptr<MeetingStore> store_;
};

TEST_F(MeetingStoreTest, RefusesPostgres) {
  std::unique_ptr<MeetingStore> other;
  EXPECT_EQ(Status::Code::kInvalidInput, OpenMeetingStore("postgresql://x/y", &other).code());
}

TEST_F(MeetingStoreTest, RoundTripAndReplace) {
  MeetingRecord r = TestRecord(D(2018, 10, 12));
  r.minutes[1].decisions = {"That the minutes be confirmed.", "That the Chair sign them."};
  r.minutes[1].exempt_paragraph = 2;
  r.minutes[1].exempt_text = "Names.";
  AssignMinuteNumbers(&r, 19);
  ASSERT_TRUE(store_->SaveMeetingRecord(&r).ok());
  const int64_t id = r.meeting.id;
  std::optional<MeetingRecord> loaded;
  ASSERT_TRUE(store_->LoadMeetingRecord(id, &loaded).ok());
  ASSERT_TRUE(loaded);
  EXPECT_EQ(D(2018, 10, 12), loaded->meeting.date);
  EXPECT_EQ("Ann Chair", loaded->chair);
  ASSERT_EQ(3u, loaded->attendance.size());
  EXPECT_EQ("Bob Police", loaded->attendance[1].substitute_for);
  ASSERT_EQ(2u, loaded->minutes.size());
  EXPECT_EQ(20, loaded->minutes[1].number);
  EXPECT_EQ(r.minutes[1].decisions, loaded->minutes[1].decisions);
  EXPECT_EQ(2, loaded->minutes[1].exempt_paragraph);
  EXPECT_EQ("Names.", loaded->minutes[1].exempt_text);
  EXPECT_EQ(600, loaded->meeting.start->minutes());

  // Saved again with the same partnership and date: replaced, same id, still one meeting.
  r.minutes.pop_back();
  ASSERT_TRUE(store_->SaveMeetingRecord(&r).ok());
  EXPECT_EQ(id, r.meeting.id);
  std::vector<MeetingSummary> meetings;
  ASSERT_TRUE(store_->ListMeetings("Test Partnership", std::nullopt, std::nullopt, &meetings).ok());
  ASSERT_EQ(1u, meetings.size());
  EXPECT_EQ(19, meetings[0].first_minute);
  EXPECT_EQ(19, meetings[0].last_minute);
}

TEST_F(MeetingStoreTest, MinuteNumbersRunOnThroughTheYearAndRestartInMay) {
  int next = 0;
  ASSERT_TRUE(store_->NextMinuteNumber("Test Partnership", D(2018, 10, 12), 19, &next).ok());
  EXPECT_EQ(19, next);  // nothing kept yet: the fallback
  MeetingRecord october = TestRecord(D(2018, 10, 12));
  AssignMinuteNumbers(&october, next);
  ASSERT_TRUE(store_->SaveMeetingRecord(&october).ok());

  ASSERT_TRUE(store_->NextMinuteNumber("Test Partnership", D(2019, 4, 30), 1, &next).ok());
  EXPECT_EQ(21, next);
  MeetingRecord april = TestRecord(D(2019, 4, 30));
  AssignMinuteNumbers(&april, next);
  ASSERT_TRUE(store_->SaveMeetingRecord(&april).ok());
  EXPECT_EQ(22, april.minutes.back().number);

  ASSERT_TRUE(store_->NextMinuteNumber("Test Partnership", D(2019, 5, 1), 1, &next).ok());
  EXPECT_EQ(1, next);  // a new municipal year

  // A number already used in the year is refused by the store, and nothing is saved.
  MeetingRecord clash = TestRecord(D(2018, 11, 23));
  AssignMinuteNumbers(&clash, 20);
  Status st = store_->SaveMeetingRecord(&clash);
  EXPECT_EQ(Status::Code::kInvalidInput, st.code());
  EXPECT_NE(std::string::npos, st.message().find("already minute 20 of the meeting of 12 October 2018")) << st.message();
  std::optional<int64_t> id;
  ASSERT_TRUE(store_->FindMeeting("Test Partnership", D(2018, 11, 23), &id).ok());
  EXPECT_FALSE(id);
}

TEST_F(MeetingStoreTest, AttendanceStatisticsAddUp) {
  MeetingRecord october = TestRecord(D(2018, 10, 12));  // Ann chair, Bob substituted, Cat absent
  AssignMinuteNumbers(&october, 1);
  ASSERT_TRUE(store_->SaveMeetingRecord(&october).ok());
  MeetingRecord january = TestRecord(D(2019, 1, 11));
  january.attendance = {{"Ann Chair", "", AttendanceKind::kInTheChair},
                        {"Bob Police", "", AttendanceKind::kApologies},
                        {"Dan Later", "", AttendanceKind::kPresent}};
  AssignMinuteNumbers(&january, 3);
  ASSERT_TRUE(store_->SaveMeetingRecord(&january).ok());

  std::vector<AttendanceStatistics> rows;
  ASSERT_TRUE(ComputeAttendance(*store_, "Test Partnership", D(2018, 5, 1), D(2019, 4, 30), AttendanceGrouping::kMember,
                                &rows)
                  .ok());
  ASSERT_EQ(4u, rows.size());
  for (const AttendanceStatistics& s : rows)
    EXPECT_EQ(s.meetings, s.present + s.substitute + s.apologies + s.absent) << s.name;
  EXPECT_EQ(2, rows[0].present);  // Ann
  EXPECT_EQ(1, rows[1].substitute);  // Bob
  EXPECT_EQ(1, rows[1].apologies);
  EXPECT_EQ(2, rows[2].absent);  // Cat
  EXPECT_EQ(1, rows[3].meetings);  // Dan: a member only from 2019
  EXPECT_DOUBLE_EQ(50.0, rows[1].RatePercent());

  ASSERT_TRUE(ComputeAttendance(*store_, "Test Partnership", D(2018, 5, 1), D(2019, 4, 30), AttendanceGrouping::kAgency,
                                &rows)
                  .ok());
  ASSERT_EQ(3u, rows.size());
  EXPECT_EQ("Police", rows[1].name);
  EXPECT_EQ(2, rows[1].meetings);
  EXPECT_EQ(1, rows[1].substitute);  // October: Bob's substitute
  EXPECT_EQ(1, rows[1].present);     // January: Dan
}

TEST(MeetingFileTest, EveryProblemWithItsLine) {
  MeetingFile file;
  Status st = ParseMeetingFile(
      "partnership:\n  name: P\nmeeting:\n  date: O3/03/25\n  status: held\n  colour: red\nminutes:\n  - title: A\n"
      "    exempt_paragraph: 9\n",
      "bad.yaml", &file);
  EXPECT_EQ(Status::Code::kInvalidInput, st.code());
  EXPECT_NE(std::string::npos, st.message().find("bad.yaml:4: meeting: date: \"O3/03/25\" is not a date: day \"O3\" is not a number"))
      << st.message();
  EXPECT_NE(std::string::npos, st.message().find("bad.yaml:6: meeting: unknown key \"colour\"")) << st.message();
  EXPECT_NE(std::string::npos, st.message().find("bad.yaml:9:")) << st.message();
}

TEST(MeetingFileTest, SeedFilesRead) {
  for (const char* name : {"shp-2018-10-12.yaml", "shp-2025-01-31.yaml"}) {
    MeetingFile file;
    Status st = ReadMeetingFile(std::string(SAFER_SOURCE_DIR) + "/tests/data/governance/" + name, &file);
    ASSERT_TRUE(st.ok()) << st.message();
    std::vector<std::string> problems = CheckMeetingRecord(file.record, file.partnership);
    EXPECT_TRUE(problems.empty()) << name << ": " << problems.front();
  }
}

}  // namespace
}  // namespace safer
