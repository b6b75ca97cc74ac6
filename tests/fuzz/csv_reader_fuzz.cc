// libFuzzer target for CsvReader and the police.uk record checks.
//
// Every input is read to the end with CsvReader; the first record goes to
// CheckPoliceUkHeader and every record to ParsePoliceUkRecord. The target aborts (so the
// fuzzer reports a crash) when an invariant of the reader or the parser does not hold:
//   - each record's line is 1 + the number of '\n' before the record's start, so lines
//     strictly increase;
//   - offset() strictly increases with each record (so reading terminates), never passes
//     the buffer's size, and ends exactly at it;
//   - a record's raw text lies inside the buffer; every field lies inside the buffer or
//     entirely outside it (in the reader's scratch: the fields of a quoted record are one
//     contiguous block no longer than the record's text); a record without quotes has its
//     fields inside raw, and joined with commas they give raw back;
//   - a record without an error has between 1 and kMaxFields fields; quoting those fields
//     again and reading them back gives the same fields;
//   - a header accepted by CheckPoliceUkHeader has 12 fields; a row accepted by
//     ParsePoliceUkRecord has a valid month, a force, coordinates within range, and LSOA
//     code and name both given or both empty, all as views into the record's fields.
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include "domain/incident.h"
#include "domain/period.h"
#include "ingest/csv_reader.h"
#include "ingest/police_uk.h"

