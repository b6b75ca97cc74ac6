// The data.police.uk street-level CSV format: its header, and the checks that turn one
// record into an Incident or into a reason for setting the row aside.
//
// Header (exactly these 12 columns, in this order):
//   Crime ID,Month,Reported by,Falls within,Longitude,Latitude,Location,LSOA code,
//   LSOA name,Crime type,Last outcome category,Context
#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "domain/incident.h"
#include "domain/status.h"
#include "ingest/csv_reader.h"

namespace safer {

std::span<const std::string_view> PoliceUkStreetColumns();

// Ok when the record is the street-level header (names compared ignoring case and
// surrounding spaces); otherwise says what was expected and what was found.
Status CheckPoliceUkHeader(const CsvRecord& header);

// Fills `incident` (views into `record`) and returns an empty string, or returns the
// reason the row cannot be used. Rules: Month is YYYY-MM; Crime ID is empty or 64 hex
// characters; Longitude and Latitude are both empty (no location) or both numbers within
// ±180/±90; Crime type is one of police.uk's 14 values; Falls within is not empty.
std::string ParsePoliceUkRecord(const CsvRecord& record, Incident* incident);

}  // namespace safer
