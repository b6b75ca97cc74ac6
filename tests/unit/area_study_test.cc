// Analyses against a real SQLite store: the scope a study resolves, the incidents it places,
// and concentration over grid cells checked against counting by hand.
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <map>

#include <fmt/format.h>

#include "analysis/area_study.h"
#include "analysis/concentration_study.h"
#include "analytics/projection.h"
#include "ingest/police_uk_import.h"

namespace safer {
namespace {

namespace fs = std::filesystem;

constexpr const char* kHeader =
    "Crime ID,Month,Reported by,Falls within,Longitude,Latitude,Location,LSOA code,LSOA name,"
    "Crime type,Last outcome category,Context\n";

class AreaStudyTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("safer-study-test-" + std::to_string(::getpid()) + "-" +
                                        ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    ASSERT_TRUE(OpenStore((dir_ / "t.db").string(), &store_).ok());
  }
  void TearDown() override {
    store_.reset();
    fs::remove_all(dir_);
  }

  // One crime per (longitude, latitude, type) in `month`; an empty longitude is "no location".
  void Import(const std::string& month, const std::vector<std::tuple<std::string, std::string, std::string>>& rows) {
    std::string body = kHeader;
    int n = 0;
    for (const auto& [lng, lat, type] : rows) {
      const std::string id = fmt::format("{:064x}", static_cast<uint64_t>(month[5] * 100000 + ++n));
      const std::string lsoa = lng.empty() ? "," : "E01011954,Hartlepool 001A";
      body += fmt::format("{},{},Cleveland Police,Cleveland Police,{},{},{},{},{},,\n", id, month, lng, lat,
                          lng.empty() ? "No location" : "On or near Hood Close", lsoa, type);
    }
    const auto path = (dir_ / (month + "-cleveland-street.csv")).string();
    std::ofstream(path) << body;
    PoliceUkImportReport report;
    ASSERT_TRUE(ImportPoliceUk(*store_, {path}, {}, &report).ok());
  }

