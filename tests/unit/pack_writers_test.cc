// The pack writers, each read back by an independent reader: the HTML by Python's
// html.parser, the workbook by openpyxl, the CSV by Safer's RFC 4180 reader, the PDF by
// pdftotext. The pack is built here by hand, shaped like the Quarter 2 2018/19 pack of
// seed 000 (l.647–797), with its errors corrected: four objectives, the crime tree with
// subtotals, the four Cleveland districts and the force, ASB; with missing values, a
// percentage indicator, a zero base, significant and non-significant changes.
#include <gtest/gtest.h>

#include <unistd.h>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <sstream>

#include <fmt/format.h>

#include "analytics/significance.h"
#include "domain/category.h"
#include "ingest/csv_reader.h"
#include "report/pack_format.h"
#include "report/pack_writers.h"

namespace safer {
namespace {

namespace fs = std::filesystem;
using C = CategoryId;

// ---- The pack ---------------------------------------------------------------------------

const Area kHartlepool{AreaLevel::kLocalAuthority, "E06000001", "Hartlepool"};
const Area kMiddlesbrough{AreaLevel::kLocalAuthority, "E06000002", "Middlesbrough"};
const Area kRedcar{AreaLevel::kLocalAuthority, "E06000003", "Redcar and Cleveland"};
const Area kStockton{AreaLevel::kLocalAuthority, "E06000004", "Stockton-on-Tees"};
const Area kCleveland{AreaLevel::kForce, "E23000013", "Cleveland Police"};

Figure Value(double v, std::string provenance) {
  Figure f;
  f.value = v;
  f.provenance = std::move(provenance);
  return f;
}

Figure Missing(std::string why) {
  Figure f;
  f.missing = std::move(why);
  return f;
}

Figure Count(double v, const std::string& range) {
  Figure f = Value(v, "police.uk incidents; Hartlepool; " + range);
  f.numerator = v;
  return f;
}

Figure Percent(double num, double den, const std::string& range) {
  Figure f = Value(std::round(num / den * 1000) / 10, "supplied value; Hartlepool; " + range);
  f.numerator = num;
  f.denominator = den;
  return f;
}

Change ChangeOf(const Figure& before, const Figure& after, IndicatorUnit unit) {
  Change c;
  c.in_points = unit == IndicatorUnit::kPercentage;
  if (!before.value || !after.value) return c;
  c.difference = *after.value - *before.value;
  if (*before.value != 0) c.percent = *c.difference / *before.value * 100;
  if (unit == IndicatorUnit::kCount)
    c.test = TestCountChange(static_cast<int64_t>(*before.value), static_cast<int64_t>(*after.value));
  return c;
}

const char* kQuarters[] = {"2016/17-Q3", "2016/17-Q4", "2017/18-Q1", "2017/18-Q2",
                           "2017/18-Q3", "2017/18-Q4", "2018/19-Q1", "2018/19-Q2"};

struct LineSpec {
  std::string name;
  IndicatorUnit unit = IndicatorUnit::kCount;
  std::string target;
  std::optional<Direction> direction;
  Figure baseline, last, now, ytd;
  Rag rag = Rag::kNone;
  std::string reason;
  std::vector<std::optional<double>> trend;  // 8 quarters; empty: all missing
  std::string trend_missing = "Awaiting info";
  bool supplied = false;
};

IndicatorLine Line(const LineSpec& s) {
  IndicatorLine line;
  line.indicator.id = s.name;
  line.indicator.name = s.name;
  line.indicator.unit = s.unit;
  line.indicator.target.text = s.target;
  line.indicator.target.direction = s.direction;
  line.indicator.definition = "Definition of " + s.name;
  line.indicator.source = s.supplied ? IndicatorSource::kSupplied : IndicatorSource::kIncidents;
  line.baseline = s.baseline;
  line.same_period_last_year = s.last;
  line.this_period = s.now;
  line.year_to_date = s.ytd;
  line.change = ChangeOf(s.last, s.now, s.unit);
  line.status = s.rag;
  line.status_reason = s.reason;
  for (int i = 0; i < 8; ++i) {
    std::optional<double> v = i < static_cast<int>(s.trend.size()) ? s.trend[i] : std::nullopt;
    line.trend.emplace_back(kQuarters[i], v ? Value(*v, std::string("trend ") + kQuarters[i]) : Missing(s.trend_missing));
  }
  return line;
}

constexpr const char* kBase = "2017-04..2018-03";
constexpr const char* kLast = "2017-07..2017-09";
constexpr const char* kNow = "2018-07..2018-09";
constexpr const char* kYtd = "2018-04..2018-09";

std::vector<ObjectiveTable> Objectives() {
  auto counts = [](std::string name, double base, double last, double now, double ytd, Rag rag, std::string reason,
                   std::vector<std::optional<double>> trend, Direction dir = Direction::kReduce) {
    LineSpec s;
    s.name = std::move(name);
    s.target = dir == Direction::kReduce ? "Reduce" : "Increase";
    s.direction = dir;
    s.baseline = Count(base, kBase);
    s.last = Count(last, kLast);
    s.now = Count(now, kNow);
    s.ytd = Count(ytd, kYtd);
    s.rag = rag;
    s.reason = std::move(reason);
    s.trend = std::move(trend);
    return Line(s);
  };
  ObjectiveTable crime{"Reduce Crime & Repeat Victimisation", {}};
  crime.lines.push_back(counts("All Recorded Crime", 10769, 2598, 3025, 5828, Rag::kRed,
                               "worse, unlikely to be chance (p = 2.3e-08)",
                               {2410, 2502, 2633, 2598, 2711, 2605, 2803, 3025}));
  crime.lines.push_back(counts("Residential Burglary", 880, 177, 169, 350, Rag::kAmber,
                               "no change beyond chance (p = 0.71)", {230, 205, 198, 177, 240, 265, 181, 169}));
  crime.lines.push_back(counts("Vehicle Crime", 1259, 268, 151, 347, Rag::kGreen,
                               "improved, unlikely to be chance (p = 1.2e-08)", {301, 322, 287, 268, 355, 349, 196, 151}));
  crime.lines.push_back(counts("Shoplifting", 1534, 357, 494, 931, Rag::kRed, "worse, unlikely to be chance",
                               {380, 360, 371, 357, 410, 396, 437, 494}));
  crime.lines.push_back(counts("Local Violence", 2431, 635, 933, 1686, Rag::kRed, "worse, unlikely to be chance",
                               {560, 590, 602, 635, 611, 583, 753, 933}));
  LineSpec marac;
  marac.supplied = true;
  marac.name = "Repeat Cases of Domestic Violence – MARAC";
  marac.unit = IndicatorUnit::kPercentage;
  marac.target = "Reduce";
  marac.direction = Direction::kReduce;
  marac.baseline = Value(33.25, "supplied value; Hartlepool; 2017-04..2018-03");
  marac.last = Value(27, "supplied value; Hartlepool; 2017-07..2017-09");
  marac.now = Missing("Awaiting info");
  marac.ytd = Missing("Awaiting info for 2018-07..2018-09");
  marac.reason = "no comparison with last year";
  marac.trend = {30.1, 29.0, std::nullopt, 27.0, 33.0, 31.5, 26.0, std::nullopt};
  crime.lines.push_back(Line(marac));

  ObjectiveTable drugs{"Reduce the harm caused by Drugs and Alcohol", {}};
  LineSpec opiate;
  opiate.supplied = true;
  opiate.name = "Number of substance misusers going into effective treatment – Opiate";
  opiate.target = "3% increase (TBC)";
  opiate.direction = Direction::kIncrease;
  opiate.baseline = Value(659, "supplied");
  opiate.last = Value(636, "supplied");
  opiate.now = Value(638, "supplied");
  opiate.ytd = Value(642, "supplied; the latest quarter (a snapshot, not summed)");
  opiate.rag = Rag::kAmber;
  opiate.reason = "638 against 655.1 needed (+3% on last year)";
  opiate.trend = {640, 651, 645, 636, 630, 659, 642, 638};
  drugs.lines.push_back(Line(opiate));
  LineSpec completions;
  completions.supplied = true;
  completions.name = "Proportion of substance misusers that successfully complete treatment – Opiate";
  completions.unit = IndicatorUnit::kPercentage;
  completions.target = "12% (TBC)";
  completions.baseline = Percent(45, 662, kBase);
  completions.last = Percent(34, 642, kLast);
  completions.now = Percent(39, 638, kNow);
  completions.ytd = Percent(77, 1280, kYtd);
  completions.rag = Rag::kRed;
  completions.reason = "6.1 against a target of 12";
  completions.trend = {7.1, 6.9, 6.0, 5.3, 6.2, 6.8, 5.9, 6.1};
  drugs.lines.push_back(Line(completions));
  LineSpec harm;
  harm.supplied = true;
  harm.name = "Rate of alcohol related harm hospital admissions";
  harm.unit = IndicatorUnit::kPer100000Population;
  harm.target = "Reduce";
  harm.direction = Direction::kReduce;
  harm.baseline = Missing("Data unavailable");
  harm.last = Missing("Data unavailable");
  harm.now = Missing("Data unavailable");
  harm.ytd = Missing("Data unavailable");
  harm.reason = "no comparison with last year";
  harm.trend_missing = "Data unavailable";
  drugs.lines.push_back(Line(harm));
  drugs.lines.push_back(counts("Number of young people found in possession of alcohol", 8, 0, 3, 5, Rag::kAmber,
                               "no change beyond chance (p = 0.25)", {2, 1, 3, 0, 2, 3, 2, 3}));

  ObjectiveTable communities{"Create Confident, Cohesive and Safe Communities", {}};
  communities.lines.push_back(counts("Anti-social Behaviour Incidents reported to the Police", 6801, 1967, 1613, 3259,
                                     Rag::kGreen, "improved, unlikely to be chance",
                                     {1702, 1533, 1850, 1967, 1655, 1396, 1646, 1613}));
  communities.lines.push_back(counts("Deliberate Fires", 416, 109, 299, 474, Rag::kRed, "worse, unlikely to be chance",
                                     {95, 60, 140, 109, 88, 79, 175, 299}));
  communities.lines.push_back(counts("Criminal Damage to Dwellings", 627, 169, 165, 303, Rag::kAmber,
                                     "no change beyond chance (p = 0.87)", {160, 150, 158, 169, 160, 140, 138, 165}));
  communities.lines.push_back(counts("Hate Incidents", 176, 57, 46, 84, Rag::kAmber, "no change beyond chance (p = 0.35)",
                                     {38, 41, 35, 57, 44, 40, 38, 46}, Direction::kIncrease));

  ObjectiveTable offending{"Reduce Offending & Re-Offending", {}};
  LineSpec youth;
  youth.supplied = true;
  youth.name = "Re-offending rate of young offenders";
  youth.unit = IndicatorUnit::kPercentage;
  youth.target = "Reduce";
  youth.direction = Direction::kReduce;
  youth.baseline = Missing("Data not published yet");
  youth.last = Missing("Data not published yet");
  youth.now = Missing("Data not published yet");
  youth.ytd = Missing("Data not published yet");
  youth.reason = "no comparison with last year";
  youth.trend = {41.2, 39.0, 44.1};
  youth.trend_missing = "Data not published yet";
  offending.lines.push_back(Line(youth));
  offending.lines.push_back(counts("First-Time Entrants to the Criminal Justice System", 40, 5, 1, 3, Rag::kAmber,
                                   "no change beyond chance (p = 0.22)", {9, 12, 7, 5, 10, 8, 2, 1}));
  LineSpec ratio;
  ratio.supplied = true;
  ratio.name = "Re-offences per re-offender (adult cohort)";
  ratio.unit = IndicatorUnit::kRatio;
  ratio.target = "Reduce";
  ratio.direction = Direction::kReduce;
  auto parts = [](double num, double den, const char* range) {
    Figure f = Value(num / den, std::string("supplied value; Hartlepool; ") + range);
    f.numerator = num;
    f.denominator = den;
    return f;
  };
  ratio.baseline = parts(182, 65, kBase);
  ratio.last = parts(50, 40, kLast);
  ratio.now = parts(44, 39, kNow);
  ratio.ytd = parts(90, 78, kYtd);
  ratio.rag = Rag::kGreen;
  ratio.reason = "improved";
  ratio.trend = {1.3, 1.21, 1.4, 1.25, 1.18, 1.2, 1.15, 44.0 / 39};
  offending.lines.push_back(Line(ratio));
  LineSpec families;
  families.supplied = true;
  families.name = "Number of Troubled Families engaged with";
  families.target = "1000";
  families.direction = Direction::kIncrease;
  families.baseline = Value(769, "supplied");
  families.last = Value(630, "supplied");
  families.now = Value(1001, "supplied");
  families.ytd = Value(1001, "supplied; the latest quarter (a snapshot, not summed)");
  families.rag = Rag::kGreen;
  families.reason = "1001 against a target of 1000";
  families.trend = {402, 480, 560, 630, 700, 769, 875, 1001};
  offending.lines.push_back(Line(families));
  offending.lines.back().indicator.target.value = 1000;
  offending.lines.back().indicator.year_to_date = YearToDateRule::kLatest;
  return {crime, drugs, communities, offending};
}

struct Node {
  C id;
  int depth;
  int previous, current;
};

// Lines of a crime table; a parent's figures are the sum of its children's, the total the
// sum of the top-level lines.
CategoryTable CrimeTable(const std::string& title, const std::string& total_label, std::vector<Node> nodes) {
  CategoryTable table;
  table.title = title;
  table.previous_label = "July 2017 – September 2017";
  table.current_label = "July 2018 – September 2018";
  for (size_t i = nodes.size(); i-- > 0;) {
    bool has_children = false;
    int prev = 0, cur = 0;
    for (size_t j = i + 1; j < nodes.size() && nodes[j].depth > nodes[i].depth; ++j)
      if (nodes[j].depth == nodes[i].depth + 1) {
        has_children = true;
        prev += nodes[j].previous;
        cur += nodes[j].current;
      }
    if (has_children) nodes[i].previous = prev, nodes[i].current = cur;
  }
  int prev_total = 0, cur_total = 0;
  for (const auto& n : nodes) {
    CategoryLine line;
    line.label = std::string(Category(n.id).name);
    line.category = n.id;
    line.depth = n.depth;
    line.previous = Count(n.previous, kLast);
    line.current = Count(n.current, kNow);
    line.change = ChangeOf(line.previous, line.current, IndicatorUnit::kCount);
    table.lines.push_back(line);
    if (n.depth == 0) prev_total += n.previous, cur_total += n.current;
  }
  CategoryLine total;
  total.label = total_label;
  total.total = true;
  total.previous = Value(prev_total, "sum of the lines above");
  total.current = Value(cur_total, "sum of the lines above");
  total.change = ChangeOf(total.previous, total.current, IndicatorUnit::kCount);
  table.lines.push_back(total);
  return table;
}

const std::vector<Node> kVictimBased = {
    {C::kViolenceAgainstThePerson, 0, 0, 0}, {C::kHomicide, 1, 0, 1}, {C::kDeathOrInjuryByDriving, 1, 0, 0},
    {C::kViolenceWithInjury, 1, 241, 264}, {C::kViolenceWithoutInjury, 1, 282, 351},
    {C::kStalkingAndHarassment, 1, 112, 317}, {C::kSexualOffences, 0, 0, 0}, {C::kRape, 1, 19, 22},
    {C::kOtherSexualOffences, 1, 40, 40}, {C::kRobbery, 0, 0, 0}, {C::kRobberyBusiness, 1, 2, 1},
    {C::kRobberyPersonal, 1, 14, 20}, {C::kAcquisitive, 0, 0, 0}, {C::kBurglaryResidential, 1, 177, 169},
    {C::kBurglaryBusinessAndCommunity, 1, 71, 56}, {C::kBicycleTheft, 1, 44, 53}, {C::kTheftFromThePerson, 1, 21, 23},
    {C::kVehicleCrime, 1, 268, 151}, {C::kShoplifting, 1, 357, 494}, {C::kOtherTheft, 1, 319, 316},
    {C::kCriminalDamageAndArson, 0, 406, 397}};
const std::vector<Node> kSociety = {{C::kPublicDisorder, 0, 112, 187}, {C::kDrugOffences, 0, 0, 0},
                                    {C::kDrugTrafficking, 1, 18, 21},  {C::kDrugPossession, 1, 42, 91},
                                    {C::kPossessionOfWeapons, 0, 18, 12}, {C::kMiscCrimesAgainstSociety, 0, 35, 39}};
const std::vector<Node> kAsb = {{C::kAsbPersonal, 0, 681, 493}, {C::kAsbNuisance, 0, 1259, 1086},
                                {C::kAsbEnvironmental, 0, 27, 34}};

// Populations and households (mid-2018, rounded) of the districts and the force.
const std::map<std::string, std::pair<double, double>> kPopulation = {
    {"E06000001", {92000, 40900}}, {"E06000002", {140500, 57900}}, {"E06000003", {135400, 60500}},
    {"E06000004", {196500, 83300}}, {"E23000013", {564400, 242600}}};
// Each district's counts: Hartlepool's scaled, so that the force is their exact sum.
const double kScale[] = {1.0, 1.9, 1.15, 1.6};

// Each district's count of a table's lines: a leaf is Hartlepool's scaled, a parent the sum
// of its children, so that every parent, subtotal and force figure is an exact sum.
std::vector<std::vector<double>> DistrictCounts(const std::vector<const CategoryLine*>& lines) {
  std::vector<std::vector<double>> counts(lines.size(), std::vector<double>(4, 0));
  for (size_t i = lines.size(); i-- > 0;) {
    bool children = false;
    for (size_t j = i + 1; j < lines.size() && lines[j]->depth > lines[i]->depth; ++j)
      if (lines[j]->depth == lines[i]->depth + 1) {
        children = true;
        for (size_t c = 0; c < 4; ++c) counts[i][c] += counts[j][c];
      }
    if (!children)
      for (size_t c = 0; c < 4; ++c) counts[i][c] = std::round(*lines[i]->current.value * kScale[c]);
  }
  return counts;
}

DistrictTable Districts(const std::string& title, const std::vector<CategoryTable>& tables,
                        const std::vector<C>& subtotals, C total, const std::string& total_label,
                        bool redcar_rates_missing) {
  DistrictTable d;
  d.title = title;
  d.columns = {kHartlepool, kMiddlesbrough, kRedcar, kStockton, kCleveland};
  auto add_row = [&](const std::string& label, C cat, std::vector<double> counts) {
    d.row_labels.push_back(label);
    d.row_categories.push_back(cat);
    bool households = cat == C::kBurglaryResidential;
    d.rate_bases.push_back(households ? "households" : "population");
    counts.push_back(counts[0] + counts[1] + counts[2] + counts[3]);
    std::vector<Figure> count_row, rate_row;
    for (size_t i = 0; i < d.columns.size(); ++i) {
      count_row.push_back(Value(counts[i], "police.uk incidents; " + d.columns[i].name + "; " + kNow));
      auto [pop, hh] = kPopulation.at(d.columns[i].code);
      double base = households ? hh : pop;
      if (redcar_rates_missing && d.columns[i].code == kRedcar.code) {
        rate_row.push_back(Missing("no population for mid-2018"));
        continue;
      }
      Figure rate = Value(counts[i] / base * 1000, fmt::format("per 1,000 {} (mid-2018 {:.0f})",
                                                               households ? "households" : "population", base));
      rate.numerator = counts[i];
      rate.denominator = base;
      rate_row.push_back(rate);
    }
    d.counts.push_back(count_row);
    d.rates.push_back(rate_row);
  };
  std::vector<double> grand(4, 0);
  for (size_t t = 0; t < tables.size(); ++t) {
    std::vector<const CategoryLine*> lines;
    for (const auto& line : tables[t].lines)
      if (!line.total) lines.push_back(&line);
    auto counts = DistrictCounts(lines);
    std::vector<double> sub(4, 0);
    for (size_t i = 0; i < lines.size(); ++i) {
      add_row(lines[i]->label, *lines[i]->category, counts[i]);
      if (lines[i]->depth == 0)
        for (size_t c = 0; c < 4; ++c) sub[c] += counts[i][c];
    }
    if (t < subtotals.size()) add_row(std::string(Category(subtotals[t]).name), subtotals[t], sub);
    for (size_t c = 0; c < 4; ++c) grand[c] += sub[c];
  }
  add_row(total_label, total, grand);
  return d;
}

PerformancePack RealisticPack() {
  PerformancePack pack;
  pack.plan_title = "Safer Hartlepool Partnership – Community Safety Plan 2017–20";
  pack.area = kHartlepool;
  pack.period.current = {Month(2018, 7), Month(2018, 9)};
  pack.period.previous = {Month(2017, 7), Month(2017, 9)};
  pack.period.year_to_date = {Month(2018, 4), Month(2018, 9)};
  pack.period.baseline = {Month(2017, 4), Month(2018, 3)};
  pack.period.label = "Quarter 2 2018/19 (July – September 2018)";
  pack.objectives = Objectives();
  CategoryTable victim = CrimeTable("Victim-based crime", "Total victim-based crime", kVictimBased);
  CategoryTable society = CrimeTable("Other crimes against society", "Total other crimes against society", kSociety);
  CategoryTable all;
  all.title = "All recorded crime";
  all.previous_label = victim.previous_label;
  all.current_label = victim.current_label;
  for (const auto* part : {&victim, &society}) {
    CategoryLine line = part->lines.back();
    line.total = false;
    line.label = part->title;
    all.lines.push_back(line);
  }
  CategoryLine total;
  total.label = "Total recorded crime";
  total.total = true;
  total.previous = Value(*all.lines[0].previous.value + *all.lines[1].previous.value, "sum of the lines above");
  total.current = Value(*all.lines[0].current.value + *all.lines[1].current.value, "sum of the lines above");
  total.change = ChangeOf(total.previous, total.current, IndicatorUnit::kCount);
  all.lines.push_back(total);
  pack.crime = {victim, society, all};
  pack.crime_districts = Districts("Recorded crime by district, July 2018 – September 2018", {victim, society},
                                   {C::kVictimBased, C::kOtherCrimesAgainstSociety}, C::kAllCrime,
                                   "Total recorded crime", false);
  pack.asb = CrimeTable("Anti-social behaviour in Hartlepool", "Total", kAsb);
  pack.asb_districts = Districts("Anti-social behaviour by district, July 2018 – September 2018", {pack.asb}, {},
                                 C::kAntiSocialBehaviour, "Total", true);
  pack.status_rule =
      "Counts: Green when the change is in the direction the target wants and unlikely to be chance (p < 0.05), "
      "Red when it is the other way and unlikely to be chance, Amber otherwise.";
  pack.notes = {"Police data: force extract for Cleveland Police, 30 months held from 2016-04 to 2018-09 (imports #1, #2). "
                "Months not held are shown as missing, never as zero.",
                "Supplied value missing this period — Repeat Cases of Domestic Violence – MARAC: Awaiting info"};
  return pack;
}

// A pack whose every string tries to break out of its context.
PerformancePack HostilePack() {
  PerformancePack pack = RealisticPack();
  pack.plan_title = "Plan <b>bold</b> & \"quoted\"";
  pack.area.name = "</style><script>alert('area')</script>";
  pack.period.label = "Q2 \"2018/19\", <i>July</i>";
  pack.objectives[0].objective = "Objective <script>alert(1)</script>, with a comma";
  pack.objectives[0].lines[0].indicator.name = "<script>alert(\"x\")</script> & \"Co\", Ltd";
  pack.objectives[0].lines[0].indicator.definition = "Counts <img src=x onerror=alert(2)>";
  pack.objectives[0].lines[0].this_period.provenance = "\"><script>alert(3)</script>";
  pack.objectives[0].lines[0].status_reason = "reason with\nnew line and \u0007 bell";
  pack.crime[0].lines[1].label = "Homicide <iframe src=\"https://evil.example\">";
  pack.notes.push_back("<a href=\"http://evil.example\">click</a>");
  return pack;
}

// ---- Reading the outputs back -----------------------------------------------------------

std::string Slurp(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

// Runs a command line made only of paths this test created; returns its stdout.
std::string RunCommand(const std::string& command, int* exit_code = nullptr) {
  std::string out;
  FILE* pipe = ::popen(command.c_str(), "r");
  if (!pipe) return out;
  char buf[4096];
  size_t n;
  while ((n = fread(buf, 1, sizeof buf, pipe)) > 0) out.append(buf, n);
  int status = ::pclose(pipe);
  if (exit_code) *exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return out;
}

std::vector<std::string> Split(const std::string& s, char sep) {
  std::vector<std::string> parts;
  std::string cur;
  for (char c : s) {
    if (c == sep) parts.push_back(std::exchange(cur, {}));
    else cur += c;
  }
  parts.push_back(cur);
  return parts;
}

// Python's html.parser turns each table into rows of cell texts (rowspan and colspan
// expanded); a sparkline cell reads "svg:<polylines>:<circles> <title text>". It also
// lists every element that could fetch something and any stray end tag.
constexpr const char* kHtmlReader = R"py(
import sys
from html.parser import HTMLParser

class P(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tables, self.stack, self.title, self.in_title = [], [], '', False
        self.cell = None
        self.fetchers = []
        self.open = []
    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs, closed=True)
    def handle_starttag(self, tag, attrs, closed=False):
        a = dict(attrs)
        if self.cell is not None and tag in ('span', 'small', 'title'): self.cell['text'] += ' '
        if closed and tag in ('polyline', 'circle') and self.cell is not None: self.cell[tag[:4]] += 1
        if closed: return
        if tag not in ('meta', 'col', 'br', 'line', 'polyline', 'circle', 'img', 'link', 'input'):
            self.open.append(tag)
        if tag in ('script', 'img', 'iframe', 'link', 'object', 'embed', 'audio', 'video', 'source') or 'src' in a or 'href' in a:
            self.fetchers.append(tag)
        if tag == 'title' and self.cell is None: self.in_title = True
        if tag == 'table': self.stack.append({'rows': [], 'spans': {}, 'cls': a.get('class', '')})
        elif tag == 'tr' and self.stack: self.stack[-1]['rows'].append({'cls': a.get('class') or '-', 'cells': []})
        elif tag in ('td', 'th') and self.stack:
            self.cell = {'text': '', 'rowspan': int(a.get('rowspan', 1)), 'colspan': int(a.get('colspan', 1)), 'poly': 0, 'circ': 0, 'svg': False}
        elif tag == 'svg' and self.cell is not None: self.cell['svg'] = True
    def handle_endtag(self, tag):
        if self.open and self.open[-1] == tag: self.open.pop()
        elif tag not in ('p', 'li', 'dd', 'dt'): print('STRAY\t' + tag)
        if tag == 'title': self.in_title = False
        if tag in ('td', 'th') and self.cell is not None and self.stack:
            c = self.cell
            text = ' '.join(c['text'].split())
            if c['svg']: text = 'svg:%d:%d %s' % (c['poly'], c['circ'], text)
            row = self.stack[-1]['rows'][-1]
            row['cells'].append((text, c['rowspan'], c['colspan']))
            self.cell = None
        elif tag == 'table' and self.stack:
            t = self.stack.pop()
            grid, pending = [], {}
            for r in t['rows']:
                out, col, it = [], 0, iter(r['cells'])
                while True:
                    if col in pending and pending[col][1] > 0:
                        out.append(pending[col][0]); pending[col][1] -= 1; col += 1; continue
                    c = next(it, None)
                    if c is None: break
                    text, rs, cs = c
                    for k in range(cs):
                        out.append(text)
                        if rs > 1: pending[col] = [text, rs - 1]
                        col += 1
                while col in pending and pending[col][1] > 0:
                    out.append(pending[col][0]); pending[col][1] -= 1; col += 1
                grid.append((r['cls'], out))
            self.tables.append((t['cls'], grid))
    def handle_data(self, data):
        if self.cell is not None: self.cell['text'] += data
        elif self.in_title: self.title += data

p = P()
p.feed(open(sys.argv[1], encoding='utf-8').read())
p.close()
print('TITLE\t' + ' '.join(p.title.split()))
for f in p.fetchers: print('FETCH\t' + f)
for t in p.open: print('UNCLOSED\t' + t)
for cls, grid in p.tables:
    print('TABLE\t' + cls)
    for rcls, cells in grid:
        print('ROW\t' + rcls + '\t' + '\t'.join(x.replace('\t', ' ') for x in cells))
)py";

struct HtmlRow {
  std::string cls;
  std::vector<std::string> cells;
};
struct HtmlTable {
  std::string cls;
  std::vector<HtmlRow> rows;
  // The first row whose first cell starts with `label`.
  const HtmlRow* Row(std::string_view label) const {
    for (const auto& r : rows)
      if (!r.cells.empty() && r.cells[0].rfind(label, 0) == 0) return &r;
    return nullptr;
  }
};
struct ParsedHtml {
  std::string title;
  std::vector<std::string> fetchers, unclosed, stray;
  std::vector<HtmlTable> tables;
  const HtmlRow* Row(std::string_view table_class, std::string_view label, int nth_table = 0) const {
    for (const auto& t : tables)
      if (t.cls == table_class && nth_table-- == 0) return t.Row(label);
    return nullptr;
  }
};

// ---- Fixture ----------------------------------------------------------------------------

class PackWriterTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("safer-pack-writers-" + std::to_string(::getpid()) + "-" +
                                        ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override {
    if (!HasFailure()) fs::remove_all(dir_);
  }

  ParsedHtml ParseHtml(const fs::path& html) {
    std::ofstream(dir_ / "read_html.py") << kHtmlReader;
    int code = 0;
    std::string out = RunCommand("/usr/bin/python3 " + (dir_ / "read_html.py").string() + " " + html.string(), &code);
    EXPECT_EQ(code, 0) << out;
    ParsedHtml parsed;
    for (const auto& line : Split(out, '\n')) {
      auto f = Split(line, '\t');
      if (f[0] == "TITLE") parsed.title = f[1];
      else if (f[0] == "FETCH") parsed.fetchers.push_back(f[1]);
      else if (f[0] == "UNCLOSED") parsed.unclosed.push_back(f[1]);
      else if (f[0] == "STRAY") parsed.stray.push_back(f[1]);
      else if (f[0] == "TABLE") parsed.tables.push_back({f[1], {}});
      else if (f[0] == "ROW") parsed.tables.back().rows.push_back({f[1], {f.begin() + 2, f.end()}});
    }
    return parsed;
  }

  fs::path dir_;
};

using PackWriterFormat = PackWriterTest;
using PackWriterHtml = PackWriterTest;
using PackWriterXlsx = PackWriterTest;
using PackWriterCsv = PackWriterTest;
using PackWriterPdf = PackWriterTest;

// ---- Formatting -------------------------------------------------------------------------

TEST_F(PackWriterFormat, NumbersReadAsInTheSeeds) {
  using namespace report;
  EXPECT_EQ(FormatNumber(10769, 0), "10,769");
  EXPECT_EQ(FormatNumber(1234567.26, 1), "1,234,567.3");
  EXPECT_EQ(FormatNumber(-0.04, 1), "0.0");
  EXPECT_EQ(FormatNumber(-117, 0), "-117");
  EXPECT_EQ(FormatNumber(999, 0), "999");
  EXPECT_EQ(FormatValue(6.1, IndicatorUnit::kPercentage), "6.1%");
  EXPECT_EQ(FormatValue(44.0 / 39, IndicatorUnit::kRatio), "1.13");
  EXPECT_EQ(FormatValue(4.1320, IndicatorUnit::kPer1000Households), "4.1");
  EXPECT_EQ(FormatDifference(0.8, IndicatorUnit::kPercentage, true), "+0.8 pts");
  EXPECT_EQ(FormatDifference(-8, IndicatorUnit::kCount, false), "-8");
  EXPECT_EQ(FormatDifference(0, IndicatorUnit::kCount, false), "0");
  EXPECT_EQ(FormatPercentChange(16.4356), "+16.4%");
  EXPECT_EQ(FormatPercentChange(-100), "-100.0%");
  EXPECT_EQ(FormatPValue(0.0312), "p = 0.031");
  EXPECT_EQ(FormatPValue(1e-8), "p < 0.001");
  Target tbc;
  tbc.relative_change = 0.03;
  tbc.provisional = true;
  EXPECT_EQ(TargetText(tbc, IndicatorUnit::kCount), "3% increase (provisional)");
  tbc.text = "3% increase (TBC)";
  EXPECT_EQ(TargetText(tbc, IndicatorUnit::kCount), "3% increase (TBC)");
}

TEST_F(PackWriterFormat, PeriodsAndRowShapes) {
  using namespace report;
  EXPECT_EQ(MonthRangeLabel({Month(2018, 7), Month(2018, 9)}), "Jul – Sep 2018");
  EXPECT_EQ(MonthRangeLabel({Month(2017, 11), Month(2018, 1)}), "Nov 2017 – Jan 2018");
  EXPECT_EQ(YearLabel({Month(2017, 4), Month(2018, 3)}), "2017/18");
  EXPECT_EQ(PeriodNoun({Month(2018, 7), Month(2018, 9)}), "quarter");
  EXPECT_EQ(PeriodNoun({Month(2018, 8), Month(2018, 10)}), "period");
  EXPECT_EQ(MonthRangeCode(*TrendPeriod("2018/19-Q4")), "2019-01..2019-03");
  EXPECT_EQ(MonthRangeCode(*TrendPeriod("2018-08..2018-10")), "2018-08..2018-10");
  EXPECT_EQ(TrendLabel("2016/17-Q3"), "Q3 2016/17");

  // Seed shape (parents above children, a total without a category) and the shape with
  // subtotals below their lines: both read right.
  PerformancePack pack = RealisticPack();
  auto shapes = DistrictRowShapes(pack.crime_districts);
  const auto& labels = pack.crime_districts.row_labels;
  auto at = [&](std::string_view label) {
    return shapes[std::find(labels.begin(), labels.end(), label) - labels.begin()];
  };
  EXPECT_TRUE(at("Violence against the person").parent);
  EXPECT_EQ(at("Homicide").depth, 1);
  EXPECT_FALSE(at("Homicide").total);
  EXPECT_TRUE(at("Victim-based crime").total);
  EXPECT_EQ(at("Public disorder").depth, 0);
  EXPECT_TRUE(at("Total recorded crime").total);
  EXPECT_EQ(CountNoun(pack.asb_districts), "Incidents");
  EXPECT_EQ(CountNoun(pack.crime_districts), "Crimes");
}

// ---- HTML -------------------------------------------------------------------------------

TEST_F(PackWriterHtml, TablesReadBackWithEveryFigureLabelled) {
  PerformancePack pack = RealisticPack();
  fs::path path = dir_ / "pack.html";
  ASSERT_TRUE(WritePackHtml(pack, path.string()).ok());
  std::string raw = Slurp(path);
  ParsedHtml html = ParseHtml(path);

  // Self-contained: nothing that could fetch, no URL at all, well-formed.
  EXPECT_EQ(raw.find("http://"), std::string::npos);
  EXPECT_EQ(raw.find("https://"), std::string::npos);
  EXPECT_EQ(raw.find("url("), std::string::npos);
  EXPECT_EQ(raw.find("@import"), std::string::npos);
  EXPECT_TRUE(html.fetchers.empty()) << html.fetchers[0];
  EXPECT_TRUE(html.unclosed.empty()) << html.unclosed.size() << " unclosed, first " << html.unclosed[0];
  EXPECT_TRUE(html.stray.empty()) << html.stray[0];
  EXPECT_NE(raw.find("Content-Security-Policy\" content=\"default-src 'none'"), std::string::npos);
  // Print rules: A4, page numbers, a page break between sections, headers repeated.
  EXPECT_NE(raw.find("size: A4 landscape"), std::string::npos);
  EXPECT_NE(raw.find("counter(page)"), std::string::npos);
  EXPECT_NE(raw.find("break-before: page"), std::string::npos);
  EXPECT_NE(raw.find("thead { display: table-header-group; }"), std::string::npos);

  EXPECT_EQ(html.title, "Community safety performance: Hartlepool, Quarter 2 2018/19 (July – September 2018)");
  ASSERT_GE(html.tables.size(), 4u + 3 + 1 + 1 + 1 + 1);

  // The indicator table's columns, with their periods.
  const HtmlTable& first = html.tables[0];
  ASSERT_EQ(first.cls, "indicators");
  const std::vector<std::string> header = {"Indicator", "Baseline (previous FY) 2017/18", "Target 2018/19",
                                           "Same quarter last year Jul – Sep 2017", "This quarter Jul – Sep 2018",
                                           "Year to date Apr – Sep 2018", "Difference", "% difference", "Status",
                                           "Trend Q3 2016/17 to Q2 2018/19"};
  EXPECT_EQ(first.rows[0].cells, header);

  // A count: thousands separators, a signed difference, a significant change marked.
  const HtmlRow* all = html.Row("indicators", "All Recorded Crime");
  ASSERT_TRUE(all);
  EXPECT_EQ(all->cells[0], "All Recorded Crime Definition of All Recorded Crime");
  EXPECT_EQ(std::vector<std::string>(all->cells.begin() + 1, all->cells.begin() + 7),
            (std::vector<std::string>{"10,769", "Reduce", "2,598", "3,025", "5,828", "+427"}));
  EXPECT_EQ(all->cells[7], "+16.4% †");
  EXPECT_EQ(all->cells[8], "Red worse, unlikely to be chance (p = 2.3e-08)");
  EXPECT_EQ(all->cells[9].rfind("svg:1:1 Q3 2016/17: 2,410; ", 0), 0u) << all->cells[9];
  EXPECT_NE(raw.find("title=\"p &lt; 0.001 — change unlikely to be chance, p &lt; 0.05\">+16.4%"), std::string::npos);
  // Not significant: no marker, the p value still on hover.
  const HtmlRow* burglary = html.Row("indicators", "Residential Burglary");
  EXPECT_EQ(burglary->cells[7], "-4.5%");
  EXPECT_EQ(burglary->cells[8], "Amber no change beyond chance (p = 0.71)");
  EXPECT_NE(raw.find("title=\"p = 0.707 — could be chance\">-4.5%"), std::string::npos);
  EXPECT_NE(raw.find("&dagger;</span> change unlikely to be chance, p &lt; 0.05"), std::string::npos);

  // Missing is said in words, never 0 or blank; its sparkline breaks at the gaps.
  const HtmlRow* marac = html.Row("indicators", "Repeat Cases of Domestic Violence");
  ASSERT_TRUE(marac);
  EXPECT_EQ(marac->cells[1], "33.3%");
  EXPECT_EQ(marac->cells[3], "27.0%");
  EXPECT_EQ(marac->cells[4], "Awaiting info");
  EXPECT_EQ(marac->cells[5], "Awaiting info for 2018-07..2018-09");
  EXPECT_EQ(marac->cells[6], "Not available");
  EXPECT_EQ(marac->cells[7], "Not available");
  EXPECT_EQ(marac->cells[8], "Not rated no comparison with last year");
  EXPECT_EQ(marac->cells[9].rfind("svg:2:0 ", 0), 0u) << marac->cells[9];
  EXPECT_NE(marac->cells[9].find("Q1 2017/18: Awaiting info"), std::string::npos);
  const HtmlRow* harm = html.Row("indicators", "Rate of alcohol related harm", 1);
  ASSERT_TRUE(harm);
  for (int c : {1, 3, 4, 5}) EXPECT_EQ(harm->cells[c], "Data unavailable");
  EXPECT_EQ(harm->cells[9], "No trend figures");

  // A percentage: the difference in points, with numerator and denominator.
  const HtmlRow* completions = html.Row("indicators", "Proportion of substance misusers", 1);
  ASSERT_TRUE(completions);
  EXPECT_EQ(completions->cells[2], "12% (TBC)");
  EXPECT_EQ(completions->cells[4], "6.1% 39 of 638");
  EXPECT_EQ(completions->cells[6], "+0.8 pts");
  EXPECT_EQ(completions->cells[7], "+15.1%");
  // A zero base: n/a, not +∞ or 100%.
  const HtmlRow* alcohol = html.Row("indicators", "Number of young people found in possession", 1);
  EXPECT_EQ(alcohol->cells[6], "+3");
  EXPECT_EQ(alcohol->cells[7], "n/a");
  EXPECT_NE(raw.find("title=\"n/a: % change from a zero base; p = 0.250 — could be chance\">n/a"), std::string::npos);
  // A ratio with its parts.
  const HtmlRow* ratio = html.Row("indicators", "Re-offences per re-offender", 3);
  ASSERT_TRUE(ratio);
  EXPECT_EQ(ratio->cells[4], "1.13 44 / 39");
  EXPECT_EQ(ratio->cells[6], "-0.12");

  // No figure cell anywhere is blank.
  for (const auto& t : html.tables)
    for (const auto& r : t.rows)
      for (size_t c = 0; c < r.cells.size(); ++c)
        EXPECT_FALSE(r.cells[c].empty()) << t.cls << " row " << r.cells[0] << " column " << c;

  // The crime tree: children indented, parents and totals bold, zero base n/a.
  const HtmlRow* vap = html.Row("categories", "Violence against the person");
  ASSERT_TRUE(vap);
  EXPECT_EQ(vap->cls, "parent");
  EXPECT_EQ(vap->cells, (std::vector<std::string>{"Violence against the person", "635", "933", "+298", "+46.9% †"}));
  const HtmlRow* homicide = html.Row("categories", "Homicide");
  EXPECT_EQ(homicide->cls, "d1");
  EXPECT_EQ(homicide->cells, (std::vector<std::string>{"Homicide", "0", "1", "+1", "n/a"}));
  const HtmlRow* victim_total = html.Row("categories", "Total victim-based crime");
  EXPECT_EQ(victim_total->cls, "total");
  EXPECT_EQ(victim_total->cells[1], "2,373");
  EXPECT_EQ(victim_total->cells[2], "2,675");
  const HtmlRow* everything = html.Row("categories", "Total recorded crime", 2);
  ASSERT_TRUE(everything);
  EXPECT_EQ(everything->cells, (std::vector<std::string>{"Total recorded crime", "2,598", "3,025", "+427", "+16.4% †"}));

  // Districts side by side, per 1,000; residential burglary per 1,000 households.
  const HtmlTable* districts = nullptr;
  for (const auto& t : html.tables)
    if (t.cls == "districts") {
      districts = &t;
      break;
    }
  ASSERT_TRUE(districts);
  EXPECT_EQ(districts->rows[0].cells,
            (std::vector<std::string>{"Crime category / type", "Hartlepool", "Hartlepool", "Middlesbrough",
                                      "Middlesbrough", "Redcar and Cleveland", "Redcar and Cleveland",
                                      "Stockton-on-Tees", "Stockton-on-Tees", "Cleveland Police", "Cleveland Police"}));
  EXPECT_EQ(districts->rows[1].cells[1], "Crimes");
  EXPECT_EQ(districts->rows[1].cells[2], "Per 1,000 pop.");
  const HtmlRow* res = districts->Row("Burglary - residential");
  ASSERT_TRUE(res) << "no residential burglary row";
  EXPECT_EQ(res->cells[0], "Burglary - residential rate per 1,000 households");
  EXPECT_EQ(res->cells[1], "169");
  EXPECT_EQ(res->cells[2], fmt::format("{:.1f}", 169 / 40.9));
  double force_res = 169 + std::round(169 * 1.9) + std::round(169 * 1.15) + std::round(169 * 1.6);
  EXPECT_EQ(res->cells[9], report::FormatNumber(force_res, 0));
  EXPECT_EQ(res->cells[10], fmt::format("{:.1f}", force_res / 242.6));
  EXPECT_EQ(districts->Row("Total recorded crime")->cls, "total");
  EXPECT_EQ(districts->Row("Total recorded crime")->cells[1], "3,025");
  EXPECT_EQ(districts->Row("Homicide")->cls, "d1");

  // ASB, and a column of rates missing for one reason said once.
  const HtmlRow* personal = html.Row("categories", "ASB - personal", 3);
  ASSERT_TRUE(personal);
  EXPECT_EQ(personal->cells, (std::vector<std::string>{"ASB - personal (AS21)", "681", "493", "-188", "-27.6% †"}));
  const HtmlTable& asb_districts = html.tables.back().cls == "definitions" ? html.tables[html.tables.size() - 2]
                                                                           : html.tables.back();
  ASSERT_EQ(asb_districts.cls, "districts");
  EXPECT_EQ(asb_districts.rows[1].cells[1], "Incidents");
  for (size_t r = 2; r < asb_districts.rows.size(); ++r)
    EXPECT_EQ(asb_districts.rows[r].cells[6], "no population for mid-2018");
  EXPECT_EQ(asb_districts.Row("Total")->cells[1], "1,613");

  // Notes on the data, and the rule behind every status.
  EXPECT_NE(raw.find("<h2>5. Notes on the data</h2>"), std::string::npos);
  EXPECT_NE(raw.find("never as zero"), std::string::npos);
  EXPECT_NE(raw.find("Amber otherwise"), std::string::npos);
}

TEST_F(PackWriterHtml, EscapesEveryString) {
  PerformancePack pack = HostilePack();
  fs::path path = dir_ / "pack.html";
  ASSERT_TRUE(WritePackHtml(pack, path.string()).ok());
  std::string raw = Slurp(path);
  ParsedHtml html = ParseHtml(path);
  EXPECT_EQ(raw.find("<script"), std::string::npos);
  EXPECT_EQ(raw.find("<img"), std::string::npos);
  EXPECT_EQ(raw.find("<iframe"), std::string::npos);
  EXPECT_EQ(raw.find("<a "), std::string::npos);
  EXPECT_EQ(raw.find("</style><"), std::string::npos);
  EXPECT_EQ(raw.find("<b>"), std::string::npos);
  // A URL in a label is text, not a reference: nothing fetches it.
  EXPECT_TRUE(html.fetchers.empty()) << html.fetchers[0];
  EXPECT_TRUE(html.unclosed.empty()) << html.unclosed[0];
  // Only one <style> element, closed once: the area name in the CSS footer is hex-escaped.
  EXPECT_EQ(raw.find("</style>"), raw.rfind("</style>"));
  EXPECT_NE(raw.find("\\3c \\2f style\\3e "), std::string::npos);
  // The text reads back exactly as given.
  const HtmlRow* row = html.Row("indicators", "<script>");
  ASSERT_TRUE(row);
  EXPECT_EQ(row->cells[0], "<script>alert(\"x\")</script> & \"Co\", Ltd Counts <img src=x onerror=alert(2)>");
  EXPECT_NE(html.title.find("</style><script>alert('area')</script>"), std::string::npos);
  EXPECT_TRUE(html.Row("categories", "Homicide <iframe src=\"https://evil.example\">"));
}

// ---- XLSX -------------------------------------------------------------------------------

// openpyxl lists every sheet (name, frozen panes, column A's width) and every non-empty
// cell (type, value, number format, comment, bold, fill).
constexpr const char* kXlsxReader = R"py(
import sys
from openpyxl import load_workbook
wb = load_workbook(sys.argv[1])
def clean(s): return str(s).replace('\t', ' ').replace('\n', ' ')
for ws in wb.worksheets:
    print('SHEET\t%s\t%s\t%s' % (ws.title, ws.freeze_panes, ws.column_dimensions['A'].width))
    for row in ws.iter_rows():
        for c in row:
            if c.value is None: continue
            kind = 'n' if isinstance(c.value, (int, float)) and not isinstance(c.value, bool) else 's'
            value = repr(float(c.value)) if kind == 'n' else clean(c.value)
            comment = clean(c.comment.text) if c.comment else ''
            fill = c.fill.fgColor.rgb if c.fill and c.fill.fill_type == 'solid' else ''
            print('CELL\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s' % (ws.title, c.coordinate, kind, value, c.number_format, comment, 'B' if c.font.b else '', fill))
)py";

struct XlsxCell {
  char kind = 0;
  std::string value, format, comment, fill;
  bool bold = false;
  double number() const { return std::stod(value); }
};
struct XlsxSheet {
  std::string freeze;
  double width_a = 0;
  std::map<std::string, XlsxCell> cells;
};

TEST_F(PackWriterXlsx, WorkbookReadsBackWithNumbersAndFormats) {
  PerformancePack pack = RealisticPack();
  fs::path path = dir_ / "pack.xlsx";
  Status st = WritePackXlsx(pack, path.string());
  ASSERT_TRUE(st.ok()) << st.message();
  std::ofstream(dir_ / "read_xlsx.py") << kXlsxReader;
  int code = 0;
  std::string out = RunCommand("/usr/bin/python3 " + (dir_ / "read_xlsx.py").string() + " " + path.string() + " 2>&1", &code);
  ASSERT_EQ(code, 0) << out;
  std::vector<std::string> names;
  std::map<std::string, XlsxSheet> sheets;
  for (const auto& line : Split(out, '\n')) {
    auto f = Split(line, '\t');
    if (f[0] == "SHEET") {
      names.push_back(f[1]);
      sheets[f[1]].freeze = f[2];
      sheets[f[1]].width_a = std::stod(f[3]);
    } else if (f[0] == "CELL") {
      ASSERT_EQ(f.size(), 9u) << line;
      sheets[f[1]].cells[f[2]] = {f[3][0], f[4], f[5], f[6], f[8], f[7] == "B"};
    }
  }
  const std::vector<std::string> expected = {"1. Reduce Crime & Repeat Victim", "2. Reduce the harm caused by Dr",
                                             "3. Create Confident, Cohesive a", "4. Reduce Offending & Re-Offend",
                                             "Victim-based crime", "Other crimes against society", "All recorded crime",
                                             "Crime by district", "Anti-social behaviour in Hartle", "ASB by district",
                                             "Notes"};
  EXPECT_EQ(names, expected);

  // An objective: header frozen (and the indicator column), numbers with formats.
  XlsxSheet& crime = sheets["1. Reduce Crime & Repeat Victim"];
  EXPECT_EQ(crime.freeze, "B5");
  EXPECT_GT(crime.width_a, 40);
  EXPECT_EQ(crime.cells["A1"].value, "Strategic objective 1: Reduce Crime & Repeat Victimisation");
  EXPECT_EQ(crime.cells["A4"].value, "Indicator");
  EXPECT_EQ(crime.cells["F4"].value, "This quarter Jul – Sep 2018");
  EXPECT_EQ(crime.cells["O4"].value, "Trend Q3 2016/17");
  EXPECT_EQ(crime.cells["A5"].value, "All Recorded Crime");
  EXPECT_EQ(crime.cells["C5"].kind, 'n');
  EXPECT_EQ(crime.cells["C5"].number(), 10769);
  EXPECT_EQ(crime.cells["C5"].format, "#,##0");
  EXPECT_EQ(crime.cells["D5"].value, "Reduce");
  EXPECT_EQ(crime.cells["F5"].number(), 3025);
  EXPECT_EQ(crime.cells["F5"].comment, "police.uk incidents; Hartlepool; 2018-07..2018-09");
  EXPECT_EQ(crime.cells["H5"].number(), 427);
  EXPECT_EQ(crime.cells["H5"].format, "+#,##0;-#,##0;0");
  EXPECT_NEAR(crime.cells["I5"].number(), 427.0 / 2598, 1e-12);
  EXPECT_EQ(crime.cells["I5"].format, "+0.0%;-0.0%;0.0%");
  EXPECT_EQ(crime.cells["J5"].kind, 'n');
  EXPECT_LT(crime.cells["J5"].number(), 0.001);
  EXPECT_EQ(crime.cells["K5"].value, "Yes");
  EXPECT_EQ(crime.cells["L5"].value, "Red");
  EXPECT_EQ(crime.cells["L5"].fill, "FFFFC7CE");
  EXPECT_EQ(crime.cells["V5"].number(), 3025);  // the last trend quarter
  // MARAC (row 10): a percentage stored as a fraction; missing values are their reason.
  EXPECT_NEAR(crime.cells["C10"].number(), 0.3325, 1e-12);
  EXPECT_EQ(crime.cells["C10"].format, "0.0%");
  EXPECT_EQ(crime.cells["F10"].kind, 's');
  EXPECT_EQ(crime.cells["F10"].value, "Awaiting info");
  EXPECT_EQ(crime.cells["H10"].value, "Not available");
  EXPECT_EQ(crime.cells["H10"].comment, "Not available: no figure this period (Awaiting info)");
  EXPECT_EQ(crime.cells["L10"].value, "Not rated");
  EXPECT_EQ(crime.cells["Q10"].value, "Awaiting info");  // a gap in the trend

  // Percentage points, and a zero base.
  XlsxSheet& drugs = sheets["2. Reduce the harm caused by Dr"];
  EXPECT_EQ(drugs.cells["A6"].value, "Proportion of substance misusers that successfully complete treatment – Opiate");
  EXPECT_NEAR(drugs.cells["F6"].number(), 0.061, 1e-12);
  EXPECT_EQ(drugs.cells["F6"].format, "0.0%");
  EXPECT_EQ(drugs.cells["F6"].comment, "39 of 638 supplied value; Hartlepool; 2018-07..2018-09");
  EXPECT_NEAR(drugs.cells["H6"].number(), 0.8, 1e-9);
  EXPECT_EQ(drugs.cells["H6"].format, "+0.0\" pts\";-0.0\" pts\";0.0\" pts\"");
  EXPECT_EQ(drugs.cells["F7"].value, "Data unavailable");
  EXPECT_EQ(drugs.cells["I8"].value, "n/a");
  EXPECT_EQ(drugs.cells["H8"].number(), 3);

  // The crime tree: indented children, bold totals.
  XlsxSheet& victim = sheets["Victim-based crime"];
  EXPECT_EQ(victim.freeze, "B5");
  EXPECT_EQ(victim.cells["A5"].value, "Violence against the person");
  EXPECT_TRUE(victim.cells["A5"].bold);
  EXPECT_EQ(victim.cells["A6"].value, "Homicide");
  EXPECT_FALSE(victim.cells["A6"].bold);
  EXPECT_EQ(victim.cells["C6"].number(), 1);
  EXPECT_EQ(victim.cells["E6"].value, "n/a");
  EXPECT_EQ(victim.cells["H6"].value, "homicide");
  EXPECT_EQ(victim.cells["A26"].value, "Total victim-based crime");
  EXPECT_TRUE(victim.cells["C26"].bold);
  EXPECT_EQ(victim.cells["C26"].number(), 2675);

  // Districts: counts and rates in pairs, header two rows deep.
  XlsxSheet& districts = sheets["Crime by district"];
  EXPECT_EQ(districts.freeze, "B6");
  EXPECT_EQ(districts.cells["B4"].value, "Hartlepool");
  EXPECT_EQ(districts.cells["J4"].value, "Cleveland Police");
  EXPECT_EQ(districts.cells["B5"].value, "Crimes");
  EXPECT_EQ(districts.cells["C5"].value, "Per 1,000");
  EXPECT_EQ(districts.cells["A19"].value, "Burglary - residential");
  EXPECT_EQ(districts.cells["B19"].number(), 169);
  EXPECT_NEAR(districts.cells["C19"].number(), 169 / 40.9, 1e-9);
  EXPECT_EQ(districts.cells["C19"].format, "#,##0.0");
  EXPECT_EQ(districts.cells["L19"].value, "households");
  XlsxSheet& asb = sheets["ASB by district"];
  EXPECT_EQ(asb.cells["B5"].value, "Incidents");
  EXPECT_EQ(asb.cells["G6"].value, "no population for mid-2018");

  // Notes: the status rule, the notes, how figures are stored.
  XlsxSheet& notes = sheets["Notes"];
  EXPECT_EQ(notes.cells["A1"].value, "Notes on the data");
  bool stored = false;
  for (const auto& [ref, cell] : notes.cells) stored |= cell.value.find("stored as fractions of 1") != std::string::npos;
  EXPECT_TRUE(stored);
}

TEST_F(PackWriterXlsx, HostileNamesMakeValidSheets) {
  PerformancePack pack = HostilePack();
  pack.objectives[1].objective = "a/b:c*d?e[f]g\\h " + std::string(40, 'x');
  pack.crime[1].title = "VICTIM-based crime";  // the same sheet name to Excel, which ignores case
  fs::path path = dir_ / "pack.xlsx";
  Status st = WritePackXlsx(pack, path.string());
  ASSERT_TRUE(st.ok()) << st.message();
  std::ofstream(dir_ / "read_xlsx.py") << kXlsxReader;
  int code = 0;
  std::string out = RunCommand("/usr/bin/python3 " + (dir_ / "read_xlsx.py").string() + " " + path.string() + " 2>&1", &code);
  ASSERT_EQ(code, 0) << out;
  EXPECT_NE(out.find("SHEET\t2. a b c d e f g h xxxxxxxxxxxx\t"), std::string::npos);
  EXPECT_NE(out.find("SHEET\tVICTIM-based crime (2)\t"), std::string::npos);
  EXPECT_NE(out.find("<script>alert(\"x\")</script> & \"Co\", Ltd"), std::string::npos);
  EXPECT_NE(out.find("reason with new line and   bell"), std::string::npos);
}

TEST_F(PackWriterXlsx, UnwritablePathIsAnError) {
  Status st = WritePackXlsx(RealisticPack(), (dir_ / "no-such-dir" / "pack.xlsx").string());
  EXPECT_EQ(st.code(), Status::Code::kIOError);
  EXPECT_NE(st.message().find("no-such-dir"), std::string::npos) << st.message();
}

// ---- CSV --------------------------------------------------------------------------------

struct CsvRow {
  std::string value, unit, definition, provenance, missing;
};
using CsvKey = std::tuple<std::string, std::string, std::string, std::string, std::string>;

std::map<CsvKey, CsvRow> ReadPackCsv(const std::string& text, std::vector<std::string>* header) {
  std::map<CsvKey, CsvRow> rows;
  CsvReader reader(text);
  CsvRecord rec;
  bool first = true;
  const std::regex period(R"(\d{4}-\d{2}\.\.\d{4}-\d{2})");
  while (reader.Next(&rec)) {
    EXPECT_TRUE(rec.error.empty()) << rec.line << ": " << rec.error;
    std::vector<std::string> f(rec.fields.begin(), rec.fields.end());
    if (first) {
      *header = f;
      first = false;
      continue;
    }
    EXPECT_EQ(f.size(), 10u) << rec.raw;
    if (f.size() != 10) continue;
    EXPECT_TRUE(std::regex_match(f[4], period)) << rec.raw;
    EXPECT_NE(f[5].empty(), f[9].empty()) << "a value or a reason, never both nor neither: " << rec.raw;
    CsvKey key{f[0], f[1], f[2], f[3], f[4]};
    EXPECT_FALSE(rows.count(key)) << "duplicate " << rec.raw;
    rows[key] = {f[5], f[6], f[7], f[8], f[9]};
  }
  return rows;
}

// Every figure of the pack is a row of pack.csv with the same value (exactly, as the
// shortest text that reads back as the same double) or the figure's reason.
void ExpectFigure(const std::map<CsvKey, CsvRow>& rows, const CsvKey& key, const Figure& f, std::string_view unit) {
  auto it = rows.find(key);
  ASSERT_NE(it, rows.end()) << std::get<0>(key) << " / " << std::get<1>(key) << " / " << std::get<2>(key) << " / "
                            << std::get<3>(key) << " / " << std::get<4>(key);
  EXPECT_EQ(it->second.unit, unit) << std::get<1>(key) << " " << std::get<2>(key);
  EXPECT_EQ(it->second.provenance, f.provenance);
  if (f.value) {
    EXPECT_EQ(std::stod(it->second.value), *f.value) << std::get<1>(key) << " " << std::get<2>(key);
  } else {
    EXPECT_EQ(it->second.missing, report::MissingText(f));
  }
}

void ExpectChange(const std::map<CsvKey, CsvRow>& rows, const std::string& table, const std::string& row,
                  const std::string& area, const Change& c, std::string_view unit) {
  const std::string now = "2018-07..2018-09";
  auto diff = rows.find({table, row, "difference", area, now});
  ASSERT_NE(diff, rows.end()) << row;
  EXPECT_EQ(diff->second.unit, c.in_points ? "percentage_points" : unit);
  if (c.difference) {
    EXPECT_EQ(std::stod(diff->second.value), *c.difference);
  } else {
    EXPECT_EQ(diff->second.missing.rfind("Not available", 0), 0u);
  }
  auto pct = rows.find({table, row, "percent_difference", area, now});
  ASSERT_NE(pct, rows.end()) << row;
  EXPECT_EQ(pct->second.unit, "percent_change");
  if (c.percent) {
    EXPECT_EQ(std::stod(pct->second.value), *c.percent);
  } else if (c.difference) {
    EXPECT_EQ(pct->second.missing, "n/a: % change from a zero base");
  }
  auto p = rows.find({table, row, "p_value", area, now});
  EXPECT_EQ(p != rows.end(), c.test.has_value()) << row;
  if (c.test && p != rows.end()) {
    EXPECT_EQ(std::stod(p->second.value), c.test->p_value);
    EXPECT_EQ(p->second.unit, "p_value");
    EXPECT_EQ(rows.at({table, row, "significant", area, now}).value, c.test->significant ? "yes" : "no");
  }
}

TEST_F(PackWriterCsv, EveryFigureIsARow) {
  PerformancePack pack = RealisticPack();
  fs::path path = dir_ / "pack.csv";
  ASSERT_TRUE(WritePackCsv(pack, path.string()).ok());
  std::string text = Slurp(path);
  EXPECT_EQ(text.rfind("table,row,column,area,period,value,unit,definition,provenance,missing\r\n", 0), 0u);
  std::vector<std::string> header;
  auto rows = ReadPackCsv(text, &header);
  EXPECT_EQ(header, (std::vector<std::string>{"table", "row", "column", "area", "period", "value", "unit", "definition",
                                              "provenance", "missing"}));
  const std::string area = "Hartlepool";
  size_t expected_rows = 0;
  for (const auto& objective : pack.objectives) {
    for (const auto& line : objective.lines) {
      const std::string& t = objective.objective;
      const std::string& r = line.indicator.name;
      std::string unit(report::UnitCode(line.indicator.unit));
      ExpectFigure(rows, {t, r, "baseline", area, "2017-04..2018-03"}, line.baseline, unit);
      ExpectFigure(rows, {t, r, "same_period_last_year", area, "2017-07..2017-09"}, line.same_period_last_year, unit);
      ExpectFigure(rows, {t, r, "this_period", area, "2018-07..2018-09"}, line.this_period, unit);
      ExpectFigure(rows, {t, r, "year_to_date", area, "2018-04..2018-09"}, line.year_to_date, unit);
      ExpectChange(rows, t, r, area, line.change, unit);
      const CsvRow& target = rows.at({t, r, "target", area, "2018-04..2019-03"});
      EXPECT_EQ(target.value, report::TargetText(line.indicator.target, line.indicator.unit));
      const CsvRow& status = rows.at({t, r, "status", area, "2018-07..2018-09"});
      EXPECT_EQ(status.unit, "rag");
      if (line.status != Rag::kNone) {
        EXPECT_EQ(status.value, RagName(line.status));
        EXPECT_EQ(status.provenance, line.status_reason);
      } else {
        EXPECT_EQ(status.missing, "Not rated: " + line.status_reason);
      }
      for (const auto& [label, f] : line.trend)
        ExpectFigure(rows, {t, r, "trend", area, report::MonthRangeCode(*report::TrendPeriod(label))}, f, unit);
      EXPECT_EQ(rows.at({t, r, "this_period", area, "2018-07..2018-09"}).definition, line.indicator.definition);
      expected_rows += 4 + 2 + 1 + 1 + line.trend.size() + (line.change.test ? 2 : 0) +
                       (line.indicator.target.value ? 1 : 0);
      if (line.indicator.unit != IndicatorUnit::kCount)
        for (const Figure* f : {&line.baseline, &line.same_period_last_year, &line.this_period, &line.year_to_date})
          expected_rows += f->numerator.has_value() + f->denominator.has_value();
      if (line.indicator.unit != IndicatorUnit::kCount)
        for (const auto& [label, f] : line.trend) expected_rows += f.numerator.has_value() + f.denominator.has_value();
    }
  }
  // Percentages: points and parts.
  const std::string drugs = "Reduce the harm caused by Drugs and Alcohol";
  const std::string completions = "Proportion of substance misusers that successfully complete treatment – Opiate";
  EXPECT_EQ(rows.at({drugs, completions, "difference", area, "2018-07..2018-09"}).unit, "percentage_points");
  EXPECT_EQ(rows.at({drugs, completions, "this_period_numerator", area, "2018-07..2018-09"}).value, "39");
  EXPECT_EQ(rows.at({drugs, completions, "this_period_denominator", area, "2018-07..2018-09"}).value, "638");
  EXPECT_EQ(rows.at({drugs, "Number of young people found in possession of alcohol", "percent_difference", area,
                     "2018-07..2018-09"})
                .missing,
            "n/a: % change from a zero base");

  for (const auto* table : {&pack.crime[0], &pack.crime[1], &pack.crime[2], &pack.asb}) {
    for (const auto& line : table->lines) {
      ExpectFigure(rows, {table->title, line.label, "same_period_last_year", area, "2017-07..2017-09"}, line.previous,
                   "count");
      ExpectFigure(rows, {table->title, line.label, "this_period", area, "2018-07..2018-09"}, line.current, "count");
      ExpectChange(rows, table->title, line.label, area, line.change, "count");
      expected_rows += 4 + (line.change.test ? 2 : 0);
    }
  }
  EXPECT_EQ(rows.at({"Victim-based crime", "Homicide", "this_period", area, "2018-07..2018-09"}).definition,
            "recorded category homicide with the categories below it");

  for (const auto* d : {&pack.crime_districts, &pack.asb_districts}) {
    for (size_t r = 0; r < d->row_labels.size(); ++r) {
      std::string rate_unit = d->rate_bases[r] == "households" ? "per_1000_households" : "per_1000_population";
      for (size_t c = 0; c < d->columns.size(); ++c) {
        ExpectFigure(rows, {d->title, d->row_labels[r], "count", d->columns[c].name, "2018-07..2018-09"}, d->counts[r][c],
                     "count");
        ExpectFigure(rows, {d->title, d->row_labels[r], "rate", d->columns[c].name, "2018-07..2018-09"}, d->rates[r][c],
                     rate_unit);
        expected_rows += 2 + d->rates[r][c].numerator.has_value() + d->rates[r][c].denominator.has_value();
      }
    }
  }
  EXPECT_EQ(rows.at({pack.crime_districts.title, "Burglary - residential", "rate_denominator", "Middlesbrough",
                     "2018-07..2018-09"})
                .unit,
            "households");
  EXPECT_EQ(rows.size(), expected_rows);
}

TEST_F(PackWriterCsv, QuotingRoundTrips) {
  PerformancePack pack = HostilePack();
  fs::path path = dir_ / "pack.csv";
  ASSERT_TRUE(WritePackCsv(pack, path.string()).ok());
  std::vector<std::string> header;
  auto rows = ReadPackCsv(Slurp(path), &header);
  const std::string& t = pack.objectives[0].objective;
  const std::string& r = pack.objectives[0].lines[0].indicator.name;
  const std::string& area = pack.area.name;
  const CsvRow& now = rows.at({t, r, "this_period", area, "2018-07..2018-09"});
  EXPECT_EQ(now.value, "3025");
  EXPECT_EQ(now.provenance, "\"><script>alert(3)</script>");
  EXPECT_EQ(now.definition, "Counts <img src=x onerror=alert(2)>");
  EXPECT_EQ(rows.at({t, r, "status", area, "2018-07..2018-09"}).provenance, "reason with\nnew line and \u0007 bell");
}

// ---- PDF --------------------------------------------------------------------------------

class EnvVar {
 public:
  EnvVar(const char* name, const std::string& value) : name_(name) { ::setenv(name, value.c_str(), 1); }
  ~EnvVar() { ::unsetenv(name_); }

