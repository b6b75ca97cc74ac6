#include "analytics/repeats.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <tuple>
#include <unordered_map>

#include <fmt/format.h>

namespace safer {
namespace {

constexpr int kBands = 5;  // 1, 2, 3, 4, 5+

std::vector<RepeatBand> EmptyBands() {
  std::vector<RepeatBand> bands;
  for (int i = 1; i <= kBands; ++i) bands.push_back({i, i == kBands, 0, 0});
  return bands;
}

void AddToBands(int64_t count, std::vector<RepeatBand>* bands) {
  auto& band = (*bands)[static_cast<size_t>(std::min<int64_t>(count, kBands) - 1)];
  ++band.holders;
  band.incidents += count;
}

double Percent(int64_t part, int64_t whole) {
  return whole == 0 ? 0.0 : 100.0 * static_cast<double>(part) / static_cast<double>(whole);
}

// Millionths of a degree: police.uk's precision, so equal published points give equal keys.
int64_t Micro(double degrees) { return std::llround(degrees * 1e6); }

}  // namespace

void RepeatLocationTally::Add(const GeoPoint& at, std::string_view description, Month month) {
  ++incidents_;
  Point& p = points_[{Micro(at.latitude), Micro(at.longitude)}];
  ++p.incidents;
  auto d = std::find_if(p.descriptions.begin(), p.descriptions.end(),
                        [&](const auto& known) { return known.first == description; });
  if (d == p.descriptions.end()) p.descriptions.emplace_back(std::string(description), 1);
  else ++d->second;
  if (std::find(p.months.begin(), p.months.end(), month.index()) == p.months.end()) p.months.push_back(month.index());
}

Status RepeatLocationTally::Finish(int top_n, RepeatLocations* out) const {
  *out = RepeatLocations{};
  if (top_n < 1) return Status::InvalidInput(fmt::format("top must be at least 1 (got {})", top_n));
  out->bands = EmptyBands();
  out->incidents = incidents_;
  std::vector<RepeatLocation> repeats;
  for (const auto& [key, p] : points_) {
    ++out->locations;
    AddToBands(p.incidents, &out->bands);
    if (p.incidents < 2) continue;
    ++out->repeat_locations;
    out->at_repeat_locations += p.incidents;
    RepeatLocation loc;
    loc.at = {static_cast<double>(key.second) / 1e6, static_cast<double>(key.first) / 1e6};
    loc.incidents = p.incidents;
    // The most given; on a tie the alphabetically first.
    int64_t best = 0;
    for (const auto& [text, count] : p.descriptions)
      if (count > best || (count == best && text < loc.description)) best = count, loc.description = text;
    const auto [first, last] = std::minmax_element(p.months.begin(), p.months.end());
    loc.first = Month::FromIndex(*first);
    loc.last = Month::FromIndex(*last);
    loc.months = static_cast<int>(p.months.size());
    repeats.push_back(std::move(loc));
  }
  out->repeat_incidents = out->incidents - out->locations;
  out->repeat_location_rate = Percent(out->repeat_locations, out->locations);
  out->share_at_repeat_locations = Percent(out->at_repeat_locations, out->incidents);
  out->repeat_incident_share = Percent(out->repeat_incidents, out->incidents);
  out->incidents_per_location =
      out->locations == 0 ? 0.0 : static_cast<double>(out->incidents) / static_cast<double>(out->locations);

  auto order = [](const RepeatLocation& a, const RepeatLocation& b) {
    return std::make_tuple(-a.incidents, -a.months, std::cref(a.description), a.at.latitude, a.at.longitude) <
           std::make_tuple(-b.incidents, -b.months, std::cref(b.description), b.at.latitude, b.at.longitude);
  };
  const size_t shown = std::min(repeats.size(), static_cast<size_t>(top_n));
  std::partial_sort(repeats.begin(), repeats.begin() + static_cast<std::ptrdiff_t>(shown), repeats.end(), order);
  repeats.resize(shown);
  out->top = std::move(repeats);
  return Status::Ok();
}

Status FindRepeatLocations(const std::vector<LocatedIncident>& incidents, int top_n, RepeatLocations* out) {
  RepeatLocationTally tally;
  for (const auto& inc : incidents) tally.Add(inc.at, inc.description, inc.month);
  return tally.Finish(top_n, out);
}

Status FindRepeatPeople(const std::vector<PersonEvent>& events, int within_days, int top_n, RepeatPeople* out) {
  *out = RepeatPeople{};
  if (within_days < 0)
    return Status::InvalidInput(fmt::format("within must be 0 days or more (got {})", within_days));
  if (top_n < 1) return Status::InvalidInput(fmt::format("top must be at least 1 (got {})", top_n));
  out->within_days = within_days;
  out->bands = EmptyBands();
  out->rows = static_cast<int64_t>(events.size());

  // Each person's events, deduplicated on (incident id, person) in row order.
  std::unordered_map<std::string, std::vector<size_t>> by_person;
  std::map<std::pair<std::string, std::string>, size_t> seen;  // (incident, person) → first row
  for (size_t i = 0; i < events.size(); ++i) {
    const auto& e = events[i];
    if (e.person.empty()) {
      ++out->without_person;
      continue;
    }
    if (!e.incident_id.empty()) {
      auto [it, fresh] = seen.emplace(std::make_pair(e.incident_id, e.person), i);
      if (!fresh) {
        const auto& kept = events[it->second];
        std::string reason = fmt::format("line {} repeats incident {} for the same person (line {}): counted once",
                                         e.line, e.incident_id, kept.line);
        if (kept.date != e.date)
          reason += fmt::format("; its date {} differs, line {}'s {} is kept", e.date.ToIso(), kept.line,
                                kept.date.ToIso());
        out->duplicates.push_back({e.line, kept.line, std::move(reason)});
        continue;
      }
    }
    by_person[e.person].push_back(i);
  }

  std::vector<RepeatPerson> repeaters;
  for (auto& [person, rows] : by_person) {
    std::sort(rows.begin(), rows.end(), [&](size_t a, size_t b) {
      return std::tie(events[a].date, events[a].line, a) < std::tie(events[b].date, events[b].line, b);
    });
    const int64_t n = static_cast<int64_t>(rows.size());
    ++out->people;
    out->events += n;
    AddToBands(n, &out->bands);
    RepeatPerson p{person, n, 0, events[rows.front()].date, events[rows.back()].date};
    for (size_t k = 1; k < rows.size(); ++k)
      if (events[rows[k]].date.DaysSinceEpoch() - events[rows[k - 1]].date.DaysSinceEpoch() <= within_days)
        ++p.repeats_within;
    out->repeat_events_within += p.repeats_within;
    if (p.repeats_within > 0) ++out->people_repeat_within;
    if (n >= 2) {
      ++out->repeat_people;
      repeaters.push_back(std::move(p));
    }
  }
  out->repeat_events = out->events - out->people;
  out->repeat_rate = Percent(out->repeat_people, out->people);
  out->repeat_within_rate = Percent(out->people_repeat_within, out->people);
  out->repeat_event_share = Percent(out->repeat_events, out->events);
  out->repeat_within_event_share = Percent(out->repeat_events_within, out->events);
  out->events_per_person =
      out->people == 0 ? 0.0 : static_cast<double>(out->events) / static_cast<double>(out->people);

  auto order = [](const RepeatPerson& a, const RepeatPerson& b) {
    return std::make_tuple(-a.events, -a.repeats_within, std::cref(a.person)) <
           std::make_tuple(-b.events, -b.repeats_within, std::cref(b.person));
  };
  const size_t shown = std::min(repeaters.size(), static_cast<size_t>(top_n));
  std::partial_sort(repeaters.begin(), repeaters.begin() + static_cast<std::ptrdiff_t>(shown), repeaters.end(), order);
  repeaters.resize(shown);
  out->top = std::move(repeaters);
  return Status::Ok();
}

}  // namespace safer