  fs::path dir_;
  std::unique_ptr<Store> store_;
};

TEST_F(AreaStudyTest, ResolvesMonthsAndRefusesBackwardsRanges) {
  Import("2018-09", {{"-1.2", "54.7", "Burglary"}});
  StudyScope scope;
  EXPECT_TRUE(ResolveStudy(*store_, {"Hartlepool", "2018-08", "2018-09", {}}, &scope).ok());
  EXPECT_EQ(scope.plan.months.size(), 2);
  ASSERT_EQ(scope.missing_months.size(), 1u);
  EXPECT_EQ(scope.missing_months[0], "2018-08");
  EXPECT_NE(MissingMonthsNote(scope).find("1 of the 2 months (2018-08)"), std::string::npos);

  Status st = ResolveStudy(*store_, {"Hartlepool", "2018-09", "2018-08", {}}, &scope);
  EXPECT_EQ(st.code(), Status::Code::kInvalidInput);
  EXPECT_NE(st.message().find("backwards"), std::string::npos);
  EXPECT_EQ(ResolveStudy(*store_, {"Hartlepool", "2018-9", "2018-09", {}}, &scope).code(), Status::Code::kInvalidInput);
  EXPECT_EQ(ResolveStudy(*store_, {"Nowhere", "2018-09", "2018-09", {}}, &scope).code(), Status::Code::kNotFound);
}

TEST_F(AreaStudyTest, PlacesIncidentsAboutTheirMeanAndCountsThoseWithoutLocation) {
  Import("2018-09", {{"-1.2", "54.7", "Burglary"}, {"-1.19", "54.7", "Burglary"}, {"", "", "Burglary"}});
  StudyScope scope;
  ASSERT_TRUE(ResolveStudy(*store_, {"Cleveland Police", "2018-09", "2018-09", {}}, &scope).ok());
  PlacedIncidents placed;
  ASSERT_TRUE(GatherPlacedIncidents(*store_, scope, &placed).ok());
  ASSERT_EQ(placed.incidents.size(), 2u);
  EXPECT_EQ(placed.without_location, 1);
  EXPECT_NEAR(placed.origin.longitude, -1.195, 1e-9);
  // 0.01° of longitude at 54.7° N is 111320 · cos(54.7°) · 0.01 ≈ 643 m; the two are either side of the origin.
  EXPECT_NEAR(placed.incidents[1].x - placed.incidents[0].x, 111320 * std::cos(54.7 * M_PI / 180) * 0.01, 0.01);
  EXPECT_NEAR(placed.incidents[0].y, 0, 1e-6);
}

TEST_F(AreaStudyTest, GridConcentrationRanksEveryCellEverOccupiedAgainstAHandCount) {
  // Month 1 occupies four places; month 2 only two of them, with a category filter besides.
  Import("2018-08", {{"-1.2000", "54.700", "Burglary"},
                     {"-1.1900", "54.700", "Burglary"},
                     {"-1.2000", "54.690", "Shoplifting"},
                     {"-1.1800", "54.680", "Shoplifting"}});
  Import("2018-09", {{"-1.2000", "54.700", "Burglary"},
                     {"-1.2001", "54.7001", "Burglary"},
                     {"-1.2000", "54.700", "Burglary"},
                     {"-1.1900", "54.700", "Shoplifting"},
                     {"", "", "Burglary"}});
  ConcentrationStudy study;
  ASSERT_TRUE(StudyConcentration(*store_, {"Hartlepool", "2018-09", "2018-09", {"Burglary"}},
                                 ConcentrationUnit::kGridCell, 1, 250, &study)
                  .ok());
  // Four cells ever occupied; the three September burglaries with a location are in one cell.
  ASSERT_EQ(study.result.ranked.size(), 4u);
  EXPECT_EQ(study.result.total, 3);
  EXPECT_EQ(study.result.ranked[0].count, 3);
  EXPECT_EQ(study.result.ranked[1].count, 0);
  EXPECT_EQ(study.unplaced, 0);  // an incident with no location is the force's, not the authority's
  EXPECT_DOUBLE_EQ(study.result.top_n_share, 100.0);
  EXPECT_NEAR(study.result.gini, 0.75, 1e-12);  // all in one of four: (n−1)/n

  ASSERT_TRUE(StudyConcentration(*store_, {"Cleveland Police", "2018-09", "2018-09", {"Burglary"}},
                                 ConcentrationUnit::kGridCell, 1, 250, &study)
                  .ok());
  EXPECT_EQ(study.unplaced, 1);
  EXPECT_EQ(study.result.total, 3);

  EXPECT_EQ(StudyConcentration(*store_, {"Hartlepool", "2018-09", "2018-09", {}}, ConcentrationUnit::kGridCell, 5,
                               250, &study)
                .code(),
            Status::Code::kInvalidInput);
  EXPECT_EQ(StudyConcentration(*store_, {"Hartlepool", "2018-09", "2018-09", {}}, ConcentrationUnit::kGridCell, 1,
                               0, &study)
                .code(),
            Status::Code::kInvalidInput);
}

TEST_F(AreaStudyTest, GridCellsAgreeWithASimpleCountOnGeneratedPoints) {
  std::vector<std::tuple<std::string, std::string, std::string>> rows;
  uint64_t state = 12345;
  auto next = [&] { return (state = state * 6364136223846793005ULL + 1442695040888963407ULL) >> 33; };
  for (int i = 0; i < 400; ++i)
    rows.emplace_back(fmt::format("{:.6f}", -1.25 + (next() % 5000) / 100000.0),
                      fmt::format("{:.6f}", 54.66 + (next() % 5000) / 100000.0), "Burglary");
  Import("2018-09", rows);
  ConcentrationStudy study;
  ASSERT_TRUE(StudyConcentration(*store_, {"Hartlepool", "2018-09", "2018-09", {}}, ConcentrationUnit::kGridCell, 3,
                                 500, &study)
                  .ok());
  // The simple way: project about the mean, floor each coordinate by the cell size.
  double lng = 0, lat = 0;
  for (const auto& [x, y, t] : rows) lng += std::stod(x), lat += std::stod(y);
  const LocalProjection projection({lng / rows.size(), lat / rows.size()});
  std::map<std::pair<long, long>, int64_t> cells;
  for (const auto& [x, y, t] : rows) {
    const PlanePoint p = projection.ToPlane({std::stod(x), std::stod(y)});
    ++cells[{static_cast<long>(std::floor(p.x / 500)), static_cast<long>(std::floor(p.y / 500))}];
  }
  std::vector<int64_t> expected;
  for (const auto& [k, n] : cells) expected.push_back(n);
  std::sort(expected.rbegin(), expected.rend());
  ASSERT_EQ(study.result.ranked.size(), expected.size());
  for (size_t i = 0; i < expected.size(); ++i) EXPECT_EQ(study.result.ranked[i].count, expected[i]) << i;
}

}  // namespace
}  // namespace safer
