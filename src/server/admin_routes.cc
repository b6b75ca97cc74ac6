// Administration: users, agencies, roles and the audit log. Every change is audited; the
// last enabled admin cannot be demoted or disabled, so the partnership is never locked out.
#include <ctime>

#include <fmt/format.h>

#include "access/credentials.h"
#include "server/api.h"

namespace safer::server {
namespace {

bool ParseRoleField(Call& call, const std::string& text, Role* role) {
  auto r = ParseRole(text);
  if (!r) {
    ReplyError(call.res, 400, "role must be public, member, analyst, clerk or admin");
    return false;
  }
  *role = *r;
  return true;
}

// Would this change leave no enabled admin?
bool RemovesLastAdmin(Call& call, const User& before, const User& after) {
  const bool was = before.role == Role::kAdmin && !before.disabled;
  const bool is = after.role == Role::kAdmin && !after.disabled;
  if (!was || is) return false;
  int64_t admins = 0;
  if (Status st = call.db.access().CountAdmins(&admins); !st.ok()) return true;
  return admins <= 1;
}

void AddUsers(Api& api) {
  api.Get("/api/users", Permission::kAdminister, [](Call& call) {
    std::vector<User> users;
    if (Status st = call.db.access().ListUsers(&users); !st.ok()) return ReplyStatus(call.res, st);
    json out = json::array();
    for (const auto& u : users) out.push_back(UserJson(u, true));
    ReplyJson(call.res, out);
  });

  api.Post("/api/users", Permission::kAdminister, [](Call& call) {
    json body;
    std::string username, display_name, role_text, agency, password;
    Role role;
    if (!ReadJsonObject(call, &body) || !RequireString(call, body, "username", 64, &username) ||
        !RequireString(call, body, "display_name", 200, &display_name, true) ||
        !RequireString(call, body, "role", 20, &role_text) || !RequireString(call, body, "agency", 200, &agency) ||
        !RequireString(call, body, "password", 1024, &password) || !ParseRoleField(call, role_text, &role))
      return;
    std::optional<User> existing;
    if (Status st = call.db.access().FindUser(username, &existing); !st.ok()) return ReplyStatus(call.res, st);
    if (existing) return ReplyError(call.res, 409, "username \"" + username + "\" is taken");
    User created;
    if (Status st = CreateUser(call.db.access(), username, display_name, role, agency, password, &created); !st.ok())
      return ReplyStatus(call.res, st);
    call.Audit("user-created", username, fmt::format("role {}, agency {}", RoleName(role), agency));
    ReplyJson(call.res, UserJson(created, true), 201);
  });

  api.Patch(R"(/api/users/([a-z0-9._-]{1,64}))", Permission::kAdminister, [](Call& call) {
    json body;
    if (!ReadJsonObject(call, &body)) return;
    std::optional<User> found;
    if (Status st = call.db.access().FindUser(call.req.matches[1].str(), &found); !st.ok())
      return ReplyStatus(call.res, st);
    if (!found) return ReplyError(call.res, 404, "no user called \"" + call.req.matches[1].str() + "\"");
    User user = *found;
    std::vector<std::string> changes;
    bool end_sessions = false;
    std::string text;
    if (body.contains("role")) {
      if (!RequireString(call, body, "role", 20, &text) || !ParseRoleField(call, text, &user.role)) return;
      changes.push_back("role " + text);
    }
    if (body.contains("agency")) {
      if (!RequireString(call, body, "agency", 200, &text)) return;
      std::vector<Agency> agencies;
      if (Status st = call.db.access().ListAgencies(&agencies); !st.ok()) return ReplyStatus(call.res, st);
      if (std::none_of(agencies.begin(), agencies.end(), [&](const Agency& a) { return a.name == text; }))
        return ReplyError(call.res, 400, "no agency called \"" + text + "\"; add it first");
      user.agency = text;
      changes.push_back("agency " + text);
    }
    if (body.contains("display_name")) {
      if (!RequireString(call, body, "display_name", 200, &user.display_name)) return;
      changes.push_back("display name");
    }
    if (body.contains("disabled")) {
      if (!body["disabled"].is_boolean()) return ReplyError(call.res, 400, "\"disabled\" must be true or false");
      user.disabled = body["disabled"].get<bool>();
      end_sessions = end_sessions || user.disabled;
      changes.push_back(user.disabled ? "disabled" : "enabled");
    }
    if (body.contains("unlock")) {
      if (body["unlock"] != true) return ReplyError(call.res, 400, "\"unlock\" can only be true");
      user.failed_logins = 0;
      user.locked_until.reset();
      changes.push_back("unlocked");
    }
    if (body.contains("password")) {
      std::string password;
      if (!RequireString(call, body, "password", 1024, &password)) return;
      if (std::string problem = PasswordProblem(user.username, password); !problem.empty())
        return ReplyError(call.res, 400, problem);
      if (Status st = HashPassword(password, &user.password_hash); !st.ok()) return ReplyStatus(call.res, st);
      end_sessions = true;
      changes.push_back("password reset");
    }
    if (changes.empty())
      return ReplyError(call.res, 400, "nothing to change: give role, agency, display_name, disabled, password or unlock");
    if (RemovesLastAdmin(call, *found, user))
      return ReplyError(call.res, 409, "this is the last enabled admin; make another admin first");
    if (Status st = call.db.access().UpdateUser(user); !st.ok()) return ReplyStatus(call.res, st);
    if (end_sessions)
      if (Status st = call.db.access().DeleteSessionsOf(user.username); !st.ok()) return ReplyStatus(call.res, st);
    std::string detail;
    for (const auto& c : changes) detail += (detail.empty() ? "" : ", ") + c;
    call.Audit("user-changed", user.username, detail);
    ReplyJson(call.res, UserJson(user, true));
  });
}

}  // namespace

void AddAdminRoutes(Api& api) {
  AddUsers(api);

  api.Get("/api/agencies", Permission::kAdminister, [](Call& call) {
    std::vector<Agency> agencies;
    if (Status st = call.db.access().ListAgencies(&agencies); !st.ok()) return ReplyStatus(call.res, st);
    json out = json::array();
    for (const auto& a : agencies) out.push_back(json{{"id", a.id}, {"name", a.name}});
    ReplyJson(call.res, out);
  });

  api.Post("/api/agencies", Permission::kAdminister, [](Call& call) {
    json body;
    std::string name;
    if (!ReadJsonObject(call, &body) || !RequireString(call, body, "name", 200, &name)) return;
    if (name.find_first_not_of(" \t") == std::string::npos) return ReplyError(call.res, 400, "an agency needs a name");
    std::vector<Agency> agencies;
    if (Status st = call.db.access().ListAgencies(&agencies); !st.ok()) return ReplyStatus(call.res, st);
    for (const auto& a : agencies)
      if (a.name == name) return ReplyError(call.res, 409, "agency \"" + name + "\" exists");
    Agency added;
    if (Status st = call.db.access().AddAgency(name, &added); !st.ok()) return ReplyStatus(call.res, st);
    call.Audit("agency-created", name, "");
    ReplyJson(call.res, json{{"id", added.id}, {"name", added.name}}, 201);
  });

  api.Get("/api/roles", Permission::kAdminister, [](Call& call) {
    json out = json::array();
    for (Role r : AllRoles()) {
      json permissions = json::array();
      for (Permission p : AllPermissions())
        if (Allows(r, p)) permissions.push_back(PermissionName(p));
      out.push_back(json{{"name", RoleName(r)}, {"description", RoleDescription(r)}, {"permissions", permissions}});
    }
    ReplyJson(call.res, out);
  });

  api.Get("/api/audit", Permission::kAdminister, [](Call& call) {
    AuditQuery query;
    int64_t before = 0, limit = 100;
    if (!IntegerParam(call, "before", 1, INT64_MAX, &before) || !IntegerParam(call, "limit", 1, 1000, &limit)) return;
    if (before) query.before_id = before;
    query.limit = static_cast<int>(limit);
    query.username = Param(call.req, "username").substr(0, 64);
    query.action = Param(call.req, "action").substr(0, 64);
    std::vector<AuditEntry> entries;
    if (Status st = call.db.access().ListAudit(query, &entries); !st.ok()) return ReplyStatus(call.res, st);
    json out = json::array();
    for (const auto& e : entries)
      out.push_back(json{{"id", e.id},
                         {"at", e.at},
                         {"username", e.username},
                         {"agency", e.agency},
                         {"client", e.client},
                         {"action", e.action},
                         {"target", e.target},
                         {"detail", e.detail},
                         {"allowed", e.allowed}});
    ReplyJson(call.res, out);
  });
}

}  // namespace safer::server
