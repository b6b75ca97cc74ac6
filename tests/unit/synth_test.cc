// The synthetic police.uk files must look like the real downloads to every reader of them,
// so these tests parse the output with their own few lines of code rather than Safer's reader.
#include "synth/synth.h"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <unistd.h>

namespace safer {
namespace {

namespace fs = std::filesystem;

constexpr char kHeader[] =
    "Crime ID,Month,Reported by,Falls within,Longitude,Latitude,Location,LSOA code,LSOA name,"
    "Crime type,Last outcome category,Context";

enum Field {
  kCrimeId, kMonth, kReportedBy, kFallsWithin, kLongitude, kLatitude, kLocation, kLsoaCode,
  kLsoaName, kCrimeType, kOutcome, kContext, kFieldCount
};

struct Row {
  std::string line;
  std::vector<std::string> fields;
};

struct StreetFile {
  std::string header;
  std::vector<Row> rows;
};

std::string ReadBytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream bytes;
  bytes << in.rdbuf();
  return bytes.str();
}

// The generator never quotes (no field holds a comma or a quote), so a plain split is exact;
// the test checks that assumption instead of trusting it.
StreetFile Parse(const std::string& path) {
  const std::string bytes = ReadBytes(path);
  EXPECT_EQ(bytes.find('"'), std::string::npos) << path;
  EXPECT_EQ(bytes.find('\r'), std::string::npos) << path;
  EXPECT_TRUE(!bytes.empty() && bytes.back() == '\n') << path;
  StreetFile file;
  size_t start = 0;
  while (start < bytes.size()) {
    size_t end = bytes.find('\n', start);
    if (end == std::string::npos) end = bytes.size();
    std::string line = bytes.substr(start, end - start);
    start = end + 1;
    if (file.header.empty()) {
      file.header = line;
      continue;
    }
    Row row{line, {}};
    size_t from = 0;
    for (size_t comma; (comma = line.find(',', from)) != std::string::npos; from = comma + 1)
      row.fields.push_back(line.substr(from, comma - from));
    row.fields.push_back(line.substr(from));
    file.rows.push_back(std::move(row));
  }
  return file;
}

std::string MakeTempDir(const std::string& name) {
  const fs::path dir =
      fs::temp_directory_path() / ("safer-synth-test-" + std::to_string(getpid()) + "-" + name);
  fs::remove_all(dir);
  return dir.string();
}

bool IsLowerHex64(const std::string& id) {
  return id.size() == 64 && std::all_of(id.begin(), id.end(), [](char c) {
           return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
         });
}

// One generated data set shared by the tests that only read it: 3 forces over a year.
class SynthTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    options_ = new SynthOptions;
    options_->out_dir = MakeTempDir("shared");
    options_->forces = 3;
    options_->first_month = "2018-01";
    options_->months = 12;
    options_->rows_per_force_month = 3000;
    options_->seed = 7;
    files_ = new std::vector<SynthFile>;
    const Status status = Synthesize(*options_, files_);
    ASSERT_TRUE(status.ok()) << status.message();
    parsed_ = new std::vector<StreetFile>;
    for (const SynthFile& file : *files_) parsed_->push_back(Parse(file.path));
  }
  static void TearDownTestSuite() {
    fs::remove_all(options_->out_dir);
    delete parsed_;
    delete files_;
    delete options_;
  }

  static SynthOptions* options_;
  static std::vector<SynthFile>* files_;
  static std::vector<StreetFile>* parsed_;
};

SynthOptions* SynthTest::options_ = nullptr;
std::vector<SynthFile>* SynthTest::files_ = nullptr;
std::vector<StreetFile>* SynthTest::parsed_ = nullptr;

TEST_F(SynthTest, WritesOneFilePerForceMonthInThePoliceUkLayout) {
  ASSERT_EQ(files_->size(), 36u);
  const std::regex name(R"((\d{4}-\d{2})/(\d{4}-\d{2})-[a-z]+(-[a-z]+)*-street\.csv)");
  std::set<std::string> paths;
  for (const SynthFile& file : *files_) {
    const std::string relative = fs::relative(file.path, options_->out_dir).generic_string();
    std::smatch match;
    ASSERT_TRUE(std::regex_match(relative, match, name)) << relative;
    EXPECT_EQ(match[1], match[2]);
    paths.insert(file.path);
  }
  EXPECT_EQ(paths.size(), files_->size());
  EXPECT_TRUE(fs::exists(fs::path(options_->out_dir) / "2018-01" / "2018-01-synthshire-street.csv"));
  EXPECT_TRUE(fs::exists(fs::path(options_->out_dir) / "2018-12" / "2018-12-northmoor-street.csv"));
}

