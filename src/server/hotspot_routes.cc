// GET /api/analyse/hotspots: kernel density and Gi* of an area's incidents for the web map
// (docs/hotspots.md). Aggregated counts per cell, so partnership members may see it, as
// they see /api/map; the answer is cached per parameters and data version.
#include <cmath>

#include <fmt/format.h>

#include "analysis/hotspot_study.h"
#include "server/api.h"

namespace safer::server {
namespace {

// A number of metres in [low, high]; *out keeps its default when absent. Replies 400 and
// returns false otherwise.
bool MetresParam(Call& call, const char* name, double low, double high, double* out) {
  const std::string text = Param(call.req, name);
  if (text.empty()) return true;
  char* end = nullptr;
  const double v = std::strtod(text.c_str(), &end);
  if (text.size() > 20 || *end != '\0' || !(v >= low && v <= high)) {
    ReplyError(call.res, 400, fmt::format("{} must be a number from {:g} to {:g}", name, low, high));
    return false;
  }
  *out = v;
  return true;
}

// The answer, or a Status to reply with.
Status Answer(Store& store, const StudyRequest& request, const HotspotOptions& options, const std::string& format,
              std::string* out) {
  HotspotStudy study;
  if (Status st = StudyHotspots(store, request, options, &study); !st.ok()) return st;
  *out = format == "geojson" ? HotspotGeoJson(study.result, study.context) : HotspotJson(study.result, study.context);
  return Status::Ok();
}

}  // namespace

void AddHotspotRoutes(Api& api) {
  api.Get("/api/analyse/hotspots", Permission::kViewPartnership, [](Call& call) {
    StudyRequest request;
    if (!ReadStudyRequest(call, &request)) return;
    // Bounds that keep one request to a few seconds and tens of megabytes on a year of a force.
    HotspotOptions options;
    if (!MetresParam(call, "cell", 10, 5000, &options.cell) ||
        !MetresParam(call, "bandwidth", 10, 20000, &options.bandwidth) ||
        !MetresParam(call, "gi_cell", 50, 5000, &options.gi_cell) ||
        !MetresParam(call, "gi_distance", 50, 20000, &options.gi_distance) ||
        !MetresParam(call, "fdr", 0.0001, 0.5, &options.fdr))
      return;
    const std::string format = Param(call.req, "format").empty() ? "json" : Param(call.req, "format");
    if (format != "json" && format != "geojson") return ReplyError(call.res, 400, "format must be json or geojson");

    int64_t version = 0;
    if (Status st = call.db.store().DataVersion(&version); !st.ok()) return ReplyStatus(call.res, st);
    std::string key = fmt::format("hotspots|{}|{}|{}|{}|{}|{}|{}|{}|{}", request.area, request.from, request.to,
                                  options.cell, options.bandwidth, options.gi_cell, options.gi_distance, options.fdr,
                                  format);
    for (const auto& c : request.categories) key += "|" + c;
    std::optional<std::string> answer = key.size() <= 512 ? call.state.cache.Find(key, version) : std::nullopt;
    if (!answer) {
      std::string text;
      if (Status st = Answer(call.db.store(), request, options, format, &text); !st.ok())
        return ReplyStatus(call.res, st);
      answer = std::move(text);
      // Large grids are not kept: sixty-four of them would hold the server's memory.
      if (key.size() <= 512 && answer->size() <= 4 * 1024 * 1024) call.state.cache.Put(key, version, *answer);
    }
    call.res.set_header("Cache-Control", "no-store");
    call.res.set_content(*answer, format == "geojson" ? "application/geo+json" : "application/json");
  });
}

}  // namespace safer::server
