// The performance pack's arithmetic and rules, on a real SQLite store filled with generated
// police.uk files and supplied values.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "analytics/significance.h"
#include "ingest/police_uk_import.h"
#include "performance/pack.h"
#include "performance/plan_file.h"
#include "synth/synth.h"

namespace safer {
namespace {

namespace fs = std::filesystem;

TEST(Significance, MatchesTheExactBinomialTest) {
  // Reference values: exact sums of binomial coefficients (Python fractions).
  EXPECT_DOUBLE_EQ(TestCountChange(0, 1).p_value, 1.0);
  EXPECT_FALSE(TestCountChange(0, 1).significant);
  EXPECT_NEAR(TestCountChange(10, 20).p_value, 0.09873714670538902, 1e-12);
  EXPECT_NEAR(TestCountChange(100, 150).p_value, 0.001883300935076157, 1e-12);
  EXPECT_NEAR(TestCountChange(177, 169).p_value, 0.7067353948733154, 1e-10);
  EXPECT_NEAR(TestCountChange(268, 151).p_value, 1.176826674035292e-08, 1e-15);
  EXPECT_NEAR(TestCountChange(0, 5).p_value, 0.0625, 1e-12);
  EXPECT_TRUE(TestCountChange(0, 6).significant);
  EXPECT_DOUBLE_EQ(TestCountChange(7, 7).p_value, 1.0);
  EXPECT_DOUBLE_EQ(TestCountChange(0, 0).p_value, 1.0);
}

TEST(Target, ParsesTheSeedsWording) {
  EXPECT_EQ(ParseTarget("Reduce").direction, Direction::kReduce);
  EXPECT_EQ(ParseTarget("Increase").direction, Direction::kIncrease);
  Target uplift = ParseTarget("3% increase (TBC)");
  EXPECT_EQ(uplift.direction, Direction::kIncrease);
  EXPECT_DOUBLE_EQ(*uplift.relative_change, 0.03);
  EXPECT_TRUE(uplift.provisional);
  Target value = ParseTarget("12% (TBC)");
  EXPECT_DOUBLE_EQ(*value.value, 12);
  EXPECT_FALSE(value.direction);
  EXPECT_DOUBLE_EQ(*ParseTarget("1,000").value, 1000);
  Target none = ParseTarget("Data unavailable");
  EXPECT_FALSE(none.direction || none.value || none.relative_change);
  EXPECT_EQ(none.text, "Data unavailable");
}

TEST(PlanFile, LoadsTheWorkedExample) {
  CommunitySafetyPlan plan;
  Status st = LoadPlan(std::string(SAFER_SOURCE_DIR) + "/plans/safer-hartlepool-2017-20.yaml", &plan);
  ASSERT_TRUE(st.ok()) << st.message();
  ASSERT_EQ(plan.objectives.size(), 4u);
  EXPECT_EQ(plan.objectives[0].indicators.size(), 6u);
  EXPECT_EQ(plan.objectives[0].indicators[1].categories, std::vector{CategoryId::kBurglaryResidential});
  const Indicator& marac = plan.objectives[0].indicators[5];
  EXPECT_EQ(marac.source, IndicatorSource::kSupplied);
  EXPECT_EQ(marac.unit, IndicatorUnit::kPercentage);
  EXPECT_EQ(marac.year_to_date, YearToDateRule::kRecompute);
}

TEST(PlanFile, ErrorsNameTheLine) {
  auto path = fs::temp_directory_path() / "safer-bad-plan.yaml";
  std::ofstream(path) << "title: T\nobjectives:\n  - name: O\n    indicators:\n      - id: a\n        name: A\n"
                         "        count: [parking]\n";
  CommunitySafetyPlan plan;
  Status st = LoadPlan(path.string(), &plan);
  EXPECT_EQ(st.code(), Status::Code::kInvalidInput);
  EXPECT_NE(st.message().find(":7: unknown category \"parking\""), std::string::npos) << st.message();
  std::ofstream(path) << "title: T\nobjectives:\n  - name: O\n    indicators:\n      - id: a\n        name: A\n"
                         "        unit: percentage\n        year_to_date: sum\n";
  st = LoadPlan(path.string(), &plan);
  EXPECT_NE(st.message().find("do not add up"), std::string::npos) << st.message();
  fs::remove(path);
}

TEST(PlanFile, StatusThresholdsAreSetInThePlan) {
  auto path = fs::temp_directory_path() / "safer-status-plan.yaml";
  std::ofstream(path) << "title: T\nstatus:\n  significance: 0.01\n  amber_margin: 0.2\nobjectives:\n"
                         "  - name: O\n    indicators:\n      - {id: a, name: A, count: [crime], target: Reduce}\n";
  CommunitySafetyPlan plan;
  ASSERT_TRUE(LoadPlan(path.string(), &plan).ok());
  EXPECT_DOUBLE_EQ(plan.status_rule.significance, 0.01);
  EXPECT_DOUBLE_EQ(plan.status_rule.amber_margin, 0.2);
  std::ofstream(path) << "title: T\nstatus: {significance: 5}\nobjectives:\n  - name: O\n    indicators: []\n";
  EXPECT_NE(LoadPlan(path.string(), &plan).message().find("significance is a probability"), std::string::npos);
  fs::remove(path);
}

TEST(PackPeriod, QuarterYearToDateAndBaseline) {
  PackPeriod q2 = PeriodForQuarter(*FinancialQuarter::Parse("2018/19-Q2"));
  EXPECT_EQ(q2.current, (MonthRange{Month(2018, 7), Month(2018, 9)}));
  EXPECT_EQ(q2.previous, (MonthRange{Month(2017, 7), Month(2017, 9)}));
  EXPECT_EQ(q2.year_to_date, (MonthRange{Month(2018, 4), Month(2018, 9)}));
  EXPECT_EQ(q2.baseline, (MonthRange{Month(2017, 4), Month(2018, 3)}));
  PackPeriod q4 = PeriodForQuarter(*FinancialQuarter::Parse("2018/19-Q4"));
  EXPECT_EQ(q4.current, (MonthRange{Month(2019, 1), Month(2019, 3)}));
  EXPECT_EQ(q4.year_to_date, (MonthRange{Month(2018, 4), Month(2019, 3)}));
  EXPECT_EQ(q4.baseline, (MonthRange{Month(2017, 4), Month(2018, 3)}));
  EXPECT_EQ(q4.previous, (MonthRange{Month(2018, 1), Month(2018, 3)}));
  EXPECT_EQ(q2.label, "Quarter 2 2018/19 (July – September 2018)");
  EXPECT_EQ(PeriodForMonths({Month(2018, 9), Month(2018, 9)}).label, "September 2018");
  EXPECT_EQ(q4.label, "Quarter 4 2018/19 (January – March 2019)");
}

class PackTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new fs::path(fs::temp_directory_path() / ("safer-pack-test-" + std::to_string(::getpid())));
    fs::remove_all(*dir_);
    SynthOptions synth;
    synth.out_dir = (*dir_ / "data").string();
    synth.first_month = "2016-04";
    synth.months = 36;  // 2016/17 to 2018/19
    synth.rows_per_force_month = 400;
    synth.seed = 3;
    std::vector<SynthFile> files;
    ASSERT_TRUE(Synthesize(synth, &files).ok());
    ASSERT_TRUE(OpenStore((*dir_ / "t.db").string(), &store_).ok());
    std::vector<std::string> paths, skipped;
    ASSERT_TRUE(FindPoliceUkFiles({synth.out_dir}, &paths, &skipped).ok());
    PoliceUkImportReport report;
    ASSERT_TRUE(ImportPoliceUk(*store_, paths, {}, &report).ok());
    std::vector<Area> forces;
    ASSERT_TRUE(store_->ListAreas(AreaLevel::kForce, &forces).ok());
    force_ = new Area(forces.at(0));
  }
  static void TearDownTestSuite() {
    store_.reset();
    fs::remove_all(*dir_);
    delete dir_;
    delete force_;
  }