TEST_F(SynthTest, HeaderIsExactlyPoliceUks) {
  for (const StreetFile& file : *parsed_) EXPECT_EQ(file.header, kHeader);
}

TEST_F(SynthTest, EveryRowHasTwelveFieldsAndTheReportedRowCount) {
  for (size_t i = 0; i < files_->size(); ++i) {
    EXPECT_EQ(static_cast<int64_t>((*parsed_)[i].rows.size()), (*files_)[i].rows);
    for (const Row& row : (*parsed_)[i].rows) ASSERT_EQ(row.fields.size(), 12u) << row.line;
  }
}

TEST_F(SynthTest, MonthForceAndContextColumns) {
  const std::regex force_name(R"([A-Z][a-z]+( [A-Z][a-z]+)* Police)");
  std::set<std::string> forces;
  for (size_t i = 0; i < files_->size(); ++i) {
    const std::string month = fs::path((*files_)[i].path).parent_path().filename().string();
    for (const Row& row : (*parsed_)[i].rows) {
      ASSERT_EQ(row.fields[kMonth], month) << row.line;
      ASSERT_EQ(row.fields[kReportedBy], row.fields[kFallsWithin]) << row.line;
      ASSERT_TRUE(std::regex_match(row.fields[kReportedBy], force_name)) << row.line;
      ASSERT_EQ(row.fields[kContext], "") << row.line;
      forces.insert(row.fields[kReportedBy]);
    }
  }
  EXPECT_EQ(forces.size(), 3u);
  EXPECT_TRUE(forces.count("Synthshire Police"));
}

TEST_F(SynthTest, AsbHasNoCrimeIdOrOutcomeAndCrimesHaveUniqueHexIds) {
  std::set<std::string> ids;
  int64_t crimes = 0;
  for (const StreetFile& file : *parsed_) {
    for (const Row& row : file.rows) {
      if (row.fields[kCrimeType] == "Anti-social behaviour") {
        ASSERT_EQ(row.fields[kCrimeId], "") << row.line;
        ASSERT_EQ(row.fields[kOutcome], "") << row.line;
      } else {
        ASSERT_TRUE(IsLowerHex64(row.fields[kCrimeId])) << row.line;
        ASSERT_NE(row.fields[kOutcome], "") << row.line;
        ids.insert(row.fields[kCrimeId]);
        ++crimes;
      }
    }
  }
  EXPECT_GT(crimes, 0);
  EXPECT_EQ(static_cast<int64_t>(ids.size()), crimes);
}

TEST_F(SynthTest, SomeCrimesHaveNoLocation) {
  int64_t crimes = 0, without_location = 0;
  for (const StreetFile& file : *parsed_) {
    for (const Row& row : file.rows) {
      const bool crime = !row.fields[kCrimeId].empty();
      crimes += crime;
      if (row.fields[kLocation] == "No Location") {
        EXPECT_TRUE(crime) << row.line;
        EXPECT_EQ(row.fields[kLongitude], "") << row.line;
        EXPECT_EQ(row.fields[kLatitude], "") << row.line;
        EXPECT_EQ(row.fields[kLsoaCode], "") << row.line;
        EXPECT_EQ(row.fields[kLsoaName], "") << row.line;
        ++without_location;
      }
    }
  }
  const double share = static_cast<double>(without_location) / static_cast<double>(crimes);
  EXPECT_GT(share, 0.008);
  EXPECT_LT(share, 0.025);
}

