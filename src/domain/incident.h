// An incident: one crime or one anti-social behaviour report, as a source recorded it,
// with its provenance (which file, which line, which import, which edition).
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "domain/category.h"
#include "domain/period.h"

namespace safer {

// police.uk's Crime ID: 64 hex characters, kept as the 32 bytes they spell.
using CrimeId = std::array<uint8_t, 32>;
std::optional<CrimeId> ParseCrimeId(std::string_view hex);
std::string CrimeIdToHex(const CrimeId& id);

struct GeoPoint {
  double longitude = 0;
  double latitude = 0;
};

// Views into the source record; valid only while the record is. Kept as views because an
// import touches millions of them and copies nothing it does not store.
struct Incident {
  std::optional<CrimeId> crime_id;  // empty for ASB (police.uk gives none)
  Month month;
  std::string_view reported_by;
  std::string_view falls_within;  // the force whose area the incident is in
  std::optional<GeoPoint> location;
  std::string_view location_description;  // "On or near Hood Close"
  std::string_view lsoa_code;             // may be empty: "no location"
  std::string_view lsoa_name;
  CategoryId category;
  std::string_view last_outcome;
  std::string_view context;
};

// Where an incident came from.
struct Provenance {
  int64_t import_id = 0;
  std::string source_file;
  int64_t line = 0;
  std::string edition;  // content hash of the source file, or the label the user gave
};

}  // namespace safer
