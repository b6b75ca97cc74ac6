// Analyses against a real SQLite store: the scope a study resolves, the incidents it places,
// and concentration over grid cells checked against counting by hand.
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>

#include <fmt/format.h>

#include "analysis/analysis_chapter.h"
#include "analysis/area_study.h"
#include "analysis/change_study.h"
#include "analysis/concentration_study.h"
#include "analysis/hotspot_study.h"
#include "analysis/repeat_study.h"
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
  void Import(const std::string& month, const std::vector<std::tuple<std::string, std::string, std::string>>& rows,
              const std::string& force = "Cleveland Police", const std::string& slug = "cleveland") {
    std::string body = kHeader;
    int n = 0;
    for (const auto& [lng, lat, type] : rows) {
      const std::string id = fmt::format("{:064x}", static_cast<uint64_t>(month[5] * 100000 + ++n));
      const std::string lsoa = lng.empty() ? "," : "E01011954,Hartlepool 001A";
      body += fmt::format("{},{},{},{},{},{},{},{},{},,\n", id, month, force, force, lng, lat,
                          lng.empty() ? "No location" : "On or near Hood Close", lsoa, type);
    }
    const auto path = (dir_ / (month + "-" + slug + "-street.csv")).string();
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

TEST_F(AreaStudyTest, RepeatLocationsAgainstAHandCount) {
  // Point A three times (twice in August), B once, C twice; one incident without a location.
  Import("2018-08", {{"-1.2000", "54.700", "Burglary"}, {"-1.2000", "54.700", "Shoplifting"}});
  Import("2018-09", {{"-1.2000", "54.700", "Burglary"},
                     {"-1.1900", "54.700", "Burglary"},
                     {"-1.1800", "54.690", "Burglary"},
                     {"-1.1800", "54.690", "Shoplifting"},
                     {"", "", "Burglary"}});
  RepeatLocationStudy study;
  ASSERT_TRUE(StudyRepeatLocations(*store_, {"Cleveland Police", "2018-08", "2018-09", {}}, 10, &study).ok());
  const RepeatLocations& r = study.result;
  EXPECT_EQ(r.incidents, 6);
  EXPECT_EQ(r.locations, 3);
  EXPECT_EQ(r.repeat_locations, 2);
  EXPECT_EQ(r.at_repeat_locations, 5);
  EXPECT_EQ(r.repeat_incidents, 3);
  EXPECT_EQ(study.without_location, 1);
  ASSERT_EQ(r.top.size(), 2u);
  EXPECT_EQ(r.top[0].incidents, 3);
  EXPECT_EQ(r.top[0].months, 2);
  EXPECT_EQ(r.top[0].description, "On or near Hood Close");
  int64_t holders = 0, incidents = 0;
  for (const auto& b : r.bands) holders += b.holders, incidents += b.incidents;
  EXPECT_EQ(holders, r.locations);
  EXPECT_EQ(incidents, r.incidents);

  // A category narrows the tally; a month range with none held still resolves, all missing.
  ASSERT_TRUE(StudyRepeatLocations(*store_, {"Cleveland Police", "2018-09", "2018-09", {"Burglary"}}, 10, &study).ok());
  EXPECT_EQ(study.result.incidents, 3);
  EXPECT_EQ(study.result.repeat_locations, 0);
  ASSERT_TRUE(StudyRepeatLocations(*store_, {"Hartlepool", "2017-01", "2017-02", {}}, 10, &study).ok());
  EXPECT_EQ(study.scope.missing_months.size(), 2u);
  EXPECT_EQ(StudyRepeatLocations(*store_, {"Nowhere", "2018-09", "2018-09", {}}, 10, &study).code(),
            Status::Code::kNotFound);
}

TEST_F(AreaStudyTest, RepeatLocationsAgreeWithASimpleTallyOnGeneratedPoints) {
  std::vector<std::tuple<std::string, std::string, std::string>> rows;
  uint64_t state = 777;
  auto next = [&] { return (state = state * 6364136223846793005ULL + 1442695040888963407ULL) >> 33; };
  // Few distinct points, so many repeat.
  for (int i = 0; i < 300; ++i)
    rows.emplace_back(fmt::format("{:.6f}", -1.25 + (next() % 40) / 1000.0),
                      fmt::format("{:.6f}", 54.66 + (next() % 10) / 1000.0), "Burglary");
  Import("2018-09", rows);
  RepeatLocationStudy study;
  ASSERT_TRUE(StudyRepeatLocations(*store_, {"Hartlepool", "2018-09", "2018-09", {}}, 5, &study).ok());
  std::map<std::pair<std::string, std::string>, int64_t> points;
  for (const auto& [x, y, t] : rows) ++points[{x, y}];
  int64_t repeat = 0, at_repeat = 0, most = 0;
  for (const auto& [k, n] : points) {
    if (n >= 2) ++repeat, at_repeat += n;
    most = std::max(most, n);
  }
  EXPECT_EQ(study.result.incidents, 300);
  EXPECT_EQ(study.result.locations, static_cast<int64_t>(points.size()));
  EXPECT_EQ(study.result.repeat_locations, repeat);
  EXPECT_EQ(study.result.at_repeat_locations, at_repeat);
  ASSERT_FALSE(study.result.top.empty());
  EXPECT_EQ(study.result.top[0].incidents, most);
}

TEST_F(AreaStudyTest, HotspotStudyPlacesTheLocatedIncidentsAndSaysWhyItCannotMap) {
  Import("2018-09", {{"-1.2000", "54.700", "Burglary"},
                     {"-1.2000", "54.700", "Burglary"},
                     {"-1.1900", "54.700", "Burglary"},
                     {"-1.1800", "54.690", "Shoplifting"},
                     {"", "", "Burglary"}});
  HotspotStudy study;
  ASSERT_TRUE(StudyHotspots(*store_, {"Cleveland Police", "2018-08", "2018-09", {}}, {}, &study).ok());
  EXPECT_EQ(study.points.size(), 4u);
  EXPECT_EQ(study.context.without_location, 1);
  EXPECT_EQ(study.context.title, "All incidents in Cleveland Police, 2018-08 to 2018-09");
  std::string notes;
  for (const auto& n : study.context.notes) notes += n + "\n";
  EXPECT_NE(notes.find("1 of the 2 months (2018-08)"), std::string::npos) << notes;
  EXPECT_NE(notes.find("1 incident has no location"), std::string::npos) << notes;
  int64_t counted = 0;
  for (const auto& c : study.result.gi.cells) counted += c.count;
  EXPECT_EQ(counted, 4);  // every placed incident in one Gi* cell

  ASSERT_TRUE(StudyHotspots(*store_, {"Hartlepool", "2018-09", "2018-09", {"Burglary"}}, {}, &study).ok());
  EXPECT_EQ(study.points.size(), 3u);
  EXPECT_EQ(study.context.title, "Burglary incidents in Hartlepool, 2018-09 to 2018-09");

  Status st = StudyHotspots(*store_, {"Hartlepool", "2018-07", "2018-08", {}}, {}, &study);
  EXPECT_EQ(st.code(), Status::Code::kNotFound);
  EXPECT_NE(st.message().find("there is nothing to map"), std::string::npos);
}

TEST_F(AreaStudyTest, SeriesLeaveMonthsWithoutDataEmptyAndCountHeldMonthsWithNothingAsZero) {
  Import("2018-07", {{"-1.2000", "54.700", "Burglary"}});
  Import("2018-09", {{"-1.2000", "54.700", "Burglary"}, {"-1.1900", "54.700", "Shoplifting"}});
  StudyScope scope;
  std::vector<NamedSeries> series;
  ASSERT_TRUE(GatherSeries(*store_, {"Hartlepool", "", "", {}}, {*Month::Parse("2018-07"), *Month::Parse("2018-09")},
                           false, &scope, &series)
                  .ok());
  ASSERT_EQ(series.size(), 1u);
  ASSERT_EQ(series[0].series.counts.size(), 3u);
  EXPECT_EQ(series[0].series.counts[0], std::optional<int64_t>(1));
  EXPECT_FALSE(series[0].series.counts[1].has_value());  // 2018-08: no data held, not zero
  EXPECT_EQ(series[0].series.counts[2], std::optional<int64_t>(2));

  ASSERT_TRUE(GatherSeries(*store_, {"Hartlepool", "", "", {}}, {*Month::Parse("2018-07"), *Month::Parse("2018-09")},
                           true, &scope, &series)
                  .ok());
  ASSERT_EQ(series.size(), 2u);  // Burglary and Shoplifting
  EXPECT_EQ(series[1].category, "Shoplifting");
  EXPECT_EQ(series[1].series.counts[0], std::optional<int64_t>(0));  // held, none recorded: zero
}

TEST_F(AreaStudyTest, WithoutALookupAnotherForcesMonthDoesNotMakeTheAreasMonthZero) {
  // Hartlepool's incidents are all Cleveland's; Durham alone holds 2018-08. No lookup is
  // imported, so the store's rule counts 2018-08 held; the area's forces say it is missing.
  Import("2018-07", {{"-1.2000", "54.700", "Burglary"}});
  Import("2018-08", {{"", "", "Burglary"}}, "Durham Constabulary", "durham");  // not in Hartlepool
  Import("2018-09", {{"-1.2000", "54.700", "Burglary"}});
  StudyScope scope;
  std::vector<NamedSeries> series;
  ASSERT_TRUE(GatherSeries(*store_, {"Hartlepool", "", "", {}}, {*Month::Parse("2018-07"), *Month::Parse("2018-09")},
                           false, &scope, &series)
                  .ok());
  EXPECT_EQ(scope.missing_months, std::vector<std::string>{"2018-08"});
  ASSERT_EQ(series.at(0).series.counts.size(), 3u);
  EXPECT_FALSE(series[0].series.counts[1].has_value());
  // A force is its own: Durham's August is held for Durham.
  ASSERT_TRUE(GatherSeries(*store_, {"Durham Constabulary", "", "", {}},
                           {*Month::Parse("2018-08"), *Month::Parse("2018-08")}, false, &scope, &series)
                  .ok());
  EXPECT_TRUE(scope.missing_months.empty());
}

TEST_F(AreaStudyTest, TheChapterHasEverySectionAndSaysWhyOneCannotRun) {
  Import("2018-09", {{"-1.2000", "54.700", "Burglary"}, {"-1.2000", "54.700", "Burglary"}});
  AnalysisDocument doc;
  ASSERT_TRUE(BuildAnalysisChapter(*store_, {"Hartlepool", "2018-09", "2018-09", {}}, {}, &doc).ok());
  std::vector<std::string> ids;
  for (const auto& s : doc.sections) ids.push_back(s.id);
  EXPECT_EQ(ids, (std::vector<std::string>{"concentration", "hotspots", "repeats", "exceedance", "change"}));
  EXPECT_NE(doc.sections[1].body_html.find("<svg"), std::string::npos);
  EXPECT_NE(doc.sections[2].body_html.find("<td class=\"label\">Total</td><td>1</td><td>2</td>"), std::string::npos)
      << doc.sections[2].body_html;
  EXPECT_NE(doc.sections[3].body_html.find("not enough history: 0 of 24 months"), std::string::npos);

  // No month held at all: hot spots and repeats say why instead of drawing zeros.
  ASSERT_TRUE(BuildAnalysisChapter(*store_, {"Hartlepool", "2017-01", "2017-02", {}}, {}, &doc).ok());
  EXPECT_NE(doc.sections[1].body_html.find("Not available"), std::string::npos);
  EXPECT_NE(doc.sections[1].notes.back().find("there is nothing to map"), std::string::npos);
  EXPECT_NE(doc.sections[2].body_html.find("Not available"), std::string::npos);
  EXPECT_NE(doc.sections[2].notes.back().find("missing, not zero"), std::string::npos);
  EXPECT_EQ(doc.sections[3].body_html.find(">0<"), std::string::npos) << doc.sections[3].body_html;
}

}  // namespace
}  // namespace safer