TEST_F(SynthTest, LocatedRowsLookLikePoliceUks) {
  const std::regex coordinate(R"(-?\d+\.\d{6})");
  const std::regex lsoa_code(R"(E01\d{6})");
  const std::regex lsoa_name(R"((.+) (\d{3}[A-Z]))");
  std::map<std::string, std::string> name_of_code;
  std::map<std::string, std::set<std::string>> authorities_of_force;
  std::map<std::string, int64_t> rows_at_location;
  int64_t located = 0;
  for (const StreetFile& file : *parsed_) {
    for (const Row& row : file.rows) {
      if (row.fields[kLocation] == "No Location") continue;
      ++located;
      ASSERT_TRUE(std::regex_match(row.fields[kLongitude], coordinate)) << row.line;
      ASSERT_TRUE(std::regex_match(row.fields[kLatitude], coordinate)) << row.line;
      const double lon = std::stod(row.fields[kLongitude]), lat = std::stod(row.fields[kLatitude]);
      ASSERT_TRUE(lon > -5 && lon < 1.5 && lat > 50 && lat < 56) << row.line;
      ASSERT_EQ(row.fields[kLocation].rfind("On or near ", 0), 0u) << row.line;
      ASSERT_TRUE(std::regex_match(row.fields[kLsoaCode], lsoa_code)) << row.line;
      std::smatch name;
      ASSERT_TRUE(std::regex_match(row.fields[kLsoaName], name, lsoa_name)) << row.line;
      authorities_of_force[row.fields[kReportedBy]].insert(name[1]);
      // An LSOA code always carries the same name, in every force and month.
      auto [it, inserted] = name_of_code.emplace(row.fields[kLsoaCode], row.fields[kLsoaName]);
      ASSERT_EQ(it->second, row.fields[kLsoaName]) << row.line;
      ++rows_at_location[row.fields[kLongitude] + "," + row.fields[kLatitude]];
    }
  }
  std::set<std::string> all_authorities;
  for (const auto& [force, authorities] : authorities_of_force) {
    EXPECT_GE(authorities.size(), 3u) << force;
    EXPECT_LE(authorities.size(), 5u) << force;
    for (const std::string& la : authorities) EXPECT_TRUE(all_authorities.insert(la).second) << la;
  }
  // Locations repeat, and a few points are hot.
  int64_t busiest = 0;
  for (const auto& [point, rows] : rows_at_location) busiest = std::max(busiest, rows);
  EXPECT_LT(rows_at_location.size() * 3, static_cast<size_t>(located));
  EXPECT_GT(busiest * 2000, located);  // the busiest point has more than 0.05% of rows
}

TEST_F(SynthTest, IdenticalAsbRowsOccur) {
  int64_t repeats = 0;
  for (const StreetFile& file : *parsed_) {
    for (size_t i = 1; i < file.rows.size(); ++i) {
      if (file.rows[i].line == file.rows[i - 1].line) {
        EXPECT_EQ(file.rows[i].fields[kCrimeType], "Anti-social behaviour");
        ++repeats;
      }
    }
  }
  EXPECT_GT(repeats, 0);
}

TEST_F(SynthTest, CategoryMixSpansAllFourteenCrimeTypesInRealisticShares) {
  const std::set<std::string> police_uk_types = {
      "Anti-social behaviour", "Bicycle theft", "Burglary", "Criminal damage and arson",
      "Drugs", "Other crime", "Other theft", "Possession of weapons", "Public order",
      "Robbery", "Shoplifting", "Theft from the person", "Vehicle crime",
      "Violence and sexual offences"};
  std::map<std::string, int64_t> counts;
  int64_t total = 0;
  for (const StreetFile& file : *parsed_) {
    for (const Row& row : file.rows) {
      ++counts[row.fields[kCrimeType]];
      ++total;
    }
  }
  std::set<std::string> seen;
  for (const auto& [type, count] : counts) seen.insert(type);
  EXPECT_EQ(seen, police_uk_types);
  // Cleveland, September 2018: ASB 2842 and violence 2140 of 8416 rows.
  EXPECT_NEAR(static_cast<double>(counts["Anti-social behaviour"]) / total, 2842.0 / 8416, 0.02);
  EXPECT_NEAR(static_cast<double>(counts["Violence and sexual offences"]) / total,
              2140.0 / 8416, 0.02);
}

