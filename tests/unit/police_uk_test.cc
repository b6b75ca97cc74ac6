// The police.uk street format: header check and the rules that accept a row as an
// Incident or give the reason it is set aside.
#include "ingest/police_uk.h"

#include <gtest/gtest.h>

#include <array>
#include <cctype>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "domain/category.h"
#include "domain/incident.h"

namespace safer {
namespace {

constexpr const char* kHeader =
    "Crime ID,Month,Reported by,Falls within,Longitude,Latitude,Location,LSOA code,LSOA name,"
    "Crime type,Last outcome category,Context";

constexpr const char* kCrimeId = "b8e8b8a1e0a2c4c3f0d0e5e6a7b8c9d0e1f2a3b4c5d6e7f8091a2b3c4d5e6f70";

enum Col { kId, kMonth, kReportedBy, kFallsWithin, kLon, kLat, kLocation, kLsoaCode, kLsoaName,
           kType, kOutcome, kContext };

// A valid crime row, field by field; tests change one field at a time.
std::vector<std::string> CrimeRow() {
  return {kCrimeId,
          "2018-09",
          "Avon and Somerset Constabulary",
          "Avon and Somerset Constabulary",
          "-2.509126",
          "51.416137",
          "On or near Orchard Close",
          "E01014399",
          "Bath and North East Somerset 001A",
          "Burglary",
          "Investigation complete; no suspect identified",
          ""};
}

std::vector<std::string> AsbRow() {
  auto row = CrimeRow();
  row[kId] = "";
  row[kType] = "Anti-social behaviour";
  row[kOutcome] = "";
  return row;
}

std::string Join(const std::vector<std::string>& fields) {
  std::string line;
  for (size_t i = 0; i < fields.size(); ++i) line += (i ? "," : "") + fields[i];
  return line;
}

// A record read by the real reader from a line of text; owns the text and the reader so
// the record's views stay valid.
class Line {
 public:
  explicit Line(std::string text) : text_(std::move(text)), reader_(text_) {
    has_record_ = reader_.Next(&record_);
  }
  explicit Line(const std::vector<std::string>& fields) : Line(Join(fields)) {}
  Line(const Line&) = delete;
  Line& operator=(const Line&) = delete;

  const CsvRecord& record() const {
    EXPECT_TRUE(has_record_);
    return record_;
  }
  std::string Parse(Incident* incident) const { return ParsePoliceUkRecord(record(), incident); }
  std::string Reason() const {
    Incident incident;
    return Parse(&incident);
  }

 private:
  std::string text_;
  CsvReader reader_;
  CsvRecord record_;
  bool has_record_ = false;
};

std::string ReasonWith(Col col, const std::string& value) {
  auto row = CrimeRow();
  row[col] = value;
  return Line(row).Reason();
}

bool Contains(const std::string& haystack, const std::string& needle) {
  return haystack.find(needle) != std::string::npos;
}

// --- Header -------------------------------------------------------------------------------

TEST(PoliceUkHeader, ColumnsAreTheTwelveStreetColumns) {
  auto columns = PoliceUkStreetColumns();
  ASSERT_EQ(columns.size(), 12u);
  EXPECT_EQ(columns.front(), "Crime ID");
  EXPECT_EQ(columns.back(), "Context");
}

TEST(PoliceUkHeader, ExactHeaderIsAccepted) {
  Line header(kHeader);
  EXPECT_TRUE(CheckPoliceUkHeader(header.record()).ok());
  Line crlf(std::string(kHeader) + "\r\n");
  EXPECT_TRUE(CheckPoliceUkHeader(crlf.record()).ok());
  Line bom("\xEF\xBB\xBF" + std::string(kHeader) + "\n");
  EXPECT_TRUE(CheckPoliceUkHeader(bom.record()).ok());
}

TEST(PoliceUkHeader, NamesAreComparedIgnoringCaseAndSurroundingSpaces) {
  Line header(
      " crime id ,MONTH,Reported By,falls within,  Longitude,Latitude\t,location,lsoa code,"
      "LSOA NAME,Crime Type,last outcome category, context ");
  Status status = CheckPoliceUkHeader(header.record());
  EXPECT_TRUE(status.ok()) << status.message();
  Line quoted("\"Crime ID\",\"Month\",Reported by,Falls within,Longitude,Latitude,Location,"
              "LSOA code,LSOA name,Crime type,Last outcome category,Context");
  EXPECT_TRUE(CheckPoliceUkHeader(quoted.record()).ok());
}

TEST(PoliceUkHeader, WrongHeaderSaysWhatWasExpectedAndWhatWasFound) {
  const std::string found = "Crime ID,Month,Reported by,Falls within,Longitude,Latitude,Location";
  Line header(found);
  Status status = CheckPoliceUkHeader(header.record());
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.code(), Status::Code::kInvalidInput);
  EXPECT_TRUE(Contains(status.message(), "expected the header \"" + std::string(kHeader) + "\""))
      << status.message();
  EXPECT_TRUE(Contains(status.message(), "found \"" + found + "\"")) << status.message();
}

TEST(PoliceUkHeader, RenamedReorderedOrExtraColumnsAreRejected) {
  std::string renamed = kHeader;
  renamed.replace(renamed.find("Month"), 5, "Date");
  EXPECT_FALSE(CheckPoliceUkHeader(Line(renamed).record()).ok());

  Line reordered(
      "Month,Crime ID,Reported by,Falls within,Longitude,Latitude,Location,LSOA code,LSOA name,"
      "Crime type,Last outcome category,Context");
  EXPECT_FALSE(CheckPoliceUkHeader(reordered.record()).ok());

  EXPECT_FALSE(CheckPoliceUkHeader(Line(std::string(kHeader) + ",Extra").record()).ok());
  EXPECT_FALSE(CheckPoliceUkHeader(Line(std::string(kHeader) + ",").record()).ok());

  // A data row where the header should be.
  Status status = CheckPoliceUkHeader(Line(CrimeRow()).record());
  ASSERT_FALSE(status.ok());
  EXPECT_TRUE(Contains(status.message(), "found \"" + std::string(kCrimeId))) << status.message();
}

TEST(PoliceUkHeader, UnreadableHeaderReportsTheReadersError) {
  Line header("\"Crime ID,Month");
  ASSERT_NE(header.record().error, "");
  Status status = CheckPoliceUkHeader(header.record());
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.message(), "header: " + header.record().error);
}

