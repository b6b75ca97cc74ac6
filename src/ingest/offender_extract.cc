#include "ingest/offender_extract.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <map>
#include <unordered_map>

#include <fmt/format.h>

#include "ingest/csv_reader.h"
#include "ingest/mapped_file.h"

namespace safer {
namespace {

enum Column { kPerson, kOffence, kDisposal, kType, kReference, kColumns };

// Header names with case, spaces, underscores, hyphens and full stops taken out.
const std::map<std::string, Column>& Synonyms() {
  static const auto* synonyms = new std::map<std::string, Column>{
      {"personid", kPerson},          {"person", kPerson},          {"offenderid", kPerson},
      {"offender", kPerson},          {"nominalid", kPerson},       {"nominal", kPerson},
      {"pncid", kPerson},             {"pnc", kPerson},             {"id", kPerson},
      {"personref", kPerson},         {"offenderref", kPerson},     {"offencedate", kOffence},
      {"offensedate", kOffence},      {"dateofoffence", kOffence},  {"dateofoffense", kOffence},
      {"offencecommitted", kOffence}, {"committeddate", kOffence},  {"datecommitted", kOffence},
      {"offencecommitteddate", kOffence}, {"disposaldate", kDisposal}, {"outcomedate", kDisposal},
      {"dateofdisposal", kDisposal},  {"sentencedate", kDisposal},  {"convictiondate", kDisposal},
      {"provendate", kDisposal},      {"dateofoutcome", kDisposal}, {"disposaltype", kType},
      {"disposal", kType},            {"outcome", kType},           {"outcometype", kType},
      {"sentencetype", kType},        {"sentence", kType},          {"offenceid", kReference},
      {"offenceref", kReference},     {"offencereference", kReference}, {"crimeref", kReference},
      {"crimereference", kReference}, {"crimeid", kReference},      {"chargeid", kReference},
  };
  return *synonyms;
}

std::string HeaderKey(std::string_view field) {
  std::string key;
  for (char c : LowerField(field))
    if (std::isalnum(static_cast<unsigned char>(c))) key += c;
  return key;
}

constexpr std::array<const char*, kColumns> kColumnWords = {"person id", "offence date", "disposal date",
                                                           "disposal type", "offence reference"};

// Sets *why and returns nothing when the field is empty or not a date.
std::optional<Date> FieldDate(std::string_view field, Column column, std::string* why) {
  field = TrimField(field);
  if (field.empty()) {
    *why = column == kDisposal ? "no disposal date: only a proven offence counts"
                               : fmt::format("no {}", kColumnWords[column]);
    return std::nullopt;
  }
  std::string reason;
  auto date = ParseDate(field, &reason);
  if (!date)
    *why = reason.empty() ? fmt::format("{} \"{}\" is not a date", kColumnWords[column], field)
                          : fmt::format("{}: {}", kColumnWords[column], reason);
  return date;
}

}  // namespace

Status ParseOffenderExtract(std::string_view contents, const std::string& file, const OffenderExtractOptions& options,
                            OffenderExtract* out) {
  *out = OffenderExtract{};
  out->file = file;
  CsvReader reader(contents);
  CsvRecord record;
  if (!reader.Next(&record)) return Status::InvalidInput(fmt::format("{} is empty", file));
  if (!record.error.empty())
    return Status::InvalidInput(fmt::format("{}:{}: the header cannot be read: {}", file, record.line, record.error));
  std::array<int, kColumns> index;
  index.fill(-1);
  for (size_t i = 0; i < record.fields.size(); ++i) {
    auto it = Synonyms().find(HeaderKey(record.fields[i]));
    if (it == Synonyms().end()) continue;
    if (index[it->second] >= 0)
      return Status::InvalidInput(fmt::format("{}:{}: two columns name the {} (\"{}\" and \"{}\")", file, record.line,
                                              kColumnWords[it->second], TrimField(record.fields[index[it->second]]),
                                              TrimField(record.fields[i])));
    index[it->second] = static_cast<int>(i);
  }
  std::vector<std::string> missing;
  for (int c : {kPerson, kOffence, kDisposal})
    if (index[c] < 0) missing.push_back(kColumnWords[c]);
  if (!missing.empty())
    return Status::InvalidInput(fmt::format(
        "{}:{}: the header has no {} column; an offender extract needs person id, offence date, disposal date "
        "(and optionally disposal type)",
        file, record.line, fmt::join(missing, ", ")));
  out->has_disposal_type = index[kType] >= 0;

  // Exact repeats are found on the parsed values, so "2016-01-31" and "31/01/2016" match.
  std::unordered_map<std::string, int64_t> seen;  // person, dates, type, reference → first line
  auto set_aside = [&](int64_t line, std::string reason) { out->set_aside.push_back({line, std::move(reason)}); };
  while (reader.Next(&record)) {
    ++out->rows_read;
    if (!record.error.empty()) {
      set_aside(record.line, record.error);
      continue;
    }
    auto field = [&](Column c) {
      return index[c] >= 0 && static_cast<size_t>(index[c]) < record.fields.size() ? TrimField(record.fields[index[c]])
                                                                                 : std::string_view{};
    };
    ProvenOffence row;
    row.line = record.line;
    row.person = std::string(field(kPerson));
    if (row.person.empty()) {
      set_aside(record.line, "no person id");
      continue;
    }
    std::string why;
    auto offence = FieldDate(field(kOffence), kOffence, &why);
    auto disposal = offence ? FieldDate(field(kDisposal), kDisposal, &why) : std::nullopt;
    if (!offence || !disposal) {
      set_aside(record.line, why);
      continue;
    }
    row.offence = *offence;
    row.disposal = *disposal;
    if (row.disposal < row.offence) {
      set_aside(record.line, fmt::format("disposal date {} is before the offence date {}", row.disposal.ToIso(),
                                         row.offence.ToIso()));
      continue;
    }
    if ((options.from && row.disposal < *options.from) || (options.to && *options.to < row.disposal)) {
      set_aside(record.line, fmt::format("disposal date {} is outside the window {} to {}", row.disposal.ToIso(),
                                         options.from ? options.from->ToIso() : "(any)",
                                         options.to ? options.to->ToIso() : "(any)"));
      continue;
    }
    if (options.as_of && *options.as_of < row.disposal) {
      set_aside(record.line, fmt::format("disposal date {} is after the as-of date {}", row.disposal.ToIso(),
                                         options.as_of->ToIso()));
      continue;
    }
    row.disposal_type = std::string(field(kType));
    const std::string key = fmt::format("{}\x1f{}\x1f{}\x1f{}\x1f{}", row.person, row.offence.DaysSinceEpoch(),
                                        row.disposal.DaysSinceEpoch(), LowerField(row.disposal_type),
                                        field(kReference));
    if (auto [it, fresh] = seen.emplace(key, record.line); !fresh) {
      ++out->duplicates;
      set_aside(record.line, fmt::format("an exact repeat of line {}: the offence is counted once", it->second));
      continue;
    }
    out->offences.push_back(std::move(row));
  }
  if (out->offences.empty())
    return Status::InvalidInput(
        out->rows_read == 0 ? fmt::format("{} has a header but no rows", file)
                            : fmt::format("{}: none of its {} rows can be used (line {}: {})", file, out->rows_read,
                                          out->set_aside.front().line, out->set_aside.front().reason));

  // Extracts come ordered by offence or by disposal date: a person is out of order only when
  // their rows follow neither.
  struct Order {
    Date offence, disposal;
    bool by_offence = true, by_disposal = true;
  };
  std::unordered_map<std::string_view, Order> order;
  for (const auto& o : out->offences) {
    auto [it, fresh] = order.emplace(o.person, Order{o.offence, o.disposal});
    if (!fresh) {
      Order& p = it->second;
      p.by_offence = p.by_offence && !(o.offence < p.offence);
      p.by_disposal = p.by_disposal && !(o.disposal < p.disposal);
      p.offence = std::max(p.offence, o.offence);
      p.disposal = std::max(p.disposal, o.disposal);
    }
    if (!out->first_disposal || o.disposal < *out->first_disposal) out->first_disposal = o.disposal;
    if (!out->last_disposal || *out->last_disposal < o.disposal) out->last_disposal = o.disposal;
  }
  out->people = static_cast<int64_t>(order.size());
  out->people_out_of_order =
      std::count_if(order.begin(), order.end(), [](const auto& p) { return !p.second.by_offence && !p.second.by_disposal; });
  return Status::Ok();
}

Status ReadOffenderExtract(const std::string& path, const OffenderExtractOptions& options, OffenderExtract* out) {
  MappedFile mapped;
  if (Status st = mapped.Open(path); !st.ok()) return st;
  return ParseOffenderExtract(mapped.contents(), path, options, out);
}

}  // namespace safer
