#include "ingest/event_extract.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <charconv>
#include <cmath>

#include <fmt/format.h>

#include "analytics/projection.h"
#include "ingest/csv_reader.h"
#include "ingest/mapped_file.h"

namespace safer {
namespace {

enum Role { kId, kDate, kTime, kX, kY, kLatitude, kLongitude, kLocationId, kVictimId, kCallerId, kCategory, kRoles };

// Header names per role, compared lower-case with everything but letters and digits removed
// ("Crime Reference" = "crime_reference" = "crimereference"). Earlier names win when a file
// has several: "Committed Date" is the date of the event, "Reported Date" only a fallback.
// docs/extract.md lists them.
const std::array<std::vector<std::string_view>, kRoles>& Synonyms() {
  static const std::array<std::vector<std::string_view>, kRoles> kSynonyms = {{
      {"id", "crimereference", "crimeref", "crimereferencenumber", "crimeno", "crimenumber", "crimeid", "crn",
       "incidentid", "incidentnumber", "incidentno", "incidentreference", "incidentref", "eventid", "eventnumber",
       "lognumber", "logno", "logid", "callid", "callreference", "reference", "ref", "urn", "occurrenceid",
       "occurrencenumber"},
      {"date", "committeddate", "datecommitted", "committedfromdate", "committedfrom", "datefrom", "fromdate",
       "startdate", "offencedate", "dateofoffence", "crimedate", "incidentdate", "dateofincident", "eventdate",
       "occurreddate", "dateoccurred", "calldate", "dateofcall", "datetime", "committeddatetime",
       "datetimecommitted", "committedfromdatetime", "firstcommitteddate", "datefirstcommitted", "offencedatetime",
       "incidentdatetime", "eventdatetime", "calldatetime", "occurreddatetime", "startdatetime", "recordeddate",
       "daterecorded", "reporteddate", "datereported"},
      {"time", "committedtime", "timecommitted", "committedfromtime", "timefrom", "fromtime", "starttime",
       "offencetime", "incidenttime", "eventtime", "calltime", "timeofcall"},
      {"x", "easting", "eastings", "xcoord", "xcoordinate", "coordx", "gridx", "gridreferencex", "mapx", "pointx",
       "locationx", "bngx", "osgridx"},
      {"y", "northing", "northings", "ycoord", "ycoordinate", "coordy", "gridy", "gridreferencey", "mapy", "pointy",
       "locationy", "bngy", "osgridy"},
      {"latitude", "lat"},
      {"longitude", "long", "lon", "lng"},
      {"locationid", "location", "locationref", "locationreference", "addressid", "address", "uprn", "premisesid",
       "premises", "placeid"},
      {"victimid", "victim", "victimref", "victimreference", "victimurn", "victimnumber", "victimno",
       "injuredpartyid", "injuredparty"},
      {"callerid", "caller", "callernumber", "callerno", "callerphone", "callertelephone", "callertelephonenumber",
       "callerphonenumber", "telephonenumber", "phonenumber", "callerref", "callerreference"},
      {"category", "crimetype", "offence", "offencetype", "offencecategory", "offencedescription", "crimecategory",
       "classification", "hoclass", "homeofficeclass", "incidenttype", "incidentcategory", "calltype", "type"},
  }};
  return kSynonyms;
}

std::string HeaderKey(std::string_view field) {
  std::string key;
  for (char c : TrimField(field))
    if (std::isalnum(static_cast<unsigned char>(c))) key += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return key;
}

// Column index per role (-1: absent), from a header record. False when no field is a name
// this reader knows: then the first record is data, not a header.
bool MapHeader(const CsvRecord& header, std::array<int, kRoles>* columns) {
  columns->fill(-1);
  std::vector<std::string> keys;
  for (auto f : header.fields) keys.push_back(HeaderKey(f));
  bool any = false;
  for (int role = 0; role < kRoles; ++role) {
    for (auto name : Synonyms()[role]) {
      auto it = std::find(keys.begin(), keys.end(), name);
      if (it == keys.end()) continue;
      (*columns)[role] = static_cast<int>(it - keys.begin());
      any = true;
      break;
    }
  }
  // A column can play one role only: "Location" is a location id unless nothing else is.
  for (int role = 0; role < kRoles; ++role)
    for (int other = role + 1; other < kRoles; ++other)
      if ((*columns)[role] >= 0 && (*columns)[role] == (*columns)[other]) (*columns)[other] = -1;
  return any;
}

// Shortens a value quoted in a reason, so a pathological field cannot flood the report.
std::string Quote(std::string_view value) {
  value = TrimField(value);
  if (value.size() > 40) return "\"" + std::string(value.substr(0, 40)) + "…\"";
  return "\"" + std::string(value) + "\"";
}

bool ParseNumber(std::string_view text, double* out) {
  text = TrimField(text);
  if (!text.empty() && text.front() == '+') {
    text.remove_prefix(1);  // from_chars takes no '+', and must not then take a second sign
    if (text.empty() || text.front() == '+' || text.front() == '-') return false;
  }
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), *out);
  return ec == std::errc() && ptr == text.data() + text.size() && std::isfinite(*out);
}

