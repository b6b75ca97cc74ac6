#include "performance/pack.h"

#include <algorithm>
#include <cmath>
#include <functional>
#include <tuple>
#include <map>
#include <set>

#include <fmt/format.h>

#include "query/count_query.h"

namespace safer {

std::string_view RagName(Rag rag) {
  switch (rag) {
    case Rag::kGreen: return "Green";
    case Rag::kAmber: return "Amber";
    case Rag::kRed: return "Red";
    case Rag::kNone: break;
  }
  return "";
}

namespace {

constexpr const char* kMonthNames[] = {"January", "February", "March",     "April",   "May",      "June",
                                       "July",    "August",   "September", "October", "November", "December"};

std::string Range(const MonthRange& r) { return r.first.ToString() + ".." + r.last.ToString(); }

// "September 2018", "July – September 2018", "January 2018 – March 2019".
std::string LongLabel(const MonthRange& r) {
  const char* first = kMonthNames[r.first.month() - 1];
  const char* last = kMonthNames[r.last.month() - 1];
  if (r.first == r.last) return fmt::format("{} {}", first, r.first.year());
  if (r.first.year() == r.last.year()) return fmt::format("{} – {} {}", first, last, r.last.year());
  return fmt::format("{} {} – {} {}", first, r.first.year(), last, r.last.year());
}

MonthRange Shift(const MonthRange& r, int months) { return {r.first.plus(months), r.last.plus(months)}; }

Figure Missing(std::string why) {
  Figure f;
  f.missing = std::move(why);
  return f;
}

Figure Value(double v, std::string provenance) {
  Figure f;
  f.value = v;
  f.provenance = std::move(provenance);
  return f;
}

bool IsRateOfCounts(IndicatorUnit unit) {
  return unit == IndicatorUnit::kPer1000Population || unit == IndicatorUnit::kPer1000Households ||
         unit == IndicatorUnit::kPer100000Population;
}

// The financial quarters that exactly tile a range, or none when it does not align.
std::vector<MonthRange> Quarters(const MonthRange& r) {
  std::vector<MonthRange> out;
  for (Month m = r.first; m <= r.last; m = m.plus(3)) {
    FinancialQuarter q = FinancialQuarter::Containing(m);
    if (q.months().first != m || q.months().last > r.last) return {};
    out.push_back(q.months());
  }
  return out;
}

class PackBuilder {
 public:
  PackBuilder(Store& store, const Area& area, const PackPeriod& period, PerformancePack* pack)
      : store_(store), area_(area), period_(period), pack_(pack) {}

  Status Build(const CommunitySafetyPlan& plan) {
    pack_->plan_title = plan.title;
    pack_->area = area_;
    pack_->period = period_;
    rule_ = plan.status_rule;
    pack_->status_rule = fmt::format(
        "Status compares this period with the same period a year earlier in the direction the target "
        "wants. Counts: Green when the change is in that direction and unlikely to be chance (exact test, "
        "p < {0:g}), Red when it is the other way and unlikely to be chance, Amber otherwise. A relative "
        "target (\"3% increase\") is Green when reached, Amber when moving towards it, Red when moving away. "
        "A value target is compared with this period (percentages, rates) or with the year to date "
        "pro rata (counts): Green when met, Amber within {1:g}% of it, Red otherwise.",
        rule_.significance, rule_.amber_margin * 100);
    if (Status st = LoadCoverage(); !st.ok()) return st;
    for (const auto& objective : plan.objectives) {
      ObjectiveTable table{objective.name, {}};
      for (const auto& indicator : objective.indicators) {
        IndicatorLine line;
        if (Status st = Line(indicator, &line); !st.ok()) return st;
        table.lines.push_back(std::move(line));
      }
      pack_->objectives.push_back(std::move(table));
    }
    for (auto [root, title, total] : {std::tuple{CategoryId::kVictimBased, "Victim-based crime", "Total victim-based crime"},
                                      std::tuple{CategoryId::kOtherCrimesAgainstSociety, "Other crimes against society",
                                                 "Total other crimes against society"}}) {
      CategoryTable table;
      if (Status st = TableOf(area_, root, false, title, total, &table); !st.ok()) return st;
      pack_->crime.push_back(std::move(table));
    }
    pack_->crime.push_back(AllRecordedCrime(pack_->crime[0], pack_->crime[1]));
    if (Status st = TableOf(area_, CategoryId::kAntiSocialBehaviour, true, "Anti-social behaviour", "Total ASB",
                            &pack_->asb);
        !st.ok())
      return st;
    if (Status st = Districts(); !st.ok()) return st;
    Notes();
    return Status::Ok();
  }

