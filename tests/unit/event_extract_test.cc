#include "ingest/event_extract.h"

#include <cmath>
#include <filesystem>
#include <fstream>
#include <random>

#include <fmt/format.h>
#include <gtest/gtest.h>

namespace safer {
namespace {

class EventExtractTest : public ::testing::Test {
 protected:
  std::string Write(const std::string& text) {
    const auto dir = std::filesystem::temp_directory_path() /
                     ("safer_event_extract_" + std::to_string(::getpid()) + "_" + std::to_string(files_++));
    std::filesystem::create_directories(dir);
    paths_.push_back(dir);
    const auto path = (dir / "extract.csv").string();
    std::ofstream(path, std::ios::binary) << text;
    return path;
  }
  EventExtract Read(const std::string& text, ExtractOptions options = {}) {
    EventExtract e;
    Status st = ReadEventExtract(Write(text), options, &e);
    EXPECT_TRUE(st.ok()) << st.message();
    return e;
  }
  Status ReadStatus(const std::string& text, ExtractOptions options = {}) {
    EventExtract e;
    return ReadEventExtract(Write(text), options, &e);
  }
  void TearDown() override {
    for (const auto& p : paths_) std::filesystem::remove_all(p);
  }
  std::vector<std::filesystem::path> paths_;
  int files_ = 0;
};

Date D(int y, int m, int d) { return *Date::FromYmd(y, m, d); }

TEST_F(EventExtractTest, HeaderInAnyOrderAndCaseWithForceNames) {
  auto e = Read(
      "Northing,Crime Reference,EASTING,Committed Date,Victim ID,Offence Type,Unused\n"
      "520100.5,CR/1,445000,31/01/2016,V7,Burglary,x\n"
      "520200,CR/2,445100.25,2016-02-01,,Arson,y\n");
  EXPECT_TRUE(e.has_header);
  EXPECT_TRUE(e.has_place);
  ASSERT_EQ(e.events.size(), 2u);
  EXPECT_EQ(e.rows_read, 2);
  EXPECT_EQ(e.events[0].line, 2);
  EXPECT_EQ(e.events[0].id, "CR/1");
  EXPECT_EQ(e.events[0].date, D(2016, 1, 31));
  EXPECT_DOUBLE_EQ(*e.events[0].x, 445000);
  EXPECT_DOUBLE_EQ(*e.events[0].y, 520100.5);
  EXPECT_EQ(e.events[0].victim_id, "V7");
  EXPECT_EQ(e.events[0].category, "Burglary");
  EXPECT_EQ(e.events[1].victim_id, "");
  EXPECT_EQ(e.events[1].date, D(2016, 2, 1));
  EXPECT_DOUBLE_EQ(*e.events[1].x, 445100.25);
}

TEST_F(EventExtractTest, CallerNumberAndLocationAndDateTimes) {
  auto e = Read(
      "Log Number,Call Date,Caller Number,Location ID\n"
      "L1,2016-03-04 13:05,07700 900123,UPRN9\n"
      "L2,2016-03-05T00:10:00,07700 900123,UPRN9\n"
      "L3,05/03/2016 23:59,,\n");
  EXPECT_FALSE(e.has_place);
  ASSERT_EQ(e.events.size(), 3u);
  EXPECT_EQ(e.events[0].caller_id, "07700 900123");
  EXPECT_EQ(e.events[0].location_id, "UPRN9");
  EXPECT_EQ(e.events[0].date, D(2016, 3, 4));
  EXPECT_EQ(e.events[1].date, D(2016, 3, 5));
  EXPECT_EQ(e.events[2].date, D(2016, 3, 5));
  EXPECT_FALSE(e.events[0].x.has_value());
}

TEST_F(EventExtractTest, DateTimeColumnsAndTheCommittedDateFirst) {
  auto e = Read("Reported Date,Committed Date/Time,Easting,Northing\n2016-02-01,2016-01-30 22:15,1,2\n");
  ASSERT_EQ(e.events.size(), 1u);
  EXPECT_EQ(e.events[0].date, D(2016, 1, 30));  // the event's date, not the report's
}

TEST_F(EventExtractTest, NearRepeatCalculatorLayoutWithoutHeader) {
  auto e = Read("359192.302798928,570510.890752286,2016-01-01\n356347.3,576182.5,2016-01-03\n");
  EXPECT_FALSE(e.has_header);
  EXPECT_TRUE(e.has_place);
  ASSERT_EQ(e.events.size(), 2u);
  EXPECT_EQ(e.events[0].line, 1);
  EXPECT_DOUBLE_EQ(*e.events[0].x, 359192.302798928);
  EXPECT_EQ(e.events[1].date, D(2016, 1, 3));
}

TEST_F(EventExtractTest, UsDatesOnlyWhenAsked) {
  ExtractOptions us;
  us.us_dates = true;
  auto e = Read("1,2,1/31/2016\n3,4,12/1/16\n5,6,2/30/2016\n", us);
  ASSERT_EQ(e.events.size(), 2u);
  EXPECT_EQ(e.events[0].date, D(2016, 1, 31));
  EXPECT_EQ(e.events[1].date, D(2016, 12, 1));
  ASSERT_EQ(e.set_aside.size(), 1u);
  EXPECT_EQ(e.set_aside[0].line, 3);
  EXPECT_NE(e.set_aside[0].reason.find("2/30/2016"), std::string::npos) << e.set_aside[0].reason;
  // Without --us-dates, 1/31/2016 is day 1 of month 31: the file is refused, with a hint.
  Status st = ReadStatus("1,2,1/31/2016\n");
  EXPECT_EQ(st.code(), Status::Code::kInvalidInput);
  EXPECT_NE(st.message().find("us-dates"), std::string::npos) << st.message();
  // British day-first is the default: 12/01/2016 is 12 January.
  EXPECT_EQ(Read("1,2,12/01/2016\n").events[0].date, D(2016, 1, 12));
}

TEST_F(EventExtractTest, BomCrlfAndQuotedFields) {
  auto e = Read("\xEF\xBB\xBF\"Date\",\"X\",\"Y\",\"Crime Type\"\r\n\"2016-01-05\",\"10\",\"20\",\"Theft, other\"\r\n");
  ASSERT_EQ(e.events.size(), 1u);
  EXPECT_EQ(e.events[0].category, "Theft, other");
  EXPECT_DOUBLE_EQ(*e.events[0].y, 20);
}

TEST_F(EventExtractTest, BadRowsAreSetAsideWithLineAndReasonAndTheRestCount) {
  ExtractOptions o;
  o.need_place = true;
  auto e = Read(
      "id,date,x,y\n"
      "a,2016-01-01,100,200\n"     // 2 good
      "b,31/02/2016,100,200\n"     // 3 no such date
      "c,2016-01-02,,200\n"        // 4 x missing
      "d,2016-01-02,abc,200\n"     // 5 not a number
      "e,2016-01-02,0,0\n"         // 6 not geocoded
      "f,2016-01-02,100\n"         // 7 truncated
      "g,2016-01-02,1,2,3\n"       // 8 too many
      "h,,1,2\n"                   // 9 no date
      "i,2016-01-03,150,250\n",    // 10 good
      o);
  ASSERT_EQ(e.events.size(), 2u);
  EXPECT_EQ(e.rows_read, 9);
  EXPECT_EQ(static_cast<int64_t>(e.events.size() + e.set_aside.size()), e.rows_read);
  ASSERT_EQ(e.set_aside.size(), 7u);
  std::vector<int64_t> lines;
  for (const auto& p : e.set_aside) lines.push_back(p.line);
  EXPECT_EQ(lines, (std::vector<int64_t>{3, 4, 5, 6, 7, 8, 9}));
  EXPECT_NE(e.set_aside[0].reason.find("31/02/2016"), std::string::npos) << e.set_aside[0].reason;
  EXPECT_EQ(e.set_aside[1].reason, "no coordinates (x missing)");
  EXPECT_EQ(e.set_aside[2].reason, "x \"abc\" is not a number");
  EXPECT_EQ(e.set_aside[3].reason, "coordinates 0, 0 (not geocoded)");
  EXPECT_NE(e.set_aside[4].reason.find("truncated"), std::string::npos);
  EXPECT_NE(e.set_aside[5].reason.find("found 5"), std::string::npos);
  EXPECT_EQ(e.set_aside[6].reason, "no date");
  EXPECT_EQ(e.set_aside[2].raw, "d,2016-01-02,abc,200");
}

TEST_F(EventExtractTest, WithoutNeedPlaceARowWithNoPlaceStillCounts) {
  auto e = Read("id,date,x,y\na,2016-01-01,,\nb,2016-01-01,zz,1\n");
  ASSERT_EQ(e.events.size(), 2u);
  EXPECT_FALSE(e.events[0].x.has_value());
  EXPECT_FALSE(e.events[1].x.has_value());
}

TEST_F(EventExtractTest, DateWindowAndExtent) {
  ExtractOptions o;
  o.from = D(2016, 1, 2);
  o.to = D(2016, 1, 30);
  o.min_x = 0;
  o.max_x = 1000;
  o.min_y = 0;
  o.max_y = 1000;
  auto e = Read("x,y,date\n5,5,2016-01-01\n5,5,2016-01-02\n5000,5,2016-01-10\n5,5,2016-01-30\n5,5,2016-01-31\n", o);
  ASSERT_EQ(e.events.size(), 2u);
  EXPECT_EQ(e.events[0].line, 3);
  EXPECT_EQ(e.events[1].line, 5);
  ASSERT_EQ(e.set_aside.size(), 3u);
  EXPECT_EQ(e.set_aside[0].line, 2);
  EXPECT_NE(e.set_aside[0].reason.find("before the window"), std::string::npos);
  EXPECT_EQ(e.set_aside[1].line, 4);
  EXPECT_NE(e.set_aside[1].reason.find("outside the area"), std::string::npos) << e.set_aside[1].reason;
  EXPECT_EQ(e.set_aside[1].raw, "5000,5,2016-01-10");
  EXPECT_EQ(e.set_aside[2].line, 6);
  EXPECT_NE(e.set_aside[2].reason.find("after the window"), std::string::npos);
}

TEST_F(EventExtractTest, LatitudeLongitudeProjectedAboutTheirMean) {
  // Two points 0.01° of latitude apart at the same longitude: 1113.2 m apart, mean at 0.
  auto e = Read("Latitude,Longitude,Date\n54.68,-1.21,2016-01-01\n54.69,-1.21,2016-01-02\n54.70,-1.21,2016-01-02\n");
  ASSERT_EQ(e.events.size(), 3u);
  EXPECT_NEAR(*e.events[1].x, 0, 1e-6);
  EXPECT_NEAR(*e.events[1].y, 0, 1e-6);
  EXPECT_NEAR(*e.events[2].y - *e.events[0].y, 2 * 1113.2, 0.01);
  EXPECT_NEAR(*e.events[0].x, 0, 1e-6);
  ExtractOptions o;
  o.need_place = true;
  auto bad = Read("lat,lon,date\n95,1,2016-01-01\n54.7,-1.2,2016-01-01\n", o);
  ASSERT_EQ(bad.set_aside.size(), 1u);
  EXPECT_NE(bad.set_aside[0].reason.find("not a place on Earth"), std::string::npos);
}

TEST_F(EventExtractTest, FilesThatCannotBeRead) {
  EventExtract e;
  EXPECT_EQ(ReadEventExtract("/nonexistent/extract.csv", {}, &e).code(), Status::Code::kIOError);
  EXPECT_EQ(ReadStatus("").code(), Status::Code::kInvalidInput);
  Status no_date = ReadStatus("id,x,y\n1,2,3\n");
  EXPECT_EQ(no_date.code(), Status::Code::kInvalidInput);
  EXPECT_NE(no_date.message().find("no date column"), std::string::npos) << no_date.message();
  EXPECT_EQ(ReadStatus("date,x\n2016-01-01,4\n").code(), Status::Code::kInvalidInput);  // x without y
  EXPECT_EQ(ReadStatus("date,x,y\n").code(), Status::Code::kInvalidInput);              // no rows
  Status all_bad = ReadStatus("date,x,y\nnope,1,2\n");
  EXPECT_EQ(all_bad.code(), Status::Code::kInvalidInput);
  EXPECT_NE(all_bad.message().find("line 2"), std::string::npos) << all_bad.message();
  ExtractOptions small;
  small.max_rows = 2;
  EXPECT_EQ(ReadStatus("date\n2016-01-01\n2016-01-01\n", small).code(), Status::Code::kOk);
  EXPECT_EQ(ReadStatus("date\n2016-01-01\n2016-01-01\n2016-01-01\n", small).code(), Status::Code::kInvalidInput);
}

TEST_F(EventExtractTest, OverlongRowsAndRawTextAreBounded) {
  std::string row = "a," + std::string(70000, 'z') + ",1,2\n";
  auto e = Read("id,date,x,y\n" + row + "b,2016-01-01,1,2\n");
  ASSERT_EQ(e.set_aside.size(), 1u);
  EXPECT_LE(e.set_aside[0].raw.size(), 500u);
  EXPECT_EQ(e.events.size(), 1u);
}

// Generated files against a second, deliberately simple reading of the same rows.
TEST_F(EventExtractTest, GeneratedFilesAgreeWithASimpleReading) {
  std::mt19937 rng(7);
  for (int round = 0; round < 5; ++round) {
    std::string text = "Crime Ref,Easting,Northing,Date Committed\n";
    struct Want { bool good; double x, y; Date date; };
    std::vector<Want> want;
    for (int i = 0; i < 300; ++i) {
      const int kind = static_cast<int>(rng() % 10);
      const double x = 440000 + static_cast<double>(rng() % 100000) / 10, y = 520000 + static_cast<double>(rng() % 100000) / 10;
      const Date d = D(2016, 1, 1).AddDays(static_cast<int>(rng() % 366));
      if (kind == 0) {
        text += fmt::format("R{},,{},{}\n", i, y, d.ToIso());
        want.push_back({false, 0, 0, d});
      } else if (kind == 1) {
        text += fmt::format("R{},{},{},{}-13-01\n", i, x, y, d.year());
        want.push_back({false, 0, 0, d});
      } else {
        const bool british = kind % 2 == 0;
        text += fmt::format("R{},{},{},{}\n", i, x, y,
                            british ? fmt::format("{:02}/{:02}/{}", d.day(), d.month(), d.year()) : d.ToIso());
        want.push_back({true, x, y, d});
      }
    }
    ExtractOptions o;
    o.need_place = true;
    auto e = Read(text, o);
    size_t k = 0;
    int64_t bad = 0;
    for (size_t i = 0; i < want.size(); ++i) {
      if (!want[i].good) {
        ++bad;
        continue;
      }
      ASSERT_LT(k, e.events.size());
      EXPECT_EQ(e.events[k].line, static_cast<int64_t>(i) + 2);
      EXPECT_EQ(e.events[k].id, "R" + std::to_string(i));
      EXPECT_DOUBLE_EQ(*e.events[k].x, want[i].x);
      EXPECT_DOUBLE_EQ(*e.events[k].y, want[i].y);
      EXPECT_EQ(e.events[k].date, want[i].date);
      ++k;
    }
    EXPECT_EQ(k, e.events.size());
    EXPECT_EQ(static_cast<int64_t>(e.set_aside.size()), bad);
  }
}

}  // namespace
}  // namespace safer
