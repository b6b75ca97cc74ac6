// Who may see and do what: the partnership's roles, the agencies its users belong to, and
// the audit trail of what they did. Pure rules; where users are kept is the store's
// business (store/access_store.h), how they prove who they are is access/'s.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace safer {

// Not a ladder: analysts and clerks each add their own permissions to a member's, and
// neither holds the other's. What each role holds is the matrix in access.cc.
enum class Role {
  kPublic = 1,   // only what the partnership publishes: the overview, the pack, published minutes
  kMember = 2,   // partnership data: counts, the map; exempt minutes; updates to their own actions
  kAnalyst = 3,  // incident rows with their provenance, imports, rejected rows, the plan
  kAdmin = 4,    // users, agencies, the audit log; everything the other roles may do
  kClerk = 5,    // democratic services: meetings and minutes, action plans; not data imports
};

// public, member, analyst, clerk, admin: the order the admin page and the docs list them.
const std::vector<Role>& AllRoles();
std::string_view RoleName(Role role);                   // "public", "member", "analyst", "clerk", "admin"
std::optional<Role> ParseRole(std::string_view text);   // the names above, any case
std::string_view RoleDescription(Role role);            // one line, for the admin page

// What a request needs. Each endpoint of the API names exactly one.
enum class Permission {
  kViewPublished,    // overview, quarterly pack downloads
  kViewPartnership,  // counts, map, CSV of counts
  kViewIncidents,    // incident rows (restricted data: every read is audited)
  kImport,           // upload police.uk files and indicator values; import history
  kViewRejections,   // rejected rows (raw lines as supplied: restricted, audited)
  kAdminister,       // users, agencies, audit log
  kViewExempt,       // exempt minutes' text (Schedule 12A): every read is audited
  kEditMinutes,      // record meetings and their minutes
  kManageActions,    // import action plans; update any action's progress and RAG
  kUpdateOwnActions, // progress and RAG of the actions the user owns
};

// Every permission, in the order above (the order the API lists a user's permissions).
const std::vector<Permission>& AllPermissions();
std::string_view PermissionName(Permission permission);
bool Allows(Role role, Permission permission);
// The roles holding a permission, in AllRoles() order: for a refusal's "needs one of: clerk, admin".
std::vector<Role> RolesWith(Permission permission);
std::string RoleNames(const std::vector<Role>& roles);  // "clerk, admin"

struct Agency {
  int64_t id = 0;
  std::string name;  // "Cleveland Police", "Hartlepool Borough Council", …
};

struct User {
  int64_t id = 0;
  std::string username;      // 3–64 of [a-z0-9._-], lower case; unique
  std::string display_name;  // may be empty
  Role role = Role::kPublic;
  std::string agency;        // the agency's name; every user has one
  std::string password_hash; // Argon2id, libsodium's crypto_pwhash_str format
  bool disabled = false;
  int failed_logins = 0;               // consecutive, reset by a successful sign-in
  std::optional<int64_t> locked_until; // unix seconds; set by too many failures
  int64_t created_at = 0;              // unix seconds
  std::optional<int64_t> last_login;
};

// A valid username: 3–64 characters of a–z, 0–9, '.', '_', '-', starting with a letter or digit.
bool IsValidUsername(std::string_view username);

// One line of the audit trail. Written for sign-ins (good and bad), sign-outs, imports,
// exports, admin changes and every read of restricted data; never updated or deleted.
struct AuditEntry {
  int64_t id = 0;
  int64_t at = 0;            // unix seconds
  std::string username;      // empty for an unknown user (a failed sign-in names who was tried in detail)
  std::string agency;
  std::string client;        // the client's address
  std::string action;        // "sign-in", "sign-in-failed", "sign-out", "import", "export", "read-incidents", …
  std::string target;        // what it was done to: an area, an import id, a username
  std::string detail;        // free text, bounded
  bool allowed = true;       // false: the request was refused
};

}  // namespace safer
