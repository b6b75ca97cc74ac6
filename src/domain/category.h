// The category tree every source is mapped onto: the ONS crime tree (victim-based crime and
// other crimes against society) plus anti-social behaviour incidents (AS21–AS23).
//
// A source records each incident at the finest node it can: police.uk's "Burglary" lands on
// the Burglary node, not on residential or business burglary, because the source cannot
// tell them apart. Counting a node counts its whole subtree, so coarse and fine sources
// add up without anything being invented.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string_view>
#include <vector>

namespace safer {

// Stable numeric codes: they are stored, so never renumber; add new codes at the end.
enum class CategoryId : uint8_t {
  kAllIncidents = 1,
  kAllCrime,
  kVictimBased,
  kViolenceAndSexualOffences,
  kViolenceAgainstThePerson,
  kHomicide,
  kDeathOrInjuryByDriving,
  kViolenceWithInjury,
  kViolenceWithoutInjury,
  kStalkingAndHarassment,
  kSexualOffences,
  kRape,
  kOtherSexualOffences,
  kRobbery,
  kRobberyBusiness,
  kRobberyPersonal,
  kAcquisitive,
  kBurglary,
  kBurglaryResidential,
  kBurglaryBusinessAndCommunity,
  kBicycleTheft,
  kTheftFromThePerson,
  kVehicleCrime,
  kShoplifting,
  kOtherTheft,
  kCriminalDamageAndArson,
  kOtherCrimesAgainstSociety,
  kPublicDisorder,
  kDrugOffences,
  kDrugTrafficking,
  kDrugPossession,
  kPossessionOfWeapons,
  kMiscCrimesAgainstSociety,
  kAntiSocialBehaviour,
  kAsbPersonal,       // AS21
  kAsbNuisance,       // AS22
  kAsbEnvironmental,  // AS23
};

struct CrimeCategory {
  CategoryId id;
  std::optional<CategoryId> parent;  // empty only for the root
  std::string_view slug;             // e.g. "violence-with-injury"
  std::string_view name;             // as printed in a performance pack
};

// The whole tree in depth-first order (parents before children).
std::span<const CrimeCategory> AllCategories();
const CrimeCategory& Category(CategoryId id);

// True when `node` is `ancestor` or lies below it.
bool IsWithin(CategoryId node, CategoryId ancestor);

// `node` and every category below it.
std::vector<CategoryId> Subtree(CategoryId node);

// Finds a category by slug, printed name or police.uk crime type, ignoring case, spaces,
// hyphens and punctuation ("violence with injury", "Violence-with-injury", "AS21").
std::optional<CategoryId> FindCategory(std::string_view text);

// The node a police.uk "Crime type" value lands on; empty for a value police.uk does not use.
std::optional<CategoryId> FromPoliceUkCrimeType(std::string_view crime_type);

// The 14 police.uk crime types in the order police.uk lists them.
std::span<const std::string_view> PoliceUkCrimeTypes();

bool IsAntiSocialBehaviour(CategoryId id);

}  // namespace safer
