#include "ingest/police_uk.h"

#include <array>
#include <cctype>
#include <charconv>
#include <cmath>

namespace safer {
namespace {

constexpr std::array<std::string_view, 12> kColumns{
    "Crime ID", "Month",    "Reported by", "Falls within", "Longitude",             "Latitude",
    "Location", "LSOA code", "LSOA name",  "Crime type",   "Last outcome category", "Context"};

enum Column { kCrimeId, kMonth, kReportedBy, kFallsWithin, kLongitude, kLatitude, kLocation,
              kLsoaCode, kLsoaName, kCrimeType, kLastOutcome, kContext };

bool SameIgnoringCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i)
    if (std::tolower(static_cast<unsigned char>(a[i])) != std::tolower(static_cast<unsigned char>(b[i])))
      return false;
  return true;
}

bool ParseCoordinate(std::string_view text, double limit, double* out) {
  text = TrimField(text);
  if (text.empty()) return false;
  const char* first = text.data();
  if (*first == '+') {
    ++first;  // from_chars takes no '+', and must not then take a second sign
    if (text.size() == 1 || first[0] == '-' || first[0] == '+') return false;
  }
  auto [ptr, ec] = std::from_chars(first, text.data() + text.size(), *out);
  return ec == std::errc() && ptr == text.data() + text.size() && std::isfinite(*out) &&
         std::fabs(*out) <= limit;
}

// Shortens a value quoted in a reason, so a pathological field cannot flood the report.
std::string Quote(std::string_view value) {
  if (value.size() > 40) return "\"" + std::string(value.substr(0, 40)) + "…\"";
  return "\"" + std::string(value) + "\"";
}

}  // namespace

std::span<const std::string_view> PoliceUkStreetColumns() { return kColumns; }

Status CheckPoliceUkHeader(const CsvRecord& header) {
  if (!header.error.empty()) return Status::InvalidInput("header: " + header.error);
  bool matches = header.fields.size() == kColumns.size();
  for (size_t i = 0; matches && i < kColumns.size(); ++i)
    matches = SameIgnoringCase(TrimField(header.fields[i]), kColumns[i]);
  if (matches) return Status::Ok();
  std::string expected, found;
  for (auto c : kColumns) expected += (expected.empty() ? "" : ",") + std::string(c);
  found = std::string(header.raw.substr(0, 300));
  return Status::InvalidInput("not a police.uk street file: expected the header \"" + expected +
                              "\", found \"" + found + "\"");
}

std::string ParsePoliceUkRecord(const CsvRecord& record, Incident* incident) {
  if (!record.error.empty()) return record.error;
  const auto& f = record.fields;
  if (f.size() != kColumns.size()) {
    std::string reason = "expected 12 fields, found " + std::to_string(f.size());
    if (f.size() < kColumns.size()) reason += " (a truncated line?)";
    return reason;
  }

  auto month = Month::Parse(TrimField(f[kMonth]));
  if (!month) return "Month " + Quote(f[kMonth]) + " is not a month in the form YYYY-MM";
  incident->month = *month;

  auto crime_type = FromPoliceUkCrimeType(TrimField(f[kCrimeType]));
  if (!crime_type) return "unknown Crime type " + Quote(f[kCrimeType]);
  incident->category = *crime_type;

  std::string_view crime_id = TrimField(f[kCrimeId]);
  incident->crime_id.reset();
  if (!crime_id.empty()) {
    incident->crime_id = ParseCrimeId(crime_id);
    if (!incident->crime_id) return "Crime ID " + Quote(crime_id) + " is not 64 hexadecimal characters";
  }

  incident->falls_within = TrimField(f[kFallsWithin]);
  if (incident->falls_within.empty()) return "Falls within is empty: the force is unknown";
  incident->reported_by = TrimField(f[kReportedBy]);

  std::string_view lon = TrimField(f[kLongitude]), lat = TrimField(f[kLatitude]);
  incident->location.reset();
  if (!lon.empty() || !lat.empty()) {
    GeoPoint p;
    if (!ParseCoordinate(lon, 180, &p.longitude))
      return "Longitude " + Quote(lon) + " is not a number between -180 and 180";
    if (!ParseCoordinate(lat, 90, &p.latitude))
      return "Latitude " + Quote(lat) + " is not a number between -90 and 90";
    incident->location = p;
  }
  incident->location_description = TrimField(f[kLocation]);
  incident->lsoa_code = TrimField(f[kLsoaCode]);
  incident->lsoa_name = TrimField(f[kLsoaName]);
  if (incident->lsoa_code.empty() != incident->lsoa_name.empty())
    return "LSOA code and LSOA name must both be given or both be empty";
  incident->last_outcome = TrimField(f[kLastOutcome]);
  incident->context = f[kContext];
  return {};
}

}  // namespace safer
