#include "domain/access.h"

#include <array>
#include <initializer_list>

namespace safer {
namespace {

struct RoleInfo {
  Role role;
  std::string_view name;
  std::string_view description;
};

constexpr std::array<RoleInfo, 5> kRoles{{
    {Role::kPublic, "public",
     "Sees only what the partnership publishes: the overview, the quarterly pack, published minutes and attendance."},
    {Role::kMember, "member",
     "Also sees partnership data (counts, the map), exempt minutes and action plans, and updates their own actions."},
    {Role::kAnalyst, "analyst",
     "A member who also sees incident rows and their provenance, imports data and sees the rows their agency's "
     "imports rejected."},
    {Role::kClerk, "clerk",
     "A member who also records meetings and minutes and manages action plans (democratic services); no data imports."},
    {Role::kAdmin, "admin", "May do everything the other roles may, and manages users and agencies and reads the audit log."},
}};

using P = Permission;

// The matrix. A role not listed, or a permission not in its row, is refused.
struct Grant {
  Role role;
  std::vector<Permission> permissions;
};

const std::vector<Grant>& Grants() {
  static const std::vector<P> kMember{P::kViewPublished, P::kViewPartnership, P::kViewExempt, P::kUpdateOwnActions};
  static const std::vector<Grant> grants = [] {
    auto with = [](std::vector<P> base, std::initializer_list<P> more) {
      base.insert(base.end(), more);
      return base;
    };
    return std::vector<Grant>{
        {Role::kPublic, {P::kViewPublished}},
        {Role::kMember, kMember},
        {Role::kAnalyst, with(kMember, {P::kViewIncidents, P::kImport, P::kViewRejections})},
        {Role::kClerk, with(kMember, {P::kEditMinutes, P::kManageActions})},
        {Role::kAdmin, AllPermissions()},
    };
  }();
  return grants;
}

bool IsLowerAlnum(char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); }

char ToLower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

bool EqualsIgnoringCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i)
    if (ToLower(a[i]) != ToLower(b[i])) return false;
  return true;
}

}  // namespace

const std::vector<Role>& AllRoles() {
  static const std::vector<Role> roles = [] {
    std::vector<Role> out;
    for (const auto& r : kRoles) out.push_back(r.role);
    return out;
  }();
  return roles;
}

const std::vector<Permission>& AllPermissions() {
  static const std::vector<Permission> permissions{
      P::kViewPublished, P::kViewPartnership, P::kViewIncidents, P::kImport,          P::kViewRejections,
      P::kAdminister,    P::kViewExempt,      P::kEditMinutes,   P::kManageActions, P::kUpdateOwnActions};
  return permissions;
}

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
    case Permission::kViewExempt: return "view-exempt";
    case Permission::kEditMinutes: return "edit-minutes";
    case Permission::kManageActions: return "manage-actions";
    case Permission::kUpdateOwnActions: return "update-own-actions";
  }
  return "";
}

bool Allows(Role role, Permission permission) {
  // A value outside either enumeration (a corrupt row, a bad cast) matches no row or cell.
  for (const auto& g : Grants())
    if (g.role == role)
      for (Permission p : g.permissions)
        if (p == permission) return true;
  return false;
}

std::vector<Role> RolesWith(Permission permission) {
  std::vector<Role> out;
  for (Role r : AllRoles())
    if (Allows(r, permission)) out.push_back(r);
  return out;
}

std::string RoleNames(const std::vector<Role>& roles) {
  std::string out;
  for (Role r : roles) {
    if (!out.empty()) out += ", ";
    out += RoleName(r);
  }
  return out;
}

bool IsValidUsername(std::string_view username) {
  if (username.size() < 3 || username.size() > 64) return false;
  if (!IsLowerAlnum(username.front())) return false;
  for (char c : username)
    if (!IsLowerAlnum(c) && c != '.' && c != '_' && c != '-') return false;
  return true;
}

}  // namespace safer
