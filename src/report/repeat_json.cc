#include "report/repeat_json.h"

#include <fmt/format.h>

namespace safer {

using nlohmann::json;

json RepeatBandsJson(const std::vector<RepeatBand>& bands) {
  json out = json::array();
  for (const auto& b : bands) {
    const std::string label = b.and_more ? fmt::format("{}+", b.min_count) : std::to_string(b.min_count);
    out.push_back(json{{"count", label}, {"holders", b.holders}, {"incidents", b.incidents}});
  }
  return out;
}

json RepeatLocationsJson(const std::string& area, MonthRange months, const RepeatLocations& r,
                         int64_t without_location, const std::vector<std::string>& missing_months) {
  json locations = json::array();
  for (const auto& l : r.top)
    locations.push_back(json{{"location", l.description},
                             {"latitude", l.at.latitude},
                             {"longitude", l.at.longitude},
                             {"incidents", l.incidents},
                             {"months", l.months},
                             {"first_month", l.first.ToString()},
                             {"last_month", l.last.ToString()}});
  return json{{"area", area},
              {"from", months.first.ToString()},
              {"to", months.last.ToString()},
              {"incidents", r.incidents},
              {"without_location", without_location},
              {"locations", r.locations},
              {"repeat_locations", r.repeat_locations},
              {"incidents_at_repeat_locations", r.at_repeat_locations},
              {"repeat_incidents", r.repeat_incidents},
              {"repeat_location_percent", r.repeat_location_rate},
              {"percent_of_incidents_at_repeat_locations", r.share_at_repeat_locations},
              {"repeat_incident_percent", r.repeat_incident_share},
              {"incidents_per_location", r.incidents_per_location},
              {"distribution", RepeatBandsJson(r.bands)},
              {"top", locations},
              {"missing_months", missing_months}};
}

json RepeatPeopleJson(const std::string& by, const RepeatPeople& r, int64_t rows_read, size_t set_aside) {
  json persons = json::array();
  for (const auto& p : r.top)
    persons.push_back(json{{"id", p.person},
                           {"events", p.events},
                           {"repeats_within", p.repeats_within},
                           {"first_date", p.first.ToIso()},
                           {"last_date", p.last.ToIso()}});
  json duplicates = json::array();
  for (const auto& d : r.duplicates) duplicates.push_back(json{{"line", d.line}, {"first_line", d.first_line}});
  return json{{"by", by},
              {"within_days", r.within_days},
              {"rows_read", rows_read},
              {"set_aside", set_aside},
              {"without_id", r.without_person},
              {"duplicates", r.duplicates.size()},
              {"events", r.events},
              {"people", r.people},
              {"repeat_people", r.repeat_people},
              {"people_with_repeat_within", r.people_repeat_within},
              {"repeat_events", r.repeat_events},
              {"repeat_events_within", r.repeat_events_within},
              {"repeat_percent", r.repeat_rate},
              {"repeat_within_percent", r.repeat_within_rate},
              {"repeat_event_percent", r.repeat_event_share},
              {"repeat_within_event_percent", r.repeat_within_event_share},
              {"events_per_person", r.events_per_person},
              {"distribution", RepeatBandsJson(r.bands)},
              {"top", persons},
              {"duplicate_rows", duplicates}};
}

}  // namespace safer
