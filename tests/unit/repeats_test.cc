#include "analytics/repeats.h"

#include <map>
#include <random>
#include <set>

#include <fmt/format.h>
#include <gtest/gtest.h>

namespace safer {
namespace {

LocatedIncident At(double lng, double lat, const char* description, const char* month) {
  return {{lng, lat}, description, *Month::Parse(month)};
}

Date D(const char* iso) { return *Date::ParseIso(iso); }

RepeatLocations Locations(const std::vector<LocatedIncident>& incidents, int top_n) {
  RepeatLocations r;
  Status st = FindRepeatLocations(incidents, top_n, &r);
  EXPECT_TRUE(st.ok()) << st.message();
  return r;
}

RepeatPeople People(const std::vector<PersonEvent>& events, int within, int top_n) {
  RepeatPeople r;
  Status st = FindRepeatPeople(events, within, top_n, &r);
  EXPECT_TRUE(st.ok()) << st.message();
  return r;
}

// Hood Close three times (twice in September), Stobarts Lane twice, King Oswy Shops once:
// 6 incidents at 3 points; 2 repeat points holding 5 incidents; 3 repeat incidents.
TEST(RepeatLocations, HandCountedSmallArea) {
  const std::vector<LocatedIncident> incidents = {
      At(-1.237805, 54.711196, "On or near King Oswy Shops", "2018-09"),
      At(-1.393747, 54.483997, "On or near Stobarts Lane", "2018-08"),
      At(-1.2001, 54.6002, "On or near Hood Close", "2018-09"),
      At(-1.2001, 54.6002, "On or near Hood Close", "2018-07"),
      At(-1.393747, 54.483997, "On or near Stobarts Lane", "2018-08"),
      At(-1.2001, 54.6002, "On or near Hood Close", "2018-09"),
  };
  auto r = Locations(incidents, 10);
  EXPECT_EQ(r.incidents, 6);
  EXPECT_EQ(r.locations, 3);
  EXPECT_EQ(r.repeat_locations, 2);
  EXPECT_EQ(r.at_repeat_locations, 5);
  EXPECT_EQ(r.repeat_incidents, 3);
  EXPECT_NEAR(r.repeat_location_rate, 200.0 / 3, 1e-9);
  EXPECT_NEAR(r.share_at_repeat_locations, 500.0 / 6, 1e-9);
  EXPECT_NEAR(r.repeat_incident_share, 50, 1e-9);
  EXPECT_NEAR(r.incidents_per_location, 2, 1e-12);
  ASSERT_EQ(r.bands.size(), 5u);
  EXPECT_EQ(r.bands[0].holders, 1);
  EXPECT_EQ(r.bands[0].incidents, 1);
  EXPECT_EQ(r.bands[1].holders, 1);
  EXPECT_EQ(r.bands[1].incidents, 2);
  EXPECT_EQ(r.bands[2].holders, 1);
  EXPECT_EQ(r.bands[2].incidents, 3);
  EXPECT_EQ(r.bands[3].holders, 0);
  EXPECT_TRUE(r.bands[4].and_more);
  ASSERT_EQ(r.top.size(), 2u);
  EXPECT_EQ(r.top[0].description, "On or near Hood Close");
  EXPECT_EQ(r.top[0].incidents, 3);
  EXPECT_EQ(r.top[0].first.ToString(), "2018-07");
  EXPECT_EQ(r.top[0].last.ToString(), "2018-09");
  EXPECT_EQ(r.top[0].months, 2);
  EXPECT_NEAR(r.top[0].at.latitude, 54.6002, 1e-9);
  EXPECT_EQ(r.top[1].description, "On or near Stobarts Lane");
  EXPECT_EQ(r.top[1].months, 1);
}

// The same published point read through different arithmetic is still one point; points a
// millionth of a degree apart are two.
TEST(RepeatLocations, ComparesOnTheRoundedPointNotRawDoubles) {
  const double lat = 54.483997;
  const double nudged = 54.483997 + 1e-10;  // what a sum or a parse in another locale may give
  ASSERT_NE(lat, nudged);
  auto r = Locations({At(-1.393747, lat, "A", "2018-09"), At(-1.393747, nudged, "A", "2018-09"),
                      At(-1.393747, 54.483998, "B", "2018-09")},
                     5);
  EXPECT_EQ(r.locations, 2);
  EXPECT_EQ(r.repeat_locations, 1);
  ASSERT_EQ(r.top.size(), 1u);
  EXPECT_EQ(r.top[0].incidents, 2);
}

TEST(RepeatLocations, TopIsCutAndOrderedCountThenMonthsThenDescription) {
  std::vector<LocatedIncident> incidents = {
      At(0, 0.1, "B", "2018-01"), At(0, 0.1, "B", "2018-01"),   // 2, one month
      At(0, 0.2, "C", "2018-01"), At(0, 0.2, "C", "2018-02"),   // 2, two months
      At(0, 0.3, "A", "2018-01"), At(0, 0.3, "A", "2018-01"),   // 2, one month, name first
      At(0, 0.4, "Z", "2018-01"), At(0, 0.4, "Z", "2018-01"), At(0, 0.4, "Z", "2018-01"),
  };
  auto r = Locations(incidents, 3);
  ASSERT_EQ(r.top.size(), 3u);
  EXPECT_EQ(r.top[0].description, "Z");
  EXPECT_EQ(r.top[1].description, "C");
  EXPECT_EQ(r.top[2].description, "A");
  EXPECT_EQ(r.repeat_locations, 4);  // the cut is the table's, not the count's
}

TEST(RepeatLocations, MostGivenDescriptionWinsTiesAlphabetical) {
  auto r = Locations({At(1, 1, "On or near Y", "2018-01"), At(1, 1, "On or near X", "2018-01"),
                      At(2, 2, "On or near Q", "2018-01"), At(2, 2, "On or near P", "2018-01"),
                      At(2, 2, "On or near Q", "2018-01")},
                     5);
  ASSERT_EQ(r.top.size(), 2u);
  EXPECT_EQ(r.top[0].description, "On or near Q");
  EXPECT_EQ(r.top[1].description, "On or near X");
}

TEST(RepeatLocations, NothingIsNoRepeatsAndBadTopRefused) {
  auto r = Locations({}, 1);
  EXPECT_EQ(r.incidents, 0);
  EXPECT_EQ(r.locations, 0);
  EXPECT_EQ(r.repeat_location_rate, 0);
  EXPECT_TRUE(r.top.empty());
  RepeatLocations out;
  EXPECT_EQ(FindRepeatLocations({}, 0, &out).code(), Status::Code::kInvalidInput);
}

// The store's rows live only for the callback: the tally must keep its own copy of the text.
TEST(RepeatLocations, TallyKeepsItsOwnDescriptionsAndMatchesTheVector) {
  RepeatLocationTally tally;
  std::string buffer;
  for (const char* month : {"2018-01", "2018-02"}) {
    buffer = "On or near Hood Close";
    tally.Add({-1.2, 54.6}, buffer, *Month::Parse(month));
    buffer.assign(buffer.size(), 'x');
  }
  RepeatLocations r;
  ASSERT_TRUE(tally.Finish(1, &r).ok());
  ASSERT_EQ(r.top.size(), 1u);
  EXPECT_EQ(r.top[0].description, "On or near Hood Close");
  EXPECT_EQ(r.top[0].months, 2);
  RepeatLocations out;
  EXPECT_EQ(tally.Finish(0, &out).code(), Status::Code::kInvalidInput);
}

// v1 on the 1st, 3rd (2 days), 10th (7 days), 10th again (0 days); v2 on the 1st and 20th;
// v3 once; a row without a victim; a duplicated incident row for v2.
std::vector<PersonEvent> SmallExtract() {
  return {
      {2, "101", "v1", D("2024-01-01")}, {3, "102", "v2", D("2024-01-01")}, {4, "103", "v1", D("2024-01-03")},
      {5, "104", "", D("2024-01-04")},   {6, "105", "v1", D("2024-01-10")}, {7, "106", "v3", D("2024-01-12")},
      {8, "107", "v2", D("2024-01-20")}, {9, "107", "v2", D("2024-01-21")}, {10, "108", "v1", D("2024-01-10")},
  };
}

TEST(RepeatPeople, HandCountedWithinSevenDaysInclusive) {
  auto r = People(SmallExtract(), 7, 10);
  EXPECT_EQ(r.rows, 9);
  EXPECT_EQ(r.without_person, 1);
  ASSERT_EQ(r.duplicates.size(), 1u);
  EXPECT_EQ(r.duplicates[0].line, 9);
  EXPECT_EQ(r.duplicates[0].first_line, 8);
  EXPECT_NE(r.duplicates[0].reason.find("2024-01-21 differs"), std::string::npos) << r.duplicates[0].reason;
  EXPECT_EQ(r.events, 7);
  EXPECT_EQ(r.people, 3);
  EXPECT_EQ(r.repeat_people, 2);
  EXPECT_EQ(r.repeat_events, 4);
  // v1: 3rd (2 ≤ 7), 10th (7 ≤ 7: inclusive), 10th (0): three; v2: 19 days: none.
  EXPECT_EQ(r.repeat_events_within, 3);
  EXPECT_EQ(r.people_repeat_within, 1);
  EXPECT_NEAR(r.repeat_rate, 200.0 / 3, 1e-9);
  EXPECT_NEAR(r.repeat_within_rate, 100.0 / 3, 1e-9);
  EXPECT_NEAR(r.repeat_within_event_share, 300.0 / 7, 1e-9);
  EXPECT_NEAR(r.events_per_person, 7.0 / 3, 1e-12);
  EXPECT_EQ(r.bands[0].holders, 1);  // v3
  EXPECT_EQ(r.bands[1].holders, 1);  // v2
  EXPECT_EQ(r.bands[3].holders, 1);  // v1 with 4
  EXPECT_EQ(r.bands[3].incidents, 4);
  ASSERT_EQ(r.top.size(), 2u);
  EXPECT_EQ(r.top[0].person, "v1");
  EXPECT_EQ(r.top[0].events, 4);
  EXPECT_EQ(r.top[0].repeats_within, 3);
  EXPECT_EQ(r.top[0].first, D("2024-01-01"));
  EXPECT_EQ(r.top[0].last, D("2024-01-10"));
  EXPECT_EQ(r.top[1].person, "v2");
  EXPECT_EQ(r.top[1].last, D("2024-01-20"));  // the duplicate's date is not used
}

TEST(RepeatPeople, SixDaysIsExclusiveOfTheSeventhDayAndZeroIsSameDayOnly) {
  auto six = People(SmallExtract(), 6, 10);
  EXPECT_EQ(six.repeat_events_within, 2);  // the 3rd and the second event on the 10th
  auto zero = People(SmallExtract(), 0, 10);
  EXPECT_EQ(zero.repeat_events_within, 1);  // same day counts as 0 days
  EXPECT_EQ(zero.people_repeat_within, 1);
}

TEST(RepeatPeople, OrderOfRowsDoesNotMatterAndTwoVictimsOfOneIncidentAreTwoEvents) {
  auto events = SmallExtract();
  std::reverse(events.begin(), events.end());
  auto r = People(events, 7, 10);
  EXPECT_EQ(r.repeat_events_within, 3);
  EXPECT_EQ(r.events, 7);
  auto two = People({{2, "500", "a", D("2024-02-01")}, {3, "500", "b", D("2024-02-01")}}, 7, 5);
  EXPECT_EQ(two.events, 2);
  EXPECT_EQ(two.people, 2);
  EXPECT_TRUE(two.duplicates.empty());
}

TEST(RepeatPeople, RowsWithoutIncidentIdAreNeverDuplicates) {
  auto r = People({{2, "", "a", D("2024-02-01")}, {3, "", "a", D("2024-02-01")}}, 0, 5);
  EXPECT_EQ(r.events, 2);
  EXPECT_EQ(r.repeat_events_within, 1);
}

TEST(RepeatPeople, BadParametersRefused) {
  RepeatPeople out;
  EXPECT_EQ(FindRepeatPeople({}, -1, 10, &out).code(), Status::Code::kInvalidInput);
  EXPECT_EQ(FindRepeatPeople({}, 7, 0, &out).code(), Status::Code::kInvalidInput);
  auto empty = People({}, 7, 10);
  EXPECT_EQ(empty.people, 0);
  EXPECT_EQ(empty.repeat_rate, 0);
}

// ---- Generated data against brute force written here, independent of the method ----

TEST(RepeatLocations, GeneratedAgainstBruteForce) {
  std::mt19937_64 rng(20181001);
  for (int round = 0; round < 20; ++round) {
    std::uniform_int_distribution<int> point(0, 40 + round * 5), month(1, 12);
    std::vector<LocatedIncident> incidents;
    const int n = 50 + round * 20;
    for (int i = 0; i < n; ++i) {
      const int p = point(rng);
      // police.uk-style 6-decimal points, read as doubles; a tiny nudge on some.
      const double lat = 54.5 + p * 0.000731 + (i % 3 == 0 ? 1e-11 : 0);
      const double lng = -1.2 - (p % 7) * 0.000413;
      incidents.push_back({{lng, lat}, fmt::format("On or near Street {}", p),
                           Month(2018, month(rng))});
    }
    const int top = 1 + round % 7;
    auto r = Locations(incidents, top);

    // Brute force: the key is the printed 6-decimal text; count every incident's point mates.
    std::vector<std::string> keys;
    for (const auto& inc : incidents) keys.push_back(fmt::format("{:.6f},{:.6f}", inc.at.latitude, inc.at.longitude));
    std::set<std::string> distinct(keys.begin(), keys.end());
    int64_t at_repeat = 0;
    std::map<std::string, int64_t> per_point;
    for (size_t i = 0; i < keys.size(); ++i) {
      int64_t mates = 0;
      for (size_t j = 0; j < keys.size(); ++j) mates += keys[i] == keys[j];
      if (mates >= 2) ++at_repeat;
      per_point[keys[i]] = mates;
    }
    int64_t repeat_points = 0;
    std::vector<int64_t> band_holders(5, 0), band_incidents(5, 0);
    std::vector<int64_t> counts;
    for (const auto& [key, c] : per_point) {
      repeat_points += c >= 2;
      band_holders[std::min<int64_t>(c, 5) - 1] += 1;
      band_incidents[std::min<int64_t>(c, 5) - 1] += c;
      if (c >= 2) counts.push_back(c);
    }
    std::sort(counts.rbegin(), counts.rend());

    EXPECT_EQ(r.locations, static_cast<int64_t>(distinct.size()));
    EXPECT_EQ(r.repeat_locations, repeat_points);
    EXPECT_EQ(r.at_repeat_locations, at_repeat);
    EXPECT_EQ(r.repeat_incidents, n - static_cast<int64_t>(distinct.size()));
    int64_t band_sum = 0;
    for (int b = 0; b < 5; ++b) {
      EXPECT_EQ(r.bands[b].holders, band_holders[b]) << "band " << b + 1;
      EXPECT_EQ(r.bands[b].incidents, band_incidents[b]) << "band " << b + 1;
      band_sum += r.bands[b].incidents;
    }
    EXPECT_EQ(band_sum, n);
    ASSERT_EQ(r.top.size(), std::min<size_t>(counts.size(), top));
    for (size_t k = 0; k < r.top.size(); ++k) {
      EXPECT_EQ(r.top[k].incidents, counts[k]);
      EXPECT_EQ(per_point[fmt::format("{:.6f},{:.6f}", r.top[k].at.latitude, r.top[k].at.longitude)], counts[k]);
    }
  }
}

TEST(RepeatPeople, GeneratedAgainstBruteForce) {
  std::mt19937_64 rng(424242);
  for (int round = 0; round < 20; ++round) {
    const int n = 40 + round * 15;
    const int within = round % 9;  // 0 … 8 days
    std::uniform_int_distribution<int> person(0, 10 + round * 3), day(0, 60), incident(0, n * 3 / 2);
    std::bernoulli_distribution no_person(0.05), no_id(0.1);
    std::vector<PersonEvent> events;
    for (int i = 0; i < n; ++i) {
      PersonEvent e;
      e.line = i + 2;
      e.person = no_person(rng) ? "" : fmt::format("P{}", person(rng));
      e.incident_id = no_id(rng) ? "" : std::to_string(incident(rng));
      e.date = D("2024-03-01").AddDays(day(rng));
      events.push_back(e);
    }
    // Some exact duplicates of earlier rows.
    for (int i = 0; i < n / 10; ++i) {
      PersonEvent copy = events[static_cast<size_t>(i * 7 % n)];
      copy.line = n + 2 + i;
      events.push_back(copy);
    }
    auto r = People(events, within, 5);

    // Brute force: a row is kept unless an earlier row has its incident id and person; a kept
    // event is a repeat within N when any other kept event of the person is earlier (date, then
    // line) and at most N days before it.
    std::vector<size_t> kept;
    int64_t without = 0, duplicates = 0;
    for (size_t i = 0; i < events.size(); ++i) {
      if (events[i].person.empty()) {
        ++without;
        continue;
      }
      bool dup = false;
      for (size_t j = 0; j < i && !events[i].incident_id.empty(); ++j)
        dup = dup || (events[j].incident_id == events[i].incident_id && events[j].person == events[i].person);
      if (dup) ++duplicates;
      else kept.push_back(i);
    }
    std::map<std::string, int64_t> per_person;
    for (size_t i : kept) ++per_person[events[i].person];
    int64_t within_events = 0;
    std::set<std::string> within_people;
    for (size_t i : kept) {
      bool repeat = false;
      for (size_t j : kept) {
        if (i == j || events[i].person != events[j].person) continue;
        const int gap = events[i].date.DaysSinceEpoch() - events[j].date.DaysSinceEpoch();
        const bool earlier = gap > 0 || (gap == 0 && events[j].line < events[i].line);
        repeat = repeat || (earlier && gap <= within);
      }
      if (repeat) {
        ++within_events;
        within_people.insert(events[i].person);
      }
    }
    int64_t repeat_people = 0;
    int64_t max_events = 0;
    for (const auto& [p, c] : per_person) {
      repeat_people += c >= 2;
      max_events = std::max(max_events, c);
    }

    EXPECT_EQ(r.without_person, without);
    EXPECT_EQ(static_cast<int64_t>(r.duplicates.size()), duplicates);
    EXPECT_EQ(r.events, static_cast<int64_t>(kept.size()));
    EXPECT_EQ(r.rows, r.events + r.without_person + static_cast<int64_t>(r.duplicates.size()));
    EXPECT_EQ(r.people, static_cast<int64_t>(per_person.size()));
    EXPECT_EQ(r.repeat_people, repeat_people);
    EXPECT_EQ(r.repeat_events_within, within_events) << "within " << within;
    EXPECT_EQ(r.people_repeat_within, static_cast<int64_t>(within_people.size()));
    int64_t band_sum = 0;
    for (const auto& b : r.bands) band_sum += b.incidents;
    EXPECT_EQ(band_sum, r.events);
    if (!r.top.empty()) {
      EXPECT_EQ(r.top[0].events, max_events);
      EXPECT_EQ(r.top[0].events, per_person[r.top[0].person]);
    }
  }
}

}  // namespace
}  // namespace safer
