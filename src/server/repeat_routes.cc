// Repeats over HTTP, the same method and numbers as `safer analyse repeats` (docs/repeats.md):
// GET /api/analyse/repeat-locations from the store (police.uk map points and their public
// descriptions), and POST /api/analyse/repeat-victims with an uploaded force extract, which
// holds personal identifiers: read from a private scratch directory, never stored, audited.
#include <fmt/format.h>

#include "analysis/repeat_study.h"
#include "analytics/repeats.h"
#include "ingest/event_extract.h"
#include "report/repeat_json.h"
#include "server/api.h"

namespace safer::server {
namespace {

constexpr int64_t kMaxTop = 1000;
constexpr int64_t kMaxEvents = 1'000'000;  // rows of one uploaded extract
constexpr size_t kSetAsideShown = 20;

void AddRepeatLocationsRoute(Api& api) {
  api.Get("/api/analyse/repeat-locations", Permission::kViewPartnership, [](Call& call) {
    StudyRequest request;
    if (!ReadStudyRequest(call, &request)) return;
    int64_t top = 10;
    if (!IntegerParam(call, "top", 1, kMaxTop, &top)) return;
    RepeatLocationStudy study;
    if (Status st = StudyRepeatLocations(call.db.store(), request, static_cast<int>(top), &study); !st.ok())
      return ReplyStatus(call.res, st);
    const StudyScope& scope = study.scope;
    json notes = scope.notes;
    if (const std::string note = MissingMonthsNote(scope); !note.empty()) notes.push_back(note);
    if (study.without_location > 0)
      notes.push_back(fmt::format("{} incidents have no location: not counted in the repeats", study.without_location));
    json out = RepeatLocationsJson(scope.area.name, scope.plan.months, study.result, study.without_location,
                                   scope.missing_months);
    out["notes"] = notes;
    ReplyJson(call.res, out);
  });
}

// by, within, top, from, to, us_dates; replies 400 and returns false when one is wrong.
bool ReadPeopleSettings(Call& call, bool* victims, int64_t* within, int64_t* top, ExtractOptions* read) {
  const std::string by = Param(call.req, "by");
  if (by != "victim" && by != "caller") {
    ReplyError(call.res, 400, "by must be victim or caller");
    return false;
  }
  *victims = by == "victim";
  if (Param(call.req, "within").empty()) {
    ReplyError(call.res, 400, "give within: the days between a person's events that make a repeat (0 or more)");
    return false;
  }
  if (!IntegerParam(call, "within", 0, 3660, within) || !IntegerParam(call, "top", 1, kMaxTop, top)) return false;
  read->max_rows = kMaxEvents;
  return ReadExtractWindow(call, read);
}

void AddRepeatVictimsRoute(Api& api) {
  api.Upload("/api/analyse/repeat-victims", Permission::kViewIncidents, [](Call& call, const httplib::ContentReader& reader) {
    bool victims = true;
    int64_t within = 0, top = 10;
    ExtractOptions read;
    if (!ReadPeopleSettings(call, &victims, &within, &top, &read)) return DrainBody(call.req, reader);
    ExtractUpload upload;
    if (!upload.Receive(call, reader)) return;
    const std::string& name = upload.name();
    const char* column = victims ? "victim_id" : "caller_id";
    const std::string action = victims ? "analyse-repeat-victims" : "analyse-repeat-callers";

    EventExtract extract;
    Status st = ReadEventExtract(upload.path(), read, &extract);
    std::vector<PersonEvent> events;
    bool any_person = false;
    for (const auto& e : extract.events) {
      events.push_back({e.line, e.id, victims ? e.victim_id : e.caller_id, e.date});
      any_person = any_person || !events.back().person.empty();
    }
    if (st.ok() && !any_person && !extract.events.empty())
      st = Status::InvalidInput(fmt::format("{} has no {} column, or it is empty on every row (see docs/extract.md for "
                                            "the names accepted)",
                                            name, column));
    RepeatPeople r;
    if (st.ok()) st = FindRepeatPeople(events, static_cast<int>(within), static_cast<int>(top), &r);
    if (!st.ok()) return upload.Refuse(call, action, st);
    call.Audit(action, name,
               fmt::format("{} rows read, {} events analysed, {} set aside, {} without {}, {} duplicates; within {} days; "
                           "{} people listed",
                           extract.rows_read, r.events, extract.set_aside.size(), r.without_person, column,
                           r.duplicates.size(), within, r.top.size()));
    json out = RepeatPeopleJson(victims ? "victim" : "caller", r, extract.rows_read, extract.set_aside.size());
    out["file"] = name;
    out["set_aside_rows"] = SetAsideJson(extract.set_aside, kSetAsideShown);  // lines and reasons only
    ReplyJson(call.res, out);
  });
}

}  // namespace

void AddRepeatRoutes(Api& api) {
  AddRepeatLocationsRoute(api);
  AddRepeatVictimsRoute(api);
}

}  // namespace safer::server