// --- Rows that are accepted ---------------------------------------------------------------

TEST(PoliceUkRecord, ValidCrimeRow) {
  auto row = CrimeRow();
  row[kContext] = "Some context";
  Line line(row);
  Incident incident;
  ASSERT_EQ(line.Parse(&incident), "");
  ASSERT_TRUE(incident.crime_id);
  EXPECT_EQ(CrimeIdToHex(*incident.crime_id), kCrimeId);
  EXPECT_EQ(incident.month, Month(2018, 9));
  EXPECT_EQ(incident.reported_by, "Avon and Somerset Constabulary");
  EXPECT_EQ(incident.falls_within, "Avon and Somerset Constabulary");
  ASSERT_TRUE(incident.location);
  EXPECT_DOUBLE_EQ(incident.location->longitude, -2.509126);
  EXPECT_DOUBLE_EQ(incident.location->latitude, 51.416137);
  EXPECT_EQ(incident.location_description, "On or near Orchard Close");
  EXPECT_EQ(incident.lsoa_code, "E01014399");
  EXPECT_EQ(incident.lsoa_name, "Bath and North East Somerset 001A");
  EXPECT_EQ(incident.category, CategoryId::kBurglary);
  EXPECT_FALSE(IsAntiSocialBehaviour(incident.category));
  EXPECT_EQ(incident.last_outcome, "Investigation complete; no suspect identified");
  EXPECT_EQ(incident.context, "Some context");
}

TEST(PoliceUkRecord, ValidAsbRow) {
  Line line(AsbRow());
  Incident incident;
  ASSERT_EQ(line.Parse(&incident), "");
  EXPECT_FALSE(incident.crime_id);
  EXPECT_EQ(incident.category, CategoryId::kAntiSocialBehaviour);
  EXPECT_TRUE(IsAntiSocialBehaviour(incident.category));
  EXPECT_EQ(incident.last_outcome, "");
  EXPECT_TRUE(incident.location);
}

TEST(PoliceUkRecord, ResultsDoNotLeakFromAPreviousRow) {
  Incident incident;
  Line crime(CrimeRow());
  ASSERT_EQ(crime.Parse(&incident), "");
  ASSERT_TRUE(incident.crime_id);
  ASSERT_TRUE(incident.location);
  auto row = AsbRow();
  row[kLon] = row[kLat] = row[kLsoaCode] = row[kLsoaName] = "";
  Line asb(row);
  ASSERT_EQ(asb.Parse(&incident), "");
  EXPECT_FALSE(incident.crime_id);
  EXPECT_FALSE(incident.location);
}

TEST(PoliceUkRecord, QuotedFieldsAreUnquoted) {
  auto row = CrimeRow();
  row[kLocation] = "\"On or near Orchard Close, Bath\"";
  row[kType] = "\"Violence and sexual offences\"";
  Line line(row);
  Incident incident;
  ASSERT_EQ(line.Parse(&incident), "");
  EXPECT_EQ(incident.location_description, "On or near Orchard Close, Bath");
  EXPECT_EQ(incident.category, CategoryId::kViolenceAndSexualOffences);
}

