#include "analytics/exceedance.h"

#include <cmath>
#include <numbers>
#include <random>

#include <gtest/gtest.h>

namespace safer {
namespace {

MonthlySeries Series(Month first, const std::vector<int64_t>& counts) {
  MonthlySeries s{first, {}};
  for (int64_t c : counts) s.counts.emplace_back(c);
  return s;
}

std::vector<MonthExceedance> Assess(const MonthlySeries& s, Month from, double level = 0.95) {
  std::vector<MonthExceedance> out;
  Status st = AssessExceedance(s, from, level, &out);
  EXPECT_TRUE(st.ok()) << st.message();
  return out;
}

// A second, deliberately plain implementation: the Poisson log-linear model (year + calendar
// month) fitted by iterative proportional fitting rather than the closed form, φ from its
// Pearson residuals, and the 2/3-power interval written out from Farrington et al. (1996),
// with the quantile from the tables: z = 1.959964, or t(11) = 2.200985 when φ is estimated.
ExpectedRange Reference(const std::vector<int64_t>& h) {
  double a[2] = {1, 1}, b[12];
  for (double& v : b) v = 1;
  for (int iter = 0; iter < 200; ++iter) {
    for (int i = 0; i < 2; ++i) {
      double obs = 0, fit = 0;
      for (int j = 0; j < 12; ++j) obs += static_cast<double>(h[i * 12 + j]), fit += b[j];
      a[i] = obs / fit;
    }
    for (int j = 0; j < 12; ++j) {
      double obs = static_cast<double>(h[j] + h[12 + j]);
      b[j] = obs / (a[0] + a[1]);
    }
  }
  double chi2 = 0;
  for (int k = 0; k < 24; ++k) {
    double f = a[k / 12] * b[k % 12];
    if (f > 0) chi2 += (static_cast<double>(h[k]) - f) * (static_cast<double>(h[k]) - f) / f;
  }
  ExpectedRange r;
  r.dispersion = chi2 / 11 > 1 ? chi2 / 11 : 1;
  const double z = r.dispersion > 1 ? 2.200985 : 1.959964;
  r.expected = a[1] * b[0];
  double column = static_cast<double>(h[0] + h[12]), recent = 0, all = 0;
  for (int k = 0; k < 24; ++k) all += static_cast<double>(h[k]), recent += k >= 12 ? static_cast<double>(h[k]) : 0;
  double v = r.dispersion * (1 / column + 1 / recent - 1 / all);
  double se = std::sqrt(4.0 / 9 * (r.dispersion * std::pow(r.expected, 1.0 / 3) + std::pow(r.expected, 4.0 / 3) * v));
  r.high = std::pow(std::pow(r.expected, 2.0 / 3) + z * se, 1.5);
  r.low = std::pow(std::pow(r.expected, 2.0 / 3) - z * se, 1.5);
  return r;
}

TEST(Exceedance, FlatSeriesWithSpikeIsFlaggedAbove) {
  // 24 months of 100, then 100, 160, 70. Worked by hand: expected = 1200 × 200 / 2400 = 100;
  // φ = 1 (a perfect fit); var(log μ) = 1/200 + 1/1200 − 1/2400 = 0.0054167;
  // τ = 4/9 (100^(1/3) + 100^(4/3) × 0.0054167) = 3.1804; 100^(2/3) = 21.544;
  // high = (21.544 + 1.96 × 1.7834)^1.5 = 125.3, low = (21.544 − 3.4954)^1.5 = 76.7.
  std::vector<int64_t> counts(24, 100);
  counts.insert(counts.end(), {100, 160, 70});
  auto out = Assess(Series(Month(2016, 4), counts), Month(2018, 4));
  ASSERT_EQ(out.size(), 3u);
  EXPECT_EQ(out[0].month, Month(2018, 4));
  ASSERT_TRUE(out[0].range);
  EXPECT_NEAR(out[0].range->expected, 100, 1e-9);
  EXPECT_NEAR(out[0].range->dispersion, 1, 1e-12);
  EXPECT_NEAR(out[0].range->high, 125.3, 0.1);
  EXPECT_NEAR(out[0].range->low, 76.7, 0.1);
  EXPECT_EQ(out[0].flag, ExceedanceFlag::kWithin);
  EXPECT_EQ(out[1].flag, ExceedanceFlag::kAbove);
  // The spike is now history: the next month's expected value is raised by it, and 70 is below.
  ASSERT_TRUE(out[2].range);
  EXPECT_GT(out[2].range->expected, 100);
  EXPECT_EQ(out[2].flag, ExceedanceFlag::kBelow);
  EXPECT_EQ(out[1].history_held, 24);
}

TEST(Exceedance, SeasonalDecemberPeakIsExpectedNotFlagged) {
  // April 2016 – March 2018 with December at 200 and every other month at 100; then December 2018.
  std::vector<int64_t> counts;
  for (int i = 0; i < 24; ++i) counts.push_back(Month(2016, 4).plus(i).month() == 12 ? 200 : 100);
  // April – November 2018 at their usual 100, then December at 200.
  for (int i = 0; i < 8; ++i) counts.push_back(100);
  counts.push_back(200);
  auto out = Assess(Series(Month(2016, 4), counts), Month(2018, 12));
  ASSERT_EQ(out.size(), 1u);
  ASSERT_TRUE(out[0].range);
  // Recent 12 months (Dec 2017 – Nov 2018) total 1,300; both Decembers 400; all 24 months 2,600.
  EXPECT_NEAR(out[0].range->expected, 1300.0 * 400 / 2600, 1e-9);
  EXPECT_EQ(out[0].flag, ExceedanceFlag::kWithin);

  // A method blind to season (the last 12 months' mean, Poisson 95% range) flags the same December.
  double mean = 1300.0 / 12;
  EXPECT_GT(200, mean + 1.96 * std::sqrt(mean));
}

TEST(Exceedance, TooLittleHistoryIsSaidNotFlagged) {
  std::vector<int64_t> counts(30, 50);
  counts[20] = 500;  // would be flagged with history
  auto out = Assess(Series(Month(2017, 1), counts), Month(2017, 3));
  ASSERT_EQ(out.size(), 28u);
  EXPECT_EQ(out[0].flag, ExceedanceFlag::kNotEnoughHistory);
  EXPECT_EQ(out[0].history_held, 2);
  EXPECT_FALSE(out[0].range);
  EXPECT_EQ(out[18].flag, ExceedanceFlag::kNotEnoughHistory);  // the 500: no flag without history
  EXPECT_EQ(out[21].month, Month(2018, 12));
  EXPECT_EQ(out[21].history_held, 23);
  EXPECT_EQ(out[22].month, Month(2019, 1));
  EXPECT_EQ(out[22].history_held, 24);
  EXPECT_TRUE(out[22].range);
}

TEST(Exceedance, MissingMonthInHistoryIsNotZero) {
  MonthlySeries s = Series(Month(2016, 1), std::vector<int64_t>(36, 80));
  s.counts[5].reset();  // June 2016: no data held
  s.counts[31].reset();  // August 2018 itself: no data
  auto out = Assess(s, Month(2018, 1));
  ASSERT_EQ(out.size(), 12u);
  // January – June 2018 have June 2016 in their 24 months: not flagged, and it is named.
  for (int i = 0; i < 6; ++i) {
    EXPECT_EQ(out[i].flag, ExceedanceFlag::kNotEnoughHistory) << i;
    EXPECT_EQ(out[i].history_held, 23);
    ASSERT_EQ(out[i].history_missing.size(), 1u);
    EXPECT_EQ(out[i].history_missing[0], Month(2016, 6));
  }
  EXPECT_EQ(out[6].flag, ExceedanceFlag::kWithin);  // July 2018: June 2016 is 25 months back
  EXPECT_NEAR(out[6].range->expected, 80, 1e-9);    // a zero in its place would have lowered it
  EXPECT_EQ(out[7].flag, ExceedanceFlag::kNoData);
  EXPECT_FALSE(out[7].count);
  EXPECT_EQ(out[8].flag, ExceedanceFlag::kNotEnoughHistory);  // August 2018 is now history
}

TEST(Exceedance, ZeroHistoryDoesNotFlagOneIncident) {
  std::vector<int64_t> counts(24, 0);
  counts.push_back(1);
  auto out = Assess(Series(Month(2016, 1), counts), Month(2018, 1));
  EXPECT_EQ(out[0].flag, ExceedanceFlag::kWithin);
}

TEST(Exceedance, BadArguments) {
  std::vector<MonthExceedance> out;
  auto s = Series(Month(2016, 1), std::vector<int64_t>(30, 5));
  EXPECT_FALSE(AssessExceedance(s, Month(2015, 12), 0.95, &out).ok());
  EXPECT_FALSE(AssessExceedance(s, Month(2018, 7), 0.95, &out).ok());
  EXPECT_FALSE(AssessExceedance(s, Month(2017, 1), 1.0, &out).ok());
}

TEST(Exceedance, GeneratedSeasonalSeriesAgreeWithReference) {
  std::mt19937_64 rng(20181012);
  int dispersed = 0;
  for (int series = 0; series < 200; ++series) {
    std::uniform_real_distribution<double> base(2, 300), amp(0, 0.6);
    const double b = base(rng), a = amp(rng);
    std::vector<int64_t> h;
    for (int i = 0; i < 24; ++i) {
      std::poisson_distribution<int64_t> p(b * (1 + a * std::cos(2 * std::numbers::pi * i / 12)));
      h.push_back(p(rng));
    }
    ExpectedRange got = ExpectFromHistory(h, 0.95), want = Reference(h);
    ASSERT_NEAR(got.expected, want.expected, 1e-6 * want.expected + 1e-9) << series;
    ASSERT_NEAR(got.dispersion, want.dispersion, 1e-6 * want.dispersion) << series;
    ASSERT_NEAR(got.high, want.high, 1e-6 * want.high) << series;
    if (want.low > 0) {
      ASSERT_NEAR(got.low, want.low, 1e-6 * want.high) << series;
    }
    dispersed += want.dispersion > 1;
  }
  EXPECT_GT(dispersed, 20) << "both quantiles, z and t(11), are exercised";
  EXPECT_LT(dispersed, 180);
}

// False alarms on in-control data: seasonal Poisson series with no change at all, 12 months
// assessed on each of 3,000 series (seeded, so the figure is fixed). φ is at least 1 and the
// fit's uncertainty is counted, so the rate sits a little under the nominal 5%; a method
// without the seasonal index (63%) or the fit's uncertainty (9.6%) falls far outside the bounds.
TEST(Exceedance, FalseAlarmRateNearNominalOnInControlData) {
  std::mt19937_64 rng(7);
  int flagged = 0, assessed = 0;
  for (int series = 0; series < 3000; ++series) {
    const double b = std::uniform_real_distribution<double>(20, 200)(rng);
    std::vector<int64_t> counts;
    for (int i = 0; i < 36; ++i) {
      std::poisson_distribution<int64_t> p(b * (1 + 0.4 * std::sin(2 * std::numbers::pi * i / 12)));
      counts.push_back(p(rng));
    }
    for (const auto& m : Assess(Series(Month(2016, 1), counts), Month(2018, 1))) {
      ++assessed;
      if (m.flag == ExceedanceFlag::kAbove || m.flag == ExceedanceFlag::kBelow) ++flagged;
    }
  }
  const double rate = static_cast<double>(flagged) / assessed;
  EXPECT_GT(rate, 0.025) << rate;  // measured: 3.5%
  EXPECT_LT(rate, 0.065) << rate;
}

// The same on over-dispersed data (gamma-Poisson, variance 3× the mean at a mean of 100): φ
// is estimated from each history's residuals, so the rate stays near nominal where a Poisson
// range would flag a quarter of the months or more.
TEST(Exceedance, FalseAlarmRateNearNominalOnOverDispersedData) {
  std::mt19937_64 rng(11);
  int flagged = 0, assessed = 0;
  for (int series = 0; series < 3000; ++series) {
    std::vector<int64_t> counts;
    for (int i = 0; i < 36; ++i) {
      const double mean = 100 * (1 + 0.4 * std::sin(2 * std::numbers::pi * i / 12));
      const double shape = mean / 2;  // variance = mean + mean² / shape = 3 × mean
      std::gamma_distribution<double> g(shape, mean / shape);
      counts.push_back(std::poisson_distribution<int64_t>(g(rng))(rng));
    }
    for (const auto& m : Assess(Series(Month(2016, 1), counts), Month(2018, 1))) {
      ++assessed;
      if (m.flag == ExceedanceFlag::kAbove || m.flag == ExceedanceFlag::kBelow) ++flagged;
    }
  }
  const double rate = static_cast<double>(flagged) / assessed;
  EXPECT_GT(rate, 0.035) << rate;  // measured: 5.2%
  EXPECT_LT(rate, 0.065) << rate;
}

TEST(AreaMissingMonths, TheAreasOwnForceDecidesNotAnyForce) {
  const MonthRange window{Month(2018, 1), Month(2018, 4)};
  std::map<std::string, std::set<Month>> held = {
      {"Cleveland Police", {Month(2018, 1), Month(2018, 3), Month(2018, 4)}},
      {"British Transport Police", {Month(2018, 1), Month(2018, 2), Month(2018, 3)}},
      {"Durham Constabulary", {Month(2018, 1), Month(2018, 2), Month(2018, 3), Month(2018, 4)}}};
  // BTP's 5 of 1,005 incidents do not make its missing April missing for the area; Cleveland's
  // missing February is missing though Durham and BTP hold it.
  EXPECT_EQ(AreaMissingMonths(window, {{"Cleveland Police", 1000}, {"British Transport Police", 5}}, held),
            std::vector<std::string>{"2018-02"});
  // Two forces each with a real share: a month missing for either is missing.
  EXPECT_EQ(AreaMissingMonths(window, {{"Cleveland Police", 600}, {"British Transport Police", 400}}, held),
            (std::vector<std::string>{"2018-02", "2018-04"}));
  // A force with no data held at all: every month is missing.
  EXPECT_EQ(AreaMissingMonths(window, {{"Northmoor Police", 10}}, held).size(), 4u);
  EXPECT_TRUE(AreaMissingMonths(window, {}, held).empty());
}

TEST(PeriodChange, CountsPercentAndSignificance) {
  PeriodChange c = ComparePeriods(100, 150);
  EXPECT_EQ(c.change, 50);
  ASSERT_TRUE(c.percent_change);
  EXPECT_DOUBLE_EQ(*c.percent_change, 50);
  EXPECT_LT(c.p_value, 0.005);
  EXPECT_TRUE(c.significant);

  PeriodChange homicide = ComparePeriods(0, 1);
  EXPECT_FALSE(homicide.percent_change);  // no percentage from zero
  EXPECT_DOUBLE_EQ(homicide.p_value, 1);
  EXPECT_FALSE(homicide.significant);

  PeriodChange fall = ComparePeriods(40, 30);
  EXPECT_DOUBLE_EQ(*fall.percent_change, -25);
  EXPECT_FALSE(fall.significant);
}

}  // namespace
}  // namespace safer
