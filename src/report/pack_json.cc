#include "report/pack_json.h"

#include <algorithm>
#include <cmath>

#include <nlohmann/json.hpp>

#include "report/pack_format.h"

namespace safer {
namespace {

using nlohmann::json;

json Optional(const std::optional<double>& v) { return v ? json(*v) : json(nullptr); }

json FigureJson(const Figure& f) {
  return json{{"value", Optional(f.value)},
              {"missing", f.value ? std::string() : report::MissingText(f)},
              {"numerator", Optional(f.numerator)},
              {"denominator", Optional(f.denominator)},
              {"provenance", f.provenance}};
}

json ChangeJson(const Change& c) {
  return json{{"difference", Optional(c.difference)},
              {"in_points", c.in_points},
              {"percent", Optional(c.percent)},
              {"p_value", c.test ? json(c.test->p_value) : json(nullptr)},
              {"significant", c.test ? json(c.test->significant) : json(nullptr)}};
}

json TableJson(const CategoryTable& t) {
  json lines = json::array();
  for (const auto& l : t.lines)
    lines.push_back(json{{"label", l.label},
                         {"category", l.category ? json(Category(*l.category).slug) : json(nullptr)},
                         {"depth", l.depth},
                         {"total", l.total},
                         {"previous", FigureJson(l.previous)},
                         {"current", FigureJson(l.current)},
                         {"change", ChangeJson(l.change)}});
  return json{{"title", t.title},
              {"previous_label", t.previous_label},
              {"current_label", t.current_label},
              {"lines", lines}};
}

json IndicatorJson(const IndicatorLine& line) {
  const Indicator& ind = line.indicator;
  json trend = json::array();
  for (const auto& [label, f] : line.trend)
    trend.push_back(json{{"period", label}, {"value", Optional(f.value)},
                         {"missing", f.value ? std::string() : report::MissingText(f)}});
  return json{{"id", ind.id},
              {"name", ind.name},
              {"unit", report::UnitCode(ind.unit)},
              {"unit_words", report::UnitWords(ind.unit)},
              {"definition", ind.definition},
              {"target", report::TargetText(ind.target, ind.unit)},
              {"baseline", FigureJson(line.baseline)},
              {"same_period_last_year", FigureJson(line.same_period_last_year)},
              {"this_period", FigureJson(line.this_period)},
              {"year_to_date", FigureJson(line.year_to_date)},
              {"change", ChangeJson(line.change)},
              {"status", RagName(line.status)},
              {"status_reason", line.status_reason},
              {"trend", trend}};
}

}  // namespace

std::string PackJson(const PerformancePack& pack, int max_changes) {
  json objectives = json::array();
  for (const auto& o : pack.objectives) {
    json indicators = json::array();
    for (const auto& line : o.lines) indicators.push_back(IndicatorJson(line));
    objectives.push_back(json{{"objective", o.objective}, {"indicators", indicators}});
  }
  struct Candidate {
    const CategoryTable* table;
    const CategoryLine* line;
  };
  std::vector<Candidate> changes;
  std::vector<const CategoryTable*> tables;
  for (const auto& t : pack.crime) tables.push_back(&t);
  tables.push_back(&pack.asb);
  for (const auto* t : tables)
    for (const auto& l : t->lines)
      if (!l.total && l.change.test && l.change.test->significant && l.change.difference)
        changes.push_back({t, &l});
  std::stable_sort(changes.begin(), changes.end(), [](const Candidate& a, const Candidate& b) {
    return std::fabs(*a.line->change.difference) > std::fabs(*b.line->change.difference);
  });
  if (static_cast<int>(changes.size()) > max_changes) changes.resize(max_changes);
  json largest = json::array();
  for (const auto& c : changes)
    largest.push_back(json{{"table", c.table->title},
                           {"label", c.line->label},
                           {"previous", Optional(c.line->previous.value)},
                           {"current", Optional(c.line->current.value)},
                           {"difference", Optional(c.line->change.difference)},
                           {"percent", Optional(c.line->change.percent)},
                           {"p_value", c.line->change.test->p_value}});
  json crime = json::array();
  for (const auto& t : pack.crime) crime.push_back(TableJson(t));
  const PackPeriod& p = pack.period;
  json out{{"plan_title", pack.plan_title},
           {"area", json{{"code", pack.area.code}, {"name", pack.area.name}, {"level", AreaLevelSlug(pack.area.level)}}},
           {"period", json{{"label", p.label},
                           {"from", p.current.first.ToString()},
                           {"to", p.current.last.ToString()},
                           {"previous_from", p.previous.first.ToString()},
                           {"previous_to", p.previous.last.ToString()}}},
           {"status_rule", pack.status_rule},
           {"objectives", objectives},
           {"largest_changes", largest},
           {"crime", crime},
           {"asb", TableJson(pack.asb)},
           {"notes", pack.notes}};
  return out.dump(-1, ' ', false, json::error_handler_t::replace);
}

}  // namespace safer
