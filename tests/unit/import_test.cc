// Import and store behaviour through the public interfaces, on real files and a real
// SQLite database in a temporary directory.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "ingest/area_import.h"
#include "ingest/police_uk_import.h"
#include "store/store.h"

namespace safer {
namespace {

namespace fs = std::filesystem;

constexpr const char* kHeader =
    "Crime ID,Month,Reported by,Falls within,Longitude,Latitude,Location,LSOA code,LSOA name,"
    "Crime type,Last outcome category,Context\n";

std::string Id(int n) {
  std::string hex = std::to_string(n);
  return std::string(64 - hex.size(), 'a') + hex;
}

std::string Crime(int n, const std::string& month, const std::string& type,
                  const std::string& lsoa = "E01011954,Hartlepool 001A", const std::string& force = "Cleveland Police") {
  return Id(n) + "," + month + "," + force + "," + force + ",-1.2,54.7,On or near Hood Close," + lsoa + "," +
         type + ",Under investigation,\n";
}

std::string Asb(const std::string& month, const std::string& force = "Cleveland Police") {
  return "," + month + "," + force + "," + force + ",-1.2,54.7,On or near Hood Close,E01011954,Hartlepool 001A,"
         "Anti-social behaviour,,\n";
}

class ImportTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("safer-import-test-" + std::to_string(::getpid()) + "-" +
                                        ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    ASSERT_TRUE(OpenStore((dir_ / "t.db").string(), &store_).ok());
  }
  void TearDown() override {
    store_.reset();
    fs::remove_all(dir_);
  }

  std::string Write(const std::string& name, const std::string& body) {
    auto path = (dir_ / name).string();
    std::ofstream(path, std::ios::binary) << body;
    return path;
  }

  PoliceUkImportReport Import(const std::vector<std::string>& files, const std::string& label = "") {
    PoliceUkImportOptions options;
    options.edition_label = label;
    PoliceUkImportReport report;
    Status st = ImportPoliceUk(*store_, files, options, &report);
    EXPECT_TRUE(st.ok()) << st.message();
    const auto& t = report.totals;
    EXPECT_EQ(t.read, t.imported + t.rejected + t.unchanged);
    return report;
  }

  int64_t Count(const std::string& area, Month from, Month to, std::vector<std::string> categories = {}) {
    std::vector<Area> found;
    EXPECT_TRUE(store_->FindAreas(area, &found).ok());
    if (found.empty()) return -1;
    CountRequest request;
    request.months = {from, to};
    request.categories = std::move(categories);
    CountPlan plan;
    EXPECT_TRUE(PlanCount(request, found.front(), &plan).ok());
    CountTable table;
    EXPECT_TRUE(store_->Count(plan, &table).ok());
    return table.total;
  }

