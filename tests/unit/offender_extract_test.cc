#include "ingest/offender_extract.h"

#include <gtest/gtest.h>

namespace safer {
namespace {

OffenderExtract MustParse(const std::string& text, const OffenderExtractOptions& options = {}) {
  OffenderExtract out;
  Status st = ParseOffenderExtract(text, "x.csv", options, &out);
  EXPECT_TRUE(st.ok()) << st.message();
  return out;
}

std::string Reasons(const OffenderExtract& e) {
  std::string all;
  for (const auto& s : e.set_aside) all += std::to_string(s.line) + ": " + s.reason + "\n";
  return all;
}

TEST(OffenderExtractTest, ReadsHeaderSynonymsInAnyOrderAndCase) {
  auto e = MustParse(
      "\xEF\xBB\xBF" "Disposal_Type,DATE OF OFFENCE,Outcome Date,Offender ID\r\n"
      "Caution,2014-01-20,10/02/2014,A1\r\n"
      "\"Conviction, custody\",5 March 2014,2014-04-01,\"B 2\"\r\n");
  ASSERT_EQ(e.offences.size(), 2u);
  EXPECT_TRUE(e.has_disposal_type);
  EXPECT_EQ(e.offences[0].person, "A1");
  EXPECT_EQ(e.offences[0].offence.ToIso(), "2014-01-20");
  EXPECT_EQ(e.offences[0].disposal.ToIso(), "2014-02-10");  // British: day first
  EXPECT_EQ(e.offences[0].line, 2);
  EXPECT_EQ(e.offences[1].person, "B 2");
  EXPECT_EQ(e.offences[1].disposal_type, "Conviction, custody");
  EXPECT_EQ(e.offences[1].offence.ToIso(), "2014-03-05");
  EXPECT_EQ(e.rows_read, 2);
  EXPECT_EQ(e.first_disposal->ToIso(), "2014-02-10");
  EXPECT_EQ(e.last_disposal->ToIso(), "2014-04-01");
}

TEST(OffenderExtractTest, TypeColumnIsOptional) {
  auto e = MustParse("person_id,offence_date,disposal_date,age\nP,2014-01-01,2014-01-02,17\n");
  EXPECT_FALSE(e.has_disposal_type);
  ASSERT_EQ(e.offences.size(), 1u);
  EXPECT_EQ(e.offences[0].disposal_type, "");
}

TEST(OffenderExtractTest, HeaderWithoutARequiredColumnIsRefused) {
  OffenderExtract e;
  Status st = ParseOffenderExtract("person id,offence date,type\nP,2014-01-01,x\n", "x.csv", {}, &e);
  EXPECT_EQ(st.code(), Status::Code::kInvalidInput);
  EXPECT_NE(st.message().find("x.csv:1: the header has no disposal date column"), std::string::npos) << st.message();
  st = ParseOffenderExtract("person id,id,offence date,disposal date\n", "x.csv", {}, &e);
  EXPECT_NE(st.message().find("two columns name the person id"), std::string::npos) << st.message();
  st = ParseOffenderExtract("", "x.csv", {}, &e);
  EXPECT_NE(st.message().find("x.csv is empty"), std::string::npos) << st.message();
}

TEST(OffenderExtractTest, BadRowsAreSetAsideWithLineAndReasonAndTheRestCount) {
  OffenderExtractOptions window;
  window.from = Date::FromYmd(2013, 1, 1);
  window.to = Date::FromYmd(2016, 12, 31);
  window.as_of = Date::FromYmd(2016, 11, 30);
  auto e = MustParse(
      "person id,offence date,disposal date,disposal type\n"
      "A,2014-01-20,2014-02-10,Caution\n"              // 2 kept
      ",2014-01-20,2014-02-10,Caution\n"               // 3 no person
      "B,31/02/2014,2014-03-01,Caution\n"              // 4 impossible date
      "C,2014-03-01,,Conviction\n"                     // 5 unproven
      "D,2014-05-01,2014-04-01,Conviction\n"           // 6 disposal before offence
      "E,2012-11-01,2012-12-31,Conviction\n"           // 7 disposal before the window
      "F,2010-11-01,2013-01-01,Conviction\n"           // 8 kept: an old offence disposed in the window
      "A,20/01/2014,10 February 2014,caution\n"        // 9 exact repeat of line 2
      "G,2016-12-01,2017-01-01,Conviction\n"           // 10 after the window
      "I,2016-11-01,2016-12-01,Conviction\n"          // 11 after the as-of date
      "H,\"unterminated,2014-01-01,2014-01-02,x\n",    // 12 CSV error
      window);
  EXPECT_EQ(e.rows_read, 11);
  ASSERT_EQ(e.offences.size(), 2u) << Reasons(e);
  EXPECT_EQ(e.offences[1].person, "F");
  ASSERT_EQ(e.set_aside.size(), 9u) << Reasons(e);
  EXPECT_EQ(e.set_aside[0].line, 3);
  EXPECT_EQ(e.set_aside[0].reason, "no person id");
  EXPECT_NE(e.set_aside[1].reason.find("offence date: \"31/02/2014\" is not a date: February 2014 has no day 31"), std::string::npos);
  EXPECT_EQ(e.set_aside[2].reason, "no disposal date: only a proven offence counts");
  EXPECT_EQ(e.set_aside[3].reason, "disposal date 2014-04-01 is before the offence date 2014-05-01");
  EXPECT_EQ(e.set_aside[4].reason, "disposal date 2012-12-31 is outside the window 2013-01-01 to 2016-12-31");
  EXPECT_EQ(e.set_aside[5].line, 9);
  EXPECT_EQ(e.set_aside[5].reason, "an exact repeat of line 2: the offence is counted once");
  EXPECT_EQ(e.set_aside[6].line, 10);
  EXPECT_EQ(e.set_aside[7].reason, "disposal date 2016-12-01 is after the as-of date 2016-11-30");
  EXPECT_EQ(e.set_aside[8].line, 12);
  EXPECT_EQ(e.duplicates, 1);
  for (const auto& s : e.set_aside) EXPECT_EQ(s.reason.find('"' + std::string("H")), std::string::npos);
}

TEST(OffenderExtractTest, SameDatesWithAnotherDisposalAreTwoOffences) {
  auto e = MustParse(
      "person,offence date,disposal date,outcome\n"
      "A,2014-01-20,2014-02-10,Conviction\n"
      "A,2014-01-20,2014-02-10,Conviction\n"
      "A,2014-01-20,2014-02-10,Caution\n");
  EXPECT_EQ(e.offences.size(), 2u);
  EXPECT_EQ(e.duplicates, 1);
  // With an offence reference, two thefts on one day convicted together are two offences.
  e = MustParse(
      "person,offence date,disposal date,outcome,Crime Reference\n"
      "A,2014-01-20,2014-02-10,Conviction,CR/1\n"
      "A,2014-01-20,2014-02-10,Conviction,CR/2\n"
      "A,2014-01-20,2014-02-10,Conviction,CR/2\n");
  EXPECT_EQ(e.offences.size(), 2u);
  EXPECT_EQ(e.duplicates, 1);
}

TEST(OffenderExtractTest, PeopleWithOffencesOutOfOrderAreCountedNotRefused) {
  auto e = MustParse(
      "person id,offence date,disposal date\n"
      "A,2014-05-01,2014-06-01\n"
      "B,2014-01-01,2014-02-01\n"
      "A,2014-01-01,2014-02-01\n"   // A goes back in time
      "B,2014-03-01,2014-04-01\n"
      "C,2014-03-01,2014-04-01\n"
      "C,2014-01-01,2014-05-01\n"   // in disposal order: not out of order
      "C,2013-01-01,2014-05-02\n"
      "D,2014-03-01,2014-04-01\n"
      "D,2014-01-01,2014-05-01\n"
      "D,2014-02-01,2014-03-01\n");  // D follows neither order
  EXPECT_EQ(e.offences.size(), 10u);
  EXPECT_EQ(e.people_out_of_order, 2);
}

TEST(OffenderExtractTest, NoUsableRowIsAnError) {
  OffenderExtract e;
  Status st = ParseOffenderExtract("person id,offence date,disposal date\nA,nope,2014-01-01\n", "x.csv", {}, &e);
  EXPECT_EQ(st.code(), Status::Code::kInvalidInput);
  EXPECT_NE(st.message().find("none of its 1 rows can be used (line 2: offence date: \"nope\" is not a date"),
            std::string::npos)
      << st.message();
  st = ParseOffenderExtract("person id,offence date,disposal date\n", "x.csv", {}, &e);
  EXPECT_NE(st.message().find("has a header but no rows"), std::string::npos);
}

}  // namespace
}  // namespace safer
