#include "ingest/indicator_value_import.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <charconv>
#include <cmath>
#include <map>
#include <tuple>

#include <fmt/format.h>

#include "domain/period.h"
#include "ingest/area_import.h"
#include "ingest/csv_reader.h"
#include "ingest/mapped_file.h"

namespace safer {
namespace {

enum Column { kIndicator, kArea, kPeriod, kValue, kNumerator, kDenominator, kStatus, kNote, kSurveyYear, kColumns };
constexpr std::array<const char*, kColumns> kColumnNames = {
    "indicator", "area", "period", "value", "numerator", "denominator", "status", "note", "survey_year"};
constexpr int kRequiredColumns = kValue + 1;  // indicator, area, period, value
constexpr const char* kExpectedHeader = "indicator,area,period,value,numerator,denominator,status,note[,survey_year]";

std::string PeriodText(const MonthRange& range) {
  return range.first == range.last ? range.first.ToString()
                                   : range.first.ToString() + ".." + range.last.ToString();
}

// Every period is stored as its months, so "2018/19-Q2" and "2018-07..2018-09" are one key.
// A financial year needs its slash: "2011-12" is December 2011, never 2011/12.
std::optional<MonthRange> ParsePeriod(std::string_view text, std::string* hint) {
  if (auto q = FinancialQuarter::Parse(text)) return q->months();
  if (text.size() == 7 && text[4] == '/') {
    if (auto y = FinancialYear::Parse(text)) return y->months();
    return std::nullopt;
  }
  if (auto m = Month::Parse(text)) return MonthRange{*m, *m};
  if (size_t dots = text.find(".."); dots != std::string_view::npos) {
    auto first = Month::Parse(TrimField(text.substr(0, dots)));
    auto last = Month::Parse(TrimField(text.substr(dots + 2)));
    if (!first || !last) return std::nullopt;
    if (*last < *first) {
      *hint = "the range ends before it starts";
      return std::nullopt;
    }
    return MonthRange{*first, *last};
  }
  if (text.size() == 4) {
    int year = 0;
    auto [ptr, ec] = std::from_chars(text.data(), text.data() + 4, year);
    if (ec == std::errc() && ptr == text.data() + 4 && year >= 1900 && year <= 2999)
      return MonthRange{Month(year, 1), Month(year, 12)};
    return std::nullopt;
  }
  if (FinancialYear::Parse(text)) *hint = fmt::format("write the financial year with a slash, {}/{}",
                                                      text.substr(0, 4), text.substr(5));
  return std::nullopt;
}

std::optional<ValueStatus> ParseStatus(std::string_view text) {
  std::string s = LowerField(text);
  if (s.empty() || s == "reported") return ValueStatus::kReported;
  if (s == "awaiting" || s == "awaiting info") return ValueStatus::kAwaiting;
  if (s == "unavailable" || s == "data unavailable") return ValueStatus::kUnavailable;
  if (s == "not published" || s == "not-published" || s == "data not published yet")
    return ValueStatus::kNotPublished;
  return std::nullopt;
}

// Empty text is no number; `percent` allows a trailing "%" (33.25% is stored as 33.25).
bool ParseNumber(std::string_view text, bool percent, std::optional<double>* out) {
  text = TrimField(text);
  out->reset();
  if (text.empty()) return true;
  if (percent && text.back() == '%') text = TrimField(text.substr(0, text.size() - 1));
  double v = 0;
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc() || ptr != text.data() + text.size() || !std::isfinite(v)) return false;
  *out = v;
  return true;
}

class ValueFile {
 public:
  ValueFile(Store& store, ImportSession& session, const std::string& path, IndicatorValueImportReport& report)
      : store_(store), session_(session), path_(path), report_(report) {}

