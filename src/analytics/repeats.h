// Repeats: the same place, the same victim or the same caller again (DOMAIN.md §6;
// docs/repeats.md). Definitions follow the repeat-victimisation literature (Farrell & Pease)
// and the ONS/CSEW: a *repeat* location or person is one with more than one incident in the
// period; the *repeat rate* is the percent of locations or people that are repeats; *repeat
// incidents* are every incident after a location's or person's first. Pure: no store, no files.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "domain/calendar.h"
#include "domain/incident.h"
#include "domain/period.h"
#include "domain/status.h"

namespace safer {

// How many locations (or people) had 1, 2, 3, 4, 5+ incidents, and those incidents. The five
// rows' incidents add up to the whole by construction: every location is in exactly one row.
struct RepeatBand {
  int min_count = 1;      // 1, 2, 3, 4, 5
  bool and_more = false;  // the last row: 5 or more
  int64_t holders = 0;    // locations (or people) in this row
  int64_t incidents = 0;  // their incidents
};

// ---- Repeat locations (police.uk's anonymised map points) ----

struct LocatedIncident {
  GeoPoint at;               // as police.uk gives it: 6 decimal places
  std::string description;   // "On or near Hood Close"
  Month month;
};

struct RepeatLocation {
  GeoPoint at;               // the point rounded to 6 decimals: the key
  std::string description;   // the one given most often at the point (ties: alphabetical first)
  int64_t incidents = 0;
  Month first, last;         // months of its first and last incident
  int months = 0;            // distinct months with an incident
};

struct RepeatLocations {
  int64_t incidents = 0;
  int64_t locations = 0;          // distinct points
  int64_t repeat_locations = 0;   // points with >= 2 incidents
  int64_t at_repeat_locations = 0;  // incidents at those points
  int64_t repeat_incidents = 0;   // incidents after each point's first = incidents − locations
  // Percents (0..100); 0 when there is nothing to divide (the caller says "no incidents").
  double repeat_location_rate = 0;    // repeat_locations / locations
  double share_at_repeat_locations = 0;  // at_repeat_locations / incidents
  double repeat_incident_share = 0;   // repeat_incidents / incidents
  double incidents_per_location = 0;  // incidents / locations (Farrell & Pease's concentration)
  std::vector<RepeatBand> bands;      // 1, 2, 3, 4, 5+ (always five rows)
  std::vector<RepeatLocation> top;    // at most top_n points with >= 2 incidents: most first,
                                      // then most months, then description, then point
};

// Points are compared rounded to 6 decimal places (what police.uk publishes), never as raw
// doubles, so 54.483997 read twice is one point. InvalidInput when top_n < 1.
Status FindRepeatLocations(const std::vector<LocatedIncident>& incidents, int top_n, RepeatLocations* out);

// The same, one incident at a time, for inputs too large to hold (a year of a force: the
// memory is per distinct point, not per incident). FindRepeatLocations is built on it.
class RepeatLocationTally {
 public:
  void Add(const GeoPoint& at, std::string_view description, Month month);
  // InvalidInput when top_n < 1.
  Status Finish(int top_n, RepeatLocations* out) const;

 private:
  struct Point {
    int64_t incidents = 0;
    std::vector<std::pair<std::string, int64_t>> descriptions;  // usually one per point
    std::vector<int> months;                                    // distinct month indexes
  };
  std::map<std::pair<int64_t, int64_t>, Point> points_;  // (latitude, longitude) in millionths
  int64_t incidents_ = 0;
};

// ---- Repeat victims and repeat callers (a force extract) ----

struct PersonEvent {
  int64_t line = 0;         // in the source file, for reporting
  std::string incident_id;  // empty when the extract gives none: then never a duplicate
  std::string person;       // victim or caller identifier; empty when the row has none
  Date date;
};

struct RepeatPerson {
  std::string person;        // the extract's pseudonymous id, as given
  int64_t events = 0;
  int64_t repeats_within = 0;  // events that followed this person's previous one within N days
  Date first, last;
};

struct RepeatDuplicate {
  int64_t line = 0, first_line = 0;  // the duplicate and the row it repeats
  std::string reason;  // "line 9 repeats incident 1004 for the same person (line 4)…"
};

struct RepeatPeople {
  int within_days = 0;
  int64_t rows = 0;                // events given
  int64_t without_person = 0;      // rows with no identifier: counted, not analysed
  std::vector<RepeatDuplicate> duplicates;  // rows counted once: same incident, same person
  int64_t events = 0;              // analysed = rows − without_person − duplicates
  int64_t people = 0;              // distinct identifiers
  int64_t repeat_people = 0;       // people with >= 2 events in the period (ONS: repeat victim)
  int64_t people_repeat_within = 0;  // people with at least one repeat within N days
  int64_t repeat_events = 0;       // events after each person's first = events − people
  int64_t repeat_events_within = 0;  // events within N days of the same person's previous event
  // Percents (0..100); 0 when there is nothing to divide.
  double repeat_rate = 0;                 // repeat_people / people
  double repeat_within_rate = 0;          // people_repeat_within / people
  double repeat_event_share = 0;          // repeat_events / events
  double repeat_within_event_share = 0;   // repeat_events_within / events
  double events_per_person = 0;           // events / people
  std::vector<RepeatBand> bands;          // people with 1, 2, 3, 4, 5+ events (five rows)
  std::vector<RepeatPerson> top;          // at most top_n people with >= 2 events: most events
                                          // first, then most repeats within N days, then id
};

// An event is a repeat within N days when the same person's previous event (by date; on the
// same date, by line) was at most N days before it: inclusive, and the same day is 0 days.
// Events need not be in date order. Two rows with the same non-empty incident id and the same
// person are one event (the first row kept; the other listed in `duplicates`); two people on
// one incident are two events. InvalidInput when within_days < 0 or top_n < 1.
Status FindRepeatPeople(const std::vector<PersonEvent>& events, int within_days, int top_n, RepeatPeople* out);

}  // namespace safer
