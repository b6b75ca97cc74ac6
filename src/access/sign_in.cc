#include "access/sign_in.h"

#include <ctime>

#include <fmt/format.h>

#include "access/credentials.h"

namespace safer {
namespace {

// Above this many clients remembered, windows of past minutes are dropped; above the hard
// cap (a flood of distinct addresses in one minute) everything is forgotten rather than
// letting memory grow. The per-account lock, kept in the store, still holds.
constexpr size_t kPruneAbove = 4096;
constexpr size_t kMaxClients = 65536;

constexpr int64_t kTouchEverySeconds = 60;
constexpr size_t kMaxTokenBytes = 256;
constexpr size_t kMaxNamedInDetail = 64;
constexpr size_t kMaxDisplayNameBytes = 200;

// A hash of a random password nobody knows, with the same parameters as real ones: an
// unknown username costs the same verification as a known one.
const std::string& DummyHash() {
  static const std::string hash = [] {
    std::string h;
    (void)HashPassword(NewToken(), &h);
    return h;
  }();
  return hash;
}

// The name a failed sign-in tried, for the audit detail: bounded, printable ASCII only, so
// whatever an attacker types cannot reach an admin's terminal or page as control codes.
std::string TriedName(std::string_view username) {
  std::string out;
  for (char c : username.substr(0, kMaxNamedInDetail)) out += c >= 0x20 && c < 0x7F ? c : '?';
  if (username.size() > kMaxNamedInDetail) out += "…";
  return out;
}

// Agency names are unique regardless of case, as the store keeps them.
bool SameAgencyName(std::string_view a, std::string_view b) {
  auto lower = [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; };
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i)
    if (lower(a[i]) != lower(b[i])) return false;
  return true;
}

Status AuditAttempt(AccessStore& store, const std::optional<User>& user, std::string_view client, int64_t now,
                    bool signed_in, std::string detail) {
  AuditEntry entry;
  entry.at = now;
  if (user) {
    entry.username = user->username;
    entry.agency = user->agency;
  }
  entry.client = std::string(client);
  entry.action = signed_in ? "sign-in" : "sign-in-failed";
  entry.detail = std::move(detail);
  entry.allowed = signed_in;
  return store.Audit(entry);
}

}  // namespace

bool ClientThrottle::Admit(std::string_view client, int64_t now, int64_t* retry_after) {
  const int64_t minute = now / 60;
  std::lock_guard lock(mu_);
  auto it = windows_.find(client);
  if (it == windows_.end()) {
    if (windows_.size() >= kPruneAbove) std::erase_if(windows_, [minute](const auto& w) { return w.second.minute != minute; });
    if (windows_.size() >= kMaxClients) windows_.clear();
    it = windows_.emplace(std::string(client), Window{minute, 0}).first;
  }
  Window& w = it->second;
  if (w.minute != minute) w = Window{minute, 0};
  if (w.attempts >= per_minute_) {
    if (retry_after) *retry_after = (minute + 1) * 60 - now;
    return false;
  }
  ++w.attempts;
  return true;
}