TEST_F(SynthTest, SummerMonthsAreBusierThanWinterMonths) {
  int64_t july = 0, january = 0;
  for (const SynthFile& file : *files_) {
    if (file.path.find("2018-07-") != std::string::npos) july += file.rows;
    if (file.path.find("2018-01-") != std::string::npos) january += file.rows;
  }
  EXPECT_GT(july, january * 13 / 10);  // about 1.2 / 0.8 in expectation
  int64_t total = 0;
  for (const SynthFile& file : *files_) total += file.rows;
  EXPECT_NEAR(static_cast<double>(total) / 36, 3000, 3000 * 0.03);  // the mean is --rows
}

std::map<std::string, std::string> Generate(const SynthOptions& options) {
  std::vector<SynthFile> files;
  const Status status = Synthesize(options, &files);
  EXPECT_TRUE(status.ok()) << status.message();
  std::map<std::string, std::string> bytes;
  for (const SynthFile& file : files)
    bytes[fs::relative(file.path, options.out_dir).generic_string()] = ReadBytes(file.path);
  fs::remove_all(options.out_dir);
  return bytes;
}

SynthOptions Small(const std::string& dir, uint64_t seed) {
  SynthOptions options;
  options.out_dir = MakeTempDir(dir);
  options.forces = 2;
  options.months = 3;
  options.rows_per_force_month = 2000;
  options.seed = seed;
  return options;
}

TEST(SynthDeterminismTest, SameSeedGivesIdenticalBytes) {
  const auto first = Generate(Small("a", 42));
  const auto second = Generate(Small("b", 42));
  ASSERT_EQ(first.size(), 6u);
  EXPECT_EQ(first, second);
}

TEST(SynthDeterminismTest, DifferentSeedGivesDifferentBytes) {
  EXPECT_NE(Generate(Small("c", 1)), Generate(Small("d", 2)));
}

TEST(SynthDeterminismTest, AFileDoesNotDependOnTheMonthsAroundIt) {
  SynthOptions year = Small("e", 5);
  year.months = 12;
  SynthOptions june = Small("f", 5);
  june.first_month = "2018-06";
  june.months = 1;
  const auto year_bytes = Generate(year);
  for (const auto& [path, bytes] : Generate(june)) EXPECT_EQ(bytes, year_bytes.at(path)) << path;
}

TEST(SynthValidationTest, RejectsOutOfRangeOptions) {
  auto rejected = [](auto change) {
    SynthOptions options = Small("never-written", 1);
    change(options);
    std::vector<SynthFile> files;
    const Status status = Synthesize(options, &files);
    EXPECT_FALSE(fs::exists(options.out_dir));
    return status.code() == Status::Code::kInvalidInput && files.empty();
  };
  EXPECT_TRUE(rejected([](SynthOptions& o) { o.out_dir = ""; }));
  EXPECT_TRUE(rejected([](SynthOptions& o) { o.forces = 0; }));
  EXPECT_TRUE(rejected([](SynthOptions& o) { o.forces = 51; }));
  EXPECT_TRUE(rejected([](SynthOptions& o) { o.months = 0; }));
  EXPECT_TRUE(rejected([](SynthOptions& o) { o.months = 601; }));
  EXPECT_TRUE(rejected([](SynthOptions& o) { o.rows_per_force_month = 0; }));
  EXPECT_TRUE(rejected([](SynthOptions& o) { o.rows_per_force_month = 10'000'001; }));
  EXPECT_TRUE(rejected([](SynthOptions& o) { o.first_month = "2018-13"; }));
  EXPECT_TRUE(rejected([](SynthOptions& o) { o.first_month = "201801"; }));
}

TEST(SynthValidationTest, ReportsAnUnwritableDirectoryAsAnIoError) {
  const std::string blocker = MakeTempDir("blocker");
  std::ofstream(blocker) << "a file, not a directory";
  SynthOptions options = Small("unused", 1);
  options.out_dir = blocker + "/out";
  std::vector<SynthFile> files;
  const Status status = Synthesize(options, &files);
  EXPECT_EQ(status.code(), Status::Code::kIOError);
  EXPECT_NE(status.message().find(blocker), std::string::npos) << status.message();
  fs::remove(blocker);
}

}  // namespace
}  // namespace safer