bool AllDigits(std::string_view s, size_t max) {
  if (s.empty() || s.size() > max) return false;
  return std::all_of(s.begin(), s.end(), [](char c) { return std::isdigit(static_cast<unsigned char>(c)); });
}

// m/d/yyyy (or m/d/yy, 20yy), as the Near Repeat Calculator's input files write dates.
std::optional<Date> ParseUsDate(std::string_view text) {
  const size_t a = text.find('/'), b = a == std::string_view::npos ? a : text.find('/', a + 1);
  if (b == std::string_view::npos) return std::nullopt;
  std::string_view m = text.substr(0, a), d = text.substr(a + 1, b - a - 1), y = text.substr(b + 1);
  if (!AllDigits(m, 2) || !AllDigits(d, 2) || (y.size() != 4 && y.size() != 2) ||
      !AllDigits(y, 4))
    return std::nullopt;
  const int year = std::stoi(std::string(y)) + (y.size() == 2 ? 2000 : 0);
  return Date::FromYmd(year, std::stoi(std::string(m)), std::stoi(std::string(d)));
}

std::optional<Date> ParseOneDate(std::string_view text, bool us_dates, std::string* why) {
  if (us_dates && text.find('/') != std::string_view::npos) {
    auto date = ParseUsDate(text);
    if (!date) *why = "date " + Quote(text) + " is not a date in the form month/day/year (--us-dates)";
    return date;
  }
  std::string reason;
  auto date = ParseDate(text, &reason);
  if (!date) *why = reason.empty() ? "date " + Quote(text) + " is not a date" : "date: " + reason;
  return date;
}

// A date, or a date and a time of day after a space or ISO's 'T': the day is what counts.
std::optional<Date> ParseEventDate(std::string_view field, bool us_dates, std::string* why) {
  std::string_view text = TrimField(field);
  if (text.empty()) {
    *why = "no date";
    return std::nullopt;
  }
  if (auto date = ParseOneDate(text, us_dates, why)) return date;
  const size_t cut = text.size() > 10 && text[10] == 'T' ? 10 : text.find(' ');
  if (cut != std::string_view::npos && cut + 1 < text.size() &&
      std::isdigit(static_cast<unsigned char>(text[cut + 1]))) {
    std::string ignored;
    if (auto date = ParseOneDate(text.substr(0, cut), us_dates, &ignored)) return date;
  }
  return std::nullopt;
}

struct PendingEvent {
  ExtractEvent event;
  bool geographic = false;  // x, y hold longitude, latitude until projected
};

