// The access tables in the SQLite database the Store uses, on a connection of their own.
#include <algorithm>
#include <limits>
#include <memory>

#include <fmt/format.h>

#include "store/access_store.h"
#include "store/sqlite_database.h"

namespace safer {
namespace {

using sqlite::Exec;
using sqlite::Statement;
using sqlite::Transaction;
using sqlite::Use;

constexpr const char* kSchema = R"sql(
CREATE TABLE IF NOT EXISTS agency (
  id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE COLLATE NOCASE);
CREATE TABLE IF NOT EXISTS app_user (
  id INTEGER PRIMARY KEY, username TEXT NOT NULL UNIQUE, display_name TEXT NOT NULL,
  role TEXT NOT NULL CHECK (role IN ('public', 'member', 'analyst', 'clerk', 'admin')),
  agency_id INTEGER NOT NULL REFERENCES agency(id), password_hash TEXT NOT NULL,
  disabled INTEGER NOT NULL DEFAULT 0, failed_logins INTEGER NOT NULL DEFAULT 0,
  locked_until INTEGER, created_at INTEGER NOT NULL, last_login INTEGER);
CREATE TABLE IF NOT EXISTS session (
  token_digest TEXT PRIMARY KEY, username TEXT NOT NULL, csrf_token TEXT NOT NULL,
  created_at INTEGER NOT NULL, expires_at INTEGER NOT NULL, last_seen INTEGER NOT NULL) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS session_by_username ON session(username);
CREATE INDEX IF NOT EXISTS session_by_expiry ON session(expires_at);
CREATE TABLE IF NOT EXISTS import_owner (
  import_id INTEGER PRIMARY KEY, username TEXT NOT NULL, agency TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS audit (
  id INTEGER PRIMARY KEY, at INTEGER NOT NULL, username TEXT NOT NULL, agency TEXT NOT NULL,
  client TEXT NOT NULL, action TEXT NOT NULL, target TEXT NOT NULL, detail TEXT NOT NULL,
  allowed INTEGER NOT NULL);
CREATE INDEX IF NOT EXISTS audit_by_username ON audit(username, id);
CREATE INDEX IF NOT EXISTS audit_by_action ON audit(action, id);
-- The trail is append-only even to a bug in Safer: changing or removing a row fails.
CREATE TRIGGER IF NOT EXISTS audit_no_update BEFORE UPDATE ON audit
  BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END;
CREATE TRIGGER IF NOT EXISTS audit_no_delete BEFORE DELETE ON audit
  BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END;
)sql";

// Databases made before the clerk role refuse it in their CHECK, which SQLite cannot alter:
// the table is copied into one with the new CHECK (nothing references app_user's rows).
constexpr const char* kAddClerkRole = R"sql(
CREATE TABLE app_user_with_clerk (
  id INTEGER PRIMARY KEY, username TEXT NOT NULL UNIQUE, display_name TEXT NOT NULL,
  role TEXT NOT NULL CHECK (role IN ('public', 'member', 'analyst', 'clerk', 'admin')),
  agency_id INTEGER NOT NULL REFERENCES agency(id), password_hash TEXT NOT NULL,
  disabled INTEGER NOT NULL DEFAULT 0, failed_logins INTEGER NOT NULL DEFAULT 0,
  locked_until INTEGER, created_at INTEGER NOT NULL, last_login INTEGER);
INSERT INTO app_user_with_clerk SELECT * FROM app_user;
DROP TABLE app_user;
ALTER TABLE app_user_with_clerk RENAME TO app_user;
)sql";

// Imports hold the write lock for the whole import (seconds on a large file): wait for it.
constexpr int kBusyTimeoutMs = 30000;
constexpr size_t kMaxDetailBytes = 2000;
constexpr size_t kMaxFieldBytes = 256;
constexpr size_t kMaxAgencyNameBytes = 200;
constexpr int kMaxAuditRows = 1000;

// At most max bytes, cut at a UTF-8 character boundary.
std::string_view Bounded(std::string_view text, size_t max) {
  if (text.size() <= max) return text;
  size_t end = max;
  while (end > 0 && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) --end;
  return text.substr(0, end);
}

constexpr const char* kUserColumns =
    "SELECT u.id, u.username, u.display_name, u.role, a.name, u.password_hash, u.disabled, "
    "u.failed_logins, u.locked_until, u.created_at, u.last_login "
    "FROM app_user u JOIN agency a ON a.id = u.agency_id ";

Status ReadUser(const Use& q, User* user) {
  user->id = q.Int(0);
  user->username = q.Text(1);
  user->display_name = q.Text(2);
  std::string role = q.Text(3);
  std::optional<Role> parsed = ParseRole(role);
  if (!parsed) return Status::StoreError(fmt::format("user {} has an unknown role \"{}\"", user->username, role));
  user->role = *parsed;
  user->agency = q.Text(4);
  user->password_hash = q.Text(5);
  user->disabled = q.Int(6) != 0;
  user->failed_logins = static_cast<int>(q.Int(7));
  user->locked_until = q.OptionalInt(8);
  user->created_at = q.Int(9);
  user->last_login = q.OptionalInt(10);
  return Status::Ok();
}

class SqliteAccessStore : public AccessStore {
 public:
  explicit SqliteAccessStore(std::unique_ptr<sqlite::Connection> connection)
      : connection_(std::move(connection)), db_(connection_->get()) {}