Status SignIn(AccessStore& store, ClientThrottle& throttle, const SessionPolicy& policy, std::string_view username,
              std::string_view password, std::string_view client, int64_t now, SignInResult* result) {
  *result = SignInResult{};
  // Made on the first attempt of any kind, so the first unknown username is not the slow one.
  const std::string& dummy_hash = DummyHash();
  if (!throttle.Admit(client, now, &result->retry_after)) {
    result->outcome = SignInOutcome::kThrottled;
    return AuditAttempt(store, std::nullopt, client, now, false,
                        fmt::format("throttled: too many attempts from this client (tried {})", TriedName(username)));
  }

  std::optional<User> user;
  if (Status st = store.FindUser(username, &user); !st.ok()) return st;
  if (!user) {
    (void)VerifyPassword(dummy_hash, password);
    result->outcome = SignInOutcome::kWrongCredentials;
    return AuditAttempt(store, std::nullopt, client, now, false, "unknown user: " + TriedName(username));
  }
  if (user->disabled) {
    (void)VerifyPassword(user->password_hash, password);
    result->outcome = SignInOutcome::kWrongCredentials;
    return AuditAttempt(store, user, client, now, false, "disabled");
  }
  if (user->locked_until && *user->locked_until > now) {
    // The password is not even checked: a lock stops guessing, right or wrong.
    result->outcome = SignInOutcome::kLocked;
    result->retry_after = *user->locked_until - now;
    return AuditAttempt(store, user, client, now, false,
                        fmt::format("locked for another {} s", result->retry_after));
  }
  if (user->locked_until) {
    // The lock has run out: the count starts again.
    user->locked_until.reset();
    user->failed_logins = 0;
  }

  if (!VerifyPassword(user->password_hash, password)) {
    ++user->failed_logins;
    std::string detail = fmt::format("wrong password ({} of {})", user->failed_logins, policy.max_failures);
    if (user->failed_logins >= policy.max_failures) {
      user->locked_until = now + policy.lock_seconds;
      detail += fmt::format("; locked for {} s", policy.lock_seconds);
    }
    if (Status st = store.UpdateUser(*user); !st.ok()) return st;
    result->outcome = SignInOutcome::kWrongCredentials;
    return AuditAttempt(store, user, client, now, false, std::move(detail));
  }

  user->failed_logins = 0;
  user->locked_until.reset();
  user->last_login = now;
  if (Status st = store.UpdateUser(*user); !st.ok()) return st;
  // Sessions past their end are removed here, so the table stays small without a timer.
  if (Status st = store.DeleteExpiredSessions(now); !st.ok()) return st;

  std::string token = NewToken();
  Session session;
  session.token_digest = TokenDigest(token);
  session.username = user->username;
  session.csrf_token = NewToken();
  session.created_at = now;
  session.expires_at = now + policy.session_seconds;
  session.last_seen = now;
  if (Status st = store.AddSession(session); !st.ok()) return st;
  if (Status st = AuditAttempt(store, user, client, now, true, ""); !st.ok()) return st;

  result->outcome = SignInOutcome::kSignedIn;
  result->user = std::move(user);
  result->token = std::move(token);
  result->session = std::move(session);
  return Status::Ok();
}

Status ResumeSession(AccessStore& store, const SessionPolicy& policy, std::string_view token, int64_t now,
                     std::optional<Session>* session, std::optional<User>* user) {
  session->reset();
  user->reset();
  if (token.empty() || token.size() > kMaxTokenBytes) return Status::Ok();
  const std::string digest = TokenDigest(token);
  std::optional<Session> found;
  if (Status st = store.FindSession(digest, &found); !st.ok()) return st;
  if (!found) return Status::Ok();
  if (now >= found->expires_at || now - found->last_seen > policy.idle_seconds)
    return store.DeleteSession(digest);

  std::optional<User> owner;
  if (Status st = store.FindUser(found->username, &owner); !st.ok()) return st;
  if (!owner || owner->disabled) return store.DeleteSession(digest);

  if (now - found->last_seen >= kTouchEverySeconds) {
    if (Status st = store.TouchSession(digest, now); !st.ok()) return st;
    found->last_seen = now;
  }
  *session = std::move(found);
  *user = std::move(owner);
  return Status::Ok();
}

Status CreateUser(AccessStore& store, std::string_view username, std::string_view display_name, Role role,
                  std::string_view agency, std::string_view password, User* out) {
  if (!IsValidUsername(username))
    return Status::InvalidInput(fmt::format(
        "\"{}\" is not a valid username: use 3 to 64 characters of a-z, 0-9, '.', '_' and '-', "
        "starting with a letter or digit.",
        TriedName(username)));
  if (RoleName(role).empty()) return Status::InvalidInput("That is not a role: use public, member, analyst or admin.");
  if (display_name.size() > kMaxDisplayNameBytes)
    return Status::InvalidInput("A display name may be at most 200 bytes long.");
  for (unsigned char c : display_name)
    if (c < 0x20 || c == 0x7F) return Status::InvalidInput("A display name may not contain control characters.");
  if (std::string problem = PasswordProblem(username, password); !problem.empty())
    return Status::InvalidInput(problem);

  std::vector<Agency> agencies;
  if (Status st = store.ListAgencies(&agencies); !st.ok()) return st;
  const Agency* found = nullptr;
  for (const auto& a : agencies)
    if (SameAgencyName(a.name, agency)) found = &a;
  if (!found)
    return Status::InvalidInput(fmt::format("There is no agency named \"{}\": add it first.", agency));

  User user;
  user.username = std::string(username);
  user.display_name = std::string(display_name);
  user.role = role;
  user.agency = found->name;
  user.created_at = static_cast<int64_t>(std::time(nullptr));
  if (Status st = HashPassword(password, &user.password_hash); !st.ok()) return st;
  return store.AddUser(user, out);
}

}  // namespace safer
