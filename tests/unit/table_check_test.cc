// safer check table: figures as printed, the arithmetic with their rounding, seed names onto the
// category tree, periods in headings, and whole small tables through every check.
#include <gtest/gtest.h>

#include <cmath>
#include <string>
#include <vector>

#include "check/arithmetic.h"
#include "check/check.h"
#include "check/grid.h"
#include "check/name_tree.h"
#include "check/periods.h"

namespace safer::check {
namespace {

Figure F(std::string_view text) {
  auto f = ParseFigure(text);
  EXPECT_TRUE(f) << text;
  return f.value_or(Figure{});
}

// "line check expected found" for each finding, to compare whole results at once.
std::vector<std::string> Check(const std::string& text, const CheckOptions& options = {},
                             std::string_view name = "table.tsv") {
  std::vector<std::string> out;
  for (const Finding& f : CheckTable(text, name, options))
    out.push_back(std::to_string(f.line) + " " + f.check + " " + f.expected + " " + f.found);
  return out;
}

using Lines = std::vector<std::string>;

TEST(ParseFigure, CountsPercentagesAndDecimalsAsPrinted) {
  EXPECT_EQ(F("1,256").value, 1256);
  EXPECT_EQ(F("1,256").decimals, 0);
  EXPECT_FALSE(F("1,256").percent);
  EXPECT_EQ(F("-13.9%").value, -13.9);
  EXPECT_EQ(F("-13.9%").decimals, 1);
  EXPECT_TRUE(F("-13.9%").percent);
  EXPECT_EQ(F("0.008").decimals, 3);
  EXPECT_EQ(F("\u2212111").value, -111);  // a typographic minus
  EXPECT_EQ(F("+15").value, 15);
  EXPECT_EQ(F("1,234,567.5").value, 1234567.5);
  EXPECT_EQ(F(".5").value, 0.5);
  EXPECT_EQ(F("12 pts").value, 12);
  const Figure survey = F("30% (2008)");  // a survey result with its year
  EXPECT_EQ(survey.value, 30);
  EXPECT_TRUE(survey.percent);
  for (const char* text : {"", "-", "1,2345", "12..5", "1,25", "12% (TBC)", "2.4 (94 convictions)", "3% increase",
                           "2013-14", "1 256", "%"})
    EXPECT_FALSE(ParseFigure(text)) << text;
}

TEST(ParseFigure, RoundingFollowsTheDecimalsShown) {
  EXPECT_EQ(F("28.7%").half_unit(), 0.05);
  EXPECT_EQ(F("18%").half_unit(), 0.5);
  EXPECT_EQ(F("933").uncertainty(), 0);     // a count is exact
  EXPECT_EQ(F("22%").uncertainty(), 0.5);   // a whole percentage was rounded
  EXPECT_EQ(F("10.2").uncertainty(), 0.05);
}

TEST(ClassifyCell, KindsOfCell) {
  EXPECT_EQ(ClassifyCell("  ").kind, CellKind::kBlank);
  EXPECT_EQ(ClassifyCell("n/a").kind, CellKind::kNotApplicable);
  EXPECT_EQ(ClassifyCell("N/A").kind, CellKind::kNotApplicable);
  EXPECT_EQ(ClassifyCell("-").kind, CellKind::kNotApplicable);
  EXPECT_EQ(ClassifyCell("Awaiting info").kind, CellKind::kMissing);
  EXPECT_EQ(ClassifyCell("Data not publish ed yet").kind, CellKind::kMissing);
  EXPECT_EQ(ClassifyCell("1,2345").kind, CellKind::kMalformed);
  EXPECT_EQ(ClassifyCell("12..5").kind, CellKind::kMalformed);
  EXPECT_EQ(ClassifyCell("2013-14").kind, CellKind::kText);  // a heading, not a broken figure
  EXPECT_EQ(ClassifyCell("Reduce").kind, CellKind::kText);
  const Cell bold = ClassifyCell("<b>1081</b>");
  EXPECT_EQ(bold.kind, CellKind::kFigure);
  EXPECT_TRUE(bold.bold);
  EXPECT_EQ(bold.figure.value, 1081);
  EXPECT_EQ(ClassifyCell("<b>Criminal Damage &amp; Arson</b>").text, "Criminal Damage & Arson");
}

TEST(ParseGrid, DelimiterByNameOrTabs) {
  EXPECT_EQ(ParseGrid("a\tb\n", "x.csv").delimiter, ',');
  EXPECT_EQ(ParseGrid("a,b\n", "x.txt").delimiter, '\t');
  EXPECT_EQ(ParseGrid("a\tb\n", "x").delimiter, '\t');
  EXPECT_EQ(ParseGrid("a,b\n", "x").delimiter, ',');
}

TEST(ParseGrid, CsvQuotesCommentsAndLineNumbers) {
  const Grid g = ParseGrid("# source\nName,\"1,256\",\"two\nlines\"\r\nNext,\"say \"\"hi\"\"\"\n", "t.csv");
  ASSERT_EQ(g.rows.size(), 2u);
  EXPECT_EQ(g.rows[0].line, 2);
  EXPECT_EQ(g.rows[0].at(1).figure.value, 1256);
  EXPECT_EQ(g.rows[0].at(2).text, "two\nlines");
  EXPECT_EQ(g.rows[1].line, 4);
  EXPECT_EQ(g.rows[1].at(1).text, "say \"hi\"");
  EXPECT_EQ(g.rows[1].at(7).kind, CellKind::kBlank);  // past the end of the row
}

TEST(ParseGrid, NestingMarksBeforeTheName) {
  const Grid g = ParseGrid("Parent\t1\n> Child\t1\n>> Grandchild\t1\n   Indented\t1\n", "t.tsv");
  EXPECT_EQ(g.rows[0].indent, 0);
  EXPECT_EQ(g.rows[1].indent, 1);
  EXPECT_EQ(g.rows[1].at(0).text, "Child");
  EXPECT_EQ(g.rows[2].indent, 2);
  EXPECT_EQ(g.rows[3].indent, 3);
  EXPECT_EQ(g.rows[3].at(0).text, "Indented");
}

TEST(Arithmetic, DifferencesAndSumsOfCountsAreExact) {
  const Range d = Difference(F("1,256"), F("1,081"));
  EXPECT_EQ(d.value, -175);
  EXPECT_TRUE(Shows(F("-175"), d));
  EXPECT_FALSE(Shows(F("-174"), d));
  EXPECT_FALSE(Shows(F("-111"), d));
  EXPECT_TRUE(Shows(F("175"), -d));
  EXPECT_TRUE(Shows(F("1953"), Sum({F("317"), F("375"), F("605"), F("656")})));
  EXPECT_FALSE(Shows(F("0"), Sum({F("317"), F("375"), F("605"), F("656")})));
}

TEST(Arithmetic, PercentChangeToTheDecimalsShown) {
  auto p = RelativeChange(F("16"), F("21"));  // 31.25%: either rounding is right
  ASSERT_TRUE(p);
  EXPECT_TRUE(Shows(F("31.3%"), *p));
  EXPECT_TRUE(Shows(F("31.2%"), *p));
  EXPECT_TRUE(Shows(F("31%"), *p));
  EXPECT_FALSE(Shows(F("31.4%"), *p));
  p = RelativeChange(F("212"), F("273"));  // 28.77%
  EXPECT_TRUE(Shows(F("28.8%"), *p));
  EXPECT_FALSE(Shows(F("28.7%"), *p));
  p = RelativeChange(F("1967"), F("1613"));  // -17.997%
  EXPECT_TRUE(Shows(F("-18%"), *p));
  EXPECT_FALSE(Shows(F("18%"), *p));
  EXPECT_FALSE(RelativeChange(F("0"), F("1")));  // from zero: n/a
  EXPECT_FALSE(RelativeChange(F("0.0%"), F("5.0%")));
}

TEST(Arithmetic, PercentagesCarryTheirRounding) {
  // 22% and 34% may be 22.4% and 33.6%: the difference is 11–13 points, not 15.
  const Range d = Difference(F("22%"), F("34%"));
  EXPECT_TRUE(Shows(F("12"), d));
  EXPECT_TRUE(Shows(F("11"), d));
  EXPECT_FALSE(Shows(F("15"), d));
  auto p = RelativeChange(F("5.3%"), F("6.1%"));  // 15.1% of 5.3
  ASSERT_TRUE(p);
  EXPECT_TRUE(Shows(F("15.1%"), *p));
  EXPECT_EQ(Print(p->value, 1), "15.1");
}

TEST(Arithmetic, PopulationsImpliedByRates) {
  auto pop = ImpliedPopulation(F("933"), F("10.2"));  // 91,024 – 91,921
  ASSERT_TRUE(pop);
  EXPECT_LT(pop->lo, 91100);
  EXPECT_GT(pop->hi, 91800);
  auto zero_rate = ImpliedPopulation(F("1"), F("0.0"));  // 1 crime shown as 0.0: at least 20,000
  ASSERT_TRUE(zero_rate);
  EXPECT_NEAR(zero_rate->lo, 20000, 1e-6);
  EXPECT_TRUE(std::isinf(zero_rate->hi));
  EXPECT_FALSE(ImpliedPopulation(F("0"), F("0.0")));
  const Agreement a = MostAgreed({{90000, 92000}, {91000, 93000}, {50000, 60000}, {90500, 91500}});
  EXPECT_EQ(a.count, 3);
  EXPECT_EQ(a.agrees, (std::vector<bool>{true, true, false, true}));
  EXPECT_EQ(a.common.lo, 91000);
  EXPECT_EQ(a.common.hi, 91500);
}

TEST(Print, FixedDecimalsNoNegativeZero) {
  EXPECT_EQ(Print(-175, 0), "-175");
  EXPECT_EQ(Print(54.5454, 1), "54.5");
  EXPECT_EQ(Print(-0.01, 1), "0.0");
}

TEST(SeedNames, EveryCrimeRowOfTheSeedTablesFindsItsCategory) {
  using C = CategoryId;
  const std::vector<std::pair<const char*, C>> names{
      {"Violence against the person", C::kViolenceAgainstThePerson},
      {"Homicide", C::kHomicide},
      {"Death or Injury Due to Driving", C::kDeathOrInjuryByDriving},
      {"Violence with injury", C::kViolenceWithInjury},
      {"Violence without injury", C::kViolenceWithoutInjury},
      {"Stalking and Harassment", C::kStalkingAndHarassment},
      {"Sexual Offences", C::kSexualOffences},
      {"Rape", C::kRape},
      {"Other Sexual Offences", C::kOtherSexualOffences},
      {"Robbery", C::kRobbery},
      {"Business Robbery", C::kRobberyBusiness},
      {"Robbery - Business", C::kRobberyBusiness},
      {"Personal Robbery", C::kRobberyPersonal},
      {"Robbery \u2013 Personal", C::kRobberyPersonal},
      {"Acquisitive Crime", C::kAcquisitive},
      {"Burglary - Residential", C::kBurglaryResidential},
      {"Domestic Burglary", C::kBurglaryResidential},
      {"Burglary \u2013 Business and Community", C::kBurglaryBusinessAndCommunity},
      {"Other Burglary", C::kBurglaryBusinessAndCommunity},
      {"Bicycle Theft", C::kBicycleTheft},
      {"Theft from the Person", C::kTheftFromThePerson},
      {"Vehicle Crime (Inc Inter.)", C::kVehicleCrime},
      {"VEHICLE CRIME (inc. inter)", C::kVehicleCrime},
      {"Shoplifting", C::kShoplifting},
      {"Other Theft", C::kOtherTheft},
      {"Criminal Damage & Arson", C::kCriminalDamageAndArson},
      {"Public Disorder", C::kPublicDisorder},
      {"Drug Offences", C::kDrugOffences},
      {"Trafficking of drugs", C::kDrugTrafficking},
      {"Possession/Use of drugs", C::kDrugPossession},
      {"Possession of Weapons", C::kPossessionOfWeapons},
      {"Misc. Crimes Against Society", C::kMiscCrimesAgainstSociety},
      {"AS21 - Personal", C::kAsbPersonal},
      {"AS22 - Nuisance", C::kAsbNuisance},
      {"AS23 - Environmental", C::kAsbEnvironmental},
  };
  for (const auto& [name, id] : names) EXPECT_EQ(FindSeedCategory(name), id) << name;
  for (const char* name : {"Total", "TOTAL RECORDED CRIME", "Local Violence", "Fraud & Forgery",
                           "Crime Prevented/Disrupted", "Other Acquisitive", "Total Police Generated Crime"})
    EXPECT_FALSE(FindSeedCategory(name)) << name;
  EXPECT_TRUE(PerHousehold("Domestic Burglary"));
  EXPECT_TRUE(PerHousehold("Burglary - Residential"));
  EXPECT_FALSE(PerHousehold("Burglary \u2013 Business and Community"));
  EXPECT_EQ(FoldName("Criminal Damage & Arson"), FoldName("criminal damage and arson"));
  EXPECT_NE(FoldName("% Change"), FoldName("Change"));
}

TEST(NameTree, OutlineGivesParentsAndChildren) {
  NameTree tree;
  const char* outline = "# a comment\nAll ASB\n  Personal\n  Nuisance\n  Environmental\nOther\n";
  ASSERT_TRUE(NameTree::FromOutline(outline, &tree).ok());
  const int all = *tree.Find("all asb");
  EXPECT_FALSE(tree.Parent(all));
  EXPECT_EQ(tree.Children(all).size(), 3u);
  EXPECT_EQ(tree.Parent(*tree.Find("NUISANCE")), all);
  EXPECT_FALSE(tree.Parent(*tree.Find("Other")));
  EXPECT_FALSE(tree.Find("Missing"));
  EXPECT_FALSE(NameTree::FromOutline("A\n  B\n  b\n", &tree).ok());  // a name twice
  EXPECT_FALSE(NameTree::FromOutline("# only a comment\n", &tree).ok());
}

TEST(Periods, MonthRangesAndFinancialYears) {
  auto p = FindPeriod("Jul 17 \u2013 Sept 17");
  ASSERT_TRUE(p && p->dated);
  EXPECT_EQ(p->dated->first, Month(2017, 7));
  EXPECT_EQ(p->dated->last, Month(2017, 9));
  EXPECT_EQ(p->length(), 3);
  p = FindPeriod("Jul \u2013 Sep 17");  // the year on the last month only
  ASSERT_TRUE(p && p->dated);
  EXPECT_EQ(p->dated->first, Month(2017, 7));
  p = FindPeriod("Oct - Mar 14");
  ASSERT_TRUE(p && p->dated);
  EXPECT_EQ(p->dated->first, Month(2013, 10));
  p = FindPeriod("Recorded Crime in Cleveland July \u2013 September 2017");
  ASSERT_TRUE(p && p->dated);
  EXPECT_EQ(p->dated->last, Month(2017, 9));
  p = FindPeriod("**April 2013 \u2013 March 2014**");
  ASSERT_TRUE(p && p->dated);
  EXPECT_EQ(p->length(), 12);
  p = FindPeriod("2013-14");
  ASSERT_TRUE(p && p->dated);
  EXPECT_EQ(p->dated->first, Month(2013, 4));
  EXPECT_EQ(p->dated->last, Month(2014, 3));
  p = FindPeriod("Baseline 2012/13");
  ASSERT_TRUE(p && p->dated);
  EXPECT_EQ(p->dated->last, Month(2013, 3));
  p = FindPeriod("Apr - Jun");
  ASSERT_TRUE(p);
  EXPECT_FALSE(p->dated);
  EXPECT_EQ(MonthsName(*p), "Apr-Jun");
  EXPECT_FALSE(FindPeriod("Crimes may rise in July"));
  EXPECT_FALSE(FindPeriod("2013-15"));
}

TEST(Periods, QuarterLabels) {
  EXPECT_EQ(FindQuarter("Performance Indicators Quarter 2 July - September 2018"), 2);
  EXPECT_EQ(FindQuarter("Q3"), 3);
  EXPECT_EQ(FindQuarter("2018/19-Q2"), 2);
  EXPECT_FALSE(FindQuarter("Quarterly Year on Year Comparison"));
  EXPECT_FALSE(FindQuarter("Q5"));
  EXPECT_EQ(MonthsName(QuarterMonths(1)), "Apr-Jun");
  EXPECT_EQ(MonthsName(QuarterMonths(2)), "Jul-Sep");
  EXPECT_EQ(MonthsName(QuarterMonths(3)), "Oct-Dec");
  EXPECT_EQ(MonthsName(QuarterMonths(4)), "Jan-Mar");
}

const char* const kTwoPeriods =
    "Crime Category/Type\tJul 17 - Sep 17\tJul 18 - Sep 18\tChange\t% Change\n"
    "Violence against the person\t635\t933\t298\t46.9%\n"
    "Homicide\t0\t1\t1\tn/a\n"
    "Death or Injury Due to Driving\t0\t0\t0\t0%\n"
    "Violence with injury\t241\t264\t23\t9.5%\n"
    "Violence without injury\t282\t351\t69\t24.5%\n"
    "Stalking and Harassment\t112\t317\t205\t183%\n"
    "Robbery\t16\t21\t5\t31.3%\n"
    "Business Robbery\t2\t1\t-1\t-50%\n"
    "Personal Robbery\t14\t20\t6\t42.9%\n"
    "Total\t651\t954\t303\t46.5%\n";

TEST(CheckTable, NoFindingOnARightTable) { EXPECT_EQ(Check(kTwoPeriods), Lines{}); }

TEST(CheckTable, WrongChangeSignAndPercentages) {
  const std::string table =
      "Crime Category/Type\t2013-14\t2012-13\tChange\t% Change\n"  // later period first
      "Local Violence\t1,081\t1,256\t-111\t-13.9%\n"
      "Fraud & Forgery\t0\t59\t59\t-100.0%\n"
      "Alcohol\t109\t124\t15\t4.5%\n"
      "Homicide\t1\t0\t1\t100%\n"
      "Fires\t273\t212\t61\t28.7%\n"
      "Right\t50\t61\t-11\t-18%\n";
  EXPECT_EQ(Check(table), (Lines{"2 change -175 -111", "3 change -59 59", "4 change -15 15",
                               "4 percent-change -12.1% 4.5%", "5 percent-change n/a 100%",
                               "6 percent-change 28.8% 28.7%"}));
}

TEST(CheckTable, PeriodsWithoutDatesGoTheWayMostRowsDo) {
  const std::string table =
      "Category\tThis year\tLast year\tChange\n"
      "A\t10\t20\t-10\n"
      "B\t30\t25\t5\n"
      "C\t7\t5\t-2\n";  // the odd one out
  EXPECT_EQ(Check(table), Lines{"4 change 2 -2"});
}

TEST(CheckTable, PercentagePoints) {
  const std::string table =
      "Indicator Name\tBaseline 2012/13\tTarget 2013-14\t2013/14\tActual Difference\t% Difference\n"
      "MARAC repeats\t22%\tReduce\t34%\t15\t68.2%\n"
      "Completions\t7.6%\t12%\t5%\t-\t-2.6%\n"
      "Labelled %\t7.6%\t12%\t5%\t-2.6%\t-34.2%\n"
      "Fraction\t5.3%\t12%\t6.1%\t0.008\t15.1%\n"
      "Points\t5.3%\t12%\t6.1%\t0.8 pts\t15.1%\n";
  EXPECT_EQ(Check(table), (Lines{"2 change 12 pts 15", "2 percent-change 54.5% 68.2%", "3 percent-change -34.2% -2.6%",
                               "4 change -2.6 pts -2.6%", "5 change 0.8 pts 0.008"}));
}

TEST(CheckTable, IndicatorTablesCompareTheQuarterNotBaselineOrYearToDate) {
  const std::string table =
      "Indicator Name\tBaseline 2017/18\tTarget 2018/19\tJul - Sep 17\tJul 18 - Sep 18\tYear to Date 2018/19\t"
      "Actual Difference\t% Difference\n"
      "All Recorded Crime\t10769\tReduce\t2598\t3025\t5828\t427\t16.4%\n"
      "Troubled Families\t769\t1000\t630\t1001\t1876\t126\t14.4%\n";
  EXPECT_EQ(Check(table), (Lines{"3 change 371 126", "3 percent-change 58.9% 14.4%"}));
}

TEST(CheckTable, PartsAndTotalsThroughTheOnsTree) {
  std::string table = kTwoPeriods;
  table.replace(table.find("241\t264"), 7, "241\t265");  // a child no longer adds up
  // The total adds the parent as printed, so only the parent is wrong.
  EXPECT_EQ(Check(table), (Lines{"2 parts 934 933", "5 change 24 23", "5 percent-change 10.0% 9.5%"}));
}

TEST(CheckTable, GrandTotalsAddTheTotalsAbove) {
  const std::string table =
      "Crime Category/Type\tA 2017\tB 2018\n"
      "Robbery\t3\t4\n"
      "Shoplifting\t10\t12\n"
      "Total\t13\t16\n"
      "\n"
      "Crime Category/Type\tA 2017\tB 2018\n"
      "Public Disorder\t5\t6\n"
      "Total Police Generated Crime\t5\t6\n"
      "Fraud\t1\t0\n"
      "TOTAL RECORDED CRIME\t19\t23\n";
  EXPECT_EQ(Check(table), Lines{"10 parts 22 23"});
}

TEST(CheckTable, APartialListUnderAParentIsNotSummed) {
  // Only two of the five kinds of violence: they may be "of which" rows.
  const std::string table =
      "Crime Category/Type\t2017\t2018\n"
      "Violence against the person\t635\t933\n"
      "Violence with injury\t241\t264\n"
      "Violence without injury\t394\t351\n";
  EXPECT_EQ(Check(table), Lines{});
}

TEST(CheckTable, MarkupNestsRows) {
  const std::string marks =
      "Category\t2017\t2018\n"
      "Violence\t10\t12\n"
      "> With injury\t4\t5\n"
      "> Without injury\t6\t8\n"
      "Other\t3\t3\n";
  EXPECT_EQ(Check(marks), Lines{"2 parts 13 12"});
  const std::string bold =
      "Category\t2017\t2018\n"
      "<b>Violence</b>\t<b>10</b>\t<b>12</b>\n"
      "With injury\t4\t5\n"
      "Without injury\t6\t7\n"
      "<b>Total</b>\t<b>11</b>\t<b>12</b>\n";
  EXPECT_EQ(Check(bold), Lines{"5 parts 10 11"});
}

TEST(CheckTable, TreeFromAnOutline) {
  NameTree tree;
  ASSERT_TRUE(NameTree::FromOutline("All ASB\n  Personal\n  Nuisance\n", &tree).ok());
  const std::string table =
      "Category\t2017\t2018\n"
      "All ASB\t10\t12\n"
      "Personal\t4\t5\n"
      "Nuisance\t6\t8\n";
  CheckOptions options;
  EXPECT_EQ(Check(table, options), Lines{});  // the ONS tree does not know these names
  options.tree = &tree;
  EXPECT_EQ(Check(table, options), Lines{"2 parts 13 12"});
}

const char* const kDistricts =
    "Crime Category/Type\tHARTLEPOOL\t\tREDCAR\t\tCLEVELAND\t\n"
    "\tCrime\tPer 1,000 pop\tCrime\tPer 1,000 pop\tCrime\tPer 1,000 pop\n"
    "Violence against the person\t933\t10.2\t1100\t8.2\t2033\t9.0\n"
    "Violence with injury\t264\t2.9\t308\t2.3\t572\t2.5\n"
    "Violence without injury\t352\t3.9\t416\t3.1\t768\t3.4\n"
    "Stalking and Harassment\t317\t3.5\t375\t2.8\t0\t0.0\n"
    "Homicide\t0\t0.0\t1\t0.0\t1\t0.0\n"
    "Death or Injury Due to Driving\t0\t0.0\t0\t0.0\t0\t0.0\n"
    "Burglary - Residential\t169\t4.2\t215\t3.6\t384\t3.8\n"
    "Shoplifting\t494\t5.4\t323\t2.4\t817\t3.6\n"
    "Other Theft\t494\t5.4\t323\t2.4\t817\t3.6\n";

TEST(CheckTable, DistrictsForceTotalsRatesAndCopies) {
  EXPECT_EQ(Check(kDistricts), (Lines{"6 force-total 692 0", "11 copy  "}));
  std::string wrong_rate = kDistricts;
  wrong_rate.replace(wrong_rate.find("352\t3.9"), 7, "352\t4.9");
  EXPECT_EQ(Check(wrong_rate), (Lines{"5 rate 3.8 to 3.9 4.9", "6 force-total 692 0", "11 copy  "}));
  CheckOptions no_force;
  no_force.force_column = false;
  // CLEVELAND is then a district whose rows must add up like the others'.
  EXPECT_EQ(Check(kDistricts, no_force), (Lines{"3 parts 1341 2033", "11 copy  "}));
}

TEST(CheckTable, HeadingsQuartersAndTitles) {
  const std::string table =
      "Performance Indicators Quarter 2 July - September 2018\n"
      "Indicator\tJul - Sep 17\tApr 18 - Jun 18\tChange\n"
      "ASB\t1967\t1609\t-358\n"
      "\n"
      "Recorded Crime July - September 2017\n"
      "Category\tJul 17 - Sep 17\tJul 18 - Sep 18\tChange\n"
      "Robbery\t16\t21\t5\n"
      "\n"
      "Indicator\tA 2017\t\tChange\n"
      "Fires\t1\t2\t3\n";
  EXPECT_EQ(Check(table), (Lines{"2 quarter Jul-Sep Apr-Jun", "5 title 2018 2017", "9 headings  "}));
  CheckOptions q1;
  q1.quarter = 1;
  EXPECT_EQ(Check(table, q1), (Lines{"2 quarter Apr-Jun Jul-Sep", "5 title 2018 2017", "6 quarter Apr-Jun Jul-Sep",
                                   "6 quarter Apr-Jun Jul-Sep", "9 headings  "}));
}

TEST(CheckTable, RepeatsAndNumbersThatDoNotParse) {
  const std::string table =
      "Category\t2017\t2018\n"
      "Robbery\t16\t21\n"
      "Shoplifting\t1,2345\t12\n"
      "Robbery\t16\t22\n"
      "\t\t1\n";
  EXPECT_EQ(Check(table), (Lines{"3 number  1,2345", "4 repeat 21 22", "5 number  "}));
}

TEST(CheckTable, CsvInput) {
  const std::string table =
      "Crime Category/Type,2012-13,2013-14,Change,% Change\n"
      "Local Violence,\"1,256\",\"1,081\",-111,-13.9%\n";
  EXPECT_EQ(Check(table, {}, "table.csv"), Lines{"2 change -175 -111"});
}

TEST(FormatFinding, OneLinePerFinding) {
  Finding f;
  f.line = 12;
  f.column = 5;
  f.column_label = "CLEVELAND Crime";
  f.message = "\"Total\": the force figure is not the sum of the 4 districts";
  f.expected = "16942";
  f.found = "16720";
  EXPECT_EQ(FormatFinding("t.tsv", f),
            "t.tsv:12: column \"CLEVELAND Crime\": \"Total\": the force figure is not the sum of the 4 districts "
            "(expected 16942, found 16720)");
  f.column_label.clear();
  f.expected.clear();
  f.found.clear();
  EXPECT_EQ(FormatFinding("t.tsv", f),
            "t.tsv:12: column 5: \"Total\": the force figure is not the sum of the 4 districts");
}

}  // namespace
}  // namespace safer::check
