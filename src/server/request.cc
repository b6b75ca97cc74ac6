// The request pipeline every route goes through: a connection from the pool, the session
// from the cookie, the role check, the CSRF check, then the handler, with any unexpected
// failure turned into a sentence (and logged) instead of a stack trace.
#include <cctype>
#include <cerrno>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <iostream>

#include <fmt/format.h>

#include "access/credentials.h"
#include "server/api.h"

namespace safer::server {
namespace {

constexpr const char* kSessionCookie = "safer_session";

std::string CookieValue(const httplib::Request& req, std::string_view name) {
  const std::string header = req.get_header_value("Cookie");
  std::string_view rest = header;
  while (!rest.empty()) {
    size_t end = rest.find(';');
    std::string_view pair = rest.substr(0, end);
    rest = end == std::string_view::npos ? std::string_view() : rest.substr(end + 1);
    while (!pair.empty() && pair.front() == ' ') pair.remove_prefix(1);
    size_t eq = pair.find('=');
    if (eq != std::string_view::npos && pair.substr(0, eq) == name) return std::string(pair.substr(eq + 1));
  }
  return {};
}

// A state-changing request from a page of another site is refused even with a cookie:
// browsers send Origin on cross-site POSTs, so a mismatch is a forgery.
bool SameOrigin(const httplib::Request& req) {
  if (!req.has_header("Origin")) return true;
  const std::string origin = req.get_header_value("Origin");
  const std::string host = req.get_header_value("Host");
  return origin == "http://" + host || origin == "https://" + host;
}

// Refusals of these are audited: someone tried to read or change what they may not.
bool Restricted(Permission p) {
  return p == Permission::kViewIncidents || p == Permission::kViewRejections || p == Permission::kImport ||
         p == Permission::kAdminister || p == Permission::kViewExempt || p == Permission::kEditMinutes ||
         p == Permission::kManageActions;
}

// Behind a reverse proxy every request comes from the proxy; the client is the address the
// proxy appended last to X-Forwarded-For (earlier entries are whatever the client claimed).
std::string ClientAddress(const httplib::Request& req, bool behind_proxy) {
  if (!behind_proxy || !req.has_header("X-Forwarded-For")) return req.remote_addr;
  std::string forwarded = req.get_header_value("X-Forwarded-For");
  size_t comma = forwarded.rfind(',');
  std::string last = comma == std::string::npos ? forwarded : forwarded.substr(comma + 1);
  last.erase(0, last.find_first_not_of(' '));
  last.erase(last.find_last_not_of(' ') + 1);
  return last.empty() || last.size() > 64 ? req.remote_addr : last;
}

}  // namespace

ConnectionPool::Lease::~Lease() {
  if (!pool || !connections) return;
  std::lock_guard lock(pool->mu_);
  pool->idle_.push_back(std::move(connections));
  pool->freed_.notify_one();
}

Status ConnectionPool::Acquire(std::optional<Lease>* out) {
  std::unique_lock lock(mu_);
  freed_.wait(lock, [&] { return !idle_.empty() || open_ < size_; });
  if (!idle_.empty()) {
    auto c = std::move(idle_.back());
    idle_.pop_back();
    out->emplace(this, std::move(c));
    return Status::Ok();
  }
  ++open_;
  lock.unlock();
  auto c = std::make_unique<Connections>();
  Status st = OpenStore(location_, &c->store);
  if (st.ok()) st = OpenAccessStore(location_, &c->access);
  if (st.ok()) st = OpenMeetingStore(location_, &c->meetings);
  if (st.ok()) st = OpenActionStore(location_, &c->actions);
  if (!st.ok()) {
    std::lock_guard relock(mu_);
    --open_;
    freed_.notify_one();
    return st;
  }
  out->emplace(this, std::move(c));
  return Status::Ok();
}

std::optional<std::string> AnswerCache::Find(const std::string& key, int64_t version) {
  std::lock_guard lock(mu_);
  auto it = answers_.find(key);
  if (it == answers_.end() || it->second.first != version) return std::nullopt;
  return it->second.second;
}

void AnswerCache::Put(const std::string& key, int64_t version, std::string answer) {
  std::lock_guard lock(mu_);
  if (!answers_.count(key)) {
    order_.push_front(key);
    if (order_.size() > kCapacity) {
      answers_.erase(order_.back());
      order_.pop_back();
    }
  }
  answers_[key] = {version, std::move(answer)};
}

void Call::Audit(std::string_view action, std::string_view target, std::string_view detail, bool allowed) {
  AuditEntry e;
  e.at = std::time(nullptr);
  if (user) {
    e.username = user->username;
    e.agency = user->agency;
  }
  e.client = client;
  e.action = action;
  e.target = target;
  e.detail = detail;
  e.allowed = allowed;
  if (Status st = db.access().Audit(e); !st.ok())
    std::cerr << "safer serve: could not write the audit log: " << st.message() << "\n";
}

void SetSecurityHeaders(httplib::Response& res) {
  if (res.has_header("Content-Security-Policy")) return;  // set before routing; error pages come back here
  res.set_header("Content-Security-Policy",
                 "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
                 "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'");
  res.set_header("X-Content-Type-Options", "nosniff");
  res.set_header("X-Frame-Options", "DENY");
  res.set_header("Referrer-Policy", "no-referrer");
}

void CloseAfterReply(const httplib::Request& req) {
  // cpp-httplib 0.11 has no other way to close a connection from a handler: it closes when
  // the request said "Connection: close", and reads that header after routing.
  const_cast<httplib::Request&>(req).set_header("Connection", "close");
}

void ReplyJson(httplib::Response& res, const json& body, int status) {
  res.status = status;
  res.set_header("Cache-Control", "no-store");
  res.set_content(body.dump(-1, ' ', false, json::error_handler_t::replace), "application/json; charset=utf-8");
}

void ReplyError(httplib::Response& res, int status, const std::string& message) {
  ReplyJson(res, json{{"error", message}}, status);
}

int HttpStatusFor(const Status& status) {
  switch (status.code()) {
    case Status::Code::kInvalidInput: return 400;
    case Status::Code::kNotFound: return 404;
    default: return 500;
  }
}

void ReplyStatus(httplib::Response& res, const Status& status) {
  if (HttpStatusFor(status) == 500) std::cerr << "safer serve: " << status.message() << "\n";
  ReplyError(res, HttpStatusFor(status), HttpStatusFor(status) == 500
                                             ? "the server could not answer: " + status.message()
                                             : status.message());
}

std::string Param(const httplib::Request& req, const char* name) {
  return req.has_param(name) ? req.get_param_value(name) : std::string();
}

bool IntegerParam(Call& call, const char* name, int64_t low, int64_t high, int64_t* out) {
  const std::string text = Param(call.req, name);
  if (text.empty()) return true;
  char* end = nullptr;
  errno = 0;
  const long long value = std::strtoll(text.c_str(), &end, 10);
  if (*end || errno == ERANGE || value < low || value > high) {
    ReplyError(call.res, 400, fmt::format("{} must be a whole number from {} to {}", name, low, high));
    return false;
  }
  *out = value;
  return true;
}

bool ReadJsonObject(Call& call, json* body) {
  if (call.req.body.size() > kMaxJsonBody) {
    ReplyError(call.res, 413, fmt::format("the request body is over {} KiB", kMaxJsonBody / 1024));
    return false;
  }
  const std::string type = call.req.get_header_value("Content-Type");
  if (type.rfind("application/json", 0) != 0) {
    ReplyError(call.res, 415, "send the request body as application/json");
    return false;
  }
  *body = json::parse(call.req.body, nullptr, /*allow_exceptions=*/false);
  if (body->is_discarded() || !body->is_object()) {
    ReplyError(call.res, 400, "the request body is not a JSON object");
    return false;
  }
  return true;
}

bool RequireString(Call& call, const json& body, const char* field, size_t max_length, std::string* out,
                   bool optional) {
  auto it = body.find(field);
  if (it == body.end() || it->is_null()) {
    if (optional) return true;
    ReplyError(call.res, 400, fmt::format("\"{}\" is required", field));
    return false;
  }
  if (!it->is_string()) {
    ReplyError(call.res, 400, fmt::format("\"{}\" must be a string", field));
    return false;
  }
  *out = it->get<std::string>();
  if (out->size() > max_length) {
    ReplyError(call.res, 400, fmt::format("\"{}\" is longer than {} characters", field, max_length));
    return false;
  }
  return true;
}

httplib::Server::Handler Api::Wrap(Method method, std::optional<Permission> permission, Handler handler) {
  return [this, method, permission, handler](const httplib::Request& req, httplib::Response& res) {
    std::optional<ConnectionPool::Lease> lease;
    if (Status st = state_.pool.Acquire(&lease); !st.ok()) {
      std::cerr << "safer serve: " << st.message() << "\n";
      ReplyError(res, 503, "the database cannot be opened just now; try again shortly");
      return;
    }
    Call call{req, res, state_, *lease, std::nullopt, std::nullopt,
              ClientAddress(req, state_.options.behind_tls_proxy)};
    try {
      const bool changes = method != Method::kGet;
      if (changes && !SameOrigin(req)) {
        ReplyError(res, 403, "refused: the request came from another site (CSRF protection)");
        return;
      }
      if (permission) {
        const std::string token = CookieValue(req, kSessionCookie);
        if (!token.empty()) {
          if (Status st = ResumeSession(lease->access(), state_.policy, token, std::time(nullptr), &call.session,
                                        &call.user);
              !st.ok()) {
            ReplyStatus(res, st);
            return;
          }
        }
        if (!call.user || !call.session) {
          ReplyError(res, 401, "sign in first");
          return;
        }
        if (!Allows(call.user->role, *permission)) {
          if (Restricted(*permission))
            call.Audit("refused", req.method + " " + req.path, PermissionName(*permission), false);
          ReplyError(res, 403, fmt::format("your role ({}) may not do this: it needs one of: {}",
                                           RoleName(call.user->role), RoleNames(RolesWith(*permission))));
          return;
        }
        if (changes && !ConstantTimeEquals(req.get_header_value("X-CSRF-Token"), call.session->csrf_token)) {
          ReplyError(res, 403, "refused: missing or wrong X-CSRF-Token (CSRF protection); reload the page");
          return;
        }
      }
      handler(call);
    } catch (const std::exception& e) {
      std::cerr << "safer serve: " << req.method << " " << req.path << ": " << e.what() << "\n";
      ReplyError(res, 500, "the server could not answer this request; the error has been logged");
    }
  };
}

void Api::Get(const std::string& pattern, Permission permission, Handler handler) {
  http_.Get(pattern, Wrap(Method::kGet, permission, std::move(handler)));
}
void Api::Post(const std::string& pattern, Permission permission, Handler handler) {
  http_.Post(pattern, Wrap(Method::kPost, permission, std::move(handler)));
}
void Api::Patch(const std::string& pattern, Permission permission, Handler handler) {
  http_.Patch(pattern, Wrap(Method::kPatch, permission, std::move(handler)));
}
void Api::Delete(const std::string& pattern, Permission permission, Handler handler) {
  http_.Delete(pattern, Wrap(Method::kDelete, permission, std::move(handler)));
}
void Api::OpenGet(const std::string& pattern, Handler handler) {
  http_.Get(pattern, Wrap(Method::kGet, std::nullopt, std::move(handler)));
}
void Api::OpenPost(const std::string& pattern, Handler handler) {
  http_.Post(pattern, Wrap(Method::kPost, std::nullopt, std::move(handler)));
}

void Api::Upload(const std::string& pattern, Permission permission, UploadHandler handler) {
  // The permission and CSRF checks run before the body is read: a refused upload costs
  // nothing. httplib hands the reader to the handler so parts stream to disk.
  http_.Post(pattern, [this, permission, handler](const httplib::Request& req, httplib::Response& res,
                                                  const httplib::ContentReader& reader) {
    bool ran = false;
    Wrap(Method::kPost, permission, [&](Call& call) {
      ran = true;
      handler(call, reader);
    })(req, res);
    if (ran) return;
    DrainBody(req, reader);
  });
}

std::string SafeFileName(std::string text) {
  for (char& c : text)
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-') c = '-';
  return text;
}

json UserJson(const User& user, bool with_admin_fields) {
  json permissions = json::array();
  for (Permission p : AllPermissions())
    if (Allows(user.role, p)) permissions.push_back(PermissionName(p));
  json j{{"username", user.username},
         {"display_name", user.display_name},
         {"role", RoleName(user.role)},
         {"agency", user.agency},
         {"permissions", permissions}};
  if (with_admin_fields) {
    j["disabled"] = user.disabled;
    j["failed_logins"] = user.failed_logins;
    j["locked_until"] = user.locked_until ? json(*user.locked_until) : json(nullptr);
    j["last_login"] = user.last_login ? json(*user.last_login) : json(nullptr);
    j["created_at"] = user.created_at;
  }
  return j;
}

}  // namespace safer::server
