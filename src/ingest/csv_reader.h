// CsvReader: splits a buffer of RFC 4180 CSV into records, one at a time, with the line
// number each record starts on. Tolerates what real files carry — a UTF-8 byte-order mark,
// CRLF or LF line ends, blank lines, a last line without a line end — and reports what it
// cannot read (an unterminated quote, a stray quote, an over-long record) as an error on
// that record, then carries on at the next line.
//
// The reader never copies an unquoted field: fields are views into the buffer, or into
// the reader's scratch space for quoted fields, valid until the next call to Next().
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace safer {

struct CsvRecord {
  int64_t line = 0;            // 1-based line the record starts on
  std::string_view raw;        // the record's text without its line end
  std::vector<std::string_view> fields;
  std::string error;           // non-empty: the record could not be split; fields unusable
};

class CsvReader {
 public:
  // Records longer than this are reported as errors instead of being read into memory.
  static constexpr size_t kMaxRecordBytes = 64 * 1024;
  static constexpr size_t kMaxFields = 256;
  // How much of an over-long record `raw` keeps, so the user can see which one it was.
  static constexpr size_t kRawKeptOfLongRecord = 1000;

  explicit CsvReader(std::string_view buffer);

  // Reads the next non-blank record. Returns false at the end of the buffer.
  bool Next(CsvRecord* record);

  int64_t blank_lines() const { return blank_lines_; }
  size_t offset() const { return pos_; }  // bytes consumed so far, for progress

 private:
  bool AtLineEnd(size_t i) const;

  std::string_view buf_;
  size_t pos_ = 0;
  int64_t line_ = 1;
  int64_t blank_lines_ = 0;
  std::string scratch_;
};

// A field without the blanks around it (space, tab, CR, LF).
std::string_view TrimField(std::string_view field);
// Trimmed and lower-cased: how header names and keywords are compared.
std::string LowerField(std::string_view field);

}  // namespace safer
