// Signing in and staying signed in: the lock-out and rate-limit policy, session lifetime.
// The policy is here; the HTTP layer only carries cookies and headers to it.
//
// Rules (docs/security.md):
// - 5 consecutive failed passwords lock an account for 15 minutes; every further failure
//   while locked extends nothing, and a locked account cannot sign in even with the right
//   password. A successful sign-in resets the count.
// - One client address may try at most 20 sign-ins a minute, whichever user it names.
// - A session lasts 12 hours from sign-in and ends after 2 hours without use.
// - Every attempt, good or bad, is audited, unknown usernames included.
#pragma once

#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>

#include "domain/access.h"
#include "store/access_store.h"

namespace safer {

struct SessionPolicy {
  int max_failures = 5;
  int64_t lock_seconds = 15 * 60;
  int attempts_per_client_per_minute = 20;
  int64_t session_seconds = 12 * 3600;
  int64_t idle_seconds = 2 * 3600;
};

enum class SignInOutcome { kSignedIn, kWrongCredentials, kLocked, kThrottled };

struct SignInResult {
  SignInOutcome outcome = SignInOutcome::kWrongCredentials;
  std::optional<User> user;     // when signed in
  std::string token;            // the cookie value, when signed in
  Session session;              // when signed in
  int64_t retry_after = 0;      // seconds, when locked or throttled
};

// Counts sign-in attempts per client address in memory (a restart forgets them; the
// per-account lock is kept in the store and survives).
class ClientThrottle {
 public:
  explicit ClientThrottle(int per_minute) : per_minute_(per_minute) {}
  // True when the client may try now; records the attempt. Sets retry_after when not.
  bool Admit(std::string_view client, int64_t now, int64_t* retry_after);

 private:
  struct Window { int64_t minute = 0; int attempts = 0; };
  int per_minute_;
  std::mutex mu_;
  std::map<std::string, Window, std::less<>> windows_;
};

// Checks the password, applies lock-out, creates the session and audits the attempt.
// Wrong username and wrong password look the same to the caller (and take as long).
Status SignIn(AccessStore& store, ClientThrottle& throttle, const SessionPolicy& policy,
              std::string_view username, std::string_view password, std::string_view client,
              int64_t now, SignInResult* result);

// The session and its user for a cookie token, when the session is live and the user
// enabled; extends last_seen (written at most once a minute). Empty otherwise.
Status ResumeSession(AccessStore& store, const SessionPolicy& policy, std::string_view token,
                     int64_t now, std::optional<Session>* session, std::optional<User>* user);

// Creates a user after checking username, role, agency and password policy; hashes the password.
Status CreateUser(AccessStore& store, std::string_view username, std::string_view display_name,
                  Role role, std::string_view agency, std::string_view password, User* out);

}  // namespace safer
