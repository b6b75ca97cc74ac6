// POST /api/analyse/reoffending: proven re-offending cohorts from an uploaded offender–offence
// extract, as `safer analyse reoffending`. The extract names people: only those who may see
// incidents may send one; it is read from a private scratch directory, never stored; each
// analysis is audited; the answer gives rows set aside by line and reason, never their contents.
#include <filesystem>

#include <fmt/format.h>

#include "analytics/reoffending.h"
#include "ingest/offender_extract.h"
#include "server/api.h"

namespace safer::server {
namespace {

// A year of a force's disposals is a few megabytes; this keeps one request from holding
// the server for long.
constexpr uintmax_t kMaxExtractBytes = 64u * 1024 * 1024;
constexpr size_t kMaxDisposalTypes = 20;

struct Settings {
  CohortLength length = CohortLength::kQuarter;
  std::string cohort;
  std::optional<Date> from, to, as_of;
  std::vector<std::string> disposal_types;
};

// Replies 400 and returns false when a parameter is wrong.
bool ReadSettings(Call& call, Settings* s) {
  auto refuse = [&](const std::string& message) {
    ReplyError(call.res, 400, message);
    return false;
  };
  s->cohort = Param(call.req, "cohort");
  if (s->cohort != "quarterly" && s->cohort != "yearly") return refuse("cohort must be quarterly or yearly");
  s->length = s->cohort == "yearly" ? CohortLength::kYear : CohortLength::kQuarter;
  if (!DateParam(call, "from", &s->from) || !DateParam(call, "to", &s->to) || !DateParam(call, "as_of", &s->as_of))
    return false;
  if (s->from && s->to && *s->to < *s->from)
    return refuse(fmt::format("to {} is before from {}", s->to->ToIso(), s->from->ToIso()));
  const std::string types = Param(call.req, "disposal_types");
  for (size_t start = 0; !types.empty() && start <= types.size();) {
    size_t end = std::min(types.find(',', start), types.size());
    std::string type = types.substr(start, end - start);
    if (type.empty() || type.size() > 100 || s->disposal_types.size() == kMaxDisposalTypes)
      return refuse(fmt::format("disposal_types must be at most {} disposal types separated by commas",
                                kMaxDisposalTypes));
    s->disposal_types.push_back(std::move(type));
    start = end + 1;
  }
  if (!s->as_of) s->as_of = Today();
  return true;
}

json Optional(const std::optional<double>& v) { return v ? json(*v) : json(nullptr); }

json CohortJson(const Cohort& c) {
  json out{{"label", c.label},          {"first_day", c.first.ToIso()},        {"last_day", c.last.ToIso()},
           {"reportable", c.reportable}, {"waiting_ends", c.waiting_ends.ToIso()}};
  if (!c.reportable) {
    // Not yet known: no counts at all rather than zeros.
    out["not_reportable_reason"] = c.not_reportable_reason;
    for (const char* k : {"cohort_size", "reoffenders", "reoffences", "reoffences_per_reoffender",
                          "binary_rate_percent", "reoffences_per_offender"})
      out[k] = nullptr;
    return out;
  }
  out["cohort_size"] = c.size;
  out["reoffenders"] = c.reoffenders;
  out["reoffences"] = c.reoffences;
  out["reoffences_per_reoffender"] = Optional(c.reoffences_per_reoffender);
  out["binary_rate_percent"] = Optional(c.binary_rate);
  out["reoffences_per_offender"] = Optional(c.reoffences_per_offender);
  return out;
}

void AddReoffendingRoute(Api& api) {
  api.Upload("/api/analyse/reoffending", Permission::kViewIncidents, [](Call& call, const httplib::ContentReader& reader) {
    Settings settings;
    if (!ReadSettings(call, &settings)) return DrainBody(call.req, reader);
    ExtractUpload upload;
    if (!upload.Receive(call, reader)) return;
    const std::string& name = upload.name();

    Status st;
    std::error_code ec;
    if (std::filesystem::file_size(upload.path(), ec) > kMaxExtractBytes && !ec)
      st = Status::InvalidInput(fmt::format("{} is larger than {} MB: send a smaller extract or use safer analyse "
                                            "reoffending", name, kMaxExtractBytes / (1024 * 1024)));
    OffenderExtractOptions read;
    read.from = settings.from;
    read.to = settings.to;
    read.as_of = settings.as_of;
    OffenderExtract extract;
    CohortOptions options;
    options.length = settings.length;
    options.as_of = *settings.as_of;
    options.index_disposal_types = settings.disposal_types;
    std::vector<Cohort> cohorts;
    if (st.ok()) st = ReadOffenderExtract(upload.path(), read, &extract);
    if (st.ok() && !settings.disposal_types.empty() && !extract.has_disposal_type)
      st = Status::InvalidInput(fmt::format("disposal_types needs a disposal type column, and {} has none", name));
    if (st.ok()) st = ExtractCoverage(extract, settings.from, settings.to, *settings.as_of, &options.first_day, &options.last_day);
    if (st.ok()) st = BuildCohorts(extract.offences, options, &cohorts);
    if (!st.ok()) return upload.Refuse(call, "analyse-reoffending", st);
    json out_cohorts = json::array();
    int64_t reportable = 0;
    for (const auto& c : cohorts) {
      out_cohorts.push_back(CohortJson(c));
      reportable += c.reportable;
    }
    call.Audit("analyse-reoffending", name,
               fmt::format("{} cohorts as of {}: {} rows read, {} offences used, {} set aside; {} cohorts reportable",
                           settings.cohort, settings.as_of->ToIso(), extract.rows_read, extract.offences.size(),
                           extract.set_aside.size(), reportable));
    ReplyJson(call.res, json{{"file", name},
                             {"cohort", settings.cohort},
                             {"as_of", settings.as_of->ToIso()},
                             {"coverage", {{"first_day", options.first_day.ToIso()}, {"last_day", options.last_day.ToIso()}}},
                             {"index_disposal_types", settings.disposal_types},
                             {"cohorts", out_cohorts},
                             {"summary", LatestCohortSentence(cohorts)},
                             {"rows",
                              {{"read", extract.rows_read},
                               {"used", extract.offences.size()},
                               {"set_aside", extract.set_aside.size()},
                               {"exact_repeats", extract.duplicates}}},
                             {"people_out_of_order", extract.people_out_of_order},
                             {"set_aside", SetAsideJson(extract.set_aside)}});
  });
}

}  // namespace

void AddReoffendingRoutes(Api& api) { AddReoffendingRoute(api); }

}  // namespace safer::server
