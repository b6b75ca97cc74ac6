// `safer import indicator-values` through ImportIndicatorValues, on real files and a real
// SQLite store in a temporary directory: every row rule, idempotence, and reading back.
#include <gtest/gtest.h>

#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "ingest/area_import.h"
#include "ingest/indicator_value_import.h"
#include "ingest/police_uk_import.h"
#include "store/store.h"

namespace safer {
namespace {

namespace fs = std::filesystem;

constexpr const char* kHeader = "indicator,area,period,value,numerator,denominator,status,note\n";

const MonthRange kQ2 = FinancialQuarter::Parse("2018/19-Q2")->months();

class IndicatorValueImportTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("safer-indicator-value-test-" + std::to_string(::getpid()) + "-" +
                                        ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    ASSERT_TRUE(OpenStore((dir_ / "t.db").string(), &store_).ok());
    // Hartlepool and a ward that shares a name with nothing; "Middlesbrough" is both an
    // authority and one of its wards, so the name alone is ambiguous.
    auto lookup = Write("lookup.csv",
                        "lsoa_code,lsoa_name,ward_code,ward_name,la_code,la_name,force\n"
                        "E01011954,Hartlepool 001A,E05008943,De Bruce,E06000001,Hartlepool,Cleveland Police\n"
                        "E01012000,Middlesbrough 001A,E05000001,Middlesbrough,E06000002,Middlesbrough,Cleveland Police\n");
    AreaImportReport report;
    ASSERT_TRUE(ImportAreas(*store_, lookup, "", &report).ok());
    ASSERT_EQ(report.imported, 2);
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

  IndicatorValueImportReport Import(const std::string& path) {
    IndicatorValueImportReport report;
    Status st = ImportIndicatorValues(*store_, path, &report);
    EXPECT_TRUE(st.ok()) << st.message();
    EXPECT_EQ(report.read, report.imported + report.rejected);
    EXPECT_EQ(static_cast<int64_t>(report.rejections.size()), report.rejected);
    return report;
  }

  // The only rejection of a one-row file, "file:2: reason", or "" when the row loaded.
  std::string RejectionOf(const std::string& row, const std::string& header = kHeader) {
    auto path = Write("one.csv", header + row + "\n");
    auto report = Import(path);
    if (report.rejections.empty()) return "";
    EXPECT_EQ(report.rejections.front().rfind(path + ":2: ", 0), 0u) << report.rejections.front();
    return report.rejections.front().substr(path.size() + 4);
  }

  std::optional<IndicatorValue> Find(const std::string& indicator, const std::string& area, MonthRange period) {
    std::optional<IndicatorValue> out;
    EXPECT_TRUE(store_->FindIndicatorValue(indicator, area, period, &out).ok());
    return out;
  }

  std::vector<Rejection> Rejections() {
    std::vector<Rejection> out;
    EXPECT_TRUE(store_->ListRejections(std::nullopt, [&](const Rejection& r) { out.push_back(r); }).ok());
    return out;
  }

  fs::path dir_;
  std::unique_ptr<Store> store_;
};

TEST_F(IndicatorValueImportTest, LoadsValuesAndReadsThemBack) {
  auto path = Write("values.csv", std::string(kHeader) +
                                      "repeat-marac,E06000001,2017/18,33.25%,,,,baseline\n"
                                      "repeat-marac,Hartlepool,2018/19-Q2,,,,Awaiting,\n"
                                      "reoffending-binary,e06000001,2018-04..2018-09,,65,134,reported,\n"
                                      "troubled-families-engaged,De Bruce,2018-09,1001,,,,snapshot\n"
                                      "alcohol-admissions,E06000001,2018,,,,not published,\n");
  auto report = Import(path);
  EXPECT_EQ(report.read, 5);
  EXPECT_EQ(report.imported, 5);
  EXPECT_EQ(report.rejected, 0);

  auto baseline = Find("repeat-marac", "E06000001", FinancialYear(2017).months());
  ASSERT_TRUE(baseline);
  EXPECT_EQ(baseline->value, 33.25);  // "33.25%" is stored in the unit: percent, not 0.3325
  EXPECT_EQ(baseline->status, ValueStatus::kReported);
  EXPECT_EQ(baseline->note, "baseline");
  EXPECT_FALSE(baseline->numerator);
  EXPECT_FALSE(baseline->survey_year);

  auto awaiting = Find("repeat-marac", "E06000001", kQ2);  // the name was stored as its code
  ASSERT_TRUE(awaiting);
  EXPECT_FALSE(awaiting->value);
  EXPECT_EQ(awaiting->status, ValueStatus::kAwaiting);
  EXPECT_EQ(ValueStatusText(awaiting->status), "Awaiting info");

  // Numerator and denominator without a value are kept as they are: the pack recomputes.
  auto ratio = Find("reoffending-binary", "E06000001", {Month(2018, 4), Month(2018, 9)});
  ASSERT_TRUE(ratio);
  EXPECT_FALSE(ratio->value);
  EXPECT_EQ(ratio->numerator, 65);
  EXPECT_EQ(ratio->denominator, 134);

  auto ward = Find("troubled-families-engaged", "E05008943", {Month(2018, 9), Month(2018, 9)});
  ASSERT_TRUE(ward);
  EXPECT_EQ(ward->value, 1001);

  auto year = Find("alcohol-admissions", "E06000001", {Month(2018, 1), Month(2018, 12)});
  ASSERT_TRUE(year);
  EXPECT_EQ(year->status, ValueStatus::kNotPublished);

  EXPECT_FALSE(Find("repeat-marac", "E06000001", FinancialYear(2018).months()));  // exactly this period
}

TEST_F(IndicatorValueImportTest, StatusesAreCaseInsensitiveAndTakeThePacksWording) {
  auto path = Write("statuses.csv", std::string(kHeader) +
                                        "a,E06000001,2018-01,,,,AWAITING,\n"
                                        "b,E06000001,2018-01,,,,Awaiting info,\n"
                                        "c,E06000001,2018-01,,,,unavailable,\n"
                                        "d,E06000001,2018-01,,,,Data unavailable,\n"
                                        "e,E06000001,2018-01,,,,Not-Published,\n"
                                        "f,E06000001,2018-01,,,,Data not published yet,\n"
                                        "g,E06000001,2018-01,7,,,Reported,\n");
  EXPECT_EQ(Import(path).imported, 7);
  const MonthRange jan{Month(2018, 1), Month(2018, 1)};
  EXPECT_EQ(Find("a", "E06000001", jan)->status, ValueStatus::kAwaiting);
  EXPECT_EQ(Find("b", "E06000001", jan)->status, ValueStatus::kAwaiting);
  EXPECT_EQ(Find("c", "E06000001", jan)->status, ValueStatus::kUnavailable);
  EXPECT_EQ(Find("d", "E06000001", jan)->status, ValueStatus::kUnavailable);
  EXPECT_EQ(Find("e", "E06000001", jan)->status, ValueStatus::kNotPublished);
  EXPECT_EQ(Find("f", "E06000001", jan)->status, ValueStatus::kNotPublished);
  EXPECT_EQ(Find("g", "E06000001", jan)->status, ValueStatus::kReported);
  EXPECT_EQ(ValueStatusText(ValueStatus::kUnavailable), "Data unavailable");
  EXPECT_EQ(ValueStatusText(ValueStatus::kNotPublished), "Data not published yet");
}

TEST_F(IndicatorValueImportTest, EachBadRowSaysWhy) {
  EXPECT_EQ(RejectionOf("x,E06000001,2018-09,,,,,"),
            "a value or a status saying why it is missing (awaiting, unavailable, not published) is required");
  EXPECT_EQ(RejectionOf("x,E06000001,2018-09,,5,,,"),  // a numerator alone cannot stand for the value
            "a value or a status saying why it is missing (awaiting, unavailable, not published) is required");
  EXPECT_EQ(RejectionOf("x,E06000001,2018-09,12,,,awaiting,"),
            "status \"awaiting\" says the value is missing, but the row gives a number");
  EXPECT_EQ(RejectionOf("x,E06000001,2018-09,,3,4,unavailable,"),
            "status \"unavailable\" says the value is missing, but the row gives a number");
  EXPECT_EQ(RejectionOf("x,E06000001,2018-09,12,,,late,"),
            "status \"late\" is not one of reported, awaiting, unavailable, not published");
  EXPECT_EQ(RejectionOf("x,E99999999,2018-09,12,,,,"),
            "unknown area \"E99999999\": import a lookup or police data that names it first");
  EXPECT_EQ(RejectionOf("x,Middlesbrough,2018-09,12,,,,"), "\"Middlesbrough\" names 2 areas: use the area code");
  EXPECT_EQ(RejectionOf("x,,2018-09,12,,,,"), "the area is required");
  EXPECT_EQ(RejectionOf(",E06000001,2018-09,12,,,,"), "the indicator id is required");
  EXPECT_EQ(RejectionOf("Repeat MARAC,E06000001,2018-09,12,,,,"),
            "indicator \"Repeat MARAC\" is not an id: use the plan's id, e.g. repeat-marac");
  for (const char* period : {"12", "2018-Q2", "2018/20", "2018/19-Q5", "2018-13", "Q2 2018/19", "2018-4"})
    EXPECT_EQ(RejectionOf(std::string("x,E06000001,") + period + ",12,,,,").rfind(
                  std::string("period \"") + period + "\" is not a financial quarter (2018/19-Q2), ", 0),
              0u)
        << period;
  EXPECT_NE(RejectionOf("x,E06000001,2018-09..2018-04,12,,,,").find("the range ends before it starts"),
            std::string::npos);
  EXPECT_NE(RejectionOf("x,E06000001,2018-19,12,,,,").find("write the financial year with a slash, 2018/19"),
            std::string::npos);
  EXPECT_EQ(RejectionOf("x,E06000001,2018-09,twelve,,,,"), "value \"twelve\" is not a number");
  EXPECT_EQ(RejectionOf("x,E06000001,2018-09,\"1,001\",,,,"), "value \"1,001\" is not a number");
  EXPECT_EQ(RejectionOf("x,E06000001,2018-09,nan,,,,"), "value \"nan\" is not a number");
  EXPECT_EQ(RejectionOf("x,E06000001,2018-09,%,,,,"), "value \"%\" is not a number");
  EXPECT_EQ(RejectionOf("x,E06000001,2018-09,12,5%,,,"), "numerator \"5%\" is not a number");
  EXPECT_EQ(RejectionOf("x,E06000001,2018-09,12,5,n/a,,"), "denominator \"n/a\" is not a number");
  EXPECT_EQ(RejectionOf("x,E06000001,2018-09,12,5,-4,,"), "numerator and denominator are counts and cannot be negative");
  EXPECT_EQ(RejectionOf("x,E06000001,2018-09,12,,,"), "expected 8 fields, found 7");
  EXPECT_EQ(RejectionOf("x,E06000001,2018-09,12,,,,\"unterminated").rfind("quoted field not closed", 0), 0u);
  const std::string with_survey = std::string(kHeader).replace(std::string(kHeader).size() - 1, 1, ",survey_year\n");
  EXPECT_EQ(RejectionOf("x,E06000001,2018,61,,,,,18", with_survey), "survey_year \"18\" is not a year");
  EXPECT_EQ(RejectionOf("x,E06000001,2018,61,,,,,2O18", with_survey), "survey_year \"2O18\" is not a year");
}

TEST_F(IndicatorValueImportTest, BadRowsAreSetAsideAndGoodRowsLoad) {
  auto path = Write("mixed.csv", std::string(kHeader) +
                                     "deliberate-fires,E06000001,2018/19-Q2,299,,,,\n"
                                     "deliberate-fires,E99999999,2018/19-Q2,1,,,,\n"
                                     "hate-incidents,E06000001,2018/19-Q2,46,,,,\n");
  auto report = Import(path);
  EXPECT_EQ(report.read, 3);
  EXPECT_EQ(report.imported, 2);
  EXPECT_EQ(report.rejected, 1);
  ASSERT_EQ(report.rejections.size(), 1u);
  EXPECT_EQ(report.rejections[0].rfind(path + ":3: unknown area", 0), 0u) << report.rejections[0];
  auto rejections = Rejections();
  ASSERT_EQ(rejections.size(), 1u);
  EXPECT_EQ(rejections[0].source_file, path);
  EXPECT_EQ(rejections[0].line, 3);
  EXPECT_EQ(rejections[0].import_id, report.import_id);
  EXPECT_EQ(rejections[0].raw, "deliberate-fires,E99999999,2018/19-Q2,1,,,,");
  EXPECT_EQ(Find("hate-incidents", "E06000001", kQ2)->value, 46);
}

TEST_F(IndicatorValueImportTest, SecondRowForAKeyIsRejectedWithTheLineOfTheFirst) {
  // The same months however written, and the same area by name or by code.
  auto path = Write("dup.csv", std::string(kHeader) +
                                   "hate-incidents,E06000001,2018/19-Q2,46,,,,\n"
                                   "hate-incidents,Hartlepool,2018-07..2018-09,47,,,,\n"
                                   "hate-incidents,E06000001,2018/19 q2,48,,,,\n"
                                   "hate-incidents,E06000002,2018/19-Q2,12,,,,\n");
  auto report = Import(path);
  EXPECT_EQ(report.imported, 2);
  EXPECT_EQ(report.rejected, 2);
  EXPECT_EQ(report.rejections[0],
            path + ":3: indicator hate-incidents, area E06000001, period 2018-07..2018-09 is already given on line 2");
  EXPECT_EQ(report.rejections[1],
            path + ":4: indicator hate-incidents, area E06000001, period 2018-07..2018-09 is already given on line 2");
  EXPECT_EQ(Find("hate-incidents", "E06000001", kQ2)->value, 46);
}

TEST_F(IndicatorValueImportTest, ARejectedRowDoesNotClaimItsKey) {
  auto path = Write("dup.csv", std::string(kHeader) +
                                   "hate-incidents,E06000001,2018/19-Q2,,,,,\n"
                                   "hate-incidents,E06000001,2018/19-Q2,46,,,,\n");
  auto report = Import(path);
  EXPECT_EQ(report.imported, 1);
  EXPECT_EQ(Find("hate-incidents", "E06000001", kQ2)->value, 46);
}

TEST_F(IndicatorValueImportTest, ReimportChangesNothingAndALaterFileReplaces) {
  auto path = Write("values.csv", std::string(kHeader) +
                                      "hate-incidents,E06000001,2018/19-Q2,46,,,,\n"
                                      "hate-incidents,E06000001,2018/19-Q1,38,,,,\n"
                                      "hate-incidents,nowhere,2018/19-Q1,38,,,,\n");
  auto first = Import(path);
  auto second = Import(path);
  EXPECT_NE(first.import_id, second.import_id);
  EXPECT_EQ(second.read, first.read);
  EXPECT_EQ(second.imported, first.imported);
  EXPECT_EQ(second.rejected, first.rejected);
  EXPECT_EQ(Rejections().size(), 1u);  // kept once: identified by the file's content and the line
  EXPECT_EQ(Find("hate-incidents", "E06000001", kQ2)->value, 46);

  auto update = Write("update.csv", std::string(kHeader) + "hate-incidents,E06000001,2018/19-Q2,,,,awaiting,revised\n");
  EXPECT_EQ(Import(update).imported, 1);
  auto replaced = Find("hate-incidents", "E06000001", kQ2);
  ASSERT_TRUE(replaced);
  EXPECT_FALSE(replaced->value);
  EXPECT_EQ(replaced->status, ValueStatus::kAwaiting);
  EXPECT_EQ(replaced->note, "revised");
  EXPECT_EQ(Find("hate-incidents", "E06000001", FinancialQuarter::Parse("2018/19-Q1")->months())->value, 38);

  std::vector<ImportSummary> imports;
  ASSERT_TRUE(store_->ListImports(&imports).ok());
  ASSERT_EQ(imports.size(), 4u);  // the lookup, then three imports of values
  EXPECT_EQ(imports.back().kind, "indicator-values");
  EXPECT_EQ(imports.back().read, 1);
}

TEST_F(IndicatorValueImportTest, ColumnsByNameInAnyOrderWithSurveyYear) {
  auto path = Write("survey.csv",
                    "\xEF\xBB\xBF" "Note,Survey_Year,Status,Value,Period,Area,Indicator,Numerator,Denominator\r\n"
                    "\"Feel safe, after dark\",2018,,61.5%,2018,E06000001,feel-safe-after-dark,,\r\n");
  auto report = Import(path);
  EXPECT_EQ(report.imported, 1);
  auto v = Find("feel-safe-after-dark", "E06000001", {Month(2018, 1), Month(2018, 12)});
  ASSERT_TRUE(v);
  EXPECT_EQ(v->value, 61.5);
  EXPECT_EQ(v->survey_year, 2018);
  EXPECT_EQ(v->note, "Feel safe, after dark");
}

TEST_F(IndicatorValueImportTest, AFileWithAnotherHeaderIsRefusedWhole) {
  IndicatorValueImportReport report;
  Status st = ImportIndicatorValues(
      *store_, Write("bad.csv", "indicator,area,period,valeu,status\nx,E06000001,2018-09,1,\n"), &report);
  EXPECT_EQ(st.code(), Status::Code::kInvalidInput);
  EXPECT_NE(st.message().find(":1: unknown column \"valeu\""), std::string::npos) << st.message();
  st = ImportIndicatorValues(*store_, Write("short.csv", "indicator,area,value\nx,E06000001,1\n"), &report);
  EXPECT_EQ(st.code(), Status::Code::kInvalidInput);
  EXPECT_NE(st.message().find("no \"period\" column"), std::string::npos) << st.message();
  st = ImportIndicatorValues(*store_, Write("twice.csv", "indicator,area,period,value,Value\n"), &report);
  EXPECT_NE(st.message().find("column \"value\" appears twice"), std::string::npos) << st.message();
  st = ImportIndicatorValues(*store_, Write("empty.csv", ""), &report);
  EXPECT_EQ(st.code(), Status::Code::kInvalidInput);
  st = ImportIndicatorValues(*store_, (dir_ / "missing.csv").string(), &report);
  EXPECT_FALSE(st.ok());

  std::vector<ImportSummary> imports;
  ASSERT_TRUE(store_->ListImports(&imports).ok());
  EXPECT_EQ(imports.size(), 1u);  // only the lookup: a refused file leaves no trace
  EXPECT_TRUE(Rejections().empty());
}

TEST_F(IndicatorValueImportTest, ValueForAnAuthorityKnownByNameFollowsItToItsOfficialCode) {
  auto street = Write("2018-09-x-street.csv",
                      "Crime ID,Month,Reported by,Falls within,Longitude,Latitude,Location,LSOA code,LSOA name,"
                      "Crime type,Last outcome category,Context\n"
                      ",2018-09,Durham Constabulary,Durham Constabulary,-1.5,54.7,On or near X,E01020000,"
                      "Darlington 001A,Anti-social behaviour,,\n");
  PoliceUkImportReport police;
  ASSERT_TRUE(ImportPoliceUk(*store_, {street}, {}, &police).ok());
  auto values = Write("values.csv", std::string(kHeader) + "hate-incidents,Darlington,2018/19-Q2,30,,,,\n");
  EXPECT_EQ(Import(values).imported, 1);
  EXPECT_TRUE(Find("hate-incidents", "la:Darlington", kQ2));

  auto lookup = Write("darlington.csv", "lsoa_code,lsoa_name,ward_code,ward_name,la_code,la_name\n"
                                        "E01020000,Darlington 001A,E05000100,Bank Top,E06000005,Darlington\n");
  AreaImportReport report;
  ASSERT_TRUE(ImportAreas(*store_, lookup, "Durham Constabulary", &report).ok());
  auto v = Find("hate-incidents", "E06000005", kQ2);
  ASSERT_TRUE(v);
  EXPECT_EQ(v->value, 30);
}

}  // namespace
}  // namespace safer