 private:
  // Months for which police data is held, for the force(s) that cover the area.
  Status LoadCoverage() {
    std::optional<Area> force;
    if (area_.level == AreaLevel::kForce) force = area_;
    else if (Status st = store_.ForceOf(area_, &force); !st.ok()) return st;
    std::vector<Edition> editions;
    if (Status st = store_.ListEditions(&editions); !st.ok()) return st;
    for (const auto& e : editions) {
      if (force && e.force != force->name) continue;
      held_.insert(e.month.index());
      editions_.push_back(e);
    }
    force_ = force;
    return Status::Ok();
  }

  // Empty when every month of the range is held; otherwise why the figure is missing.
  std::string Gap(const MonthRange& r) const {
    std::vector<std::string> missing;
    for (Month m = r.first; m <= r.last; m = m.next())
      if (!held_.count(m.index())) missing.push_back(m.ToString());
    if (missing.empty()) return {};
    return fmt::format("no police data for {} of {} months ({}{})", missing.size(), r.size(), missing.front(),
                       missing.size() > 1 ? " … " + missing.back() : "");
  }

  // Incidents per category as recorded (not summed over subtrees), cached.
  Status Counts(const Area& area, const MonthRange& r, const std::map<CategoryId, int64_t>** out) {
    auto key = std::make_pair(area.code, Range(r));
    auto it = counts_.find(key);
    if (it == counts_.end()) {
      CountRequest request;
      request.months = r;
      request.by = {CountKey::kCategory};
      CountPlan plan;
      if (Status st = PlanCount(request, area, &plan); !st.ok()) return st;
      CountTable table;
      if (Status st = store_.Count(plan, &table); !st.ok()) return st;
      std::map<CategoryId, int64_t> by_category;
      for (const auto& row : table.rows) by_category[*FindCategory(row.keys[0])] += row.count;
      it = counts_.emplace(key, std::move(by_category)).first;
    }
    *out = &it->second;
    return Status::Ok();
  }

  // The category the source recorded instead of `node`, when it could not split it.
  static std::optional<CategoryId> Unsplit(CategoryId node, const std::map<CategoryId, int64_t>& counts) {
    for (auto at = Category(node).parent; at; at = Category(*at).parent)
      if (auto it = counts.find(*at); it != counts.end() && it->second > 0) return *at;
    return std::nullopt;
  }

  // The count of `categories` and their subtrees, or why it cannot be given.
  Status CountFigure(const Area& area, const std::vector<CategoryId>& categories, const MonthRange& r, Figure* f) {
    if (std::string gap = Gap(r); !gap.empty()) {
      *f = Missing(gap);
      return Status::Ok();
    }
    const std::map<CategoryId, int64_t>* counts = nullptr;
    if (Status st = Counts(area, r, &counts); !st.ok()) return st;
    int64_t total = 0;
    std::set<CategoryId> counted;
    for (CategoryId c : categories) {
      if (auto coarse = Unsplit(c, *counts)) {
        unsplit_.insert(fmt::format("{} (recorded only as \"{}\")", Category(c).name, Category(*coarse).name));
        *f = Missing(fmt::format("the source records \"{}\" without this split", Category(*coarse).name));
        return Status::Ok();
      }
      for (CategoryId s : Subtree(c))
        if (counted.insert(s).second)
          if (auto it = counts->find(s); it != counts->end()) total += it->second;
    }
    std::string slugs;
    for (CategoryId c : categories) slugs += (slugs.empty() ? "" : ",") + std::string(Category(c).slug);
    *f = Value(static_cast<double>(total),
               fmt::format("police.uk incidents; {}; {}; categories {}", area.name, Range(r), slugs));
    f->numerator = static_cast<double>(total);
    return Status::Ok();
  }

