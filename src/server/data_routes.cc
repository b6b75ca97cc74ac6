// What the partnership looks at: areas, periods held, the overview (the pack as JSON), pack
// downloads, counts and their CSV, the category tree, the hexbin map and incident rows.
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include <fmt/format.h>

#include "analytics/hexbin.h"
#include "performance/pack.h"
#include "report/pack_json.h"
#include "report/pack_writers.h"
#include "server/api.h"
#include "store/lookups.h"

namespace safer::server {
namespace {

json AreaJson(const Area& a) { return json{{"code", a.code}, {"name", a.name}, {"level", AreaLevelSlug(a.level)}}; }

bool ResolveAreaParam(Call& call, Area* area) {
  const std::string name = Param(call.req, "area");
  if (name.empty() || name.size() > 200) {
    ReplyError(call.res, 400, "give an area: a force, local authority, ward or LSOA, by name or code");
    return false;
  }
  std::string note;
  if (Status st = ResolveArea(call.db.store(), name, area, &note); !st.ok()) {
    ReplyStatus(call.res, st);
    return false;
  }
  return true;
}

bool ParseMonthParam(Call& call, const char* name, Month* out) {
  const std::string text = Param(call.req, name);
  auto m = Month::Parse(text);
  if (!m) {
    ReplyError(call.res, 400, fmt::format("{} \"{}\" is not a month in the form YYYY-MM", name, text.substr(0, 40)));
    return false;
  }
  *out = *m;
  return true;
}

// area, from, to, category (repeatable), and when asked for, by and rate: a planned count.
bool PlanFromQuery(Call& call, bool with_keys, CountPlan* plan) {
  CountRequest request;
  Area area;
  if (!ParseMonthParam(call, "from", &request.months.first) || !ParseMonthParam(call, "to", &request.months.last))
    return false;
  if (request.months.last < request.months.first) {
    ReplyError(call.res, 400, "from is after to");
    return false;
  }
  const size_t n = call.req.get_param_value_count("category");
  if (n > 64) {
    ReplyError(call.res, 400, "at most 64 categories");
    return false;
  }
  for (size_t i = 0; i < n; ++i) request.categories.push_back(call.req.get_param_value("category", i));
  if (with_keys) {
    std::stringstream keys(Param(call.req, "by"));
    for (std::string key; std::getline(keys, key, ',');) {
      if (key.empty()) continue;
      auto k = ParseCountKey(key);
      if (!k) {
        ReplyError(call.res, 400, fmt::format("by: \"{}\" is not a key; use month, category, area, ward, lsoa, force",
                                              key.substr(0, 40)));
        return false;
      }
      request.by.push_back(*k);
    }
    const std::string rate = Param(call.req, "rate");
    if (rate == "population") request.rate = RateBase::kPopulation;
    else if (rate == "households") request.rate = RateBase::kHouseholds;
    else if (!rate.empty() && rate != "none") {
      ReplyError(call.res, 400, "rate must be population or households");
      return false;
    }
  }
  if (!ResolveAreaParam(call, &area)) return false;
  if (Status st = PlanCount(request, area, plan); !st.ok()) {
    ReplyStatus(call.res, st);
    return false;
  }
  return true;
}

json OptionalNumber(const std::optional<double>& v) { return v ? json(*v) : json(nullptr); }

std::string SelectionText(const CountPlan& plan) {
  return fmt::format("{} to {}{}", plan.months.first.ToString(), plan.months.last.ToString(),
                     plan.categories.empty() ? "" : fmt::format(", {} categories", plan.categories.size()));
}

// The overview's and the pack's area and period.
bool PackScope(Call& call, Area* area, PackPeriod* period) {
  if (Status st = ParsePackPeriod(Param(call.req, "quarter"), Param(call.req, "from"), Param(call.req, "to"), period);
      !st.ok()) {
    ReplyStatus(call.res, st);
    return false;
  }
  if (!ResolveAreaParam(call, area)) return false;
  if (area->level != AreaLevel::kForce && area->level != AreaLevel::kLocalAuthority) {
    ReplyError(call.res, 400, "the overview and the pack are made for a local authority or a force");
    return false;
  }
  return true;
}

void AddPackDownload(Api& api) {
  api.Get("/api/reports/pack", Permission::kViewPublished, [](Call& call) {
    Area area;
    PackPeriod period;
    if (!PackScope(call, &area, &period)) return;
    const std::string format = Param(call.req, "format");
    static const std::map<std::string, std::string> kTypes = {
        {"html", "text/html; charset=utf-8"},
        {"xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"},
        {"csv", "text/csv; charset=utf-8"},
        {"pdf", "application/pdf"}};
    auto type = kTypes.find(format);
    if (type == kTypes.end()) return ReplyError(call.res, 400, "format must be html, xlsx, csv or pdf");
    PerformancePack pack;
    if (Status st = BuildPack(call.db.store(), call.state.plan, area, period, &pack); !st.ok())
      return ReplyStatus(call.res, st);
    ScratchDirectory dir("safer-pack");
    if (!dir.ok()) return ReplyError(call.res, 500, "the server has no room to write the pack just now");
    const std::string file = dir.path().string() + "/pack." + format;
    const std::string html = dir.path().string() + "/pack.html";
    Status st;
    if (format == "html" || format == "pdf") st = WritePackHtml(pack, html);
    if (st.ok() && format == "pdf") st = PrintHtmlToPdf(html, file);
    if (st.ok() && format == "xlsx") st = WritePackXlsx(pack, file);
    if (st.ok() && format == "csv") st = WritePackCsv(pack, file);
    if (!st.ok()) return ReplyStatus(call.res, st);
    std::ifstream in(file, std::ios::binary);
    std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    const std::string name = fmt::format("safer-pack-{}-{}.{}", SafeFileName(area.name),
                                         SafeFileName(period.current.first.ToString() + "-" +
                                                      period.current.last.ToString()),
                                         format);
    call.Audit("export", area.name, fmt::format("pack {} {}", format, period.label));
    call.res.set_header("Content-Disposition", "attachment; filename=\"" + name + "\"");
    call.res.set_header("Cache-Control", "no-store");
    // The pack's own HTML is self-contained but carries its styles inline; it is a download,
    // not a page of this site, so it keeps the strict policy and is opened from disk.
    call.res.set_content(std::move(bytes), type->second);
  });
}

void AddCounts(Api& api) {
  api.Get("/api/counts", Permission::kViewPartnership, [](Call& call) {
    CountPlan plan;
    CountTable table;
    std::vector<std::string> missing;
    if (!PlanFromQuery(call, true, &plan)) return;
    if (Status st = call.db.store().Count(plan, &table); !st.ok()) return ReplyStatus(call.res, st);
    if (Status st = MissingMonths(call.db.store(), plan, &missing); !st.ok()) return ReplyStatus(call.res, st);
    json rows = json::array();
    for (const auto& r : table.rows)
      rows.push_back(json{{"keys", r.keys},
                          {"count", r.count},
                          {"denominator", OptionalNumber(r.denominator)},
                          {"rate_per_1000", OptionalNumber(r.rate_per_1000)}});
    ReplyJson(call.res, json{{"area", AreaJson(plan.area)},
                             {"columns", table.columns},
                             {"rows", rows},
                             {"total", table.total},
                             {"notes", table.notes},
                             {"missing_months", missing}});
  });

  api.Get("/api/counts.csv", Permission::kViewPartnership, [](Call& call) {
    CountPlan plan;
    CountTable table;
    if (!PlanFromQuery(call, true, &plan)) return;
    if (Status st = call.db.store().Count(plan, &table); !st.ok()) return ReplyStatus(call.res, st);
    auto quote = [](const std::string& s) {
      if (s.find_first_of(",\"\n\r") == std::string::npos) return s;
      std::string q = "\"";
      for (char c : s) q += c == '"' ? std::string("\"\"") : std::string(1, c);
      return q + "\"";
    };
    const bool rated = plan.rate != RateBase::kNone;
    std::string csv;
    for (const auto& c : table.columns) csv += quote(c) + ",";
    csv += rated ? "count,denominator,rate_per_1000\n" : "count\n";
    for (const auto& r : table.rows) {
      for (const auto& k : r.keys) csv += quote(k) + ",";
      csv += std::to_string(r.count);
      if (rated)
        csv += fmt::format(",{},{}", r.denominator ? fmt::format("{:.0f}", *r.denominator) : "",
                           r.rate_per_1000 ? fmt::format("{:.2f}", *r.rate_per_1000) : "");
      csv += "\n";
    }
    call.Audit("export", plan.area.name, "counts csv " + SelectionText(plan));
    call.res.set_header("Content-Disposition",
                        fmt::format("attachment; filename=\"safer-counts-{}-{}-{}.csv\"", SafeFileName(plan.area.name),
                                    plan.months.first.ToString(), plan.months.last.ToString()));
    call.res.set_header("Cache-Control", "no-store");
    call.res.set_content(csv, "text/csv; charset=utf-8");
  });
}

// The cells holding any incident of the area in any month held: the shape the data gives,
// drawn under the selection. Cached per area, cell size and data version.
struct Outline {
  GeoPoint origin;
  std::vector<HexCell> cells;
  bool located = false;
};

Status ScanOutline(Call& call, const Area& area, double cell, Outline* out) {
  std::vector<Edition> editions;
  if (Status st = call.db.store().ListEditions(&editions); !st.ok()) return st;
  std::optional<Month> first, last;
  for (const auto& e : editions) {
    if (!first || e.month < *first) first = e.month;
    if (!last || *last < e.month) last = e.month;
  }
  if (!first) return Status::Ok();
  CountPlan plan;
  plan.area = area;
  plan.months = {*first, *last};
  double lat = 0, lng = 0;
  std::vector<GeoPoint> points;
  Status st = call.db.store().ListIncidents(plan, INT64_MAX, [&](const StoredIncident& i) {
    if (!i.location) return;
    points.push_back(*i.location);
    lat += i.location->latitude;
    lng += i.location->longitude;
  });
  if (!st.ok() || points.empty()) return st;
  out->origin = {lng / points.size(), lat / points.size()};
  out->located = true;
  HexGrid grid(out->origin, cell);
  for (const auto& p : points) grid.Add(p);
  out->cells = grid.Cells();
  return Status::Ok();
}

Status AreaOutline(Call& call, const Area& area, double cell, int64_t version, Outline* out) {
  const std::string key = fmt::format("outline|{}|{}", area.code, cell);
  if (auto cached = call.state.cache.Find(key, version)) {
    json j = json::parse(*cached);
    out->origin = {j["lng"].get<double>(), j["lat"].get<double>()};
    out->located = j["located"].get<bool>();
    for (const auto& c : j["cells"]) out->cells.push_back({c[0].get<double>(), c[1].get<double>(), 1});
    return Status::Ok();
  }
  if (Status st = ScanOutline(call, area, cell, out); !st.ok()) return st;
  json cells = json::array();
  for (const auto& c : out->cells) cells.push_back(json::array({c.x, c.y}));
  call.state.cache.Put(key, version,
                       json{{"lng", out->origin.longitude}, {"lat", out->origin.latitude}, {"located", out->located},
                            {"cells", cells}}
                           .dump());
  return Status::Ok();
}

void AddMap(Api& api) {
  api.Get("/api/map", Permission::kViewPartnership, [](Call& call) {
    CountPlan plan;
    if (!PlanFromQuery(call, false, &plan)) return;
    double cell = 400;
    if (const std::string c = Param(call.req, "cell"); !c.empty()) {
      char* end = nullptr;
      cell = std::strtod(c.c_str(), &end);
      if (*end || !(cell >= 100 && cell <= 5000)) return ReplyError(call.res, 400, "cell must be 100 to 5000 metres");
    }
    int64_t version = 0;
    if (Status st = call.db.store().DataVersion(&version); !st.ok()) return ReplyStatus(call.res, st);
    Outline outline;
    if (Status st = AreaOutline(call, plan.area, cell, version, &outline); !st.ok()) return ReplyStatus(call.res, st);
    HexGrid grid(outline.origin, cell);
    int64_t without_location = 0, total = 0;
    Status st = call.db.store().ListIncidents(plan, INT64_MAX, [&](const StoredIncident& i) {
      ++total;
      if (i.location) grid.Add(*i.location);
      else ++without_location;
    });
    if (!st.ok()) return ReplyStatus(call.res, st);
    auto cells_json = [](const std::vector<HexCell>& cells, bool with_n) {
      json a = json::array();
      for (const auto& c : cells) {
        json j{{"x", std::round(c.x * 10) / 10}, {"y", std::round(c.y * 10) / 10}};
        if (with_n) j["n"] = c.n;
        a.push_back(std::move(j));
      }
      return a;
    };
    ReplyJson(call.res, json{{"area", AreaJson(plan.area)},
                             {"cell_metres", cell},
                             {"origin", json{{"lat", outline.origin.latitude}, {"lng", outline.origin.longitude}}},
                             {"cells", cells_json(grid.Cells(), true)},
                             {"outline", cells_json(outline.cells, false)},
                             {"without_location", without_location},
                             {"total", total}});
  });
}

void AddIncidents(Api& api) {
  api.Get("/api/incidents", Permission::kViewIncidents, [](Call& call) {
    CountPlan plan;
    if (!PlanFromQuery(call, false, &plan)) return;
    int64_t limit = 100;
    if (!IntegerParam(call, "limit", 1, 1000, &limit)) return;
    json rows = json::array();
    bool truncated = false;  // asking for one row more than shown tells whether there are more
    Status st = call.db.store().ListIncidents(plan, limit + 1, [&](const StoredIncident& i) {
      if (static_cast<int64_t>(rows.size()) == limit) {
        truncated = true;
        return;
      }
      rows.push_back(json{{"month", i.month},
                          {"force", i.force},
                          {"crime_id", i.crime_id},
                          {"category", Category(i.category).name},
                          {"lsoa_code", i.lsoa_code},
                          {"lsoa_name", i.lsoa_name},
                          {"lat", i.location ? json(i.location->latitude) : json(nullptr)},
                          {"lng", i.location ? json(i.location->longitude) : json(nullptr)},
                          {"location", i.location_description},
                          {"outcome", i.last_outcome},
                          {"source_file", i.source_file},
                          {"line", i.line},
                          {"import_id", i.import_id},
                          {"edition", i.edition}});
    });
    if (!st.ok()) return ReplyStatus(call.res, st);
    call.Audit("read-incidents", plan.area.name, fmt::format("{}; {} rows", SelectionText(plan), rows.size()));
    ReplyJson(call.res, json{{"rows", rows}, {"truncated", truncated}});
  });
}

}  // namespace

void AddDataRoutes(Api& api) {
  api.Get("/api/areas", Permission::kViewPublished, [](Call& call) {
    const std::string level = Param(call.req, "level");
    std::vector<AreaLevel> levels;
    if (level.empty()) levels = {AreaLevel::kForce, AreaLevel::kLocalAuthority};
    else if (level == "force") levels = {AreaLevel::kForce};
    else if (level == "local-authority") levels = {AreaLevel::kLocalAuthority};
    else if (level == "ward") levels = {AreaLevel::kWard};
    else return ReplyError(call.res, 400, "level must be force, local-authority or ward");
    json out = json::array();
    for (AreaLevel l : levels) {
      std::vector<Area> areas;
      if (Status st = call.db.store().ListAreas(l, &areas); !st.ok()) return ReplyStatus(call.res, st);
      for (const auto& a : areas) out.push_back(AreaJson(a));
    }
    ReplyJson(call.res, out);
  });

  api.Get("/api/periods", Permission::kViewPublished, [](Call& call) {
    std::vector<Edition> editions;
    if (Status st = call.db.store().ListEditions(&editions); !st.ok()) return ReplyStatus(call.res, st);
    std::set<Month> months;
    for (const auto& e : editions) months.insert(e.month);
    std::set<FinancialQuarter> quarters;
    for (Month m : months) quarters.insert(FinancialQuarter::Containing(m));
    json month_list = json::array(), quarter_list = json::array(), latest = nullptr;
    for (Month m : months) month_list.push_back(m.ToString());
    for (const auto& q : quarters) {
      quarter_list.push_back(q.ToString());
      const MonthRange r = q.months();
      bool whole = true;
      for (Month m = r.first; m <= r.last; m = m.next()) whole = whole && months.count(m);
      if (whole) latest = q.ToString();
    }
    ReplyJson(call.res, json{{"months", month_list}, {"quarters", quarter_list}, {"latest_quarter", latest}});
  });

  api.Get("/api/overview", Permission::kViewPublished, [](Call& call) {
    // Cached under the parameters as given: resolving an area name scans the area table,
    // and the answer to the same words cannot change until the data version does.
    int64_t version = 0;
    if (Status st = call.db.store().DataVersion(&version); !st.ok()) return ReplyStatus(call.res, st);
    const std::string key = fmt::format("overview|{}|{}|{}|{}", Param(call.req, "area"), Param(call.req, "quarter"),
                                        Param(call.req, "from"), Param(call.req, "to"));
    std::optional<std::string> answer = key.size() <= 512 ? call.state.cache.Find(key, version) : std::nullopt;
    if (!answer) {
      Area area;
      PackPeriod period;
      if (!PackScope(call, &area, &period)) return;
      PerformancePack pack;
      if (Status st = BuildPack(call.db.store(), call.state.plan, area, period, &pack); !st.ok())
        return ReplyStatus(call.res, st);
      answer = PackJson(pack);
      if (key.size() <= 512) call.state.cache.Put(key, version, *answer);
    }
    call.res.set_header("Cache-Control", "no-store");
    call.res.set_content(*answer, "application/json; charset=utf-8");
  });

  api.Get("/api/categories", Permission::kViewPartnership, [](Call& call) {
    std::set<CategoryId> police_uk;
    for (std::string_view type : PoliceUkCrimeTypes())
      if (auto id = FromPoliceUkCrimeType(type)) police_uk.insert(*id);
    json out = json::array();
    for (const auto& c : AllCategories())
      out.push_back(json{{"id", c.slug},
                         {"name", c.name},
                         {"parent", c.parent ? json(Category(*c.parent).slug) : json(nullptr)},
                         {"police_uk", police_uk.count(c.id) > 0}});
    ReplyJson(call.res, out);
  });

  AddPackDownload(api);
  AddCounts(api);
  AddMap(api);
  AddIncidents(api);
}

}  // namespace safer::server