namespace {

[[noreturn]] void Fail(const char* what, int line) {
  std::fprintf(stderr, "csv_reader_fuzz: invariant violated (line %d): %s\n", line, what);
  std::abort();
}

#define FUZZ_CHECK(cond)                 \
  do {                                   \
    if (!(cond)) Fail(#cond, __LINE__);  \
  } while (0)

bool Within(std::string_view inner, std::string_view outer) {
  uintptr_t lo = reinterpret_cast<uintptr_t>(outer.data());
  uintptr_t hi = lo + outer.size();
  uintptr_t p = reinterpret_cast<uintptr_t>(inner.data());
  return p >= lo && p + inner.size() <= hi;
}

bool Disjoint(std::string_view a, std::string_view b) {
  uintptr_t a0 = reinterpret_cast<uintptr_t>(a.data()), a1 = a0 + a.size();
  uintptr_t b0 = reinterpret_cast<uintptr_t>(b.data()), b1 = b0 + b.size();
  return a1 <= b0 || b1 <= a0;
}

// Reads every byte of a view so that AddressSanitizer catches a dangling one.
unsigned Touch(std::string_view s) {
  unsigned sum = 0;
  for (char c : s) sum += static_cast<unsigned char>(c);
  return sum;
}

// A view lies within one of the record's fields (or is empty).
bool InAField(std::string_view v, const safer::CsvRecord& record) {
  if (v.empty()) return true;
  for (auto f : record.fields)
    if (Within(v, f)) return true;
  return false;
}

std::string Requote(const safer::CsvRecord& record) {
  std::string out;
  for (size_t i = 0; i < record.fields.size(); ++i) {
    if (i) out += ',';
    out += '"';
    for (char c : record.fields[i]) {
      if (c == '"') out += '"';
      out += c;
    }
    out += '"';
  }
  return out;
}

void CheckRoundTrip(const safer::CsvRecord& record) {
  std::string text = Requote(record);
  safer::CsvReader again(text);
  safer::CsvRecord copy;
  FUZZ_CHECK(again.Next(&copy));
  FUZZ_CHECK(copy.error.empty());
  FUZZ_CHECK(copy.line == 1);
  FUZZ_CHECK(copy.fields.size() == record.fields.size());
  for (size_t i = 0; i < copy.fields.size(); ++i) FUZZ_CHECK(copy.fields[i] == record.fields[i]);
  FUZZ_CHECK(again.offset() == text.size());
  FUZZ_CHECK(!again.Next(&copy));
}

void CheckPoliceUk(const safer::CsvRecord& record, bool first) {
  if (first) {
    safer::Status header = safer::CheckPoliceUkHeader(record);
    if (header.ok()) {
      FUZZ_CHECK(record.error.empty());
      FUZZ_CHECK(record.fields.size() == safer::PoliceUkStreetColumns().size());
    } else {
      FUZZ_CHECK(!header.message().empty());
    }
  }
  safer::Incident incident;
  std::string reason = safer::ParsePoliceUkRecord(record, &incident);
  if (!reason.empty()) return;
  FUZZ_CHECK(record.error.empty());
  FUZZ_CHECK(record.fields.size() == 12);
  FUZZ_CHECK(safer::Month::Parse(incident.month.ToString()) == incident.month);
  FUZZ_CHECK(!incident.falls_within.empty());
  FUZZ_CHECK(incident.lsoa_code.empty() == incident.lsoa_name.empty());
  if (incident.location) {
    FUZZ_CHECK(std::isfinite(incident.location->longitude));
    FUZZ_CHECK(std::isfinite(incident.location->latitude));
    FUZZ_CHECK(std::fabs(incident.location->longitude) <= 180);
    FUZZ_CHECK(std::fabs(incident.location->latitude) <= 90);
  }
  if (incident.crime_id) FUZZ_CHECK(safer::ParseCrimeId(safer::CrimeIdToHex(*incident.crime_id)));
  for (std::string_view v : {incident.reported_by, incident.falls_within,
                             incident.location_description, incident.lsoa_code,
                             incident.lsoa_name, incident.last_outcome, incident.context}) {
    FUZZ_CHECK(InAField(v, record));
    Touch(v);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view buf(reinterpret_cast<const char*>(data), size);
  safer::CsvReader reader(buf);
  safer::CsvRecord record;

  size_t last_offset = reader.offset();
  FUZZ_CHECK(last_offset <= size);
  int64_t last_line = 0;
  size_t newlines_before = 0;  // '\n' in buf[0, scanned)
  size_t scanned = 0;
  size_t records = 0;
  volatile unsigned sink = 0;

  while (reader.Next(&record)) {
    // Termination: each record consumes at least one byte.
    FUZZ_CHECK(++records <= size);
    const size_t offset = reader.offset();
    FUZZ_CHECK(offset > last_offset);
    FUZZ_CHECK(offset <= size);

    // The record's text is inside the part of the buffer this call consumed.
    FUZZ_CHECK(!record.raw.empty());
    FUZZ_CHECK(Within(record.raw, buf));
    const size_t start = static_cast<size_t>(record.raw.data() - buf.data());
    FUZZ_CHECK(start >= last_offset);
    FUZZ_CHECK(start + record.raw.size() <= offset);

    // Line numbers: 1 + the newlines before the record's first byte.
    for (; scanned < start; ++scanned) newlines_before += buf[scanned] == '\n';
    FUZZ_CHECK(record.line == static_cast<int64_t>(newlines_before) + 1);
    FUZZ_CHECK(record.line > last_line);
    last_line = record.line;

    const bool has_quote = record.raw.find('"') != std::string_view::npos;
    if (record.error.empty()) {
      FUZZ_CHECK(!record.fields.empty());
      FUZZ_CHECK(record.fields.size() <= safer::CsvReader::kMaxFields);
    }
    if (!has_quote) FUZZ_CHECK(record.raw.find('\n') == std::string_view::npos);

    // Every field is inside the buffer or wholly outside it (scratch).
    size_t outside_total = 0;
    const char* outside_next = nullptr;
    for (auto f : record.fields) {
      sink = sink + Touch(f);
      if (Within(f, buf)) {
        if (!has_quote) FUZZ_CHECK(Within(f, record.raw));
        continue;
      }
      FUZZ_CHECK(Disjoint(f, buf));
      FUZZ_CHECK(has_quote);  // records without quotes are never copied
      // Scratch fields of one record are laid out one after the other.
      if (outside_next) FUZZ_CHECK(f.data() == outside_next);
      outside_next = f.data() + f.size();
      outside_total += f.size();
    }
    FUZZ_CHECK(outside_total <= record.raw.size());

    if (record.error.empty()) {
      if (!has_quote) {
        // Unquoted: the fields are raw split on commas.
        std::string joined;
        for (size_t i = 0; i < record.fields.size(); ++i) {
          if (i) joined += ',';
          joined += record.fields[i];
        }
        FUZZ_CHECK(joined == record.raw);
      }
      CheckRoundTrip(record);
    }

    CheckPoliceUk(record, records == 1);
    last_offset = offset;
  }
  FUZZ_CHECK(reader.offset() == size);
  FUZZ_CHECK(!reader.Next(&record));
  FUZZ_CHECK(reader.offset() == size);
  FUZZ_CHECK(reader.blank_lines() >= 0);
  (void)sink;
  return 0;
}