  Status RateFigure(const Indicator& indicator, const MonthRange& r, Figure* f) {
    if (Status st = CountFigure(area_, indicator.categories, r, f); !st.ok() || !f->value) return st;
    std::optional<AreaPopulation> population;
    int year = RateYear(r);
    if (Status st = store_.FindPopulation(area_.code, year, &population); !st.ok()) return st;
    bool households = indicator.unit == IndicatorUnit::kPer1000Households;
    std::optional<double> base = population ? (households ? population->households : population->population) : std::nullopt;
    if (!base || *base <= 0) {
      double count = *f->numerator;
      *f = Missing(fmt::format("no {} for {} in mid-{}", households ? "household count" : "population", area_.name, year));
      f->numerator = count;
      return Status::Ok();
    }
    double per = indicator.unit == IndicatorUnit::kPer100000Population ? 100000 : 1000;
    f->denominator = *base;
    f->value = *f->numerator / *base * per;
    f->provenance += fmt::format("; per {:.0f} {} (mid-{} {:.0f})", per, households ? "households" : "population", year, *base);
    return Status::Ok();
  }

  // A supplied value for exactly this range, or one derived from its quarters by the rule.
  Status SuppliedFigure(const Indicator& indicator, const MonthRange& r, Figure* f) {
    std::optional<IndicatorValue> v;
    if (Status st = store_.FindIndicatorValue(indicator.id, area_.code, r, &v); !st.ok()) return st;
    if (v) {
      // A value given only as its parts is their quotient.
      if (v->status == ValueStatus::kReported && !v->value && v->numerator && v->denominator && *v->denominator > 0)
        v->value = *v->numerator / *v->denominator * (indicator.unit == IndicatorUnit::kPercentage ? 100 : 1);
      if (v->status != ValueStatus::kReported || !v->value) {
        *f = Missing(v->status == ValueStatus::kReported ? "no value supplied" : std::string(ValueStatusText(v->status)));
      } else {
        *f = Value(*v->value, fmt::format("supplied value; {}; {}{}", area_.name, Range(r),
                                         v->survey_year ? fmt::format("; survey {}", *v->survey_year) : ""));
      }
      f->numerator = v->numerator;
      f->denominator = v->denominator;
      if (!v->note.empty()) f->provenance += (f->provenance.empty() ? "" : "; ") + v->note;
      return Status::Ok();
    }
    std::vector<MonthRange> quarters = Quarters(r);
    if (quarters.size() < 2) {
      *f = Missing("no value supplied");
      return Status::Ok();
    }
    std::vector<Figure> parts(quarters.size());
    for (size_t i = 0; i < quarters.size(); ++i)
      if (Status st = SuppliedFigure(indicator, quarters[i], &parts[i]); !st.ok()) return st;
    switch (indicator.year_to_date) {
      case YearToDateRule::kLatest:
        *f = parts.back();
        if (f->value) f->provenance += "; the latest quarter (a snapshot, not summed)";
        return Status::Ok();
      case YearToDateRule::kSum: {
        double sum = 0;
        for (size_t i = 0; i < parts.size(); ++i) {
          if (!parts[i].value) {
            *f = Missing(fmt::format("{} for {}", parts[i].missing, Range(quarters[i])));
            return Status::Ok();
          }
          sum += *parts[i].value;
        }
        *f = Value(sum, fmt::format("sum of {} supplied quarterly values; {}", parts.size(), Range(r)));
        return Status::Ok();
      }
      case YearToDateRule::kRecompute: {
        double num = 0, den = 0;
        for (size_t i = 0; i < parts.size(); ++i) {
          if (!parts[i].numerator || !parts[i].denominator) {
            *f = Missing(fmt::format("no numerator and denominator supplied for {}", Range(quarters[i])));
            return Status::Ok();
          }
          num += *parts[i].numerator;
          den += *parts[i].denominator;
        }
        if (den <= 0) {
          *f = Missing("denominator is zero");
          return Status::Ok();
        }
        double scale = indicator.unit == IndicatorUnit::kPercentage ? 100 : 1;
        *f = Value(num / den * scale, fmt::format("recomputed: {:g} / {:g} over {}", num, den, Range(r)));
        f->numerator = num;
        f->denominator = den;
        return Status::Ok();
      }
    }
    return Status::Ok();
  }

