// Areas and their hierarchy: force ⊃ local authority (the CSP area) ⊃ ward ⊃ LSOA.
// An area is known by its code (E01011954) and its name (Hartlepool 001A).
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace safer {

enum class AreaLevel { kForce = 1, kLocalAuthority = 2, kWard = 3, kLsoa = 4 };

std::string_view AreaLevelName(AreaLevel level);  // "force", "local authority", …
std::string_view AreaLevelSlug(AreaLevel level);  // "force", "local-authority", "ward", "lsoa" (APIs)

struct Area {
  AreaLevel level;
  std::string code;  // ONS code where there is one; see SyntheticAreaCode otherwise
  std::string name;
};

// The local authority an LSOA belongs to, read from the LSOA's name: the name minus its
// last token ("Hartlepool 001A" → "Hartlepool", "Redcar and Cleveland 012C" → "Redcar and
// Cleveland"). Empty when the name has no such token. Used only until a lookup is imported.
std::optional<std::string> LocalAuthorityFromLsoaName(std::string_view lsoa_name);

// A code for an area that has no official code in the data (a force named only by
// "Falls within", a local authority derived from an LSOA name): the level and the name,
// e.g. "force:Cleveland Police". Official codes never contain ':'.
std::string SyntheticAreaCode(AreaLevel level, std::string_view name);

// Population and households of an area in a year (ONS mid-year estimates), the
// denominators of rates. Either may be missing.
struct AreaPopulation {
  std::string area_code;
  int year = 0;
  std::optional<double> population;
  std::optional<double> households;
};

}  // namespace safer