// Parses one data record into `pending`; returns the reason it cannot be used, or "".
std::string ParseRow(const CsvRecord& record, const std::array<int, kRoles>& col, size_t width,
                     const ExtractOptions& options, bool use_latlon, PendingEvent* pending) {
  if (!record.error.empty()) return record.error;
  const auto& f = record.fields;
  if (f.size() < width) return fmt::format("expected {} fields, found {} (a truncated line?)", width, f.size());
  for (size_t i = width; i < f.size(); ++i)
    if (!TrimField(f[i]).empty())
      return fmt::format("expected {} fields, found {} (a comma inside an unquoted field?)", width, f.size());
  auto field = [&](Role r) -> std::string_view { return col[r] >= 0 ? TrimField(f[col[r]]) : std::string_view(); };

  ExtractEvent& e = pending->event;
  e.line = record.line;
  std::string why;
  auto date = ParseEventDate(field(kDate), options.us_dates, &why);
  if (!date) return why;
  e.date = *date;
  if (options.from && e.date < *options.from)
    return fmt::format("date {} is before the window (from {})", e.date.ToIso(), options.from->ToIso());
  if (options.to && e.date > *options.to)
    return fmt::format("date {} is after the window (to {})", e.date.ToIso(), options.to->ToIso());
  e.id = field(kId);
  e.location_id = field(kLocationId);
  e.victim_id = field(kVictimId);
  e.caller_id = field(kCallerId);
  e.category = field(kCategory);

  const Role rx = use_latlon ? kLongitude : kX, ry = use_latlon ? kLatitude : kY;
  if (col[rx] < 0) return options.need_place ? "no coordinates in this file" : "";
  std::string_view tx = field(rx), ty = field(ry);
  std::string problem;
  double x = 0, y = 0;
  const char* xname = use_latlon ? "longitude" : "x";
  const char* yname = use_latlon ? "latitude" : "y";
  if (tx.empty() || ty.empty()) {
    problem = fmt::format("no coordinates ({} missing)", tx.empty() && ty.empty() ? fmt::format("{} and {}", xname, yname)
                                                                                  : tx.empty() ? xname : yname);
  } else if (!ParseNumber(tx, &x)) {
    problem = fmt::format("{} {} is not a number", xname, Quote(tx));
  } else if (!ParseNumber(ty, &y)) {
    problem = fmt::format("{} {} is not a number", yname, Quote(ty));
  } else if (x == 0 && y == 0) {
    // Extracts write 0,0 for "not geocoded"; no event in a partnership's area is there.
    problem = "coordinates 0, 0 (not geocoded)";
  } else if (use_latlon && (std::fabs(y) > 90 || std::fabs(x) > 180)) {
    problem = fmt::format("latitude {} / longitude {} is not a place on Earth", Quote(ty), Quote(tx));
  }
  if (!problem.empty()) return options.need_place ? problem : "";
  e.x = x;
  e.y = y;
  pending->geographic = use_latlon;
  return "";
}

bool OutsideExtent(const ExtractEvent& e, const ExtractOptions& o) {
  if (!e.x || !e.y) return false;
  return (o.min_x && *e.x < *o.min_x) || (o.max_x && *e.x > *o.max_x) || (o.min_y && *e.y < *o.min_y) ||
         (o.max_y && *e.y > *o.max_y);
}

std::string Bound(double v) { return std::isfinite(v) ? fmt::format("{:g}", v) : "…"; }

}  // namespace

