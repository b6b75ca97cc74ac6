#include "performance/plan_file.h"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cctype>
#include <regex>
#include <set>

#include <fmt/format.h>

namespace safer {
namespace {

std::string Lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
  return s;
}

// A problem at a node: "plan.yaml:12: ...".
Status At(const std::string& path, const YAML::Node& node, const std::string& what) {
  return Status::InvalidInput(fmt::format("{}:{}: {}", path, node.Mark().line + 1, what));
}

struct UnitName {
  const char* name;
  IndicatorUnit unit;
};
constexpr UnitName kUnits[] = {
    {"count", IndicatorUnit::kCount},
    {"per 1000 population", IndicatorUnit::kPer1000Population},
    {"per 1000 households", IndicatorUnit::kPer1000Households},
    {"per 100000 population", IndicatorUnit::kPer100000Population},
    {"percentage", IndicatorUnit::kPercentage},
    {"ratio", IndicatorUnit::kRatio},
};

Status ReadIndicator(const std::string& path, const YAML::Node& node, std::set<std::string>& ids,
                     Indicator* indicator) {
  if (!node.IsMap()) return At(path, node, "an indicator is a mapping with id, name, unit, …");
  for (const char* required : {"id", "name"})
    if (!node[required] || !node[required].IsScalar())
      return At(path, node, fmt::format("the indicator has no {}", required));
  indicator->id = node["id"].as<std::string>();
  indicator->name = node["name"].as<std::string>();
  if (!ids.insert(indicator->id).second)
    return At(path, node["id"], fmt::format("indicator id \"{}\" is used twice", indicator->id));

  std::string unit = node["unit"] ? Lower(node["unit"].as<std::string>()) : "count";
  auto u = std::find_if(std::begin(kUnits), std::end(kUnits), [&](const UnitName& n) { return unit == n.name; });
  if (u == std::end(kUnits))
    return At(path, node["unit"], fmt::format("unit \"{}\": use count, per 1000 population, per 1000 households, "
                                              "per 100000 population, percentage or ratio", unit));
  indicator->unit = u->unit;

  if (node["count"] && node["supplied"])
    return At(path, node, "an indicator is either counted (count:) or supplied (supplied: true), not both");
  if (node["count"]) {
    indicator->source = IndicatorSource::kIncidents;
    YAML::Node count = node["count"];
    if (!count.IsSequence() || count.size() == 0)
      return At(path, count, "count: is a list of categories, e.g. [burglary-residential]");
    for (const auto& c : count) {
      auto id = FindCategory(c.as<std::string>());
      if (!id) return At(path, c, fmt::format("unknown category \"{}\" (see docs/categories.md)", c.as<std::string>()));
      indicator->categories.push_back(*id);
    }
    if (indicator->unit == IndicatorUnit::kPercentage || indicator->unit == IndicatorUnit::kRatio)
      return At(path, node["unit"], "an indicator counted from incidents is a count or a rate, not a percentage or ratio");
  } else {
    indicator->source = IndicatorSource::kSupplied;
  }

  std::string ytd = node["year_to_date"] ? Lower(node["year_to_date"].as<std::string>())
                    : indicator->unit == IndicatorUnit::kPercentage || indicator->unit == IndicatorUnit::kRatio
                        ? "recompute"
                        : "sum";
  if (ytd == "sum") indicator->year_to_date = YearToDateRule::kSum;
  else if (ytd == "latest") indicator->year_to_date = YearToDateRule::kLatest;
  else if (ytd == "recompute") indicator->year_to_date = YearToDateRule::kRecompute;
  else return At(path, node["year_to_date"], "year_to_date: sum, latest or recompute");
  if (indicator->year_to_date == YearToDateRule::kSum &&
      (indicator->unit == IndicatorUnit::kPercentage || indicator->unit == IndicatorUnit::kRatio))
    return At(path, node, "percentages and ratios do not add up over quarters: year_to_date: recompute or latest");

  if (node["target"]) indicator->target = ParseTarget(node["target"].as<std::string>());
  // A value target ("12%") needs to be told which way is better.
  if (node["better"]) {
    std::string better = Lower(node["better"].as<std::string>());
    if (better == "higher") indicator->target.direction = Direction::kIncrease;
    else if (better == "lower") indicator->target.direction = Direction::kReduce;
    else return At(path, node["better"], "better: higher or lower");
  }
  if (node["definition"]) indicator->definition = node["definition"].as<std::string>();
  return Status::Ok();
}

}  // namespace