  static int64_t Count(const MonthRange& r, std::vector<std::string> categories) {
    CountRequest request;
    request.months = r;
    request.categories = std::move(categories);
    CountPlan plan;
    EXPECT_TRUE(PlanCount(request, *force_, &plan).ok());
    CountTable table;
    EXPECT_TRUE(store_->Count(plan, &table).ok());
    return table.total;
  }

  static CommunitySafetyPlan Plan() {
    CommunitySafetyPlan plan;
    plan.title = "Test plan";
    Indicator crime{"crime", "All crime", IndicatorUnit::kCount, IndicatorSource::kIncidents, {CategoryId::kAllCrime}};
    crime.target = ParseTarget("Reduce");
    Indicator burglary{"res-burglary", "Residential burglary", IndicatorUnit::kCount, IndicatorSource::kIncidents,
                       {CategoryId::kBurglaryResidential}};
    Indicator marac{"marac", "Repeat MARAC", IndicatorUnit::kPercentage, IndicatorSource::kSupplied};
    marac.year_to_date = YearToDateRule::kRecompute;
    marac.target = ParseTarget("Reduce");
    plan.objectives.push_back({"Objective", {crime, burglary, marac}});
    return plan;
  }

  static fs::path* dir_;
  static std::unique_ptr<Store> store_;
  static Area* force_;
};
fs::path* PackTest::dir_ = nullptr;
std::unique_ptr<Store> PackTest::store_;
Area* PackTest::force_ = nullptr;

