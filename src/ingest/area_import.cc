#include "ingest/area_import.h"

#include <charconv>
#include <map>
#include <regex>

#include <fmt/format.h>

#include "ingest/csv_reader.h"
#include "ingest/mapped_file.h"

namespace safer {
namespace {

// Column index by our name or by an ONS name pattern (any two-digit year), -1 if absent.
int FindColumn(const std::vector<std::string>& header, std::string_view ours, const char* ons) {
  std::optional<std::regex> pattern;
  if (ons) pattern.emplace(ons, std::regex::icase);
  for (size_t i = 0; i < header.size(); ++i)
    if (header[i] == ours || (pattern && std::regex_match(header[i], *pattern))) return static_cast<int>(i);
  return -1;
}

bool ParseCount(std::string_view text, std::optional<double>* out) {
  text = TrimField(text);
  if (text.empty()) {
    out->reset();
    return true;
  }
  double v = 0;
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc() || ptr != text.data() + text.size() || v < 0) return false;
  *out = v;
  return true;
}

class AreaFile {
 public:
  AreaFile(Store& store, ImportSession& session, const std::string& path, AreaImportReport& report)
      : store_(store), session_(session), path_(path), report_(report) {}

  Status Run(std::string_view contents, const std::string& force) {
    hash_ = ContentHash(contents);
    CsvReader reader(contents);
    CsvRecord record;
    if (!reader.Next(&record)) return Status::InvalidInput(path_ + ": empty file (no header)");
    std::vector<std::string> header;
    for (auto f : record.fields) header.push_back(LowerField(f));

    int lsoa_code = FindColumn(header, "lsoa_code", "lsoa[0-9]{2}cd");
    int la_name = FindColumn(header, "la_name", "lad[0-9]{2}nm");
    int area_code = FindColumn(header, "area_code", nullptr);
    if (lsoa_code >= 0 && la_name >= 0) {
      report_.kind = "lookup";
      return Lookup(reader, header, force);
    }
    if (area_code >= 0) {
      report_.kind = "population";
      return Populations(reader, header);
    }
    return Status::InvalidInput(fmt::format(
        "{}:1: not an area file: expected a lookup header (lsoa_code,lsoa_name,ward_code,ward_name,"
        "la_code,la_name[,force] or ONS LSOA11CD,…,LAD18NM) or a population header "
        "(area_code,year,population,households); found \"{}\"",
        path_, record.raw.substr(0, 200)));
  }

 private:
  Status Reject(const CsvRecord& record, const std::string& reason) {
    ++report_.rejected;
    report_.rejections.push_back(fmt::format("{}:{}: {}", path_, record.line, reason));
    Rejection r{0, path_, hash_, record.line, reason, std::string(record.raw.substr(0, 1000))};
    return session_.AddRejection(r);
  }

  Status Lookup(CsvReader& reader, const std::vector<std::string>& header, const std::string& force) {
    const int lsoa_code = FindColumn(header, "lsoa_code", "lsoa[0-9]{2}cd");
    const int lsoa_name = FindColumn(header, "lsoa_name", "lsoa[0-9]{2}nm");
    const int ward_code = FindColumn(header, "ward_code", "wd[0-9]{2}cd");
    const int ward_name = FindColumn(header, "ward_name", "wd[0-9]{2}nm");
    const int la_code = FindColumn(header, "la_code", "lad[0-9]{2}cd");
    const int la_name = FindColumn(header, "la_name", "lad[0-9]{2}nm");
    const int force_name = FindColumn(header, "force", "pfa[0-9]{2}nm");
    if (lsoa_name < 0) return Status::InvalidInput(path_ + ":1: the lookup has no LSOA name column");

    std::vector<AreaLink> links;
    std::map<std::string, std::string> seen;  // LSOA code → its local authority, to catch contradictions
    CsvRecord record;
    while (reader.Next(&record)) {
      ++report_.read;
      if (!record.error.empty()) {
        if (Status st = Reject(record, record.error); !st.ok()) return st;
        continue;
      }
      if (record.fields.size() != header.size()) {
        if (Status st = Reject(record, fmt::format("expected {} fields, found {}", header.size(),
                                                   record.fields.size()));
            !st.ok())
          return st;
        continue;
      }
      auto field = [&](int i) { return i < 0 ? std::string() : std::string(TrimField(record.fields[i])); };
      AreaLink link;
      link.lsoa = {AreaLevel::kLsoa, field(lsoa_code), field(lsoa_name)};
      std::string la = field(la_name);
      std::string la_cd = field(la_code);
      link.local_authority = {AreaLevel::kLocalAuthority,
                              la_cd.empty() ? SyntheticAreaCode(AreaLevel::kLocalAuthority, la) : la_cd, la};
      if (!field(ward_name).empty()) {
        std::string wd = field(ward_code);
        link.ward = Area{AreaLevel::kWard,
                         wd.empty() ? SyntheticAreaCode(AreaLevel::kWard, la + "/" + field(ward_name)) : wd,
                         field(ward_name)};
      }
      std::string f = force_name >= 0 ? field(force_name) : force;
      if (!f.empty()) link.force = Area{AreaLevel::kForce, SyntheticAreaCode(AreaLevel::kForce, f), f};

      std::string reason;
      if (link.lsoa.code.empty() || link.lsoa.name.empty()) reason = "LSOA code and name are required";
      else if (la.empty()) reason = "the local authority name is required";
      else if (link.lsoa.code.find(':') != std::string::npos) reason = "an area code cannot contain ':'";
      else if (auto it = seen.find(link.lsoa.code); it != seen.end() && it->second != la)
        reason = fmt::format("LSOA {} is already placed in {}", link.lsoa.code, it->second);
      if (!reason.empty()) {
        if (Status st = Reject(record, reason); !st.ok()) return st;
        continue;
      }
      seen[link.lsoa.code] = la;
      links.push_back(std::move(link));
      ++report_.imported;
    }
    return session_.AddAreaLinks(links);
  }

