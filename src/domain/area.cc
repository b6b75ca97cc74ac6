#include "domain/area.h"

namespace safer {

std::string_view AreaLevelSlug(AreaLevel level) {
  switch (level) {
    case AreaLevel::kForce: return "force";
    case AreaLevel::kLocalAuthority: return "local-authority";
    case AreaLevel::kWard: return "ward";
    case AreaLevel::kLsoa: return "lsoa";
  }
  return "";
}

std::string_view AreaLevelName(AreaLevel level) {
  switch (level) {
    case AreaLevel::kForce: return "force";
    case AreaLevel::kLocalAuthority: return "local authority";
    case AreaLevel::kWard: return "ward";
    case AreaLevel::kLsoa: return "LSOA";
  }
  return "area";
}

std::optional<std::string> LocalAuthorityFromLsoaName(std::string_view lsoa_name) {
  while (!lsoa_name.empty() && lsoa_name.back() == ' ') lsoa_name.remove_suffix(1);
  size_t space = lsoa_name.rfind(' ');
  if (space == std::string_view::npos || space == 0 || space + 1 == lsoa_name.size())
    return std::nullopt;
  std::string_view la = lsoa_name.substr(0, space);
  while (!la.empty() && la.back() == ' ') la.remove_suffix(1);
  if (la.empty()) return std::nullopt;
  return std::string(la);
}

std::string SyntheticAreaCode(AreaLevel level, std::string_view name) {
  std::string code;
  switch (level) {
    case AreaLevel::kForce: code = "force:"; break;
    case AreaLevel::kLocalAuthority: code = "la:"; break;
    case AreaLevel::kWard: code = "ward:"; break;
    case AreaLevel::kLsoa: code = "lsoa:"; break;
  }
  code.append(name);
  return code;
}

}  // namespace safer