  Status Init() {
    if (Status st = Exec(db_, kSchema); !st.ok()) return st;
    return AddClerkRole();
  }

  Status AddClerkRole() {
    Transaction t(db_);
    if (Status st = t.Begin(); !st.ok()) return st;
    Statement* s = nullptr;
    if (Status st = Prepared("SELECT sql LIKE '%''clerk''%' FROM sqlite_master WHERE name = 'app_user'", &s); !st.ok())
      return st;
    bool row = false, has_clerk = false;
    {
      Use q(*s);
      if (Status st = q.Step(&row); !st.ok()) return st;
      has_clerk = row && q.Int(0) != 0;
    }
    if (has_clerk) return Status::Ok();
    if (Status st = Exec(db_, kAddClerkRole); !st.ok()) return st;
    return t.Commit();
  }

  Status AddAgency(std::string_view name, Agency* out) override {
    if (Status st = CheckAgencyName(name); !st.ok()) return st;
    Transaction t(db_);
    if (Status st = t.Begin(); !st.ok()) return st;
    std::optional<int64_t> existing;
    if (Status st = AgencyId(name, &existing); !st.ok()) return st;
    if (existing) return Status::InvalidInput(fmt::format("The agency \"{}\" already exists.", name));
    Statement* s = nullptr;
    if (Status st = Prepared("INSERT INTO agency (name) VALUES (?1)", &s); !st.ok()) return st;
    {
      Use q(*s);
      q.Bind(1, name);
      if (Status st = q.Step(); !st.ok()) return st;
    }
    Agency agency{sqlite3_last_insert_rowid(db_), std::string(name)};
    if (Status st = t.Commit(); !st.ok()) return st;
    if (out) *out = std::move(agency);
    return Status::Ok();
  }

  Status ListAgencies(std::vector<Agency>* out) override {
    out->clear();
    Statement* s = nullptr;
    if (Status st = Prepared("SELECT id, name FROM agency ORDER BY name", &s); !st.ok()) return st;
    Use q(*s);
    return q.ForEachRow([&]() -> Status {
      out->push_back(Agency{q.Int(0), q.Text(1)});
      return Status::Ok();
    });
  }

  Status AddUser(const User& user, User* out) override {
    Transaction t(db_);
    if (Status st = t.Begin(); !st.ok()) return st;
    std::optional<User> taken;
    if (Status st = FindUser(user.username, &taken); !st.ok()) return st;
    if (taken) return Status::InvalidInput(fmt::format("The username \"{}\" is taken.", user.username));
    std::optional<int64_t> agency_id;
    if (Status st = AgencyId(user.agency, &agency_id); !st.ok()) return st;
    if (!agency_id) return Status::InvalidInput(fmt::format("There is no agency named \"{}\".", user.agency));
    Statement* s = nullptr;
    if (Status st = Prepared(
            "INSERT INTO app_user (username, display_name, role, agency_id, password_hash, disabled, "
            "failed_logins, locked_until, created_at, last_login) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
            &s);
        !st.ok())
      return st;
    {
      Use q(*s);
      q.Bind(1, user.username).Bind(2, user.display_name).Bind(3, RoleName(user.role)).Bind(4, *agency_id);
      q.Bind(5, user.password_hash).Bind(6, int64_t{user.disabled}).Bind(7, int64_t{user.failed_logins});
      q.Bind(8, user.locked_until).Bind(9, user.created_at).Bind(10, user.last_login);
      if (Status st = q.Step(); !st.ok()) return st;
    }
    std::optional<User> added;
    if (Status st = FindUser(user.username, &added); !st.ok()) return st;
    if (Status st = t.Commit(); !st.ok()) return st;
    if (out && added) *out = std::move(*added);
    return Status::Ok();
  }