TEST_F(PackTest, IndicatorFiguresEqualTheCountsTheyComeFrom) {
  PackPeriod period = PeriodForQuarter(*FinancialQuarter::Parse("2018/19-Q2"));
  PerformancePack pack;
  ASSERT_TRUE(BuildPack(*store_, Plan(), *force_, period, &pack).ok());
  const IndicatorLine& crime = pack.objectives.at(0).lines.at(0);
  EXPECT_EQ(*crime.this_period.value, Count(period.current, {"crime"}));
  EXPECT_EQ(*crime.same_period_last_year.value, Count(period.previous, {"crime"}));
  EXPECT_EQ(*crime.year_to_date.value, Count(period.year_to_date, {"crime"}));
  EXPECT_EQ(*crime.baseline.value, Count(period.baseline, {"crime"}));
  EXPECT_DOUBLE_EQ(*crime.change.difference, *crime.this_period.value - *crime.same_period_last_year.value);
  ASSERT_TRUE(crime.change.test);
  EXPECT_NE(crime.status, Rag::kNone);
  EXPECT_EQ(crime.trend.size(), 8u);
  EXPECT_EQ(crime.trend.back().first, "2018/19-Q2");
  EXPECT_EQ(*crime.trend.back().second.value, *crime.this_period.value);
}

TEST_F(PackTest, TheSignificanceThresholdComesFromThePlan) {
  PackPeriod period = PeriodForQuarter(*FinancialQuarter::Parse("2018/19-Q2"));
  CommunitySafetyPlan strict = Plan(), lax = Plan();
  strict.status_rule.significance = 1e-12;
  lax.status_rule.significance = 0.999999;
  PerformancePack a, b;
  ASSERT_TRUE(BuildPack(*store_, strict, *force_, period, &a).ok());
  ASSERT_TRUE(BuildPack(*store_, lax, *force_, period, &b).ok());
  const IndicatorLine &sa = a.objectives[0].lines[0], &sb = b.objectives[0].lines[0];
  ASSERT_NE(*sa.this_period.value, *sa.same_period_last_year.value);
  EXPECT_EQ(sa.status, Rag::kAmber);  // nothing is significant at p < 1e-12 here
  EXPECT_NE(sb.status, Rag::kAmber);
  EXPECT_NE(a.status_rule.find("p < 1e-12"), std::string::npos);
}

TEST_F(PackTest, WhatTheSourceCannotSplitIsMissingNotGuessed) {
  PerformancePack pack;
  ASSERT_TRUE(BuildPack(*store_, Plan(), *force_, PeriodForQuarter(*FinancialQuarter::Parse("2018/19-Q2")), &pack).ok());
  const IndicatorLine& burglary = pack.objectives.at(0).lines.at(1);
  EXPECT_FALSE(burglary.this_period.value);
  EXPECT_NE(burglary.this_period.missing.find("Burglary"), std::string::npos);
  EXPECT_EQ(burglary.status, Rag::kNone);
}