TEST(PoliceUkRecord, RowsWithoutLocationAreAccepted) {
  auto row = CrimeRow();
  row[kLon] = row[kLat] = row[kLsoaCode] = row[kLsoaName] = "";
  row[kLocation] = "No Location";
  Line line(row);
  Incident incident;
  ASSERT_EQ(line.Parse(&incident), "");
  EXPECT_FALSE(incident.location);
  EXPECT_EQ(incident.lsoa_code, "");
  EXPECT_EQ(incident.lsoa_name, "");
  EXPECT_EQ(incident.falls_within, "Avon and Somerset Constabulary");
}

TEST(PoliceUkRecord, CoordinatesOnTheLimitsAndWithSignsAreAccepted) {
  for (auto [lon, lat] : std::vector<std::pair<std::string, std::string>>{
           {"180", "90"}, {"-180", "-90"}, {"0", "0"}, {"+1.5", "-0.25"}, {" 1.5 ", " 51 "}}) {
    auto row = CrimeRow();
    row[kLon] = lon;
    row[kLat] = lat;
    EXPECT_EQ(Line(row).Reason(), "") << lon << "," << lat;
  }
}

TEST(PoliceUkRecord, FieldsAreTrimmed) {
  auto row = CrimeRow();
  row[kId] = std::string(" ") + kCrimeId + " ";
  row[kFallsWithin] = "  Kent Police ";
  row[kType] = " Drugs ";
  row[kLsoaCode] = " E01024001";
  Line line(row);
  Incident incident;
  ASSERT_EQ(line.Parse(&incident), "");
  EXPECT_EQ(incident.falls_within, "Kent Police");
  EXPECT_EQ(incident.category, CategoryId::kDrugOffences);
  EXPECT_EQ(incident.lsoa_code, "E01024001");
  ASSERT_TRUE(incident.crime_id);
}

TEST(PoliceUkRecord, UpperCaseCrimeIdIsAccepted) {
  std::string upper = kCrimeId;
  for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  auto row = CrimeRow();
  row[kId] = upper;
  Line line(row);
  Incident incident;
  ASSERT_EQ(line.Parse(&incident), "");
  ASSERT_TRUE(incident.crime_id);
  EXPECT_EQ(CrimeIdToHex(*incident.crime_id), kCrimeId);
}

TEST(PoliceUkRecord, EveryPoliceUkCrimeTypeIsAccepted) {
  auto types = PoliceUkCrimeTypes();
  EXPECT_EQ(types.size(), 14u);
  for (auto type : types) {
    auto row = CrimeRow();
    row[kType] = std::string(type);
    Line line(row);
    Incident incident;
    EXPECT_EQ(line.Parse(&incident), "") << type;
    EXPECT_EQ(incident.category, FromPoliceUkCrimeType(type)) << type;
  }
}

// --- Rows that are set aside --------------------------------------------------------------

TEST(PoliceUkRecord, ReaderErrorIsTheReason) {
  Line line("\"a\"b,2018-09");
  ASSERT_NE(line.record().error, "");
  EXPECT_EQ(line.Reason(), line.record().error);
}

TEST(PoliceUkRecord, WrongFieldCount) {
  auto row = CrimeRow();
  row.pop_back();
  EXPECT_EQ(Line(row).Reason(), "expected 12 fields, found 11 (a truncated line?)");
  EXPECT_EQ(Line(std::vector<std::string>{"abc"}).Reason(),
            "expected 12 fields, found 1 (a truncated line?)");

  row = CrimeRow();
  row.push_back("extra");
  std::string reason = Line(row).Reason();
  EXPECT_EQ(reason, "expected 12 fields, found 13");
  EXPECT_FALSE(Contains(reason, "truncated"));
}

TEST(PoliceUkRecord, BadMonth) {
  for (std::string month : {"2018-13", "18-09", "2018-00", "2018-9", "2018/09", "", "Sept 2018"}) {
    std::string reason = ReasonWith(kMonth, month);
    EXPECT_TRUE(Contains(reason, "Month \"" + month + "\"")) << month << ": " << reason;
    EXPECT_TRUE(Contains(reason, "YYYY-MM")) << reason;
  }
}

TEST(PoliceUkRecord, UnknownCrimeType) {
  EXPECT_EQ(ReasonWith(kType, "Burglery"), "unknown Crime type \"Burglery\"");
  EXPECT_TRUE(Contains(ReasonWith(kType, ""), "unknown Crime type"));
  EXPECT_TRUE(Contains(ReasonWith(kType, "Burglary - residential"), "unknown Crime type"));
  // A long value is shortened in the reason.
  std::string reason = ReasonWith(kType, std::string(500, 'z'));
  EXPECT_TRUE(Contains(reason, "unknown Crime type")) << reason;
  EXPECT_LT(reason.size(), 200u);
}

