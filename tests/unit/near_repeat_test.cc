#include "analytics/near_repeat.h"

#include <chrono>
#include <cmath>
#include <cstdlib>
#include <fstream>
#include <random>
#include <sstream>
#include <string>

#include <gtest/gtest.h>

namespace safer {
namespace {

using Table = std::vector<std::vector<int64_t>>;

Table Observed(const KnoxResult& r) {
  Table t;
  for (const auto& row : r.cells) {
    t.emplace_back();
    for (const auto& c : row) t.back().push_back(c.observed);
  }
  return t;
}

KnoxSettings Small(BandConvention convention) {
  KnoxSettings s;
  s.space_edges = {0, 10};
  s.time_edges = {0, 2};
  s.permutations = 9;
  s.convention = convention;
  return s;
}

// Four events: A and B at the same place on the same day, C 10 m from A two days later,
// D far away. Pairs: AB (0 m, 0 d), AC (10 m, 2 d), BC (10 m, 2 d), and three beyond 10 m.
std::vector<SpaceTimeEvent> Four() { return {{0, 0, 0}, {0, 0, 0}, {10, 0, 2}, {1000, 0, 5}}; }

TEST(KnoxTest, HandCountedSaferBandsAreLabelTrue) {
  KnoxResult r;
  ASSERT_TRUE(KnoxTest(Four(), Small(BandConvention::kSafer), &r).ok());
  // Space [0,0], (0,10], >10; time [0,0], (0,2], >2.
  EXPECT_EQ(Observed(r), (Table{{1, 0, 0}, {0, 2, 0}, {0, 0, 3}}));
}

TEST(KnoxTest, HandCountedNearRepeatCalculatorBands) {
  KnoxResult r;
  ASSERT_TRUE(KnoxTest(Four(), Small(BandConvention::kNearRepeatCalculator), &r).ok());
  // Space {0}, [0,10), ≥10: the 10 m pairs are beyond. Time {0}, [0,2), ≥2: 2 days is beyond.
  // A–D and B–D (5 d) and C–D (3 d) are beyond in both.
  EXPECT_EQ(Observed(r), (Table{{1, 0, 0}, {0, 0, 0}, {0, 0, 5}}));
}

TEST(KnoxTest, ThreeEventsSameDayManhattan) {
  std::vector<SpaceTimeEvent> e{{0, 0, 3}, {3, 4, 3}, {6, 8, 4}};
  KnoxSettings s;
  s.space_edges = {5, 10};
  s.time_edges = {1};
  s.permutations = 5;
  KnoxResult r;
  ASSERT_TRUE(KnoxTest(e, s, &r).ok());
  // Euclidean: 5, 5, 10. Days: 0, 1, 1.
  EXPECT_EQ(Observed(r), (Table{{2, 0}, {1, 0}, {0, 0}}));
  s.manhattan = true;  // 7, 7, 14
  ASSERT_TRUE(KnoxTest(e, s, &r).ok());
  EXPECT_EQ(Observed(r), (Table{{0, 0}, {2, 0}, {1, 0}}));
}

int BruteBand(double v, const std::vector<double>& edges, BandConvention c) {
  for (size_t i = 0; i < edges.size(); ++i)
    if (c == BandConvention::kSafer ? v <= edges[i] : (v == 0 || v < edges[i])) return static_cast<int>(i);
  return static_cast<int>(edges.size());
}

TEST(KnoxTest, MatchesBruteForceOnRandomEvents) {
  std::mt19937_64 rng(7);
  std::uniform_real_distribution<double> xy(0, 3000);
  std::uniform_int_distribution<int> day(0, 60);
  std::vector<SpaceTimeEvent> e;
  for (int i = 0; i < 300; ++i) e.push_back({std::round(xy(rng)), std::round(xy(rng)), day(rng)});
  e.push_back(e[0]);  // an exact tie in place and day
  for (auto convention : {BandConvention::kSafer, BandConvention::kNearRepeatCalculator})
    for (bool manhattan : {false, true}) {
      KnoxSettings s;
      s.space_edges = {0, 100, 200, 400};
      s.time_edges = {0, 7, 14};
      s.manhattan = manhattan;
      s.convention = convention;
      s.permutations = 3;
      KnoxResult r;
      ASSERT_TRUE(KnoxTest(e, s, &r).ok());
      Table want(5, std::vector<int64_t>(4));
      std::vector<double> tedges(s.time_edges.begin(), s.time_edges.end());
      for (size_t i = 0; i < e.size(); ++i)
        for (size_t j = i + 1; j < e.size(); ++j) {
          const double dx = std::fabs(e[i].x - e[j].x), dy = std::fabs(e[i].y - e[j].y);
          // Integer coordinates: float and double distances agree, except for hypot's rounding.
          const double d = manhattan ? dx + dy : std::sqrt(dx * dx + dy * dy);
          ++want[BruteBand(d, s.space_edges, convention)][BruteBand(std::abs(e[i].day - e[j].day), tedges, convention)];
        }
      EXPECT_EQ(Observed(r), want) << "manhattan " << manhattan;
    }
}

std::vector<SpaceTimeEvent> LoadChicago(const std::string& name) {
  std::ifstream in(std::string(SAFER_SOURCE_DIR) + "/tests/data/nearrepeat/" + name);
  std::vector<SpaceTimeEvent> events;
  std::string line;
  while (std::getline(in, line)) {
    std::stringstream ss(line);
    std::string x, y, date;
    if (!std::getline(ss, x, ',') || !std::getline(ss, y, ',') || !std::getline(ss, date)) continue;
    if (x == "x" || x == "X") continue;
    const int yy = std::stoi(date.substr(0, 4)), mm = std::stoi(date.substr(5, 2)), dd = std::stoi(date.substr(8, 2));
    const auto days = std::chrono::sys_days(std::chrono::year{yy} / mm / dd).time_since_epoch().count();
    events.push_back({std::stod(x), std::stod(y), static_cast<int>(days)});
  }
  return events;
}

struct NrcRun {
  std::string file;
  std::vector<double> space_edges;
  std::vector<int> time_edges;
  Table observed;                       // the NRC's "Observed frequencies distribution"
  std::vector<std::vector<double>> ratio, p;  // its observed over mean expected, and p-values
};

// Transcribed from the *_NRsummary_*.htm / NRverbose output in tests/data/nearrepeat.
// Rows: same location, three bands, beyond; columns: three time bands, beyond.
NrcRun Arson() {
  return {"chicago_arson.csv", {0, 200, 400, 600}, {1, 2, 3},
          {{0, 2, 0, 8}, {9, 1, 1, 45}, {4, 0, 0, 140}, {6, 0, 0, 234}, {393, 710, 770, 133658}},
          {{0, 28.29, 0, 0.81}, {74.25, 3.67, 3.96, 0.81}, {11.65, 0, 0, 0.99}, {7.71, 0, 0, 0.99}, {0.96, 1.00, 1.00, 1.00}},
          {{1, .01, 1, 1}, {.01, .27, .23, 1}, {.01, 1, 1, .96}, {.01, 1, 1, .96}, {1, .84, .3, .01}}};
}
NrcRun Burglary() {
  return {"chicago_be_month1.csv", {0, 100, 200, 300}, {7, 14, 21},
          {{28, 5, 5, 2}, {44, 13, 8, 4}, {97, 56, 19, 16}, {77, 67, 45, 20}, {182194, 146149, 95237, 45879}},
          {{1.65, .43, .63, .58}, {1.69, .60, .57, .56}, {1.32, .94, .51, .88}, {.94, 1.03, 1.07, 1.01}, {1, 1, 1, 1}},
          {{.05, 1, .9, .9}, {.05, 1, 1, .95}, {.05, .75, 1, .8}, {.75, .45, .5, .5}, {1, .2, .05, .35}}};
}

void CheckConformance(const NrcRun& nrc) {
  const auto events = LoadChicago(nrc.file);
  KnoxSettings s;
  s.space_edges = nrc.space_edges;
  s.time_edges = nrc.time_edges;
  s.manhattan = true;
  s.permutations = 999;
  s.seed = 42;
  s.threads = 2;
  s.convention = BandConvention::kNearRepeatCalculator;
  KnoxResult r;
  ASSERT_TRUE(KnoxTest(events, s, &r).ok());
  EXPECT_EQ(Observed(r), nrc.observed);
  // The labels' own intervals do not reproduce it: the convention matters.
  KnoxSettings labelled = s;
  labelled.convention = BandConvention::kSafer;
  labelled.permutations = 1;
  KnoxResult l;
  ASSERT_TRUE(KnoxTest(events, labelled, &l).ok());
  EXPECT_NE(Observed(l), nrc.observed);
  for (size_t i = 0; i < r.cells.size(); ++i)
    for (size_t j = 0; j < r.cells[i].size(); ++j) {
      const KnoxCell& c = r.cells[i][j];
      // The NRC ran only 99 / 19 permutations: its ratio is comparable to ours within 10% only
      // where the expected count is large enough (≥ 20) for Monte Carlo noise to be small.
      if (c.expected >= 20) {
        EXPECT_NEAR(c.knox_ratio, nrc.ratio[i][j], 0.1 * nrc.ratio[i][j]) << i << "," << j;
      }
      // p-values: its smallest attainable p (0.01 or 0.05) means "significant"; ours must be
      // < 0.05 there. Where it found p ≥ 0.2 we must not be significant. Between: borderline.
      const double nrc_min = 1.0 / (1 + (nrc.file == "chicago_arson.csv" ? 99 : 19));
      if (nrc.p[i][j] <= nrc_min + 1e-9) {
        EXPECT_LT(c.p_value, 0.05) << i << "," << j;
      }
      if (nrc.p[i][j] >= 0.2) {
        EXPECT_GE(c.p_value, 0.05) << i << "," << j;
      }
    }
}

TEST(KnoxTest, ConformsToNearRepeatCalculatorOnChicagoArson) { CheckConformance(Arson()); }
TEST(KnoxTest, ConformsToNearRepeatCalculatorOnChicagoBurglary) { CheckConformance(Burglary()); }

TEST(KnoxTest, SameSeedSameResultWhateverTheThreads) {
  const auto events = LoadChicago("chicago_arson.csv");
  KnoxSettings s;
  s.space_edges = {0, 200, 400, 600};
  s.time_edges = {1, 2, 3};
  s.permutations = 50;
  s.seed = 9;
  KnoxResult a, b, c;
  s.threads = 2;
  ASSERT_TRUE(KnoxTest(events, s, &a).ok());
  ASSERT_TRUE(KnoxTest(events, s, &b).ok());
  s.threads = 1;
  ASSERT_TRUE(KnoxTest(events, s, &c).ok());
  for (size_t i = 0; i < a.cells.size(); ++i)
    for (size_t j = 0; j < a.cells[i].size(); ++j) {
      EXPECT_EQ(a.cells[i][j].expected, b.cells[i][j].expected);
      EXPECT_EQ(a.cells[i][j].p_value, b.cells[i][j].p_value);
      EXPECT_EQ(a.cells[i][j].expected, c.cells[i][j].expected);
      EXPECT_EQ(a.cells[i][j].p_value, c.cells[i][j].p_value);
    }
}

// The Monte Carlo against a deliberately simple re-implementation of its documented contract
// (docs/near-repeat.md, "Seeding"): permutation p shuffles the days with its own mt19937_64
// seeded from {seed low, seed high, p}, all pairs are re-counted by brute force. 13
// permutations: not a multiple of the batch the implementation counts at once.
TEST(KnoxTest, MonteCarloMatchesASimpleReimplementation) {
  std::mt19937_64 gen(11);
  std::uniform_real_distribution<double> xy(0, 1500);
  std::uniform_int_distribution<int> day(0, 40);
  std::vector<SpaceTimeEvent> e;
  for (int i = 0; i < 150; ++i) e.push_back({std::round(xy(gen)), std::round(xy(gen)), day(gen)});
  for (int i = 0; i < 10; ++i) e.push_back(e[i]);  // ties: same place, same day
  KnoxSettings s;
  s.space_edges = {0, 100, 300};
  s.time_edges = {0, 3, 10};
  s.permutations = 13;
  s.seed = 0x123456789abcULL;
  for (int threads : {1, 2}) {
    s.threads = threads;
    KnoxResult r;
    ASSERT_TRUE(KnoxTest(e, s, &r).ok());
    std::vector<double> tedges(s.time_edges.begin(), s.time_edges.end());
    auto count = [&](const std::vector<int>& days) {
      Table t(4, std::vector<int64_t>(4));
      for (size_t i = 0; i < e.size(); ++i)
        for (size_t j = i + 1; j < e.size(); ++j)
          ++t[BruteBand(std::hypot(e[i].x - e[j].x, e[i].y - e[j].y), s.space_edges, s.convention)]
             [BruteBand(std::abs(days[i] - days[j]), tedges, s.convention)];
      return t;
    };
    std::vector<int> days;
    for (const auto& ev : e) days.push_back(ev.day);
    const Table observed = count(days);
    EXPECT_EQ(Observed(r), observed);
    Table sum(4, std::vector<int64_t>(4)), ge(4, std::vector<int64_t>(4));
    for (int p = 0; p < s.permutations; ++p) {
      std::seed_seq seq{static_cast<uint32_t>(s.seed), static_cast<uint32_t>(s.seed >> 32), static_cast<uint32_t>(p)};
      std::mt19937_64 rng(seq);
      std::vector<int> shuffled = days;
      for (size_t i = shuffled.size(); i > 1; --i) std::swap(shuffled[i - 1], shuffled[rng() % i]);
      const Table t = count(shuffled);
      for (int i = 0; i < 4; ++i)
        for (int j = 0; j < 4; ++j) sum[i][j] += t[i][j], ge[i][j] += t[i][j] >= observed[i][j];
    }
    for (int i = 0; i < 4; ++i)
      for (int j = 0; j < 4; ++j) {
        EXPECT_DOUBLE_EQ(r.cells[i][j].expected, static_cast<double>(sum[i][j]) / s.permutations) << i << "," << j;
        EXPECT_DOUBLE_EQ(r.cells[i][j].p_value, (1.0 + ge[i][j]) / (1 + s.permutations)) << i << "," << j;
      }
  }
}

TEST(KnoxTest, BandLabelsSayTheRealIntervals) {
  KnoxSettings s;
  s.space_edges = {0, 200, 400, 600};
  s.time_edges = {1, 2, 3};
  EXPECT_EQ(SpaceBandIntervals(s), (std::vector<std::string>{"0 m", "(0, 200] m", "(200, 400] m", "(400, 600] m", "more than 600 m"}));
  EXPECT_EQ(TimeBandIntervals(s), (std::vector<std::string>{"0 to 1 days", "2 days", "3 days", "more than 3 days"}));
  s.convention = BandConvention::kNearRepeatCalculator;
  EXPECT_EQ(SpaceBandIntervals(s), (std::vector<std::string>{"0 m", "(0, 200) m", "[200, 400) m", "[400, 600) m", "600 m or more"}));
  EXPECT_EQ(TimeBandIntervals(s), (std::vector<std::string>{"0 days", "1 day", "2 days", "3 days or more"}));
  // The NRC's own labels, as in tests/data/nearrepeat/chicago_arson_NRsummary_*.htm.
  EXPECT_EQ(NrcSpaceBandLabels(s), (std::vector<std::string>{"Same location", "1 to 200 meters", "201 to 400 meters",
                                                             "401 to 600 meters", "More than 600 meters"}));
  EXPECT_EQ(NrcTimeBandLabels(s), (std::vector<std::string>{"0 to 1 days", "2 to 2 days", "3 to 3 days", "More than 3 days"}));
  s.time_edges = {7, 14};
  EXPECT_EQ(TimeBandIntervals(s), (std::vector<std::string>{"0 to 6 days", "7 to 13 days", "14 days or more"}));
  EXPECT_EQ(NrcTimeBandLabels(s), (std::vector<std::string>{"0 to 7 days", "8 to 14 days", "More than 14 days"}));
  s.convention = BandConvention::kSafer;
  s.space_edges = {50, 100.5};
  EXPECT_EQ(SpaceBandIntervals(s), (std::vector<std::string>{"[0, 50] m", "(50, 100.5] m", "more than 100.5 m"}));
}

TEST(KnoxTest, FindingsFollowTheNearRepeatCalculatorsReading) {
  KnoxSettings s;
  s.space_edges = {0, 100, 200};
  s.time_edges = {7, 14};
  KnoxResult r;
  r.cells.assign(4, std::vector<KnoxCell>(3));
  for (auto& row : r.cells)
    for (auto& c : row) c = {10, 10, 1.0, 0.5};
  r.cells[1][0] = {30, 10, 3.0, 0.001};   // (0, 100] m, 0-7 days: flagged
  r.cells[1][1] = {15, 10, 1.5, 0.04};    // and 8-14 days: the run goes on
  r.cells[2][0] = {11, 10, 1.1, 0.01};    // significant but not meaningful (ratio < 1.2)
  r.cells[0][1] = {5, 2, 2.5, 0.01};      // same location, 8-14 days only: no run from day 0
  const auto f = KnoxFindings(s, r);
  ASSERT_EQ(f.size(), 4u);
  EXPECT_EQ(f[0], "A significant near repeat pattern: within (0, 100] m of an event, near repeats are over-represented "
                  "within 14 days after it (p ≤ 0.05 and Knox ratio ≥ 1.2).");
  EXPECT_EQ(f[1], "Most over-represented significant near repeat cell: (0, 100] m, 0 to 7 days: Knox ratio 3.00, about "
                  "200% more pairs than expected (p = 0.001).");
  EXPECT_EQ(f[2], "No significant repeat pattern at the same location right after an event: the cell 0 m, 0 to 7 days "
                  "does not have p ≤ 0.05 and Knox ratio ≥ 1.2.");
  EXPECT_EQ(f[3], "Most over-represented significant same-location cell: 0 m, 8 to 14 days: Knox ratio 2.50, about 150% "
                  "more pairs than expected (p = 0.010).");
  r.cells[1][0].p_value = 0.2;
  EXPECT_EQ(KnoxFindings(s, r)[0], "No significant near repeat pattern: no space band from (0, 100] m to (100, 200] m "
                                   "has p ≤ 0.05 and Knox ratio ≥ 1.2 in its first time band (0 to 7 days).");
}

TEST(KnoxTest, RefusesMoreNearPairsThanItMayHold) {
  std::vector<SpaceTimeEvent> e(200, SpaceTimeEvent{5, 5, 1});  // 19,900 pairs, all at 0 m
  KnoxSettings s = Small(BandConvention::kSafer);
  s.max_near_pairs = 1000;
  KnoxResult r;
  Status st = KnoxTest(e, s, &r);
  EXPECT_EQ(st.code(), Status::Code::kInvalidInput);
  EXPECT_NE(st.message().find("more than 1000 pairs"), std::string::npos) << st.message();
}

TEST(KnoxTest, RefusesInvalidSettings) {
  KnoxResult r;
  auto bad = [&](auto change) {
    KnoxSettings s = Small(BandConvention::kSafer);
    change(s);
    Status st = KnoxTest(Four(), s, &r);
    return !st.ok() && st.code() == Status::Code::kInvalidInput && !st.message().empty();
  };
  EXPECT_TRUE(bad([](KnoxSettings& s) { s.space_edges.clear(); }));
  EXPECT_TRUE(bad([](KnoxSettings& s) { s.time_edges.clear(); }));
  EXPECT_TRUE(bad([](KnoxSettings& s) { s.space_edges = {100, 50}; }));
  EXPECT_TRUE(bad([](KnoxSettings& s) { s.space_edges = {-1, 50}; }));
  EXPECT_TRUE(bad([](KnoxSettings& s) { s.time_edges = {7, 7}; }));
  EXPECT_TRUE(bad([](KnoxSettings& s) { s.time_edges = {-1}; }));
  EXPECT_TRUE(bad([](KnoxSettings& s) { s.permutations = 0; }));
  EXPECT_TRUE(bad([](KnoxSettings& s) { s.threads = 0; }));
}

}  // namespace
}  // namespace safer
