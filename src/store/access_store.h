// AccessStore: where users, agencies, sessions and the audit trail are kept. The same
// database as the Store (one file for SQLite), a separate interface because the web server
// is its only user besides `safer user`.
//
// Thread safety: an AccessStore is used by one thread at a time; open one per thread.
// Every write is its own transaction. Audit entries are appended, never changed.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/access.h"
#include "domain/status.h"

namespace safer {

// A signed-in browser. The cookie carries a random token; only its digest is stored, so a
// stolen database does not yield live sessions.
struct Session {
  std::string token_digest;  // hex of BLAKE2b-256 of the token
  std::string username;
  std::string csrf_token;    // sent back by the client in X-CSRF-Token on every change
  int64_t created_at = 0;
  int64_t expires_at = 0;    // absolute; unix seconds
  int64_t last_seen = 0;
};

struct AuditQuery {
  std::optional<int64_t> before_id;  // page backwards from here
  int limit = 100;                   // at most 1000
  std::string username;              // empty: everyone
  std::string action;                // empty: every action
};

class AccessStore {
 public:
  virtual ~AccessStore() = default;

  virtual Status AddAgency(std::string_view name, Agency* out) = 0;  // InvalidInput if it exists
  virtual Status ListAgencies(std::vector<Agency>* out) = 0;         // by name

  // InvalidInput when the username is taken or the agency does not exist.
  virtual Status AddUser(const User& user, User* out) = 0;
  virtual Status FindUser(std::string_view username, std::optional<User>* out) = 0;
  virtual Status ListUsers(std::vector<User>* out) = 0;  // by username
  // Writes role, display name, agency, password hash, disabled, failed_logins, locked_until
  // and last_login of the user with this username.
  virtual Status UpdateUser(const User& user) = 0;
  virtual Status CountAdmins(int64_t* out) = 0;  // enabled admins

  virtual Status AddSession(const Session& session) = 0;
  virtual Status FindSession(std::string_view token_digest, std::optional<Session>* out) = 0;
  virtual Status TouchSession(std::string_view token_digest, int64_t last_seen) = 0;
  virtual Status DeleteSession(std::string_view token_digest) = 0;
  virtual Status DeleteSessionsOf(std::string_view username) = 0;  // on disable or password change
  virtual Status DeleteExpiredSessions(int64_t now) = 0;

  // Which user and agency made an import, so rejected rows can be shown to that agency.
  virtual Status SetImportOwner(int64_t import_id, std::string_view username, std::string_view agency) = 0;
  virtual Status FindImportOwner(int64_t import_id, std::optional<std::string>* agency) = 0;

  virtual Status Audit(const AuditEntry& entry) = 0;  // sets nothing back; at is taken as given
  virtual Status ListAudit(const AuditQuery& query, std::vector<AuditEntry>* out) = 0;  // newest first
};

// Opens the access tables in the database a location names (as OpenStore), creating them.
Status OpenAccessStore(const std::string& location, std::unique_ptr<AccessStore>* out);

}  // namespace safer