TEST(PoliceUkRecord, CrimeIdMustBe64HexCharacters) {
  std::string id63(kCrimeId, 63);
  std::string reason = ReasonWith(kId, id63);
  EXPECT_TRUE(Contains(reason, "Crime ID")) << reason;
  EXPECT_TRUE(Contains(reason, "is not 64 hexadecimal characters")) << reason;

  EXPECT_TRUE(Contains(ReasonWith(kId, std::string(kCrimeId) + "0"), "is not 64 hexadecimal"));

  std::string non_hex = kCrimeId;
  non_hex[10] = 'g';
  reason = ReasonWith(kId, non_hex);
  EXPECT_TRUE(Contains(reason, "is not 64 hexadecimal characters")) << reason;

  std::string with_space = kCrimeId;
  with_space[32] = ' ';
  EXPECT_TRUE(Contains(ReasonWith(kId, with_space), "is not 64 hexadecimal characters"));
}

TEST(PoliceUkRecord, CoordinatesOutOfRange) {
  auto row = CrimeRow();
  row[kLon] = "180.5";
  EXPECT_EQ(Line(row).Reason(), "Longitude \"180.5\" is not a number between -180 and 180");
  row = CrimeRow();
  row[kLon] = "-181";
  EXPECT_TRUE(Contains(Line(row).Reason(), "Longitude \"-181\""));
  row = CrimeRow();
  row[kLat] = "90.0001";
  EXPECT_EQ(Line(row).Reason(), "Latitude \"90.0001\" is not a number between -90 and 90");
  row = CrimeRow();
  row[kLat] = "-91";
  EXPECT_TRUE(Contains(Line(row).Reason(), "Latitude \"-91\""));
  row = CrimeRow();
  row[kLat] = "1e400";  // overflows a double
  EXPECT_TRUE(Contains(Line(row).Reason(), "Latitude"));
}

TEST(PoliceUkRecord, NonNumericCoordinates) {
  for (std::string bad : {"abc", "51.5x", "5 1", "nan", "inf", "-inf", "0x10", "--1", "++5", "+",
                          "-", ".", "1,5"}) {
    auto row = CrimeRow();
    row[kLon] = bad == "1,5" ? "\"1,5\"" : bad;
    std::string reason = Line(row).Reason();
    EXPECT_TRUE(Contains(reason, "Longitude")) << "\"" << bad << "\" gave: \"" << reason << "\"";

    row = CrimeRow();
    row[kLat] = bad == "1,5" ? "\"1,5\"" : bad;
    reason = Line(row).Reason();
    EXPECT_TRUE(Contains(reason, "Latitude")) << "\"" << bad << "\" gave: \"" << reason << "\"";
  }
}

TEST(PoliceUkRecord, PlusFollowedByMinusIsNotANumber) {
  auto row = CrimeRow();
  row[kLon] = "+-5";
  EXPECT_EQ(Line(row).Reason(), "Longitude \"+-5\" is not a number between -180 and 180");
  row = CrimeRow();
  row[kLat] = "+-5";
  EXPECT_EQ(Line(row).Reason(), "Latitude \"+-5\" is not a number between -90 and 90");
}

TEST(PoliceUkRecord, OneCoordinateMissing) {
  auto row = CrimeRow();
  row[kLon] = "";
  EXPECT_EQ(Line(row).Reason(), "Longitude \"\" is not a number between -180 and 180");
  row = CrimeRow();
  row[kLat] = "  ";
  EXPECT_EQ(Line(row).Reason(), "Latitude \"\" is not a number between -90 and 90");
}

TEST(PoliceUkRecord, LsoaCodeAndNameGoTogether) {
  const std::string expected = "LSOA code and LSOA name must both be given or both be empty";
  EXPECT_EQ(ReasonWith(kLsoaName, ""), expected);
  EXPECT_EQ(ReasonWith(kLsoaCode, ""), expected);
  EXPECT_EQ(ReasonWith(kLsoaName, "   "), expected);
}

TEST(PoliceUkRecord, EmptyFallsWithin) {
  EXPECT_EQ(ReasonWith(kFallsWithin, ""), "Falls within is empty: the force is unknown");
  EXPECT_EQ(ReasonWith(kFallsWithin, " \t"), "Falls within is empty: the force is unknown");
  // Reported by alone may be empty.
  EXPECT_EQ(ReasonWith(kReportedBy, ""), "");
}

}  // namespace
}  // namespace safer