  Status Run(std::string_view contents) {
    hash_ = ContentHash(contents);
    CsvReader reader(contents);
    CsvRecord record;
    if (!reader.Next(&record)) return Status::InvalidInput(path_ + ": empty file (no header)");
    if (Status st = ReadHeader(record); !st.ok()) return st;

    std::vector<IndicatorValue> values;
    while (reader.Next(&record)) {
      ++report_.read;
      IndicatorValue value;
      std::string reason = record.error;
      if (reason.empty() && record.fields.size() != header_size_)
        reason = fmt::format("expected {} fields, found {}", header_size_, record.fields.size());
      if (reason.empty())
        if (Status st = ReadRow(record, &value, &reason); !st.ok()) return st;
      if (!reason.empty()) {
        if (Status st = Reject(record, reason); !st.ok()) return st;
        continue;
      }
      values.push_back(std::move(value));
      ++report_.imported;
    }
    return session_.AddIndicatorValues(values);
  }

 private:
  Status ReadHeader(const CsvRecord& record) {
    if (!record.error.empty()) return Status::InvalidInput(fmt::format("{}:1: {}", path_, record.error));
    columns_.fill(-1);
    header_size_ = record.fields.size();
    for (size_t i = 0; i < record.fields.size(); ++i) {
      std::string name = LowerField(record.fields[i]);
      auto known = std::find(kColumnNames.begin(), kColumnNames.end(), name);
      // An unknown column is most likely a misspelt one whose values would be lost.
      if (known == kColumnNames.end())
        return Status::InvalidInput(
            fmt::format("{}:1: unknown column \"{}\"; the columns are {}", path_, name, kExpectedHeader));
      int& column = columns_[known - kColumnNames.begin()];
      if (column >= 0) return Status::InvalidInput(fmt::format("{}:1: column \"{}\" appears twice", path_, name));
      column = static_cast<int>(i);
    }
    for (int c = 0; c < kRequiredColumns; ++c)
      if (columns_[c] < 0)
        return Status::InvalidInput(fmt::format("{}:1: not an indicator values file: no \"{}\" column; expected {}",
                                                path_, kColumnNames[c], kExpectedHeader));
    return Status::Ok();
  }

  std::string_view Field(const CsvRecord& record, Column c) const {
    return columns_[c] < 0 ? std::string_view() : TrimField(record.fields[columns_[c]]);
  }

  // Fills *reason when the row is to be set aside; a failing Status is a store error.
  Status ReadRow(const CsvRecord& record, IndicatorValue* v, std::string* reason) {
    v->indicator_id = std::string(Field(record, kIndicator));
    std::string_view area = Field(record, kArea), period = Field(record, kPeriod);
    std::optional<ValueStatus> status = ParseStatus(Field(record, kStatus));
    std::string hint;
    std::optional<MonthRange> months = ParsePeriod(period, &hint);
    std::string_view survey_year = Field(record, kSurveyYear);

    if (v->indicator_id.empty()) *reason = "the indicator id is required";
    else if (std::any_of(v->indicator_id.begin(), v->indicator_id.end(),
                         [](unsigned char c) { return std::isspace(c) || std::iscntrl(c); }))
      *reason = fmt::format("indicator \"{}\" is not an id: use the plan's id, e.g. repeat-marac", v->indicator_id);
    else if (area.empty()) *reason = "the area is required";
    else if (!months)
      *reason = fmt::format("period \"{}\" is not a financial quarter (2018/19-Q2), a financial year (2018/19), "
                            "a month (2018-09), a month range (2018-04..2018-09) or a calendar year (2018){}",
                            period, hint.empty() ? "" : ": " + hint);
    else if (!ParseNumber(Field(record, kValue), true, &v->value))
      *reason = fmt::format("value \"{}\" is not a number", Field(record, kValue));
    else if (!ParseNumber(Field(record, kNumerator), false, &v->numerator))
      *reason = fmt::format("numerator \"{}\" is not a number", Field(record, kNumerator));
    else if (!ParseNumber(Field(record, kDenominator), false, &v->denominator))
      *reason = fmt::format("denominator \"{}\" is not a number", Field(record, kDenominator));
    else if ((v->numerator && *v->numerator < 0) || (v->denominator && *v->denominator < 0))
      *reason = "numerator and denominator are counts and cannot be negative";
    else if (!status)
      *reason = fmt::format("status \"{}\" is not one of reported, awaiting, unavailable, not published",
                            Field(record, kStatus));
    else if (*status != ValueStatus::kReported && (v->value || v->numerator || v->denominator))
      *reason = fmt::format("status \"{}\" says the value is missing, but the row gives a number",
                            Field(record, kStatus));
    else if (*status == ValueStatus::kReported && !v->value && !(v->numerator && v->denominator))
      *reason = "a value or a status saying why it is missing (awaiting, unavailable, not published) is required";
    else if (!survey_year.empty() && !ParseYear(survey_year, &v->survey_year))
      *reason = fmt::format("survey_year \"{}\" is not a year", survey_year);
    if (!reason->empty()) return Status::Ok();

    if (Status st = ResolveArea(area, &v->area_code, reason); !st.ok() || !reason->empty()) return st;
    v->period = *months;
    v->status = *status;
    v->note = std::string(Field(record, kNote));
    auto [first, added] = lines_.try_emplace(std::tuple(v->indicator_id, v->area_code, months->first.index(),
                                                        months->last.index()),
                                             record.line);
    if (!added)
      *reason = fmt::format("indicator {}, area {}, period {} is already given on line {}", v->indicator_id,
                            v->area_code, PeriodText(*months), first->second);
    return Status::Ok();
  }

