#include "analytics/reoffending.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>
#include <set>
#include <string_view>
#include <unordered_map>

#include <fmt/format.h>

#include "ingest/csv_reader.h"

namespace safer {
namespace {

constexpr std::array<const char*, 12> kMonthAbbreviations = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                             "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

int DaysInMonth(int year, int month) {
  for (int day = 31; day > 28; --day)
    if (Date::FromYmd(year, month, day)) return day;
  return 28;
}

// The first day of the first calendar quarter that starts on or after `date`.
Date FirstQuarterStart(const Date& date) {
  Date start = *Date::FromYmd(date.year(), (date.month() - 1) / 3 * 3 + 1, 1);
  return start < date ? AddMonths(start, 3) : start;
}

// An offence as day numbers. Every person's, ordered by disposal, lie one after another in
// one array, so each cohort's pass over everyone reads memory in order.
struct Proof {
  int offence, disposal;
  bool can_index;  // its disposal type may start a cohort membership
};

struct Counts {
  int64_t size = 0, reoffenders = 0, reoffences = 0;
};

// Day number → the day number `months` later, for every day from `first` on.
class MonthsLater {
 public:
  MonthsLater(int first, int last, int months) : first_(first) {
    for (int d = first; d <= last; ++d)
      later_.push_back(AddMonths(Date::FromDaysSinceEpoch(d), months).DaysSinceEpoch());
  }
  int operator()(int day) const { return later_[day - first_]; }