  Status Populations(CsvReader& reader, const std::vector<std::string>& header) {
    const int code = FindColumn(header, "area_code", nullptr);
    const int year = FindColumn(header, "year", nullptr);
    const int population = FindColumn(header, "population", nullptr);
    const int households = FindColumn(header, "households", nullptr);
    if (year < 0 || (population < 0 && households < 0))
      return Status::InvalidInput(path_ + ":1: a population file needs the columns area_code,year and "
                                          "population and/or households");
    std::vector<AreaPopulation> rows;
    CsvRecord record;
    while (reader.Next(&record)) {
      ++report_.read;
      std::string reason = record.error;
      AreaPopulation p;
      if (reason.empty() && record.fields.size() != header.size())
        reason = fmt::format("expected {} fields, found {}", header.size(), record.fields.size());
      if (reason.empty()) {
        p.area_code = std::string(TrimField(record.fields[code]));
        std::string_view y = TrimField(record.fields[year]);
        auto [ptr, ec] = std::from_chars(y.data(), y.data() + y.size(), p.year);
        if (ec != std::errc() || ptr != y.data() + y.size() || p.year < 1900 || p.year > 2999)
          reason = fmt::format("year \"{}\" is not a year", y);
        else if ((population >= 0 && !ParseCount(record.fields[population], &p.population)) ||
                 (households >= 0 && !ParseCount(record.fields[households], &p.households)))
          reason = "population and households must be non-negative numbers or empty";
        else if (Status st = AreaCodeFor(store_, std::string(p.area_code), &p.area_code, &reason); !st.ok())
          return st;
      }
      if (!reason.empty()) {
        if (Status st = Reject(record, reason); !st.ok()) return st;
        continue;
      }
      rows.push_back(std::move(p));
      ++report_.imported;
    }
    return session_.AddPopulations(rows);
  }

  Store& store_;
  ImportSession& session_;
  std::string path_;
  AreaImportReport& report_;
  std::string hash_;
};

}  // namespace

Status AreaCodeFor(Store& store, std::string_view name_or_code, std::string* code, std::string* reason) {
  std::vector<Area> found;
  if (Status st = store.FindAreas(name_or_code, &found); !st.ok()) return st;
  if (found.empty())
    *reason = fmt::format("unknown area \"{}\": import a lookup or police data that names it first", name_or_code);
  else if (found.size() > 1)
    *reason = fmt::format("\"{}\" names {} areas: use the area code", name_or_code, found.size());
  else
    *code = found.front().code;
  return Status::Ok();
}

Status ImportAreas(Store& store, const std::string& path, const std::string& force,
                   AreaImportReport* report) {
  MappedFile file;
  if (Status st = file.Open(path); !st.ok()) return st;
  if (file.contents().empty()) return Status::InvalidInput(path + ": empty file (no header)");
  std::unique_ptr<ImportSession> session;
  if (Status st = store.BeginImport("areas", path, &session); !st.ok()) return st;
  report->import_id = session->import_id();
  AreaFile area_file(store, *session, path, *report);
  if (Status st = area_file.Run(file.contents(), force); !st.ok()) return st;
  ImportSummary totals;
  totals.read = report->read;
  totals.imported = report->imported;
  totals.rejected = report->rejected;
  return session->Commit(totals);
}

}  // namespace safer