  Status FigureFor(const Indicator& indicator, const MonthRange& r, Figure* f) {
    if (indicator.source == IndicatorSource::kSupplied) return SuppliedFigure(indicator, r, f);
    if (IsRateOfCounts(indicator.unit)) return RateFigure(indicator, r, f);
    return CountFigure(area_, indicator.categories, r, f);
  }

  Change ChangeBetween(const Figure& before, const Figure& after, IndicatorUnit unit) const {
    Change c;
    c.in_points = unit == IndicatorUnit::kPercentage;
    if (!before.value || !after.value) return c;
    c.difference = *after.value - *before.value;
    if (*before.value != 0) c.percent = *c.difference / *before.value * 100;
    // The test is on counts: the counts behind a rate, or a count supplied as a whole number.
    std::optional<double> a = before.numerator, b = after.numerator;
    if (unit == IndicatorUnit::kCount && !a) a = before.value, b = after.value;
    if (a && b && *a >= 0 && *b >= 0 && std::floor(*a) == *a && std::floor(*b) == *b &&
        (unit == IndicatorUnit::kCount || IsRateOfCounts(unit)))
      c.test = TestCountChange(static_cast<int64_t>(*a), static_cast<int64_t>(*b), rule_.significance);
    return c;
  }

  void Judge(const Indicator& indicator, const MonthRange& ytd, IndicatorLine* line) const {
    const Target& t = indicator.target;
    const Figure &now = line->this_period, &then = line->same_period_last_year;
    auto better = [&](double a, double b) { return t.direction == Direction::kIncrease ? a > b : a < b; };
    if (t.value) {
      bool pro_rata = indicator.unit == IndicatorUnit::kCount;
      const Figure& measured = pro_rata ? line->year_to_date : now;
      if (!measured.value) return void(line->status_reason = "no figure to compare with the target");
      if (!t.direction) return void(line->status_reason = "the plan does not say whether higher or lower is better");
      double goal = pro_rata ? *t.value * ytd.size() / 12.0 : *t.value;
      double value = *measured.value;
      bool met = !better(goal, value);
      bool close = std::fabs(value - goal) <= rule_.amber_margin * std::fabs(goal);
      line->status = met ? Rag::kGreen : close ? Rag::kAmber : Rag::kRed;
      line->status_reason = fmt::format("{:.4g} against a target of {:.4g}{}", value, goal,
                                        pro_rata ? fmt::format(" ({} of 12 months)", ytd.size()) : "");
      return;
    }
    if (!t.direction) return void(line->status_reason = "no target");
    if (!now.value || !then.value) return void(line->status_reason = "no comparison with last year");
    if (t.relative_change) {
      double goal = *then.value * (1 + *t.relative_change);
      if (!better(goal, *now.value)) line->status = Rag::kGreen;
      else if (better(*now.value, *then.value)) line->status = Rag::kAmber;
      else line->status = Rag::kRed;
      line->status_reason = fmt::format("{:.4g} against {:.4g} needed ({:+.0f}% on last year)", *now.value, goal,
                                        *t.relative_change * 100);
      return;
    }
    const Change& c = line->change;
    bool improved = better(*now.value, *then.value), worse = better(*then.value, *now.value);
    if (c.test && !c.test->significant) {
      line->status = Rag::kAmber;
      line->status_reason = fmt::format("no change beyond chance (p = {:.2f})", c.test->p_value);
    } else if (improved) {
      line->status = Rag::kGreen;
      line->status_reason = c.test ? fmt::format("improved, unlikely to be chance (p = {:.2g})", c.test->p_value) : "improved";
    } else if (worse) {
      line->status = Rag::kRed;
      line->status_reason = c.test ? fmt::format("worse, unlikely to be chance (p = {:.2g})", c.test->p_value) : "worse";
    } else {
      line->status = Rag::kAmber;
      line->status_reason = "no change";
    }
  }

