#include "domain/category.h"

#include <gtest/gtest.h>

#include <set>

#include "domain/area.h"
#include "query/count_query.h"

namespace safer {
namespace {

TEST(CategoryTree, ParentsPrecedeChildrenAndIdsMatchPositions) {
  std::set<CategoryId> seen;
  for (const auto& c : AllCategories()) {
    EXPECT_EQ(&Category(c.id), &c);
    if (c.parent) {
      EXPECT_TRUE(seen.count(*c.parent)) << c.slug;
    }
    seen.insert(c.id);
  }
}

TEST(CategoryTree, EveryPoliceUkTypeMapsAndNoSplitIsInvented) {
  for (auto type : PoliceUkCrimeTypes()) EXPECT_TRUE(FromPoliceUkCrimeType(type)) << type;
  EXPECT_EQ(PoliceUkCrimeTypes().size(), 14u);
  // Coarse police.uk types land on the coarse node, never on a guessed child.
  EXPECT_EQ(FromPoliceUkCrimeType("Burglary"), CategoryId::kBurglary);
  EXPECT_EQ(FromPoliceUkCrimeType("Violence and sexual offences"), CategoryId::kViolenceAndSexualOffences);
  EXPECT_EQ(FromPoliceUkCrimeType("Anti-social behaviour"), CategoryId::kAntiSocialBehaviour);
  EXPECT_EQ(FromPoliceUkCrimeType("Drugs"), CategoryId::kDrugOffences);
  EXPECT_FALSE(FromPoliceUkCrimeType("Burglary residential"));
}

TEST(CategoryTree, VictimBasedVersusSocietyVersusAsb) {
  EXPECT_TRUE(IsWithin(CategoryId::kShoplifting, CategoryId::kVictimBased));
  EXPECT_TRUE(IsWithin(CategoryId::kDrugPossession, CategoryId::kOtherCrimesAgainstSociety));
  EXPECT_FALSE(IsWithin(CategoryId::kPublicDisorder, CategoryId::kVictimBased));
  EXPECT_TRUE(IsAntiSocialBehaviour(CategoryId::kAsbNuisance));
  EXPECT_FALSE(IsWithin(CategoryId::kAntiSocialBehaviour, CategoryId::kAllCrime));
  auto acquisitive = Subtree(CategoryId::kAcquisitive);
  EXPECT_EQ(acquisitive.size(), 9u);  // node, burglary and its two, six others
}

TEST(CategoryTree, FindsByNameSlugOrPoliceUkType) {
  EXPECT_EQ(FindCategory("violence with injury"), CategoryId::kViolenceWithInjury);
  EXPECT_EQ(FindCategory("Violence-With-Injury"), CategoryId::kViolenceWithInjury);
  EXPECT_EQ(FindCategory("AS21"), CategoryId::kAsbPersonal);
  EXPECT_EQ(FindCategory("Drugs"), CategoryId::kDrugOffences);
  EXPECT_FALSE(FindCategory("parking"));
  EXPECT_FALSE(FindCategory(""));
}

TEST(Area, LocalAuthorityFromLsoaName) {
  EXPECT_EQ(LocalAuthorityFromLsoaName("Hartlepool 001A"), "Hartlepool");
  EXPECT_EQ(LocalAuthorityFromLsoaName("Redcar and Cleveland 012C"), "Redcar and Cleveland");
  EXPECT_FALSE(LocalAuthorityFromLsoaName("Hartlepool"));
  EXPECT_FALSE(LocalAuthorityFromLsoaName(""));
}

TEST(CountPlan, ExpandsSubtreesAndRejectsUnknownCategories) {
  CountRequest request;
  request.months = {Month(2018, 4), Month(2018, 6)};
  request.categories = {"burglary", "Burglary - residential"};
  CountPlan plan;
  ASSERT_TRUE(PlanCount(request, Area{AreaLevel::kForce, "force:X", "X"}, &plan).ok());
  EXPECT_EQ(plan.categories.size(), 3u);  // no repeats
  request.categories = {"parking"};
  Status st = PlanCount(request, Area{}, &plan);
  EXPECT_EQ(st.code(), Status::Code::kNotFound);
  EXPECT_NE(st.message().find("burglary-residential"), std::string::npos);
  request.categories.clear();
  request.months = {Month(2018, 6), Month(2018, 4)};
  EXPECT_EQ(PlanCount(request, Area{}, &plan).code(), Status::Code::kInvalidInput);
}

TEST(CountPlan, RateYearIsTheMidYearEstimateBeforeThePeriodsMiddle) {
  EXPECT_EQ(RateYear({Month(2018, 4), Month(2019, 3)}), 2018);  // financial year 2018/19
  EXPECT_EQ(RateYear({Month(2019, 1), Month(2019, 3)}), 2018);  // Q4 2018/19
  EXPECT_EQ(RateYear({Month(2018, 1), Month(2018, 12)}), 2018);
  EXPECT_EQ(RateYear({Month(2018, 7), Month(2018, 9)}), 2018);
}

}  // namespace
}  // namespace safer