Target ParseTarget(const std::string& text) {
  Target t;
  t.text = text;
  std::string s = Lower(text);
  static const std::regex tbc(R"(\(?\s*tbc\s*\)?)");
  if (std::regex_search(s, tbc)) {
    t.provisional = true;
    s = std::regex_replace(s, tbc, "");
  }
  s = std::regex_replace(s, std::regex(R"(^\s+|\s+$)"), "");
  std::smatch m;
  if (s == "reduce" || s == "decrease") t.direction = Direction::kReduce;
  else if (s == "increase") t.direction = Direction::kIncrease;
  else if (std::regex_match(s, m, std::regex(R"(([0-9.]+)\s*%\s*(increase|reduction|decrease))"))) {
    bool up = m[2] == "increase";
    t.direction = up ? Direction::kIncrease : Direction::kReduce;
    t.relative_change = (up ? 1 : -1) * std::stod(m[1]) / 100;
  } else if (std::regex_match(s, m, std::regex(R"(([0-9][0-9,]*(\.[0-9]+)?)\s*%?)"))) {
    std::string digits = m[1];
    digits.erase(std::remove(digits.begin(), digits.end(), ','), digits.end());
    t.value = std::stod(digits);
  }
  return t;
}

Status LoadPlan(const std::string& path, CommunitySafetyPlan* plan) {
  YAML::Node root;
  try {
    root = YAML::LoadFile(path);
  } catch (const YAML::BadFile&) {
    return Status::IOError(path + ": cannot read the plan file");
  } catch (const YAML::Exception& e) {
    return Status::InvalidInput(fmt::format("{}:{}: not valid YAML: {}", path, e.mark.line + 1, e.msg));
  }
  try {
    if (!root.IsMap()) return Status::InvalidInput(path + ": a plan file is a mapping: title, objectives, …");
    if (!root["title"]) return At(path, root, "the plan has no title");
    plan->title = root["title"].as<std::string>();
    if (root["partnership"]) plan->partnership = root["partnership"].as<std::string>();
    if (root["vision"]) plan->vision = root["vision"].as<std::string>();
    if (YAML::Node rule = root["status"]) {
      if (rule["significance"]) plan->status_rule.significance = rule["significance"].as<double>();
      if (rule["amber_margin"]) plan->status_rule.amber_margin = rule["amber_margin"].as<double>();
      if (plan->status_rule.significance <= 0 || plan->status_rule.significance >= 1)
        return At(path, rule, "status: significance is a probability between 0 and 1, e.g. 0.05");
      if (plan->status_rule.amber_margin < 0 || plan->status_rule.amber_margin >= 1)
        return At(path, rule, "status: amber_margin is a share between 0 and 1, e.g. 0.10");
    }
    if (root["priorities"])
      for (const auto& p : root["priorities"]) plan->priorities.push_back(p.as<std::string>());
    YAML::Node objectives = root["objectives"];
    if (!objectives || !objectives.IsSequence() || objectives.size() == 0)
      return At(path, root, "the plan has no objectives: a list of {name, indicators}");
    std::set<std::string> ids;
    for (const auto& o : objectives) {
      StrategicObjective objective;
      if (!o["name"]) return At(path, o, "an objective has no name");
      objective.name = o["name"].as<std::string>();
      if (!o["indicators"] || !o["indicators"].IsSequence())
        return At(path, o, fmt::format("objective \"{}\" has no indicators list", objective.name));
      for (const auto& i : o["indicators"]) {
        Indicator indicator;
        if (Status st = ReadIndicator(path, i, ids, &indicator); !st.ok()) return st;
        objective.indicators.push_back(std::move(indicator));
      }
      plan->objectives.push_back(std::move(objective));
    }
  } catch (const YAML::Exception& e) {
    return Status::InvalidInput(fmt::format("{}:{}: {}", path, e.mark.line + 1, e.msg));
  }
  return Status::Ok();
}

}  // namespace safer