  fs::path dir_;
  std::unique_ptr<Store> store_;
};

TEST_F(ImportTest, ImportsCrimesAndAsbAndCountsThem) {
  auto f = Write("2018-09-cleveland-street.csv",
                 std::string(kHeader) + Crime(1, "2018-09", "Burglary") + Crime(2, "2018-09", "Shoplifting") +
                     Asb("2018-09") + Asb("2018-09"));
  auto r = Import({f});
  EXPECT_EQ(r.totals.imported, 4);  // identical ASB rows are separate reports
  EXPECT_EQ(Count("Cleveland Police", Month(2018, 9), Month(2018, 9)), 4);
  EXPECT_EQ(Count("Hartlepool", Month(2018, 9), Month(2018, 9)), 4);
  EXPECT_EQ(Count("Hartlepool", Month(2018, 9), Month(2018, 9), {"acquisitive"}), 2);
  EXPECT_EQ(Count("Hartlepool", Month(2018, 9), Month(2018, 9), {"asb"}), 2);
  EXPECT_EQ(Count("Hartlepool", Month(2018, 10), Month(2018, 12)), 0);
}

TEST_F(ImportTest, SameFileTwiceChangesNothing) {
  auto f = Write("a-street.csv", std::string(kHeader) + Crime(1, "2018-09", "Burglary") + "bad,row\n");
  auto first = Import({f});
  EXPECT_EQ(first.totals.imported, 1);
  EXPECT_EQ(first.totals.rejected, 1);
  auto second = Import({f});
  EXPECT_EQ(second.totals.imported, 0);
  EXPECT_EQ(second.totals.unchanged, 1);
  EXPECT_EQ(second.totals.rejected, 1);
  EXPECT_EQ(Count("Cleveland Police", Month(2018, 9), Month(2018, 9)), 1);
  int rejections = 0;
  ASSERT_TRUE(store_->ListRejections(std::nullopt, [&](const Rejection&) { ++rejections; }).ok());
  EXPECT_EQ(rejections, 1);  // set aside once, not once per run
}

TEST_F(ImportTest, NewEditionReplacesItsForceMonthOnly) {
  auto sep = Write("sep-street.csv", std::string(kHeader) + Crime(1, "2018-09", "Burglary") + Crime(2, "2018-09", "Burglary"));
  auto oct = Write("oct-street.csv", std::string(kHeader) + Crime(3, "2018-10", "Burglary"));
  Import({sep, oct});
  auto sep2 = Write("sep2-street.csv", std::string(kHeader) + Crime(1, "2018-09", "Shoplifting"));
  auto r = Import({sep2});
  EXPECT_EQ(r.totals.force_months_replaced, 1);
  EXPECT_EQ(Count("Cleveland Police", Month(2018, 9), Month(2018, 9)), 1);
  EXPECT_EQ(Count("Cleveland Police", Month(2018, 9), Month(2018, 9), {"burglary"}), 0);
  EXPECT_EQ(Count("Cleveland Police", Month(2018, 10), Month(2018, 10)), 1);
}

TEST_F(ImportTest, LaterLabelledEditionIsKept) {
  auto newer = Write("n-street.csv", std::string(kHeader) + Crime(1, "2018-09", "Burglary") + Crime(2, "2018-09", "Robbery"));
  auto older = Write("o-street.csv", std::string(kHeader) + Crime(1, "2018-09", "Burglary"));
  Import({newer}, "2021-01");
  auto r = Import({older}, "2019-01");
  EXPECT_EQ(r.totals.force_months_kept, 1);
  EXPECT_EQ(Count("Cleveland Police", Month(2018, 9), Month(2018, 9)), 2);
}

TEST_F(ImportTest, TwoEditionsInOneImportLeaveTheLast) {
  auto a = Write("a-street.csv", std::string(kHeader) + Crime(1, "2018-09", "Burglary") + Crime(2, "2018-09", "Burglary"));
  auto b = Write("b-street.csv", std::string(kHeader) + Crime(1, "2018-09", "Robbery"));
  Import({a, b});
  EXPECT_EQ(Count("Cleveland Police", Month(2018, 9), Month(2018, 9)), 1);
  EXPECT_EQ(Count("Cleveland Police", Month(2018, 9), Month(2018, 9), {"robbery"}), 1);
}

TEST_F(ImportTest, RepeatedCrimeIdIsADuplicateOrARejection) {
  auto f = Write("d-street.csv", std::string(kHeader) + Crime(1, "2018-09", "Burglary") + Crime(1, "2018-09", "Burglary") +
                                     Crime(1, "2018-09", "Robbery"));
  auto r = Import({f});
  EXPECT_EQ(r.totals.imported, 1);
  EXPECT_EQ(r.totals.unchanged, 1);
  EXPECT_EQ(r.totals.rejected, 1);
  std::string reason;
  ASSERT_TRUE(store_->ListRejections(std::nullopt, [&](const Rejection& x) { reason = x.reason + "@" + std::to_string(x.line); }).ok());
  EXPECT_EQ(reason, "Crime ID repeated: first seen at line 2 with different content@4");
}

TEST_F(ImportTest, AbandonedImportLeavesNoTrace) {
  {
    std::unique_ptr<ImportSession> session;
    ASSERT_TRUE(store_->BeginImport("police-uk", "x", &session).ok());
    Edition e;
    e.force = "Cleveland Police";
    e.month = Month(2018, 9);
    e.content_hash = "h";
    ASSERT_TRUE(session->StartEdition(&e).ok());
  }  // destroyed without Commit
  std::vector<ImportSummary> imports;
  ASSERT_TRUE(store_->ListImports(&imports).ok());
  EXPECT_TRUE(imports.empty());
  std::vector<Edition> editions;
  ASSERT_TRUE(store_->ListEditions(&editions).ok());
  EXPECT_TRUE(editions.empty());
}

TEST_F(ImportTest, LookupGivesOfficialCodesWithoutMovingIncidents) {
  auto f = Write("x-street.csv", std::string(kHeader) + Crime(1, "2018-09", "Burglary") +
                                     Crime(2, "2018-09", "Burglary", ",") /* no location */);
  Import({f});
  EXPECT_EQ(Count("Hartlepool", Month(2018, 9), Month(2018, 9)), 1);  // derived from the LSOA name
  auto lookup = Write("lookup.csv",
                      "lsoa_code,lsoa_name,ward_code,ward_name,la_code,la_name,force\n"
                      "E01011954,Hartlepool 001A,E05008943,De Bruce,E06000001,Hartlepool,Cleveland Police\n");
  AreaImportReport report;
  ASSERT_TRUE(ImportAreas(*store_, lookup, "", &report).ok());
  EXPECT_EQ(report.imported, 1);
  std::vector<Area> found;
  ASSERT_TRUE(store_->FindAreas("Hartlepool", &found).ok());
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].code, "E06000001");
  EXPECT_EQ(Count("E06000001", Month(2018, 9), Month(2018, 9)), 1);
  EXPECT_EQ(Count("De Bruce", Month(2018, 9), Month(2018, 9)), 1);
  EXPECT_EQ(Count("Cleveland Police", Month(2018, 9), Month(2018, 9)), 2);
}

TEST_F(ImportTest, PopulationsNeedAKnownArea) {
  auto lookup = Write("lookup.csv", "lsoa_code,lsoa_name,ward_code,ward_name,la_code,la_name\n"
                                    "E01011954,Hartlepool 001A,E05008943,De Bruce,E06000001,Hartlepool\n");
  AreaImportReport lookup_report;
  ASSERT_TRUE(ImportAreas(*store_, lookup, "Cleveland Police", &lookup_report).ok());
  auto pop = Write("pop.csv", "area_code,year,population,households\nE06000001,2018,93242,41000\n"
                              "E99999999,2018,1,1\nE06000001,20x8,1,1\nE06000001,2019,-5,\n");
  AreaImportReport report;
  ASSERT_TRUE(ImportAreas(*store_, pop, "", &report).ok());
  EXPECT_EQ(report.kind, "population");
  EXPECT_EQ(report.imported, 1);
  EXPECT_EQ(report.rejected, 3);
}

}  // namespace
}  // namespace safer