 private:
  int first_;
  std::vector<int> later_;
};

// Adds one person's part to a cohort's counts: the first disposal that can index in
// [first, last], then every offence after it within the follow-up, proven within the wait.
void CountPerson(const Proof* begin, const Proof* end, int first, int last, const MonthsLater& follow_up,
                 const MonthsLater& waiting, Counts* counts) {
  const Proof* p = std::lower_bound(begin, end, first, [](const Proof& x, int day) { return x.disposal < day; });
  while (p != end && p->disposal <= last && !p->can_index) ++p;
  if (p == end || p->disposal > last) return;
  const int index = p->disposal, follow_up_ends = follow_up(index), waiting_ends = waiting(index);
  ++counts->size;
  int64_t reoffences = 0;
  for (const Proof* r = begin; r != end && r->disposal <= waiting_ends; ++r)
    if (index < r->offence && r->offence <= follow_up_ends) ++reoffences;
  counts->reoffences += reoffences;
  if (reoffences > 0) ++counts->reoffenders;
}

}  // namespace

Date AddMonths(const Date& date, int months) {
  const int index = date.year() * 12 + (date.month() - 1) + months;
  const int year = index / 12, month = index % 12 + 1;
  return *Date::FromYmd(year, month, std::min(date.day(), DaysInMonth(year, month)));
}

std::string CohortLabel(const Date& first, const Date& last) {
  return fmt::format("{} {:02d} to {} {:02d}", kMonthAbbreviations[first.month() - 1], first.year() % 100,
                     kMonthAbbreviations[last.month() - 1], last.year() % 100);
}

Status ExtractCoverage(const OffenderExtract& extract, std::optional<Date> from, std::optional<Date> to,
                       const Date& as_of, Date* first_day, Date* last_day) {
  if (!from && !extract.first_disposal) return Status::InvalidInput(fmt::format("{} has no disposals", extract.file));
  *first_day = from ? *from : *Date::FromYmd(extract.first_disposal->year(), extract.first_disposal->month(), 1);
  if (to) {
    *last_day = std::min(*to, as_of);
  } else if (extract.last_disposal) {
    const Date& l = *extract.last_disposal;
    *last_day = std::min(AddMonths(*Date::FromYmd(l.year(), l.month(), 1), 1).AddDays(-1), as_of);
  } else {
    *last_day = as_of;
  }
  if (*last_day < *first_day)
    return Status::InvalidInput(fmt::format("the extract would end on {}, before it starts on {}{}",
                                            last_day->ToIso(), first_day->ToIso(),
                                            as_of < *first_day ? " (the as-of date is before the start)" : ""));
  return Status::Ok();
}

const Cohort* YearEarlier(const std::vector<Cohort>& cohorts, const Cohort& cohort) {
  const Date first = AddMonths(cohort.first, -12);
  for (const auto& c : cohorts)
    if (c.first == first && c.last == AddMonths(cohort.last.AddDays(1), -12).AddDays(-1) && c.reportable) return &c;
  return nullptr;
}

std::string LatestCohortSentence(const std::vector<Cohort>& cohorts) {
  const Cohort* latest = nullptr;
  for (const auto& c : cohorts)
    if (c.reportable && c.size > 0) latest = &c;
  if (!latest) return "";
  std::string sentence = fmt::format("Latest reportable cohort, {}: {:.1f}% re-offended ({} of {}), {} re-offences",
                                     latest->label, *latest->binary_rate, latest->reoffenders, latest->size,
                                     latest->reoffences);
  if (latest->reoffences_per_reoffender)
    sentence += fmt::format(", {:.2f} per re-offender", *latest->reoffences_per_reoffender);
  const Cohort* before = YearEarlier(cohorts, *latest);
  if (!before || !before->binary_rate) return sentence + "; no cohort a year earlier to compare with.";
  const double change = *latest->binary_rate - *before->binary_rate;
  const std::string amount = fmt::format("{:.1f}", std::abs(change));
  return sentence + fmt::format("; {} from {:.1f}% in {}.",
                                amount == "0.0" ? "no change in percentage points"
                                                : fmt::format("{} {} percentage points", change > 0 ? "up" : "down",
                                                              amount),
                                *before->binary_rate, before->label);
}

Status BuildCohorts(const std::vector<ProvenOffence>& offences, const CohortOptions& options,
                    std::vector<Cohort>* out) {
  out->clear();
  if (options.last_day < options.first_day)
    return Status::InvalidInput(fmt::format("the extract's last day {} is before its first day {}",
                                            options.last_day.ToIso(), options.first_day.ToIso()));
  std::set<std::string> index_types;
  for (const auto& t : options.index_disposal_types) index_types.insert(LowerField(t));
  std::unordered_map<std::string_view, size_t> person_index;
  std::vector<std::vector<Proof>> by_person;
  int earliest = std::numeric_limits<int>::max(), latest = std::numeric_limits<int>::min();
  for (const auto& o : offences) {
    auto [it, fresh] = person_index.emplace(o.person, by_person.size());
    if (fresh) by_person.emplace_back();
    const bool can_index = index_types.empty() || index_types.contains(LowerField(o.disposal_type));
    by_person[it->second].push_back({o.offence.DaysSinceEpoch(), o.disposal.DaysSinceEpoch(), can_index});
    earliest = std::min(earliest, o.disposal.DaysSinceEpoch());
    latest = std::max(latest, o.disposal.DaysSinceEpoch());
  }
  std::vector<Proof> proofs;  // every person's, one after another
  std::vector<size_t> starts;
  for (auto& rows : by_person) {
    std::sort(rows.begin(), rows.end(),
              [](const Proof& a, const Proof& b) { return std::tie(a.disposal, a.offence) < std::tie(b.disposal, b.offence); });
    starts.push_back(proofs.size());
    proofs.insert(proofs.end(), rows.begin(), rows.end());
  }
  starts.push_back(proofs.size());
  by_person.clear();
  const MonthsLater follow_up(earliest, latest, kFollowUpMonths),
      waiting(earliest, latest, kFollowUpMonths + kWaitingMonths);

  const int length = options.length == CohortLength::kQuarter ? 3 : 12;
  const Date known_until = std::min(options.last_day, options.as_of);
  for (Date first = FirstQuarterStart(options.first_day); first <= options.last_day; first = AddMonths(first, 3)) {
    Cohort c;
    c.first = first;
    c.last = AddMonths(first, length).AddDays(-1);
    c.label = CohortLabel(c.first, c.last);
    c.waiting_ends = AddMonths(c.last, kFollowUpMonths + kWaitingMonths);
    if (known_until < c.waiting_ends) {
      c.not_reportable_reason =
          options.as_of < c.waiting_ends && options.as_of <= options.last_day
              ? fmt::format("follow-up and waiting period end on {}, after the as-of date {}",
                            c.waiting_ends.ToIso(), options.as_of.ToIso())
              : fmt::format("follow-up and waiting period end on {}, after the extract's last day {}",
                            c.waiting_ends.ToIso(), options.last_day.ToIso());
    } else {
      c.reportable = true;
      Counts counts;
      const int first_day = c.first.DaysSinceEpoch(), last_day = c.last.DaysSinceEpoch();
      for (size_t p = 0; p + 1 < starts.size(); ++p)
        CountPerson(proofs.data() + starts[p], proofs.data() + starts[p + 1], first_day, last_day, follow_up, waiting,
                    &counts);
      c.size = counts.size;
      c.reoffenders = counts.reoffenders;
      c.reoffences = counts.reoffences;
      if (c.size > 0) {
        c.binary_rate = 100.0 * static_cast<double>(c.reoffenders) / static_cast<double>(c.size);
        c.reoffences_per_offender = static_cast<double>(c.reoffences) / static_cast<double>(c.size);
      }
      if (c.reoffenders > 0)
        c.reoffences_per_reoffender = static_cast<double>(c.reoffences) / static_cast<double>(c.reoffenders);
    }
    out->push_back(std::move(c));
  }
  return Status::Ok();
}

}  // namespace safer
