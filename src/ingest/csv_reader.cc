#include "ingest/csv_reader.h"

#include <cctype>
#include <cstring>
#include <utility>

namespace safer {

CsvReader::CsvReader(std::string_view buffer) : buf_(buffer) {
  if (buf_.substr(0, 3) == "\xEF\xBB\xBF") pos_ = 3;
}

// A line ends at "\n", at "\r\n", or at a "\r" that is the last byte of the buffer.
bool CsvReader::AtLineEnd(size_t i) const {
  if (buf_[i] == '\n') return true;
  return buf_[i] == '\r' && (i + 1 == buf_.size() || buf_[i + 1] == '\n');
}

bool CsvReader::Next(CsvRecord* record) {
  record->fields.clear();
  record->error.clear();
  while (pos_ < buf_.size()) {
    const char* base = buf_.data();
    const size_t start = pos_;
    const char* nl = static_cast<const char*>(std::memchr(base + start, '\n', buf_.size() - start));
    size_t end = nl ? static_cast<size_t>(nl - base) : buf_.size();  // end of physical line
    size_t content_end = (end > start && base[end - 1] == '\r') ? end - 1 : end;
    record->line = line_;

    if (content_end == start) {  // blank line
      ++blank_lines_;
      ++line_;
      pos_ = nl ? end + 1 : end;
      continue;
    }

    const bool quoted = std::memchr(base + start, '"', content_end - start) != nullptr;
    if (!quoted) {
      // Fast path: one physical line, fields split on commas, nothing copied.
      record->raw = buf_.substr(start, content_end - start);
      pos_ = nl ? end + 1 : end;
      ++line_;
      if (record->raw.size() > kMaxRecordBytes) {
        record->raw = record->raw.substr(0, kRawKeptOfLongRecord);
        record->error = "record longer than " + std::to_string(kMaxRecordBytes) + " bytes";
        return true;
      }
      size_t field_start = start;
      for (size_t i = start; i <= content_end; ++i) {
        if (i == content_end || base[i] == ',') {
          if (record->fields.size() == kMaxFields) {
            record->error = "more than " + std::to_string(kMaxFields) + " fields";
            return true;
          }
          record->fields.emplace_back(base + field_start, i - field_start);
          field_start = i + 1;
        }
      }
      return true;
    }

    // Quoted fields: a state machine that may run over line ends inside quotes. Fields are
    // unescaped into scratch_, recorded as offsets, and turned into views at the end so
    // growing scratch_ cannot invalidate them.
    scratch_.clear();
    std::vector<std::pair<size_t, size_t>> spans;
    size_t i = start;
    size_t field_begin = 0;
    int64_t lines_spanned = 0;
    std::string error;
    enum { kFieldStart, kUnquoted, kQuoted, kAfterQuote } state = kFieldStart;
    bool done = false;
    while (!done) {
      if (i - start > kMaxRecordBytes) {
        error = state == kQuoted ? "quoted field not closed within " + std::to_string(kMaxRecordBytes) + " bytes"
                                 : "record longer than " + std::to_string(kMaxRecordBytes) + " bytes";
        break;
      }
      if (i >= buf_.size()) {
        if (state == kQuoted) {
          error = "quoted field not closed before the end of the file";
          break;
        }
        spans.emplace_back(field_begin, scratch_.size() - field_begin);
        done = true;
        break;
      }
      char c = base[i];
      switch (state) {
        case kFieldStart:
          if (c == '"') { state = kQuoted; ++i; continue; }
          state = kUnquoted;
          [[fallthrough]];
        case kUnquoted:
          if (c == ',') {
            spans.emplace_back(field_begin, scratch_.size() - field_begin);
            field_begin = scratch_.size();
            state = kFieldStart;
          } else if (AtLineEnd(i)) {
            spans.emplace_back(field_begin, scratch_.size() - field_begin);
            done = true;
            continue;
          } else if (c == '"') {
            error = "a quote inside an unquoted field";
          } else {
            scratch_.push_back(c);
          }
          ++i;
          break;
        case kQuoted:
          if (c == '"') {
            if (i + 1 < buf_.size() && base[i + 1] == '"') { scratch_.push_back('"'); i += 2; continue; }
            state = kAfterQuote;
          } else {
            if (c == '\n') ++lines_spanned;
            scratch_.push_back(c);
          }
          ++i;
          break;
        case kAfterQuote:
          if (c == ',') {
            spans.emplace_back(field_begin, scratch_.size() - field_begin);
            field_begin = scratch_.size();
            state = kFieldStart;
            ++i;
          } else if (AtLineEnd(i)) {
            spans.emplace_back(field_begin, scratch_.size() - field_begin);
            done = true;
          } else {
            error = "text after the closing quote of a field";
            state = kUnquoted;
          }
          break;
      }
      if (spans.size() > kMaxFields) {
        error = "more than " + std::to_string(kMaxFields) + " fields";
        break;
      }
    }
    // The last field is added on the way out of the loop, past the check inside it.
    if (error.empty() && spans.size() > kMaxFields)
      error = "more than " + std::to_string(kMaxFields) + " fields";

    if (!error.empty()) {
      // Report the record's first physical line and resume on the next one, so one stray
      // quote cannot swallow the rest of the file.
      record->raw = buf_.substr(start, std::min(content_end - start, kMaxRecordBytes));
      record->error = error;
      pos_ = nl ? end + 1 : end;
      ++line_;
      return true;
    }
    size_t record_end = i;  // at '\n', '\r\n', a final '\r' or the end of the buffer
    record->raw = buf_.substr(start, record_end - start);
    if (record_end < buf_.size() && base[record_end] == '\r') ++record_end;
    pos_ = record_end < buf_.size() ? record_end + 1 : record_end;
    line_ += 1 + lines_spanned;
    for (auto [off, len] : spans) record->fields.emplace_back(scratch_.data() + off, len);
    return true;
  }
  return false;
}

std::string_view TrimField(std::string_view s) {
  auto blank = [](char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; };
  while (!s.empty() && blank(s.front())) s.remove_prefix(1);
  while (!s.empty() && blank(s.back())) s.remove_suffix(1);
  return s;
}

std::string LowerField(std::string_view field) {
  std::string out;
  for (unsigned char c : TrimField(field)) out.push_back(static_cast<char>(std::tolower(c)));
  return out;
}

}  // namespace safer