Status ReadEventExtract(const std::string& path, const ExtractOptions& options, EventExtract* out) {
  *out = EventExtract{};
  out->file = path;
  MappedFile file;
  if (Status st = file.Open(path); !st.ok()) return st;
  CsvReader reader(file.contents());
  CsvRecord record;
  if (!reader.Next(&record)) return Status::InvalidInput(path + " is empty: no header and no rows");
  if (!record.error.empty()) return Status::InvalidInput(fmt::format("{}:{}: {}", path, record.line, record.error));

  std::array<int, kRoles> col;
  size_t width = 0;
  bool use_latlon = false;
  bool first_is_data = false;
  if (MapHeader(record, &col)) {
    out->has_header = true;
    if (col[kDate] < 0) {
      std::string names;
      for (auto n : {"Date", "Committed Date", "Offence Date", "Incident Date", "Event Date", "Call Date"})
        names += (names.empty() ? "" : ", ") + std::string(n);
      return Status::InvalidInput(fmt::format("{}: the header names no date column (one of {}, …; see docs/extract.md); "
                                              "found \"{}\"", path, names, record.raw.substr(0, 300)));
    }
    if ((col[kX] >= 0) != (col[kY] >= 0))
      return Status::InvalidInput(fmt::format("{}: the header has {} but no {} column", path,
                                              col[kX] >= 0 ? "an x" : "a y", col[kX] >= 0 ? "y" : "x"));
    if ((col[kLatitude] >= 0) != (col[kLongitude] >= 0))
      return Status::InvalidInput(fmt::format("{}: the header has {} but no {} column", path,
                                              col[kLatitude] >= 0 ? "a latitude" : "a longitude",
                                              col[kLatitude] >= 0 ? "longitude" : "latitude"));
    // Projected x/y when the file has them: mixing them with projected latitude/longitude
    // row by row would put events in two different planes.
    use_latlon = col[kX] < 0 && col[kLatitude] >= 0;
    width = record.fields.size();
  } else {
    // The NRC's layout: X, Y, date and no header.
    double x, y;
    std::string why;
    if (record.fields.size() < 3 || !ParseNumber(record.fields[0], &x) || !ParseNumber(record.fields[1], &y) ||
        !ParseEventDate(record.fields[2], options.us_dates, &why))
      return Status::InvalidInput(fmt::format(
          "{}: the first line is neither a header naming a date column (Date, Committed Date, …; see "
          "docs/extract.md) nor the Near Repeat Calculator's X,Y,date: \"{}\"{}",
          path, record.raw.substr(0, 300), options.us_dates ? "" : " (US dates m/d/yyyy need --us-dates)"));
    col.fill(-1);
    col[kX] = 0;
    col[kY] = 1;
    col[kDate] = 2;
    width = 3;
    first_is_data = true;
  }
  out->has_place = col[kX] >= 0 || col[kLatitude] >= 0;

  std::vector<PendingEvent> pending;
  auto set_aside = [&](const CsvRecord& r, std::string reason) {
    out->set_aside.push_back({r.line, std::move(reason), std::string(r.raw.substr(0, 500))});
  };
  auto take = [&](const CsvRecord& r) {
    ++out->rows_read;
    if (options.max_rows > 0 && out->rows_read > options.max_rows) return false;
    PendingEvent p;
    std::string reason = ParseRow(r, col, width, options, use_latlon, &p);
    if (reason.empty()) pending.push_back(std::move(p));
    else set_aside(r, std::move(reason));
    return true;
  };
  if (first_is_data) take(record);
  while (reader.Next(&record))
    if (!take(record))
      return Status::InvalidInput(fmt::format("{} has more than {} rows: too many for one analysis here", path,
                                              options.max_rows));

  // Latitude/longitude are projected about the mean of the rows that have them.
  double sum_lat = 0, sum_lon = 0;
  int64_t geographic = 0;
  for (const auto& p : pending)
    if (p.geographic && p.event.x) {
      sum_lon += *p.event.x;
      sum_lat += *p.event.y;
      ++geographic;
    }
  if (geographic > 0) {
    LocalProjection projection({sum_lon / geographic, sum_lat / geographic});
    for (auto& p : pending)
      if (p.geographic && p.event.x) {
        PlanePoint q = projection.ToPlane({*p.event.x, *p.event.y});
        p.event.x = q.x;
        p.event.y = q.y;
      }
  }

  bool late_set_aside = false;
  for (auto& p : pending) {
    if (OutsideExtent(p.event, options)) {
      out->set_aside.push_back(
          {p.event.line,
           fmt::format("x {:.1f}, y {:.1f} is outside the area (x {} to {}, y {} to {})", *p.event.x, *p.event.y,
                       Bound(options.min_x.value_or(-INFINITY)), Bound(options.max_x.value_or(INFINITY)),
                       Bound(options.min_y.value_or(-INFINITY)), Bound(options.max_y.value_or(INFINITY))),
           ""});
      late_set_aside = true;
      continue;
    }
    out->events.push_back(std::move(p.event));
  }
  if (late_set_aside) {
    // The raw text of those rows is gone with the reader's records: read it back by line.
    std::vector<std::pair<int64_t, size_t>> want;
    for (size_t i = 0; i < out->set_aside.size(); ++i)
      if (out->set_aside[i].raw.empty()) want.push_back({out->set_aside[i].line, i});
    CsvReader again(file.contents());
    size_t k = 0;
    while (k < want.size() && again.Next(&record)) {
      if (record.line == want[k].first) out->set_aside[want[k++].second].raw = std::string(record.raw.substr(0, 500));
    }
    std::stable_sort(out->set_aside.begin(), out->set_aside.end(),
                     [](const ExtractProblem& a, const ExtractProblem& b) { return a.line < b.line; });
  }

  if (out->rows_read == 0) return Status::InvalidInput(path + " has a header and no rows");
  if (out->events.empty())
    return Status::InvalidInput(fmt::format("none of the {} rows of {} can be used; line {}: {}", out->rows_read, path,
                                            out->set_aside.front().line, out->set_aside.front().reason));
  return Status::Ok();
}

}  // namespace safer
