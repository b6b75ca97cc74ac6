#include "domain/access.h"

#include <array>

namespace safer {
namespace {

struct RoleInfo {
  Role role;
  std::string_view name;
  std::string_view description;
};

constexpr std::array<RoleInfo, 4> kRoles{{
    {Role::kPublic, "public", "Sees only what the partnership publishes: the overview and the quarterly pack."},
    {Role::kMember, "member", "Also sees partnership data: counts by area, category and month, and the map."},
    {Role::kAnalyst, "analyst",
     "Also sees incident rows and their provenance, imports data and sees the rows their agency's imports rejected."},
    {Role::kAdmin, "admin", "Also manages users and agencies and reads the audit log."},
}};

bool IsLowerAlnum(char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); }

char ToLower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

bool EqualsIgnoringCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i)
    if (ToLower(a[i]) != ToLower(b[i])) return false;
  return true;
}

}  // namespace

std::string_view RoleName(Role role) {
  for (const auto& r : kRoles)
    if (r.role == role) return r.name;
  return "";
}

std::optional<Role> ParseRole(std::string_view text) {
  for (const auto& r : kRoles)
    if (EqualsIgnoringCase(text, r.name)) return r.role;
  return std::nullopt;
}

std::string_view RoleDescription(Role role) {
  for (const auto& r : kRoles)
    if (r.role == role) return r.description;
  return "";
}

std::string_view PermissionName(Permission permission) {
  switch (permission) {
    case Permission::kViewPublished: return "view-published";
    case Permission::kViewPartnership: return "view-partnership";
    case Permission::kViewIncidents: return "view-incidents";
    case Permission::kImport: return "import";
    case Permission::kViewRejections: return "view-rejections";
    case Permission::kAdminister: return "administer";
  }
  return "";
}

Role LeastRoleFor(Permission permission) {
  switch (permission) {
    case Permission::kViewPublished: return Role::kPublic;
    case Permission::kViewPartnership: return Role::kMember;
    case Permission::kViewIncidents:
    case Permission::kImport:
    case Permission::kViewRejections: return Role::kAnalyst;
    case Permission::kAdminister: return Role::kAdmin;
  }
  // An out-of-range value is nobody's permission: only the highest role may hold it.
  return Role::kAdmin;
}

bool Allows(Role role, Permission permission) {
  // A value outside the enumeration (a corrupt row, a bad cast) is no role at all.
  if (RoleName(role).empty()) return false;
  return static_cast<int>(role) >= static_cast<int>(LeastRoleFor(permission));
}

bool IsValidUsername(std::string_view username) {
  if (username.size() < 3 || username.size() > 64) return false;
  if (!IsLowerAlnum(username.front())) return false;
  for (char c : username)
    if (!IsLowerAlnum(c) && c != '.' && c != '_' && c != '-') return false;
  return true;
}

}  // namespace safer