  Status FindUser(std::string_view username, std::optional<User>* out) override {
    out->reset();
    Statement* s = nullptr;
    if (Status st = Prepared(std::string(kUserColumns) + "WHERE u.username = ?1", &s); !st.ok()) return st;
    Use q(*s);
    q.Bind(1, username);
    bool row = false;
    if (Status st = q.Step(&row); !st.ok() || !row) return st;
    User user;
    if (Status st = ReadUser(q, &user); !st.ok()) return st;
    *out = std::move(user);
    return Status::Ok();
  }

  Status ListUsers(std::vector<User>* out) override {
    out->clear();
    Statement* s = nullptr;
    if (Status st = Prepared(std::string(kUserColumns) + "ORDER BY u.username", &s); !st.ok()) return st;
    Use q(*s);
    return q.ForEachRow([&]() -> Status {
      User user;
      if (Status st = ReadUser(q, &user); !st.ok()) return st;
      out->push_back(std::move(user));
      return Status::Ok();
    });
  }

  Status UpdateUser(const User& user) override {
    Transaction t(db_);
    if (Status st = t.Begin(); !st.ok()) return st;
    std::optional<int64_t> agency_id;
    if (Status st = AgencyId(user.agency, &agency_id); !st.ok()) return st;
    if (!agency_id) return Status::InvalidInput(fmt::format("There is no agency named \"{}\".", user.agency));
    Statement* s = nullptr;
    if (Status st = Prepared(
            "UPDATE app_user SET display_name = ?2, role = ?3, agency_id = ?4, password_hash = ?5, disabled = ?6, "
            "failed_logins = ?7, locked_until = ?8, last_login = ?9 WHERE username = ?1",
            &s);
        !st.ok())
      return st;
    {
      Use q(*s);
      q.Bind(1, user.username).Bind(2, user.display_name).Bind(3, RoleName(user.role)).Bind(4, *agency_id);
      q.Bind(5, user.password_hash).Bind(6, int64_t{user.disabled}).Bind(7, int64_t{user.failed_logins});
      q.Bind(8, user.locked_until).Bind(9, user.last_login);
      if (Status st = q.Step(); !st.ok()) return st;
    }
    if (sqlite3_changes(db_) == 0) return Status::NotFound(fmt::format("There is no user \"{}\".", user.username));
    return t.Commit();
  }

  Status CountAdmins(int64_t* out) override {
    Statement* s = nullptr;
    if (Status st = Prepared("SELECT COUNT(*) FROM app_user WHERE role = 'admin' AND disabled = 0", &s); !st.ok())
      return st;
    Use q(*s);
    if (Status st = q.Step(); !st.ok()) return st;
    *out = q.Int(0);
    return Status::Ok();
  }

  Status AddSession(const Session& session) override {
    return Write(
        "INSERT INTO session (token_digest, username, csrf_token, created_at, expires_at, last_seen) "
        "VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        [&](Use& q) {
          q.Bind(1, session.token_digest).Bind(2, session.username).Bind(3, session.csrf_token);
          q.Bind(4, session.created_at).Bind(5, session.expires_at).Bind(6, session.last_seen);
        });
  }

  Status FindSession(std::string_view token_digest, std::optional<Session>* out) override {
    out->reset();
    Statement* s = nullptr;
    if (Status st = Prepared(
            "SELECT token_digest, username, csrf_token, created_at, expires_at, last_seen FROM session "
            "WHERE token_digest = ?1",
            &s);
        !st.ok())
      return st;
    Use q(*s);
    q.Bind(1, token_digest);
    bool row = false;
    if (Status st = q.Step(&row); !st.ok() || !row) return st;
    *out = Session{q.Text(0), q.Text(1), q.Text(2), q.Int(3), q.Int(4), q.Int(5)};
    return Status::Ok();
  }

  Status TouchSession(std::string_view token_digest, int64_t last_seen) override {
    return Write("UPDATE session SET last_seen = ?2 WHERE token_digest = ?1",
                 [&](Use& q) { q.Bind(1, token_digest).Bind(2, last_seen); });
  }

  Status DeleteSession(std::string_view token_digest) override {
    return Write("DELETE FROM session WHERE token_digest = ?1", [&](Use& q) { q.Bind(1, token_digest); });
  }

  Status DeleteSessionsOf(std::string_view username) override {
    return Write("DELETE FROM session WHERE username = ?1", [&](Use& q) { q.Bind(1, username); });
  }

  Status DeleteExpiredSessions(int64_t now) override {
    return Write("DELETE FROM session WHERE expires_at <= ?1", [&](Use& q) { q.Bind(1, now); });
  }

