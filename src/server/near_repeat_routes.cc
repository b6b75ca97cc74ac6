// POST /api/analyse/near-repeat: the Knox test on an uploaded force extract, with the settings
// of `safer analyse near-repeat` as query parameters. The extract may carry personal data: it
// is read from a private scratch directory, never stored, and each analysis is audited.
#include <cmath>
#include <cstdlib>

#include <fmt/format.h>

#include "analytics/near_repeat.h"
#include "ingest/event_extract.h"
#include "server/api.h"

namespace safer::server {
namespace {

// Bounds that keep one request from holding the server for long (docs/near-repeat.md).
constexpr int64_t kMaxEvents = 100'000;
constexpr int64_t kMaxPermutations = 9'999;
constexpr int64_t kMaxNearPairs = 20'000'000;
constexpr int64_t kMaxBands = 20;
constexpr size_t kSetAsideShown = 20;

// A comma-separated list of edges; replies 400 and returns false when it is not one.
template <typename T>
bool EdgesParam(Call& call, const char* name, std::vector<T>* out) {
  const std::string text = Param(call.req, name);
  if (text.empty()) return true;
  size_t start = 0;
  while (start <= text.size()) {
    size_t end = text.find(',', start);
    if (end == std::string::npos) end = text.size();
    const std::string item = text.substr(start, end - start);
    char* stop = nullptr;
    errno = 0;
    const double v = std::strtod(item.c_str(), &stop);
    if (item.empty() || *stop || errno == ERANGE || !std::isfinite(v) || (std::is_integral_v<T> && v != std::floor(v)) ||
        out->size() > static_cast<size_t>(kMaxBands)) {
      ReplyError(call.res, 400, fmt::format("{} must be a list of at most {} {} separated by commas, as 0,200,400",
                                            name, kMaxBands + 1, std::is_integral_v<T> ? "whole numbers" : "numbers"));
      return false;
    }
    out->push_back(static_cast<T>(v));
    start = end + 1;
  }
  return true;
}

// The settings from the query string; replies 400 and returns false when one is wrong.
bool ReadSettings(Call& call, KnoxSettings* s, ExtractOptions* read) {
  int64_t space_bands = 0, time_band = 0, time_bands = 0, permutations = 999, seed = 1;
  double space_band = 0;
  if (const std::string text = Param(call.req, "space_band"); !text.empty()) {
    char* stop = nullptr;
    space_band = std::strtod(text.c_str(), &stop);
    if (*stop || !std::isfinite(space_band) || space_band <= 0 || space_band > 1e6) {
      ReplyError(call.res, 400, "space_band must be a distance in metres, more than 0");
      return false;
    }
  }
  if (!IntegerParam(call, "space_bands", 1, kMaxBands, &space_bands) ||
      !IntegerParam(call, "time_band", 1, 3650, &time_band) || !IntegerParam(call, "time_bands", 1, kMaxBands, &time_bands) ||
      !IntegerParam(call, "permutations", 1, kMaxPermutations, &permutations) ||
      !IntegerParam(call, "seed", 0, INT64_MAX, &seed) || !EdgesParam(call, "space_edges", &s->space_edges) ||
      !EdgesParam(call, "time_edges", &s->time_edges))
    return false;
  auto refuse = [&](const std::string& message) {
    ReplyError(call.res, 400, message);
    return false;
  };
  if (s->space_edges.empty()) {
    if (space_band <= 0 || space_bands == 0)
      return refuse("give space_band and space_bands (as the Near Repeat Calculator), or space_edges");
    s->space_edges.push_back(0);
    for (int64_t i = 1; i <= space_bands; ++i) s->space_edges.push_back(static_cast<double>(i) * space_band);
  } else if (space_band > 0 || space_bands > 0) {
    return refuse("give either space_edges or space_band with space_bands, not both");
  }
  if (s->time_edges.empty()) {
    if (time_band == 0 || time_bands == 0)
      return refuse("give time_band and time_bands (as the Near Repeat Calculator), or time_edges");
    for (int64_t i = 1; i <= time_bands; ++i) s->time_edges.push_back(static_cast<int>(i * time_band));
  } else if (time_band > 0 || time_bands > 0) {
    return refuse("give either time_edges or time_band with time_bands, not both");
  }
  for (size_t i = 0; i < s->space_edges.size(); ++i)
    if (s->space_edges[i] < 0 || (i > 0 && s->space_edges[i] <= s->space_edges[i - 1]))
      return refuse("space band edges must be 0 or more and strictly increasing, so that bands do not overlap");
  for (size_t i = 0; i < s->time_edges.size(); ++i)
    if (s->time_edges[i] < 0 || (i > 0 && s->time_edges[i] <= s->time_edges[i - 1]))
      return refuse("time band edges must be 0 or more and strictly increasing, so that bands do not overlap");

  const std::string convention = Param(call.req, "convention"), metric = Param(call.req, "metric");
  if (!convention.empty() && convention != "safer" && convention != "nrc") return refuse("convention must be safer or nrc");
  if (!metric.empty() && metric != "manhattan" && metric != "euclidean")
    return refuse("metric must be manhattan or euclidean");
  s->convention = convention == "nrc" ? BandConvention::kNearRepeatCalculator : BandConvention::kSafer;
  s->manhattan = metric.empty() ? s->convention == BandConvention::kNearRepeatCalculator : metric == "manhattan";
  s->permutations = static_cast<int>(permutations);
  s->seed = static_cast<uint64_t>(seed);
  s->threads = 2;
  s->max_near_pairs = kMaxNearPairs;

  read->need_place = true;
  read->max_rows = kMaxEvents;
  return ReadExtractWindow(call, read);
}

json CellsJson(const KnoxResult& r, const std::vector<std::string>& space, const std::vector<std::string>& time) {
  json cells = json::array();
  for (size_t i = 0; i < r.cells.size(); ++i)
    for (size_t j = 0; j < r.cells[i].size(); ++j) {
      const KnoxCell& c = r.cells[i][j];
      cells.push_back(json{{"space_band", i},
                           {"time_band", j},
                           {"space_interval", space[i]},
                           {"time_interval", time[j]},
                           {"observed", c.observed},
                           {"expected", c.expected},
                           {"knox_ratio", c.expected > 0 ? json(c.knox_ratio) : json(nullptr)},  // undefined, not 0
                           {"p_value", c.p_value},
                           {"flagged", KnoxCellFlagged(c)}});
    }
  return cells;
}

void AddNearRepeatRoute(Api& api) {
  api.Upload("/api/analyse/near-repeat", Permission::kViewIncidents, [](Call& call, const httplib::ContentReader& reader) {
    KnoxSettings settings;
    ExtractOptions read;
    if (!ReadSettings(call, &settings, &read)) return DrainBody(call.req, reader);
    ExtractUpload upload;
    if (!upload.Receive(call, reader)) return;
    const std::string& name = upload.name();

    EventExtract extract;
    Status st = ReadEventExtract(upload.path(), read, &extract);
    if (st.ok() && extract.events.size() < 2)
      st = Status::InvalidInput(fmt::format("{} usable event{}: the Knox test needs at least two", extract.events.size(),
                                            extract.events.size() == 1 ? "" : "s"));
    std::vector<SpaceTimeEvent> events;
    for (const auto& e : extract.events) events.push_back({*e.x, *e.y, e.date.DaysSinceEpoch()});
    KnoxResult result;
    if (st.ok()) st = KnoxTest(events, settings, &result);
    if (!st.ok()) return upload.Refuse(call, "analyse-near-repeat", st);

    const auto space = SpaceBandIntervals(settings), time = TimeBandIntervals(settings);
    Date first = extract.events.front().date, last = first;
    for (const auto& e : extract.events) first = std::min(first, e.date), last = std::max(last, e.date);
    call.Audit("analyse-near-repeat", name,
               fmt::format("{} rows read, {} events used, {} set aside; {} permutations", extract.rows_read,
                           events.size(), extract.set_aside.size(), settings.permutations));
    ReplyJson(call.res,
              json{{"file", name},
                   {"settings",
                    {{"space_edges", settings.space_edges},
                     {"time_edges", settings.time_edges},
                     {"metric", settings.manhattan ? "manhattan" : "euclidean"},
                     {"convention", settings.convention == BandConvention::kNearRepeatCalculator ? "nrc" : "safer"},
                     {"permutations", settings.permutations},
                     {"seed", settings.seed},
                     {"threads", settings.threads}}},
                   {"space_bands", {{"intervals", space}, {"nrc_labels", NrcSpaceBandLabels(settings)}}},
                   {"time_bands", {{"intervals", time}, {"nrc_labels", NrcTimeBandLabels(settings)}}},
                   {"cells", CellsJson(result, space, time)},
                   {"findings", KnoxFindings(settings, result)},
                   {"rows", {{"read", extract.rows_read}, {"used", events.size()}, {"set_aside", extract.set_aside.size()}}},
                   {"first_date", first.ToIso()},
                   {"last_date", last.ToIso()},
                   {"set_aside", SetAsideJson(extract.set_aside, kSetAsideShown)}});  // never the raw rows
  });
}

}  // namespace

void AddNearRepeatRoutes(Api& api) { AddNearRepeatRoute(api); }

}  // namespace safer::server