  Status Line(const Indicator& indicator, IndicatorLine* line) {
    line->indicator = indicator;
    if (Status st = FigureFor(indicator, period_.baseline, &line->baseline); !st.ok()) return st;
    if (Status st = FigureFor(indicator, period_.previous, &line->same_period_last_year); !st.ok()) return st;
    if (Status st = FigureFor(indicator, period_.current, &line->this_period); !st.ok()) return st;
    if (Status st = FigureFor(indicator, period_.year_to_date, &line->year_to_date); !st.ok()) return st;
    line->change = ChangeBetween(line->same_period_last_year, line->this_period, indicator.unit);
    Judge(indicator, period_.year_to_date, line);
    // The trend: this period and the seven like it before, a quarter apart.
    for (int back = 7; back >= 0; --back) {
      MonthRange r = Shift(period_.current, -3 * back);
      Figure f;
      if (Status st = FigureFor(indicator, r, &f); !st.ok()) return st;
      std::string label = Quarters(r).size() == 1 ? FinancialQuarter::Containing(r.first).ToString() : Range(r);
      line->trend.emplace_back(label, std::move(f));
    }
    if (!line->this_period.value && indicator.source == IndicatorSource::kSupplied)
      missing_supplied_.insert(fmt::format("{}: {}", indicator.name, line->this_period.missing));
    return Status::Ok();
  }

  // Lines for the categories below `root` (or `root` itself with them below it), then a
  // total that is the sum of the top-level lines.
  Status TableOf(const Area& area, CategoryId root, bool include_root, const std::string& title,
                 const std::string& total_label, CategoryTable* table) {
    table->title = title;
    table->previous_label = LongLabel(period_.previous);
    table->current_label = LongLabel(period_.current);
    std::vector<std::pair<CategoryId, int>> nodes;  // depth-first with depths
    std::function<void(CategoryId, int)> walk = [&](CategoryId id, int depth) {
      nodes.emplace_back(id, depth);
      for (const auto& c : AllCategories())
        if (c.parent == id) walk(c.id, depth + 1);
    };
    if (include_root) walk(root, 0);
    else
      for (const auto& c : AllCategories())
        if (c.parent == root) walk(c.id, 0);
    for (auto [id, depth] : nodes) {
      CategoryLine line;
      line.label = std::string(Category(id).name);
      line.category = id;
      line.depth = depth;
      if (Status st = CountFigure(area, {id}, period_.previous, &line.previous); !st.ok()) return st;
      if (Status st = CountFigure(area, {id}, period_.current, &line.current); !st.ok()) return st;
      line.change = ChangeBetween(line.previous, line.current, IndicatorUnit::kCount);
      table->lines.push_back(std::move(line));
    }
    table->lines.push_back(TotalOf(*table, total_label));
    return Status::Ok();
  }

  // The sum of the top-level lines: a total can never disagree with its parts.
  CategoryLine TotalOf(const CategoryTable& table, const std::string& label) const {
    CategoryLine total;
    total.label = label;
    total.total = true;
    auto sum = [&](Figure CategoryLine::*which) {
      double s = 0;
      for (const auto& l : table.lines) {
        if (l.depth != 0 || l.total) continue;
        const Figure& f = l.*which;
        if (!f.value) return Missing(f.missing);
        s += *f.value;
      }
      Figure f = Value(s, "sum of the lines above");
      f.numerator = s;
      return f;
    };
    total.previous = sum(&CategoryLine::previous);
    total.current = sum(&CategoryLine::current);
    total.change = ChangeBetween(total.previous, total.current, IndicatorUnit::kCount);
    return total;
  }

  CategoryTable AllRecordedCrime(const CategoryTable& victim_based, const CategoryTable& society) const {
    CategoryTable table;
    table.title = "All recorded crime";
    table.previous_label = victim_based.previous_label;
    table.current_label = victim_based.current_label;
    for (const auto* part : {&victim_based, &society}) {
      CategoryLine line = part->lines.back();
      line.total = false;
      line.label = part->title;
      table.lines.push_back(std::move(line));
    }
    table.lines.push_back(TotalOf(table, "Total recorded crime"));
    return table;
  }

