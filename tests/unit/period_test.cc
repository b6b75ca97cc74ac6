#include "domain/period.h"

#include <gtest/gtest.h>

namespace safer {
namespace {

TEST(Month, ParsesOnlyWellFormedMonths) {
  EXPECT_EQ(Month::Parse("2018-09"), Month(2018, 9));
  EXPECT_FALSE(Month::Parse("2018-13"));
  EXPECT_FALSE(Month::Parse("2018-00"));
  EXPECT_FALSE(Month::Parse("18-09"));
  EXPECT_FALSE(Month::Parse("2018-9"));
  EXPECT_FALSE(Month::Parse("2018/09"));
  EXPECT_FALSE(Month::Parse(" 2018-09"));
  EXPECT_FALSE(Month::Parse(""));
  EXPECT_EQ(Month(2018, 9).ToString(), "2018-09");
}

TEST(Month, ArithmeticCrossesYears) {
  EXPECT_EQ(Month(2018, 12).next(), Month(2019, 1));
  EXPECT_EQ(Month(2019, 1).plus(-1), Month(2018, 12));
  EXPECT_EQ((MonthRange{Month(2018, 4), Month(2019, 3)}).size(), 12);
}

TEST(FinancialYear, RunsAprilToMarch) {
  auto fy = FinancialYear::Parse("2018/19");
  ASSERT_TRUE(fy);
  EXPECT_EQ(fy->months().first, Month(2018, 4));
  EXPECT_EQ(fy->months().last, Month(2019, 3));
  EXPECT_EQ(fy->ToString(), "2018/19");
  EXPECT_EQ(FinancialYear::Containing(Month(2019, 3)).start_year(), 2018);
  EXPECT_EQ(FinancialYear::Containing(Month(2019, 4)).start_year(), 2019);
  EXPECT_FALSE(FinancialYear::Parse("2018/20"));
  EXPECT_EQ(FinancialYear::Parse("1999/00")->start_year(), 1999);
}

TEST(FinancialQuarter, Q1IsAprilToJune) {
  auto q2 = FinancialQuarter::Parse("2018/19-Q2");
  ASSERT_TRUE(q2);
  EXPECT_EQ(q2->months().first, Month(2018, 7));
  EXPECT_EQ(q2->months().last, Month(2018, 9));
  EXPECT_EQ(q2->year_to_date().first, Month(2018, 4));
  EXPECT_EQ(q2->year_to_date().last, Month(2018, 9));
  EXPECT_EQ(q2->same_quarter_last_year().ToString(), "2017/18-Q2");
  auto q4 = FinancialQuarter::Containing(Month(2019, 2));
  EXPECT_EQ(q4.ToString(), "2018/19-Q4");
  EXPECT_EQ(q4.months().first, Month(2019, 1));
  EXPECT_EQ(FinancialQuarter::Containing(Month(2018, 4)).quarter(), 1);
  EXPECT_EQ(FinancialQuarter::Containing(Month(2018, 12)).quarter(), 3);
  EXPECT_FALSE(FinancialQuarter::Parse("2018/19-Q5"));
  EXPECT_FALSE(FinancialQuarter::Parse("2018/19"));
}

}  // namespace
}  // namespace safer
