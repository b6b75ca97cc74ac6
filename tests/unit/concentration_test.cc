#include "analytics/concentration.h"

#include <cmath>
#include <cstdlib>
#include <random>

#include <gtest/gtest.h>

namespace safer {
namespace {

// The textbook definition, independent of the formula under test: the mean absolute
// difference over all ordered pairs, divided by twice the mean. O(n²), fine for tests.
double MeanDifferenceGini(const std::vector<AreaCount>& counts) {
  double sum_diff = 0, total = 0;
  for (const auto& a : counts) {
    total += static_cast<double>(a.count);
    for (const auto& b : counts) sum_diff += std::abs(static_cast<double>(a.count - b.count));
  }
  const auto n = static_cast<double>(counts.size());
  return total == 0 ? 0 : sum_diff / (2 * n * n * (total / n));
}

Concentration Must(const std::vector<AreaCount>& counts, int top_n) {
  Concentration c;
  Status st = Concentrate(counts, top_n, &c);
  EXPECT_TRUE(st.ok()) << st.message();
  return c;
}

TEST(Concentration, AllEqualIsGiniZeroAndLorenzDiagonal) {
  auto c = Must({{"a", 5}, {"b", 5}, {"c", 5}, {"d", 5}}, 2);
  EXPECT_NEAR(c.gini, 0, 1e-12);
  ASSERT_EQ(c.lorenz.size(), 5u);
  for (size_t k = 0; k < c.lorenz.size(); ++k) EXPECT_NEAR(c.lorenz[k], k / 4.0, 1e-12);
  EXPECT_EQ(c.total, 20);
  EXPECT_EQ(c.top_n_count, 10);
  EXPECT_DOUBLE_EQ(c.top_n_share, 50);
}

TEST(Concentration, AllInOneOfNIsNMinusOneOverN) {
  for (int n : {1, 2, 5, 10}) {
    std::vector<AreaCount> counts;
    for (int i = 0; i < n; ++i) counts.push_back({"area" + std::to_string(i), i == n / 2 ? 7 : 0});
    auto c = Must(counts, 1);
    EXPECT_NEAR(c.gini, (n - 1.0) / n, 1e-12) << n;
    EXPECT_DOUBLE_EQ(c.top_n_share, 100);
    EXPECT_EQ(c.ranked[0].count, 7);
    EXPECT_DOUBLE_EQ(c.lorenz[static_cast<size_t>(n) - 1], 0);  // the n−1 empty areas hold nothing
    EXPECT_DOUBLE_EQ(c.lorenz.back(), 1);
  }
}

TEST(Concentration, WorkedExample) {
  // Ascending 0, 1, 2, 3, 4; T = 10, n = 5. Σ i·x = 0 + 2 + 6 + 12 + 20 = 40.
  // G = 2·40 / (5·10) − 6/5 = 1.6 − 1.2 = 0.4. Mean difference: Σ|xi−xj| = 40, / (2·25·2) = 0.4.
  auto c = Must({{"c", 2}, {"e", 4}, {"a", 0}, {"d", 3}, {"b", 1}}, 2);
  EXPECT_NEAR(c.gini, 0.4, 1e-12);
  std::vector<double> lorenz{0, 0, 0.1, 0.3, 0.6, 1};
  ASSERT_EQ(c.lorenz.size(), lorenz.size());
  for (size_t k = 0; k < lorenz.size(); ++k) EXPECT_NEAR(c.lorenz[k], lorenz[k], 1e-12) << k;
  ASSERT_EQ(c.ranked.size(), 5u);
  EXPECT_EQ(c.ranked[0].area, "e");
  EXPECT_EQ(c.ranked[4].area, "a");
  EXPECT_EQ(c.top_n, 2);
  EXPECT_EQ(c.top_n_count, 7);
  EXPECT_DOUBLE_EQ(c.top_n_share, 70);
}

TEST(Concentration, TiesAreRankedByName) {
  auto c = Must({{"Zeta", 3}, {"Alpha", 3}, {"Mid", 9}, {"Beta", 3}}, 2);
  ASSERT_EQ(c.ranked.size(), 4u);
  EXPECT_EQ(c.ranked[0].area, "Mid");
  EXPECT_EQ(c.ranked[1].area, "Alpha");
  EXPECT_EQ(c.ranked[2].area, "Beta");
  EXPECT_EQ(c.ranked[3].area, "Zeta");
  EXPECT_EQ(c.top_n_count, 12);
}

TEST(Concentration, ZeroAreasCountTowardsTheDistribution) {
  auto without = Must({{"a", 6}, {"b", 4}}, 1);
  auto with = Must({{"a", 6}, {"b", 4}, {"c", 0}, {"d", 0}}, 1);
  EXPECT_EQ(with.ranked.size(), 4u);
  EXPECT_EQ(with.total, without.total);
  EXPECT_GT(with.gini, without.gini);
  EXPECT_NEAR(with.gini, MeanDifferenceGini({{"a", 6}, {"b", 4}, {"c", 0}, {"d", 0}}), 1e-12);
  EXPECT_EQ(with.lorenz.size(), 5u);
}

TEST(Concentration, NothingCountedIsGiniZero) {
  auto c = Must({{"a", 0}, {"b", 0}}, 1);
  EXPECT_EQ(c.total, 0);
  EXPECT_DOUBLE_EQ(c.gini, 0);
  EXPECT_DOUBLE_EQ(c.top_n_share, 0);
  EXPECT_DOUBLE_EQ(c.lorenz.back(), 1);
}

TEST(Concentration, BadInputIsRefusedWithAMessage) {
  Concentration c;
  Status st = Concentrate({{"a", 1}, {"b", 2}}, 3, &c);
  EXPECT_FALSE(st.ok());
  EXPECT_NE(st.message().find("more than the 2 areas"), std::string::npos) << st.message();
  EXPECT_FALSE(Concentrate({}, 1, &c).ok());
  EXPECT_FALSE(Concentrate({{"a", 1}}, 0, &c).ok());
  EXPECT_FALSE(Concentrate({{"a", -1}}, 1, &c).ok());
}

TEST(Concentration, AgreesWithMeanDifferenceOnGeneratedData) {
  std::mt19937 rng(4);
  for (int round = 0; round < 200; ++round) {
    const int n = 1 + static_cast<int>(rng() % 60);
    std::vector<AreaCount> counts;
    int64_t total = 0;
    for (int i = 0; i < n; ++i) {
      // Many zeros and a long tail, like incidents over wards.
      int64_t x = rng() % 3 == 0 ? 0 : static_cast<int64_t>(rng() % (1 + rng() % 500));
      counts.push_back({"w" + std::to_string(rng() % 20), x});  // repeated names: ties by name too
      total += x;
    }
    const int top = 1 + static_cast<int>(rng() % static_cast<unsigned>(n));
    auto c = Must(counts, top);
    EXPECT_NEAR(c.gini, MeanDifferenceGini(counts), 1e-9) << round;
    EXPECT_EQ(c.total, total);
    ASSERT_EQ(c.lorenz.size(), counts.size() + 1);
    EXPECT_EQ(c.lorenz.front(), 0);
    EXPECT_DOUBLE_EQ(c.lorenz.back(), 1);
    for (size_t k = 1; k < c.lorenz.size(); ++k) EXPECT_GE(c.lorenz[k], c.lorenz[k - 1]);
    int64_t top_sum = 0;
    for (int i = 0; i < top; ++i) top_sum += c.ranked[static_cast<size_t>(i)].count;
    EXPECT_EQ(c.top_n_count, top_sum);
    for (size_t k = 1; k < c.ranked.size(); ++k) EXPECT_GE(c.ranked[k - 1].count, c.ranked[k].count);
  }
}

}  // namespace
}  // namespace safer
