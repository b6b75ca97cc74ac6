#include "analytics/reoffending.h"

#include <random>
#include <set>

#include <gtest/gtest.h>

namespace safer {
namespace {

Date D(int y, int m, int d) { return *Date::FromYmd(y, m, d); }

ProvenOffence Row(const std::string& person, Date offence, Date disposal, const std::string& type = "Conviction") {
  return {person, offence, disposal, type, 0};
}

std::vector<Cohort> Must(const std::vector<ProvenOffence>& rows, CohortLength length, Date first, Date last,
                         Date as_of, std::vector<std::string> types = {}) {
  std::vector<Cohort> out;
  Status st = BuildCohorts(rows, {length, first, last, as_of, std::move(types)}, &out);
  EXPECT_TRUE(st.ok()) << st.message();
  return out;
}

const Cohort* Find(const std::vector<Cohort>& cohorts, const std::string& label) {
  for (const auto& c : cohorts)
    if (c.label == label) return &c;
  return nullptr;
}

// Person A: index disposal 10 Feb 2014 (Jan–Mar 2014 cohort). Follow-up ends 10 Feb 2015,
// waiting ends 10 Aug 2015.
std::vector<ProvenOffence> HandCase() {
  return {
      Row("A", D(2014, 1, 20), D(2014, 2, 10), "Caution"),     // the index disposal
      Row("A", D(2014, 1, 25), D(2014, 4, 1)),                 // committed before the index date: not a re-offence
      Row("A", D(2015, 1, 5), D(2015, 6, 1)),                  // proven in the waiting period: counts
      Row("A", D(2014, 12, 1), D(2015, 9, 1)),                 // proven after 18 months: does not
      Row("A", D(2015, 3, 1), D(2015, 4, 20)),                 // committed after 12 months: does not
      Row("B", D(2014, 3, 1), D(2014, 3, 5)),                  // in the cohort, never again
      Row("C", D(2014, 4, 2), D(2014, 5, 1), "Youth caution"), // the next quarter's cohort
  };
}

TEST(ReoffendingTest, QuarterlyHandComputed) {
  auto cohorts = Must(HandCase(), CohortLength::kQuarter, D(2014, 1, 1), D(2016, 12, 31), D(2017, 1, 1));
  const Cohort* q1 = Find(cohorts, "Jan 14 to Mar 14");
  ASSERT_NE(q1, nullptr);
  ASSERT_TRUE(q1->reportable);
  EXPECT_EQ(q1->size, 2);
  EXPECT_EQ(q1->reoffenders, 1);
  EXPECT_EQ(q1->reoffences, 1);
  EXPECT_DOUBLE_EQ(*q1->binary_rate, 50.0);
  EXPECT_DOUBLE_EQ(*q1->reoffences_per_offender, 0.5);
  EXPECT_DOUBLE_EQ(*q1->reoffences_per_reoffender, 1.0);
  EXPECT_EQ(q1->waiting_ends.ToIso(), "2015-09-30");

  // A is in the Apr–Jun 2014 cohort too, indexed on 1 April 2014: the offences of
  // 5 Jan 2015 (proven 1 Jun 2015), 1 Dec 2014 (proven 1 Sep 2015 < 1 Oct 2015) and
  // 1 Mar 2015 (proven 20 Apr 2015) are all within its follow-up now. C never re-offends.
  const Cohort* q2 = Find(cohorts, "Apr 14 to Jun 14");
  ASSERT_NE(q2, nullptr);
  EXPECT_EQ(q2->size, 2);
  EXPECT_EQ(q2->reoffenders, 1);
  EXPECT_EQ(q2->reoffences, 3);
  EXPECT_DOUBLE_EQ(*q2->reoffences_per_reoffender, 3.0);

  // An empty cohort has no rate, not a rate of zero.
  const Cohort* q4 = Find(cohorts, "Oct 14 to Dec 14");
  ASSERT_NE(q4, nullptr);
  EXPECT_TRUE(q4->reportable);
  EXPECT_EQ(q4->size, 0);
  EXPECT_FALSE(q4->binary_rate);
  EXPECT_FALSE(q4->reoffences_per_reoffender);
}

TEST(ReoffendingTest, YearlyCohortsStepAQuarterAndAPersonIsInSeveral) {
  auto cohorts = Must(HandCase(), CohortLength::kYear, D(2014, 1, 1), D(2016, 12, 31), D(2017, 1, 1));
  ASSERT_GE(cohorts.size(), 3u);
  EXPECT_EQ(cohorts[0].label, "Jan 14 to Dec 14");
  EXPECT_EQ(cohorts[1].label, "Apr 14 to Mar 15");
  EXPECT_EQ(cohorts[2].label, "Jul 14 to Jun 15");
  // Jan–Dec 2014: A (index 10 Feb 2014, 1 re-offence), B, C.
  EXPECT_EQ(cohorts[0].size, 3);
  EXPECT_EQ(cohorts[0].reoffenders, 1);
  EXPECT_EQ(cohorts[0].reoffences, 1);
  EXPECT_NEAR(*cohorts[0].binary_rate, 33.333, 0.001);
  // Apr 2014–Mar 2015: A (index 1 Apr 2014, 3 re-offences) and C.
  EXPECT_EQ(cohorts[1].size, 2);
  EXPECT_EQ(cohorts[1].reoffences, 3);
  // Jul 2014–Jun 2015: A indexed on 20 Apr 2015; the offence of 5 Jan 2015 precedes it.
  EXPECT_EQ(cohorts[2].size, 1);
  EXPECT_EQ(cohorts[2].reoffenders, 0);
  EXPECT_EQ(cohorts[2].waiting_ends.ToIso(), "2016-12-30");
}

TEST(ReoffendingTest, BoundariesAreInclusiveAtTwelveAndEighteenMonthsExclusiveOnTheIndexDay) {
  std::vector<ProvenOffence> rows = {
      Row("A", D(2014, 2, 1), D(2014, 2, 10)),
      Row("A", D(2014, 2, 10), D(2014, 3, 1)),   // committed on the index day: not counted
      Row("A", D(2014, 2, 11), D(2014, 3, 2)),   // the day after: counted
      Row("A", D(2015, 2, 10), D(2015, 8, 10)),  // last day of follow-up, last day of waiting: counted
      Row("A", D(2015, 2, 11), D(2015, 3, 1)),   // a day too late to count
      Row("A", D(2015, 1, 1), D(2015, 8, 11)),   // proven a day too late
  };
  auto cohorts = Must(rows, CohortLength::kQuarter, D(2014, 1, 1), D(2015, 12, 31), D(2015, 12, 31));
  ASSERT_EQ(cohorts[0].label, "Jan 14 to Mar 14");
  EXPECT_EQ(cohorts[0].size, 1);
  EXPECT_EQ(cohorts[0].reoffences, 2);
}

TEST(ReoffendingTest, OnlyCohortsWhoseWaitingHasEndedAreReportable) {
  // Jan–Mar 2014 waits until 30 Sep 2015; Apr–Jun 2014 until 30 Dec 2015 (18 months after 30 June).
  auto cohorts = Must(HandCase(), CohortLength::kQuarter, D(2014, 1, 1), D(2016, 12, 31), D(2015, 12, 29));
  ASSERT_GE(cohorts.size(), 2u);
  EXPECT_TRUE(cohorts[0].reportable);
  EXPECT_FALSE(cohorts[1].reportable);
  EXPECT_EQ(cohorts[1].not_reportable_reason,
            "follow-up and waiting period end on 2015-12-30, after the as-of date 2015-12-29");
  EXPECT_EQ(cohorts[1].size, 0);
  EXPECT_FALSE(cohorts[1].binary_rate);
  cohorts = Must(HandCase(), CohortLength::kQuarter, D(2014, 1, 1), D(2015, 12, 29), D(2020, 1, 1));
  EXPECT_EQ(cohorts[1].not_reportable_reason,
            "follow-up and waiting period end on 2015-12-30, after the extract's last day 2015-12-29");
  EXPECT_TRUE(Must(HandCase(), CohortLength::kQuarter, D(2014, 1, 1), D(2015, 12, 30), D(2015, 12, 30))[1].reportable);
  // Every quarter starting in the extract is listed: Jan 2014 … Oct 2015.
  EXPECT_EQ(cohorts.size(), 8u);
  EXPECT_EQ(cohorts.back().label, "Oct 15 to Dec 15");
}

TEST(ReoffendingTest, CohortsStartOnTheFirstQuarterInsideTheExtract) {
  auto cohorts = Must(HandCase(), CohortLength::kQuarter, D(2014, 1, 2), D(2016, 12, 31), D(2017, 1, 1));
  ASSERT_FALSE(cohorts.empty());
  EXPECT_EQ(cohorts[0].label, "Apr 14 to Jun 14");
  std::vector<Cohort> out;
  Status st = BuildCohorts(HandCase(), {CohortLength::kQuarter, D(2015, 1, 1), D(2014, 1, 1), D(2017, 1, 1), {}}, &out);
  EXPECT_EQ(st.code(), Status::Code::kInvalidInput);
}

TEST(ReoffendingTest, IndexDisposalTypesChooseTheCohortEveryDisposalProves) {
  // Only cautions index: A (caution 10 Feb 2014) is in; B (conviction) is not.
  auto cohorts = Must(HandCase(), CohortLength::kQuarter, D(2014, 1, 1), D(2016, 12, 31), D(2017, 1, 1),
                      {"CAUTION", "youth caution"});
  EXPECT_EQ(cohorts[0].size, 1);
  EXPECT_EQ(cohorts[0].reoffences, 1);  // proven by a conviction
  EXPECT_EQ(cohorts[1].size, 1);        // C's youth caution; A's 1 Apr 2014 conviction does not index
}

TEST(ReoffendingTest, LabelsAndMonthArithmetic) {
  EXPECT_EQ(CohortLabel(D(2013, 7, 1), D(2014, 6, 30)), "Jul 13 to Jun 14");  // the seed printed "Jun 13"
  EXPECT_EQ(CohortLabel(D(2009, 10, 1), D(2009, 12, 31)), "Oct 09 to Dec 09");
  EXPECT_EQ(AddMonths(D(2014, 1, 31), 1).ToIso(), "2014-02-28");
  EXPECT_EQ(AddMonths(D(2015, 8, 31), 18).ToIso(), "2017-02-28");
  EXPECT_EQ(AddMonths(D(2014, 8, 31), 18).ToIso(), "2016-02-29");
  EXPECT_EQ(AddMonths(D(2014, 12, 15), 1).ToIso(), "2015-01-15");
  EXPECT_EQ(AddMonths(D(2016, 2, 29), 12).ToIso(), "2017-02-28");
}

TEST(ReoffendingTest, SentenceComparesWithTheSameMonthsAYearEarlierInPercentagePoints) {
  // Jan–Mar 2014: A re-offends, B does not (50%). Jan–Mar 2015: D does not, E does not (0%).
  auto rows = HandCase();
  rows.push_back(Row("D", D(2015, 1, 2), D(2015, 1, 5)));
  rows.push_back(Row("E", D(2015, 2, 2), D(2015, 3, 5)));
  auto cohorts = Must(rows, CohortLength::kQuarter, D(2014, 1, 1), D(2016, 12, 31), D(2016, 10, 1));
  // As of 1 Oct 2016 Apr–Jun 2015 still waits (until 30 Dec 2016): Jan–Mar 2015 is the latest.
  EXPECT_EQ(LatestCohortSentence(cohorts),
            "Latest reportable cohort, Jan 15 to Mar 15: 0.0% re-offended (0 of 2), 0 re-offences; down 50.0 "
            "percentage points from 50.0% in Jan 14 to Mar 14.");
  const Cohort* q1 = Find(cohorts, "Jan 15 to Mar 15");
  ASSERT_NE(q1, nullptr);
  ASSERT_NE(YearEarlier(cohorts, *q1), nullptr);
  EXPECT_EQ(YearEarlier(cohorts, *q1)->label, "Jan 14 to Mar 14");
  EXPECT_EQ(YearEarlier(cohorts, cohorts[0]), nullptr);

  auto yearly = Must(HandCase(), CohortLength::kYear, D(2014, 1, 1), D(2016, 12, 31), D(2016, 12, 31));
  // Jul 14 to Jun 15 is the latest with members; Jul 13 to Jun 14 is not in the extract.
  EXPECT_EQ(LatestCohortSentence(yearly),
            "Latest reportable cohort, Jul 14 to Jun 15: 0.0% re-offended (0 of 1), 0 re-offences; no cohort a year "
            "earlier to compare with.");
  EXPECT_EQ(LatestCohortSentence(Must(HandCase(), CohortLength::kYear, D(2014, 1, 1), D(2014, 12, 31), D(2016, 1, 1))),
            "");
}

TEST(ReoffendingTest, CoverageIsWholeMonthsOfTheDisposalsUnlessGiven) {
  OffenderExtract e;
  e.file = "x.csv";
  e.first_disposal = D(2013, 1, 3);
  e.last_disposal = D(2017, 2, 14);
  Date first, last;
  ASSERT_TRUE(ExtractCoverage(e, {}, {}, D(2020, 1, 1), &first, &last).ok());
  EXPECT_EQ(first.ToIso(), "2013-01-01");
  EXPECT_EQ(last.ToIso(), "2017-02-28");
  ASSERT_TRUE(ExtractCoverage(e, {}, {}, D(2017, 2, 20), &first, &last).ok());
  EXPECT_EQ(last.ToIso(), "2017-02-20");
  ASSERT_TRUE(ExtractCoverage(e, D(2012, 6, 1), D(2016, 12, 31), D(2020, 1, 1), &first, &last).ok());
  EXPECT_EQ(first.ToIso(), "2012-06-01");
  EXPECT_EQ(last.ToIso(), "2016-12-31");
  Status st = ExtractCoverage(e, {}, {}, D(2012, 1, 1), &first, &last);
  EXPECT_EQ(st.code(), Status::Code::kInvalidInput);
  EXPECT_NE(st.message().find("the as-of date is before the start"), std::string::npos) << st.message();
}

// --- generated data against a brute-force reading of the definition ----------------------

// Month arithmetic by walking day by day to the target month's same or last day.
Date SlowAddMonths(Date d, int months) {
  int y = d.year(), m = d.month();
  for (int i = 0; i < months; ++i)
    if (++m == 13) m = 1, ++y;
  int day = d.day();
  while (!Date::FromYmd(y, m, day)) --day;
  return *Date::FromYmd(y, m, day);
}

struct Expected {
  int64_t size = 0, reoffenders = 0, reoffences = 0;
};

// For every person, over every row, with no sorting and no early exits.
Expected BruteForce(const std::vector<ProvenOffence>& rows, Date first, Date last) {
  std::set<std::string> people;
  for (const auto& r : rows) people.insert(r.person);
  Expected e;
  for (const auto& p : people) {
    std::optional<Date> index;
    for (const auto& r : rows)
      if (r.person == p && first <= r.disposal && r.disposal <= last && (!index || r.disposal < *index))
        index = r.disposal;
    if (!index) continue;
    ++e.size;
    int64_t n = 0;
    for (const auto& r : rows)
      if (r.person == p && *index < r.offence && r.offence <= SlowAddMonths(*index, 12) &&
          r.disposal <= SlowAddMonths(*index, 18))
        ++n;
    e.reoffences += n;
    e.reoffenders += n > 0;
  }
  return e;
}

TEST(ReoffendingTest, GeneratedExtractsMatchBruteForce) {
  for (uint32_t seed : {1u, 2u, 3u, 4u}) {
    std::mt19937 rng(seed);
    std::vector<ProvenOffence> rows;
    const int start = D(2012, 1, 1).DaysSinceEpoch();
    std::uniform_int_distribution<int> day(0, 6 * 365), lag(0, 400), count(1, 8), people_in(0, 150);
    const int people = 80 + people_in(rng);
    for (int p = 0; p < people; ++p) {
      const int n = count(rng);
      for (int i = 0; i < n; ++i) {
        Date offence = Date::FromDaysSinceEpoch(start + day(rng));
        Date disposal = offence.AddDays(lag(rng) % (i % 3 == 0 ? 40 : 400));
        rows.push_back(Row("P" + std::to_string(p), offence, disposal));
      }
    }
    for (CohortLength length : {CohortLength::kQuarter, CohortLength::kYear}) {
      auto cohorts = Must(rows, length, D(2012, 1, 1), D(2018, 12, 31), D(2019, 1, 1));
      int reportable = 0;
      for (const auto& c : cohorts) {
        ASSERT_EQ(SlowAddMonths(c.first, length == CohortLength::kQuarter ? 3 : 12).AddDays(-1), c.last);
        if (!c.reportable) {
          EXPECT_LT(D(2018, 12, 31), SlowAddMonths(c.last, 18)) << c.label;
          continue;
        }
        ++reportable;
        Expected e = BruteForce(rows, c.first, c.last);
        EXPECT_EQ(c.size, e.size) << c.label << " seed " << seed;
        EXPECT_EQ(c.reoffenders, e.reoffenders) << c.label << " seed " << seed;
        EXPECT_EQ(c.reoffences, e.reoffences) << c.label << " seed " << seed;
        if (e.size > 0) {
          EXPECT_DOUBLE_EQ(*c.binary_rate, 100.0 * e.reoffenders / e.size);
        }
      }
      EXPECT_GE(reportable, 16);
    }
  }
}

}  // namespace
}  // namespace safer