  Status SetImportOwner(int64_t import_id, std::string_view username, std::string_view agency) override {
    return Write(
        "INSERT INTO import_owner (import_id, username, agency) VALUES (?1, ?2, ?3) "
        "ON CONFLICT (import_id) DO UPDATE SET username = excluded.username, agency = excluded.agency",
        [&](Use& q) {
          q.Bind(1, import_id).Bind(2, Bounded(username, kMaxFieldBytes)).Bind(3, Bounded(agency, kMaxFieldBytes));
        });
  }

  Status FindImportOwner(int64_t import_id, std::optional<std::string>* agency) override {
    agency->reset();
    Statement* s = nullptr;
    if (Status st = Prepared("SELECT agency FROM import_owner WHERE import_id = ?1", &s); !st.ok()) return st;
    Use q(*s);
    q.Bind(1, import_id);
    bool row = false;
    if (Status st = q.Step(&row); !st.ok() || !row) return st;
    *agency = q.Text(0);
    return Status::Ok();
  }

  Status Audit(const AuditEntry& e) override {
    return Write(
        "INSERT INTO audit (at, username, agency, client, action, target, detail, allowed) "
        "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        [&](Use& q) {
          q.Bind(1, e.at).Bind(2, Bounded(e.username, kMaxFieldBytes)).Bind(3, Bounded(e.agency, kMaxFieldBytes));
          q.Bind(4, Bounded(e.client, kMaxFieldBytes)).Bind(5, Bounded(e.action, kMaxFieldBytes));
          q.Bind(6, Bounded(e.target, kMaxFieldBytes)).Bind(7, Bounded(e.detail, kMaxDetailBytes));
          q.Bind(8, int64_t{e.allowed});
        });
  }

  Status ListAudit(const AuditQuery& query, std::vector<AuditEntry>* out) override {
    out->clear();
    // One statement per combination of filters, so each can use its index; values are bound.
    std::string sql =
        "SELECT id, at, username, agency, client, action, target, detail, allowed FROM audit WHERE id < ?1";
    if (!query.username.empty()) sql += " AND username = ?2";
    if (!query.action.empty()) sql += " AND action = ?3";
    sql += " ORDER BY id DESC LIMIT ?4";
    Statement* s = nullptr;
    if (Status st = Prepared(sql, &s); !st.ok()) return st;
    Use q(*s);
    q.Bind(1, query.before_id.value_or(std::numeric_limits<int64_t>::max()));
    if (!query.username.empty()) q.Bind(2, query.username);
    if (!query.action.empty()) q.Bind(3, query.action);
    q.Bind(4, int64_t{std::clamp(query.limit, 1, kMaxAuditRows)});
    return q.ForEachRow([&]() -> Status {
      out->push_back(AuditEntry{q.Int(0), q.Int(1), q.Text(2), q.Text(3), q.Text(4), q.Text(5), q.Text(6), q.Text(7),
                                q.Int(8) != 0});
      return Status::Ok();
    });
  }

 private:
  Status Prepared(const std::string& sql, Statement** out) { return connection_->Prepared(sql, out); }

  // One statement that changes something; autocommit makes it its own transaction.
  template <typename BindAll>
  Status Write(const std::string& sql, BindAll bind) {
    Statement* s = nullptr;
    if (Status st = Prepared(sql, &s); !st.ok()) return st;
    Use q(*s);
    bind(q);
    return q.Step();
  }

  Status AgencyId(std::string_view name, std::optional<int64_t>* id) {
    id->reset();
    Statement* s = nullptr;
    if (Status st = Prepared("SELECT id FROM agency WHERE name = ?1", &s); !st.ok()) return st;
    Use q(*s);
    q.Bind(1, name);
    bool row = false;
    if (Status st = q.Step(&row); !st.ok() || !row) return st;
    *id = q.Int(0);
    return Status::Ok();
  }

  static Status CheckAgencyName(std::string_view name) {
    if (name.empty() || name.find_first_not_of(' ') == std::string_view::npos)
      return Status::InvalidInput("An agency needs a name.");
    if (name.size() > kMaxAgencyNameBytes) return Status::InvalidInput("An agency name may be at most 200 bytes long.");
    if (name.front() == ' ' || name.back() == ' ')
      return Status::InvalidInput("An agency name may not start or end with a space.");
    for (unsigned char c : name)
      if (c < 0x20 || c == 0x7F) return Status::InvalidInput("An agency name may not contain control characters.");
    return Status::Ok();
  }

  std::unique_ptr<sqlite::Connection> connection_;
  sqlite3* db_;  // connection_'s
};

}  // namespace

Status OpenAccessStore(const std::string& location, std::unique_ptr<AccessStore>* out) {
  return sqlite::OpenStore<SqliteAccessStore>(location, kBusyTimeoutMs, out);
}

}  // namespace safer