  // The districts of the force side by side. Incidents the force recorded outside its
  // districts or without a location get their own column, so the force is their sum.
  Status Districts() {
    if (!force_) {
      pack_->notes.push_back("District comparison: no force is known for " + area_.name +
                             "; import a lookup with --force to place local authorities in their force.");
      return Status::Ok();
    }
    std::vector<Area> districts;
    if (Status st = store_.ListChildAreas(*force_, &districts); !st.ok()) return st;
    if (districts.empty()) {
      // No lookup places authorities in this force: take those its own data names.
      if (Status st = DistrictsInData(&districts); !st.ok()) return st;
      pack_->notes.push_back("Districts: no lookup places local authorities in " + force_->name +
                             ", so the districts are those its data names (import a lookup with --force).");
    }
    for (auto [table, rows] : {std::pair{&pack_->crime_districts, CrimeRows()}, std::pair{&pack_->asb_districts, AsbRows()}}) {
      table->title = fmt::format("{} by district, {}", table == &pack_->asb_districts ? "Anti-social behaviour" : "Recorded crime",
                                 LongLabel(period_.current));
      table->columns = districts;
      table->columns.push_back(Area{AreaLevel::kLocalAuthority, "", "Elsewhere or no location"});
      table->columns.push_back(*force_);
      for (const auto& [label, categories] : rows) {
        table->row_labels.push_back(label);
        table->row_categories.push_back(categories.size() == 1 ? std::optional(categories[0]) : std::nullopt);
        bool households = categories.size() == 1 && categories[0] == CategoryId::kBurglaryResidential;
        table->rate_bases.push_back(households ? "households" : "population");
        std::vector<Figure> counts, rates;
        for (const auto& column : table->columns) {
          Figure f;
          if (column.code.empty()) {  // the force less its districts, by construction
            f = Missing("");
          } else if (Status st = CountFigure(column, categories, period_.current, &f); !st.ok()) {
            return st;
          }
          counts.push_back(std::move(f));
        }
        Figure& rest = counts[counts.size() - 2];
        const Figure& force_count = counts.back();
        double districts_sum = 0;
        bool complete = force_count.value.has_value();
        for (size_t i = 0; i + 2 < counts.size(); ++i) {
          if (!counts[i].value) complete = false;
          else districts_sum += *counts[i].value;
        }
        rest = complete ? Value(*force_count.value - districts_sum, "the force's count less its districts'")
                        : Missing(force_count.value ? "a district's figure is missing" : force_count.missing);
        for (size_t i = 0; i < counts.size(); ++i) rates.push_back(RateOf(table->columns[i], counts[i], households));
        table->counts.push_back(std::move(counts));
        table->rates.push_back(std::move(rates));
      }
    }
    return Status::Ok();
  }

  Status DistrictsInData(std::vector<Area>* out) {
    CountRequest request;
    request.months = period_.current;
    request.by = {CountKey::kArea};
    CountPlan plan;
    CountTable table;
    if (Status st = PlanCount(request, *force_, &plan); !st.ok()) return st;
    if (Status st = store_.Count(plan, &table); !st.ok()) return st;
    for (const auto& row : table.rows) {
      std::vector<Area> found;
      if (Status st = store_.FindAreas(row.keys[0], &found); !st.ok()) return st;
      for (const auto& a : found)
        if (a.level == AreaLevel::kLocalAuthority) {
          out->push_back(a);
          break;
        }
    }
    return Status::Ok();
  }

  Figure RateOf(const Area& area, const Figure& count, bool households) {
    if (area.code.empty()) return Missing("no population for this column");
    if (!count.value) return Missing(count.missing);
    std::optional<AreaPopulation> population;
    int year = RateYear(period_.current);
    if (!store_.FindPopulation(area.code, year, &population).ok()) return Missing("population look-up failed");
    std::optional<double> base = population ? (households ? population->households : population->population) : std::nullopt;
    if (!base || *base <= 0)
      return Missing(fmt::format("no {} for mid-{}", households ? "household count" : "population", year));
    Figure f = Value(*count.value / *base * 1000, fmt::format("per 1,000 {} (mid-{} {:.0f})",
                                                             households ? "households" : "population", year, *base));
    f.numerator = count.value;
    f.denominator = base;
    return f;
  }