TEST_F(PackTest, TotalsAreTheSumOfTheirLines) {
  PackPeriod period = PeriodForQuarter(*FinancialQuarter::Parse("2018/19-Q3"));
  PerformancePack pack;
  ASSERT_TRUE(BuildPack(*store_, Plan(), *force_, period, &pack).ok());
  ASSERT_EQ(pack.crime.size(), 3u);
  double all = 0;
  for (int t = 0; t < 2; ++t) {
    double sum = 0;
    for (const auto& line : pack.crime[t].lines)
      if (line.depth == 0 && !line.total) sum += *line.current.value;
    EXPECT_DOUBLE_EQ(*pack.crime[t].lines.back().current.value, sum);
    all += sum;
  }
  EXPECT_DOUBLE_EQ(*pack.crime[2].lines.back().current.value, all);
  EXPECT_EQ(*pack.crime[2].lines.back().current.value, Count(period.current, {"crime"}));
  // The crime tree's named rows equal direct counts of those categories.
  for (const auto& line : pack.crime[0].lines) {
    if (line.category && line.current.value) {
      EXPECT_EQ(*line.current.value, Count(period.current, {std::string(Category(*line.category).slug)})) << line.label;
    }
  }
  EXPECT_EQ(*pack.asb.lines.back().current.value, Count(period.current, {"asb"}));
}

TEST_F(PackTest, MonthsWithoutDataAreMissingNotZero) {
  PackPeriod period = PeriodForQuarter(*FinancialQuarter::Parse("2019/20-Q1"));  // beyond the data
  PerformancePack pack;
  ASSERT_TRUE(BuildPack(*store_, Plan(), *force_, period, &pack).ok());
  const IndicatorLine& crime = pack.objectives.at(0).lines.at(0);
  EXPECT_FALSE(crime.this_period.value);
  EXPECT_NE(crime.this_period.missing.find("no police data"), std::string::npos);
  EXPECT_TRUE(crime.same_period_last_year.value);
  EXPECT_FALSE(crime.change.difference);
}

TEST_F(PackTest, SuppliedPercentagesRecomputeTheirYearToDate) {
  std::unique_ptr<ImportSession> session;
  ASSERT_TRUE(store_->BeginImport("indicator-values", "test", &session).ok());
  auto quarter = [](const char* q) { return FinancialQuarter::Parse(q)->months(); };
  std::vector<IndicatorValue> values = {
      {"marac", force_->code, quarter("2018/19-Q1"), 30, 30, 100},
      {"marac", force_->code, quarter("2018/19-Q2"), 20, 10, 50},
      {"marac", force_->code, quarter("2017/18-Q2"), 25, 5, 20},
  };
  IndicatorValue awaiting{"marac", force_->code, quarter("2018/19-Q3")};
  awaiting.status = ValueStatus::kAwaiting;
  values.push_back(awaiting);
  ASSERT_TRUE(session->AddIndicatorValues(values).ok());
  ASSERT_TRUE(session->Commit({}).ok());

  PerformancePack pack;
  ASSERT_TRUE(BuildPack(*store_, Plan(), *force_, PeriodForQuarter(*FinancialQuarter::Parse("2018/19-Q2")), &pack).ok());
  const IndicatorLine& marac = pack.objectives.at(0).lines.at(2);
  EXPECT_DOUBLE_EQ(*marac.this_period.value, 20);
  EXPECT_DOUBLE_EQ(*marac.year_to_date.value, 40.0 / 150 * 100);  // not the mean of 30% and 20%
  EXPECT_DOUBLE_EQ(*marac.change.difference, -5);
  EXPECT_TRUE(marac.change.in_points);
  EXPECT_DOUBLE_EQ(*marac.change.percent, -20);
  EXPECT_EQ(marac.status, Rag::kGreen);  // a percentage has no count test: direction decides
  EXPECT_FALSE(marac.baseline.value);

  PerformancePack q3;
  ASSERT_TRUE(BuildPack(*store_, Plan(), *force_, PeriodForQuarter(*FinancialQuarter::Parse("2018/19-Q3")), &q3).ok());
  EXPECT_EQ(q3.objectives.at(0).lines.at(2).this_period.missing, "Awaiting info");
}

}  // namespace
}  // namespace safer