  static bool ParseYear(std::string_view text, std::optional<int>* out) {
    int year = 0;
    auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), year);
    if (ec != std::errc() || ptr != text.data() + text.size() || text.size() != 4 || year < 1900 || year > 2999)
      return false;
    *out = year;
    return true;
  }

  // Stores the area's code; each name is looked up once per file.
  Status ResolveArea(std::string_view text, std::string* code, std::string* reason) {
    auto it = areas_.find(std::string(text));
    if (it == areas_.end()) {
      ResolvedArea resolved;
      if (Status st = AreaCodeFor(store_, text, &resolved.code, &resolved.reason); !st.ok()) return st;
      it = areas_.emplace(std::string(text), std::move(resolved)).first;
    }
    *code = it->second.code;
    *reason = it->second.reason;
    return Status::Ok();
  }

  Status Reject(const CsvRecord& record, const std::string& reason) {
    ++report_.rejected;
    report_.rejections.push_back(fmt::format("{}:{}: {}", path_, record.line, reason));
    Rejection r{0, path_, hash_, record.line, reason, std::string(record.raw.substr(0, 1000))};
    return session_.AddRejection(r);
  }

  Store& store_;
  ImportSession& session_;
  std::string path_;
  IndicatorValueImportReport& report_;
  std::string hash_;
  std::array<int, kColumns> columns_{};
  size_t header_size_ = 0;
  struct ResolvedArea {
    std::string code, reason;  // one of them is empty
  };
  std::map<std::string, ResolvedArea> areas_;  // by the text as written
  std::map<std::tuple<std::string, std::string, int, int>, int64_t> lines_;  // key → line it was first given on
};

}  // namespace

Status ImportIndicatorValues(Store& store, const std::string& path, IndicatorValueImportReport* report) {
  MappedFile file;
  if (Status st = file.Open(path); !st.ok()) return st;
  if (file.contents().empty()) return Status::InvalidInput(path + ": empty file (no header)");
  std::unique_ptr<ImportSession> session;
  if (Status st = store.BeginImport("indicator-values", path, &session); !st.ok()) return st;
  report->import_id = session->import_id();
  ValueFile value_file(store, *session, path, *report);
  if (Status st = value_file.Run(file.contents()); !st.ok()) return st;
  ImportSummary totals;
  totals.read = report->read;
  totals.imported = report->imported;
  totals.rejected = report->rejected;
  return session->Commit(totals);
}

}  // namespace safer
