// Signing in and out: POST/GET/DELETE /api/session, and the health check.
#include <ctime>

#include <fmt/format.h>

#include "server/api.h"

namespace safer::server {
namespace {

std::string SessionCookie(const Call& call, const std::string& token, int64_t max_age) {
  return fmt::format("safer_session={}; Path=/; HttpOnly; SameSite=Strict; Max-Age={}{}", token, max_age,
                     call.state.tls ? "; Secure" : "");
}

}  // namespace

void AddSessionRoutes(Api& api) {
  api.OpenGet("/api/health", [](Call& call) { ReplyJson(call.res, json{{"ok", true}}); });

  api.OpenPost("/api/session", [](Call& call) {
    json body;
    std::string username, password;
    if (!ReadJsonObject(call, &body) || !RequireString(call, body, "username", 64, &username) ||
        !RequireString(call, body, "password", 1024, &password))
      return;
    SignInResult result;
    const int64_t now = std::time(nullptr);
    if (Status st = SignIn(call.db.access(), call.state.throttle, call.state.policy, username, password,
                           call.client, now, &result);
        !st.ok())
      return ReplyStatus(call.res, st);
    switch (result.outcome) {
      case SignInOutcome::kSignedIn:
        call.res.set_header("Set-Cookie", SessionCookie(call, result.token, call.state.policy.session_seconds));
        return ReplyJson(call.res, json{{"user", UserJson(*result.user)}, {"csrf", result.session.csrf_token}});
      case SignInOutcome::kWrongCredentials:
        return ReplyError(call.res, 401, "wrong username or password");
      case SignInOutcome::kLocked:
        call.res.set_header("Retry-After", std::to_string(result.retry_after));
        return ReplyError(call.res, 429,
                          fmt::format("this account is locked after too many wrong passwords; try again in {} "
                                      "minutes or ask an administrator to unlock it",
                                      (result.retry_after + 59) / 60));
      case SignInOutcome::kThrottled:
        call.res.set_header("Retry-After", std::to_string(result.retry_after));
        return ReplyError(call.res, 429,
                          fmt::format("too many sign-in attempts from your address; try again in {} seconds",
                                      result.retry_after));
    }
  });

  api.Get("/api/session", Permission::kViewPublished, [](Call& call) {
    ReplyJson(call.res, json{{"user", UserJson(*call.user)}, {"csrf", call.session->csrf_token}});
  });

  api.Delete("/api/session", Permission::kViewPublished, [](Call& call) {
    if (Status st = call.db.access().DeleteSession(call.session->token_digest); !st.ok())
      return ReplyStatus(call.res, st);
    call.Audit("sign-out", call.user->username, "");
    call.res.set_header("Set-Cookie", SessionCookie(call, "", 0));
    call.res.set_header("Cache-Control", "no-store");
    call.res.status = 204;
  });
}

}  // namespace safer::server