  // Rows of the district table: the top-level crime lines, then the totals.
  static std::vector<std::pair<std::string, std::vector<CategoryId>>> CrimeRows() {
    std::vector<std::pair<std::string, std::vector<CategoryId>>> rows;
    for (CategoryId root : {CategoryId::kVictimBased, CategoryId::kOtherCrimesAgainstSociety}) {
      for (const auto& c : AllCategories())
        if (c.parent == root) rows.push_back({std::string(c.name), {c.id}});
      rows.push_back({std::string(Category(root).name), {root}});
    }
    rows.push_back({"Total recorded crime", {CategoryId::kAllCrime}});
    return rows;
  }

  static std::vector<std::pair<std::string, std::vector<CategoryId>>> AsbRows() {
    return {{"Anti-social behaviour", {CategoryId::kAntiSocialBehaviour}}};
  }

  void Notes() {
    std::set<std::string> months;
    std::set<int64_t> imports;
    for (const auto& e : editions_) {
      months.insert(e.month.ToString());
      imports.insert(e.import_id);
    }
    if (months.empty()) {
      pack_->notes.push_back("No police data is held: every count is missing.");
    } else {
      std::string ids;
      for (int64_t i : imports) ids += (ids.empty() ? "#" : ", #") + std::to_string(i);
      pack_->notes.push_back(fmt::format("Police data: data.police.uk street-level files{}, {} months held from {} to {} "
                                         "(imports {}). Months not held are shown as missing, never as zero.",
                                         force_ ? " for " + force_->name : "", months.size(), *months.begin(),
                                         *months.rbegin(), ids));
    }
    for (const auto& u : unsplit_)
      pack_->notes.push_back("Not split by the source: " + u + ". Its parts are shown as unavailable, not guessed.");
    for (const auto& m : missing_supplied_) pack_->notes.push_back("Supplied value missing this period — " + m);
    pack_->notes.push_back(fmt::format(
        "Changes: \"Difference\" is in the indicator's unit (percentage points, \"pts\", for percentages); "
        "\"% difference\" is relative to last year and shown as n/a from a zero base. A change marked as "
        "significant is unlikely to be chance (exact conditional test for two Poisson counts, p < {:g}).",
        rule_.significance));
  }

  Store& store_;
  Area area_;
  PackPeriod period_;
  PerformancePack* pack_;
  StatusRule rule_;
  std::optional<Area> force_;
  std::set<int> held_;
  std::vector<Edition> editions_;
  std::map<std::pair<std::string, std::string>, std::map<CategoryId, int64_t>> counts_;
  std::set<std::string> unsplit_, missing_supplied_;
};

}  // namespace

PackPeriod PeriodForMonths(MonthRange months) {
  PackPeriod p;
  p.current = months;
  p.previous = Shift(months, -12);
  FinancialYear year = FinancialYear::Containing(months.first);
  p.year_to_date = {year.months().first, months.last};
  p.baseline = year.previous().months();
  p.label = LongLabel(months);
  return p;
}

PackPeriod PeriodForQuarter(FinancialQuarter quarter) {
  PackPeriod p = PeriodForMonths(quarter.months());
  p.label = fmt::format("Quarter {} {} ({})", quarter.quarter(), quarter.year().ToString(), LongLabel(quarter.months()));
  return p;
}

Status ParsePackPeriod(const std::string& quarter, const std::string& from, const std::string& to,
                       PackPeriod* period) {
  if (!quarter.empty()) {
    if (!from.empty() || !to.empty()) return Status::InvalidInput("give a quarter or from/to months, not both");
    auto q = FinancialQuarter::Parse(quarter);
    if (!q) return Status::InvalidInput("quarter \"" + quarter + "\" is not a quarter like 2018/19-Q2");
    *period = PeriodForQuarter(*q);
    return Status::Ok();
  }
  auto first = Month::Parse(from), last = Month::Parse(to);
  if (!first || !last) return Status::InvalidInput("give a quarter like 2018/19-Q2, or from and to months as YYYY-MM");
  if (*last < *first) return Status::InvalidInput("from is after to");
  *period = PeriodForMonths({*first, *last});
  return Status::Ok();
}

Status BuildPack(Store& store, const CommunitySafetyPlan& plan, const Area& area, const PackPeriod& period,
                 PerformancePack* pack) {
  return PackBuilder(store, area, period, pack).Build(plan);
}

}  // namespace safer