 private:
  const char* name_;
};

TEST_F(PackWriterPdf, PrintsTheHtmlWithPageNumbers) {
  if (!fs::exists("/usr/bin/chromium")) GTEST_SKIP() << "Debian's chromium is not installed";
  PerformancePack pack = RealisticPack();
  fs::path html = dir_ / "pack.html", pdf = dir_ / "pack.pdf";
  ASSERT_TRUE(WritePackHtml(pack, html.string()).ok());
  Status st = PrintHtmlToPdf(html.string(), pdf.string());
  ASSERT_TRUE(st.ok()) << st.message();
  EXPECT_FALSE(fs::exists(dir_ / "pack.pdf.part"));
  int code = 0;
  std::string text = RunCommand("pdftotext -layout " + pdf.string() + " -", &code);
  ASSERT_EQ(code, 0);
  EXPECT_NE(text.find("Community safety performance: Hartlepool"), std::string::npos);
  EXPECT_NE(text.find("Quarter 2 2018/19 (July – September 2018)"), std::string::npos);
  EXPECT_NE(text.find("All Recorded Crime"), std::string::npos);
  EXPECT_NE(text.find("5,828"), std::string::npos);
  EXPECT_NE(text.find("+0.8 pts"), std::string::npos);
  EXPECT_NE(text.find("Awaiting info"), std::string::npos);
  EXPECT_NE(text.find("Notes on the data"), std::string::npos);
  std::string info = RunCommand("pdfinfo " + pdf.string());
  std::smatch m;
  ASSERT_TRUE(std::regex_search(info, m, std::regex(R"(Pages:\s+(\d+))")));
  int pages = std::stoi(m[1]);
  EXPECT_GE(pages, 5);  // a section a page at least
  EXPECT_NE(text.find("Page 1 of " + std::to_string(pages)), std::string::npos);
  EXPECT_NE(text.find("Page " + std::to_string(pages) + " of " + std::to_string(pages)), std::string::npos);
  ASSERT_TRUE(std::regex_search(info, m, std::regex(R"(Page size:\s+([\d.]+) x ([\d.]+) pts \(A4\))"))) << info;
  EXPECT_GT(std::stod(m[1]), std::stod(m[2])) << "landscape";
}

TEST_F(PackWriterPdf, SaysWhenChromiumIsMissingOrFails) {
  fs::path html = dir_ / "pack.html", pdf = dir_ / "pack.pdf";
  ASSERT_TRUE(WritePackHtml(RealisticPack(), html.string()).ok());
  {
    EnvVar chromium("SAFER_CHROMIUM", (dir_ / "no-such-chromium").string());
    Status st = PrintHtmlToPdf(html.string(), pdf.string());
    EXPECT_EQ(st.code(), Status::Code::kNotFound);
    EXPECT_NE(st.message().find("Chromium is not installed at"), std::string::npos) << st.message();
  }
  {
    fs::path fake = dir_ / "failing-chromium";
    std::ofstream(fake) << "#!/bin/sh\necho 'cannot open display' >&2\nexit 3\n";
    fs::permissions(fake, fs::perms::owner_all);
    EnvVar chromium("SAFER_CHROMIUM", fake.string());
    Status st = PrintHtmlToPdf(html.string(), pdf.string());
    EXPECT_EQ(st.code(), Status::Code::kIOError);
    EXPECT_NE(st.message().find("exited with status 3"), std::string::npos) << st.message();
    EXPECT_NE(st.message().find("cannot open display"), std::string::npos) << st.message();
    EXPECT_FALSE(fs::exists(pdf));
  }
  {
    fs::path fake = dir_ / "silent-chromium";  // succeeds but prints nothing
    std::ofstream(fake) << "#!/bin/sh\nexit 0\n";
    fs::permissions(fake, fs::perms::owner_all);
    EnvVar chromium("SAFER_CHROMIUM", fake.string());
    Status st = PrintHtmlToPdf(html.string(), pdf.string());
    EXPECT_NE(st.message().find("wrote no PDF"), std::string::npos) << st.message();
  }
  {
    fs::path fake = dir_ / "stuck-chromium";
    std::ofstream(fake) << "#!/bin/sh\nsleep 60 &\nsleep 60\n";
    fs::permissions(fake, fs::perms::owner_all);
    EnvVar chromium("SAFER_CHROMIUM", fake.string());
    EnvVar timeout("SAFER_PDF_TIMEOUT", "1");
    auto start = std::chrono::steady_clock::now();
    Status st = PrintHtmlToPdf(html.string(), pdf.string());
    EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(10));
    EXPECT_NE(st.message().find("did not finish"), std::string::npos) << st.message();
  }
  Status st = PrintHtmlToPdf((dir_ / "no-such.html").string(), pdf.string());
  EXPECT_EQ(st.code(), Status::Code::kNotFound);
}

}  // namespace
}  // namespace safer
