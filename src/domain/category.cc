#include "domain/category.h"

#include <array>
#include <cctype>
#include <string>

namespace safer {
namespace {

using C = CategoryId;

// Depth-first: every parent precedes its children. Names follow the ONS crime tree as
// published in performance packs (DOMAIN.md §4).
constexpr std::array<CrimeCategory, 37> kTree{{
    {C::kAllIncidents, std::nullopt, "all", "All crime and anti-social behaviour"},
    {C::kAllCrime, C::kAllIncidents, "crime", "All crime"},
    {C::kVictimBased, C::kAllCrime, "victim-based", "Victim-based crime"},
    {C::kViolenceAndSexualOffences, C::kVictimBased, "violence-and-sexual-offences",
     "Violence and sexual offences"},
    {C::kViolenceAgainstThePerson, C::kViolenceAndSexualOffences, "violence-against-the-person",
     "Violence against the person"},
    {C::kHomicide, C::kViolenceAgainstThePerson, "homicide", "Homicide"},
    {C::kDeathOrInjuryByDriving, C::kViolenceAgainstThePerson, "death-or-injury-by-driving",
     "Death or serious injury caused by unlawful driving"},
    {C::kViolenceWithInjury, C::kViolenceAgainstThePerson, "violence-with-injury",
     "Violence with injury"},
    {C::kViolenceWithoutInjury, C::kViolenceAgainstThePerson, "violence-without-injury",
     "Violence without injury"},
    {C::kStalkingAndHarassment, C::kViolenceAgainstThePerson, "stalking-and-harassment",
     "Stalking and harassment"},
    {C::kSexualOffences, C::kViolenceAndSexualOffences, "sexual-offences", "Sexual offences"},
    {C::kRape, C::kSexualOffences, "rape", "Rape"},
    {C::kOtherSexualOffences, C::kSexualOffences, "other-sexual-offences", "Other sexual offences"},
    {C::kRobbery, C::kVictimBased, "robbery", "Robbery"},
    {C::kRobberyBusiness, C::kRobbery, "robbery-business", "Robbery of business property"},
    {C::kRobberyPersonal, C::kRobbery, "robbery-personal", "Robbery of personal property"},
    {C::kAcquisitive, C::kVictimBased, "acquisitive", "Acquisitive crime"},
    {C::kBurglary, C::kAcquisitive, "burglary", "Burglary"},
    {C::kBurglaryResidential, C::kBurglary, "burglary-residential", "Burglary - residential"},
    {C::kBurglaryBusinessAndCommunity, C::kBurglary, "burglary-business-community",
     "Burglary - business and community"},
    {C::kBicycleTheft, C::kAcquisitive, "bicycle-theft", "Bicycle theft"},
    {C::kTheftFromThePerson, C::kAcquisitive, "theft-from-the-person", "Theft from the person"},
    {C::kVehicleCrime, C::kAcquisitive, "vehicle-crime", "Vehicle crime"},
    {C::kShoplifting, C::kAcquisitive, "shoplifting", "Shoplifting"},
    {C::kOtherTheft, C::kAcquisitive, "other-theft", "Other theft"},
    {C::kCriminalDamageAndArson, C::kVictimBased, "criminal-damage-and-arson",
     "Criminal damage and arson"},
    {C::kOtherCrimesAgainstSociety, C::kAllCrime, "other-crimes-against-society",
     "Other crimes against society"},
    {C::kPublicDisorder, C::kOtherCrimesAgainstSociety, "public-disorder", "Public disorder"},
    {C::kDrugOffences, C::kOtherCrimesAgainstSociety, "drug-offences", "Drug offences"},
    {C::kDrugTrafficking, C::kDrugOffences, "drug-trafficking", "Trafficking of drugs"},
    {C::kDrugPossession, C::kDrugOffences, "drug-possession", "Possession of drugs"},
    {C::kPossessionOfWeapons, C::kOtherCrimesAgainstSociety, "possession-of-weapons",
     "Possession of weapons offences"},
    {C::kMiscCrimesAgainstSociety, C::kOtherCrimesAgainstSociety, "misc-crimes-against-society",
     "Miscellaneous crimes against society"},
    {C::kAntiSocialBehaviour, C::kAllIncidents, "asb", "Anti-social behaviour"},
    {C::kAsbPersonal, C::kAntiSocialBehaviour, "as21", "ASB - personal (AS21)"},
    {C::kAsbNuisance, C::kAntiSocialBehaviour, "as22", "ASB - nuisance (AS22)"},
    {C::kAsbEnvironmental, C::kAntiSocialBehaviour, "as23", "ASB - environmental (AS23)"},
}};

struct PoliceUkType {
  std::string_view crime_type;
  CategoryId category;
};

// police.uk's coarse types land on the finest node they determine and no finer: "Burglary"
// cannot say residential or business, "Violence and sexual offences" cannot say which.
// "Other crime" is police.uk's name for miscellaneous crimes against society.
constexpr std::array<PoliceUkType, 14> kPoliceUk{{
    {"Anti-social behaviour", C::kAntiSocialBehaviour},
    {"Bicycle theft", C::kBicycleTheft},
    {"Burglary", C::kBurglary},
    {"Criminal damage and arson", C::kCriminalDamageAndArson},
    {"Drugs", C::kDrugOffences},
    {"Other crime", C::kMiscCrimesAgainstSociety},
    {"Other theft", C::kOtherTheft},
    {"Possession of weapons", C::kPossessionOfWeapons},
    {"Public order", C::kPublicDisorder},
    {"Robbery", C::kRobbery},
    {"Shoplifting", C::kShoplifting},
    {"Theft from the person", C::kTheftFromThePerson},
    {"Vehicle crime", C::kVehicleCrime},
    {"Violence and sexual offences", C::kViolenceAndSexualOffences},
}};

constexpr std::array<std::string_view, 14> kPoliceUkNames = [] {
  std::array<std::string_view, 14> names{};
  for (size_t i = 0; i < kPoliceUk.size(); ++i) names[i] = kPoliceUk[i].crime_type;
  return names;
}();

// Letters and digits only, lower-cased: "Burglary - residential" == "burglary-residential".
std::string Fold(std::string_view text) {
  std::string out;
  for (unsigned char c : text)
    if (std::isalnum(c)) out.push_back(static_cast<char>(std::tolower(c)));
  return out;
}

}  // namespace

std::span<const CrimeCategory> AllCategories() { return kTree; }

const CrimeCategory& Category(CategoryId id) {
  return kTree[static_cast<size_t>(id) - 1];
}

bool IsWithin(CategoryId node, CategoryId ancestor) {
  std::optional<CategoryId> at = node;
  while (at) {
    if (*at == ancestor) return true;
    at = Category(*at).parent;
  }
  return false;
}

std::vector<CategoryId> Subtree(CategoryId node) {
  std::vector<CategoryId> out;
  for (const auto& c : kTree)
    if (IsWithin(c.id, node)) out.push_back(c.id);
  return out;
}

std::optional<CategoryId> FindCategory(std::string_view text) {
  const std::string key = Fold(text);
  if (key.empty()) return std::nullopt;
  for (const auto& c : kTree)
    if (Fold(c.slug) == key || Fold(c.name) == key) return c.id;
  for (const auto& p : kPoliceUk)
    if (Fold(p.crime_type) == key) return p.category;
  return std::nullopt;
}

std::optional<CategoryId> FromPoliceUkCrimeType(std::string_view crime_type) {
  for (const auto& p : kPoliceUk)
    if (p.crime_type == crime_type) return p.category;
  return std::nullopt;
}

std::span<const std::string_view> PoliceUkCrimeTypes() { return kPoliceUkNames; }

bool IsAntiSocialBehaviour(CategoryId id) { return IsWithin(id, C::kAntiSocialBehaviour); }

}  // namespace safer
