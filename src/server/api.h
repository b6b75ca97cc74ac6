// Inside the server: the state every route shares, the signed-in caller of one request,
// and the one way routes are declared — each with the permission it needs, so no handler
// can run for a caller who lacks it. Internal to src/server/.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <functional>
#include <list>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include <httplib.h>
#include <nlohmann/json.hpp>

#include "access/sign_in.h"
#include "analysis/area_study.h"
#include "domain/access.h"
#include "domain/calendar.h"
#include "ingest/event_extract.h"
#include "domain/indicator.h"
#include "server/server.h"
#include "store/access_store.h"
#include "store/action_store.h"
#include "store/meeting_store.h"
#include "store/store.h"
#include "report/scratch_directory.h"

namespace safer::server {

using nlohmann::json;

constexpr size_t kMaxJsonBody = 64 * 1024;
constexpr size_t kMaxUpload = 256u * 1024 * 1024;

// One database connection of each kind, lent to one request at a time. SQLite connections
// are single-threaded; the pool bounds how many are open, not how many requests wait.
struct Connections {
  std::unique_ptr<Store> store;
  std::unique_ptr<AccessStore> access;
  std::unique_ptr<MeetingStore> meetings;
  std::unique_ptr<ActionStore> actions;
};

class ConnectionPool {
 public:
  ConnectionPool(std::string location, int size) : location_(std::move(location)), size_(size) {}
  struct Lease {
    ConnectionPool* pool = nullptr;
    std::unique_ptr<Connections> connections;
    ~Lease();
    Lease(Lease&&) = default;
    Lease(ConnectionPool* p, std::unique_ptr<Connections> c) : pool(p), connections(std::move(c)) {}
    Store& store() { return *connections->store; }
    AccessStore& access() { return *connections->access; }
    MeetingStore& meetings() { return *connections->meetings; }
    ActionStore& actions() { return *connections->actions; }
  };
  Status Acquire(std::optional<Lease>* out);

 private:
  friend struct Lease;
  std::string location_;
  int size_;
  int open_ = 0;
  std::mutex mu_;
  std::condition_variable freed_;
  std::vector<std::unique_ptr<Connections>> idle_;
};

// Serialised answers that depend only on their parameters and the data version (the
// overview is the page everyone opens first). Small and bounded.
class AnswerCache {
 public:
  std::optional<std::string> Find(const std::string& key, int64_t version);
  void Put(const std::string& key, int64_t version, std::string answer);

 private:
  static constexpr size_t kCapacity = 64;
  std::mutex mu_;
  std::list<std::string> order_;  // most recent first
  std::map<std::string, std::pair<int64_t, std::string>> answers_;
};

struct ServerState {
  ServeOptions options;
  CommunitySafetyPlan plan;
  bool tls = false;  // cookies are Secure
  ConnectionPool pool;
  ClientThrottle throttle;
  SessionPolicy policy;
  AnswerCache cache;
  std::mutex import_mutex;  // one import at a time: SQLite has one writer
  ServerState(const ServeOptions& o, int pool_size)
      : options(o), pool(o.db, pool_size), throttle(SessionPolicy{}.attempts_per_client_per_minute) {}
};

// The request as a route sees it: who asks, with which connections.
struct Call {
  const httplib::Request& req;
  httplib::Response& res;
  ServerState& state;
  ConnectionPool::Lease& db;
  std::optional<User> user;        // empty only on routes open to all
  std::optional<Session> session;
  std::string client;              // the client's address

  // An audit line for this caller.
  void Audit(std::string_view action, std::string_view target, std::string_view detail, bool allowed = true);
};

using Handler = std::function<void(Call&)>;

// Routes register here; the access rule is part of the declaration.
class Api {
 public:
  Api(httplib::Server& http, ServerState& state) : http_(http), state_(state) {}
  void Get(const std::string& pattern, Permission permission, Handler handler);
  void Post(const std::string& pattern, Permission permission, Handler handler);
  void Patch(const std::string& pattern, Permission permission, Handler handler);
  void Delete(const std::string& pattern, Permission permission, Handler handler);
  // Open to anyone (health, sign-in): no session needed, but CSRF rules still apply.
  void OpenGet(const std::string& pattern, Handler handler);
  void OpenPost(const std::string& pattern, Handler handler);
  // Uploads stream their body to the handler instead of buffering it.
  using UploadHandler = std::function<void(Call&, const httplib::ContentReader&)>;
  void Upload(const std::string& pattern, Permission permission, UploadHandler handler);

  ServerState& state() { return state_; }

 private:
  enum class Method { kGet, kPost, kPatch, kDelete };
  httplib::Server::Handler Wrap(Method method, std::optional<Permission> permission, Handler handler);
  httplib::Server& http_;
  ServerState& state_;
};

// Answers.
void ReplyJson(httplib::Response& res, const json& body, int status = 200);
void ReplyError(httplib::Response& res, int status, const std::string& message);
// The HTTP status a failed Status deserves (400 bad input, 404 not found, 500 otherwise).
int HttpStatusFor(const Status& status);
void ReplyStatus(httplib::Response& res, const Status& status);

// Request bodies and parameters. Each returns false after replying with a 4xx.
bool ReadJsonObject(Call& call, json* body);
bool RequireString(Call& call, const json& body, const char* field, size_t max_length, std::string* out,
                   bool optional = false);
std::string Param(const httplib::Request& req, const char* name);  // "" when absent
// A whole number parameter in [low, high]; *out keeps its default when absent. Replies 400
// and returns false when it is not such a number.
bool IntegerParam(Call& call, const char* name, int64_t low, int64_t high, int64_t* out);

// area, from, to and category (repeatable) of an analysis (analysis/area_study.h): replies
// 400 and returns false when one is missing or oversized. Months are checked by the study.
bool ReadStudyRequest(Call& call, StudyRequest* out);

// A request refused before its body was read must not keep its connection: the unread
// body would be parsed as the next request.
void CloseAfterReply(const httplib::Request& req);

// The security headers every response carries (docs/api.md).
void SetSecurityHeaders(httplib::Response& res);

// Route groups (one file each).
void AddSessionRoutes(Api& api);
void AddDataRoutes(Api& api);
void AddImportRoutes(Api& api);
void AddAdminRoutes(Api& api);
void AddGovernanceRoutes(Api& api);
// The analyst's toolkit (docs/analyse.md): /api/analyse/…
void AddAnalysisRoutes(Api& api);  // concentration
void AddNearRepeatRoutes(Api& api);
void AddHotspotRoutes(Api& api);
void AddRepeatRoutes(Api& api);
void AddReoffendingRoutes(Api& api);
void AddChangeRoutes(Api& api);  // exceedance and period-on-period change
// Static files of the built front end; traversal-proof; unknown paths get index.html.
void ServeStaticFile(const std::string& web_root, const httplib::Request& req, httplib::Response& res);

// A name for a downloaded file: letters, digits and '-' only ("Redcar and Cleveland" →
// "Redcar-and-Cleveland"), so no header or file system can read more into it.
std::string SafeFileName(std::string text);

// Uploads (upload.cc).
struct ReceivedFile {
  std::string name;  // as the user named it
  std::string path;  // where it was written
};
// Why an uploaded file name is refused ("" when it is a plain name ending in one of the
// extensions, given in lower case with their dot).
std::string UploadNameProblem(const std::string& name, const std::vector<std::string>& extensions);
// Streams the multipart body's parts named `file` into `dir`, each in its own numbered
// subdirectory under the user's own name; other fields up to 1 KiB each into `fields`.
// Replies and returns false on a problem; the body is read to its end either way.
bool ReceiveFiles(Call& call, const httplib::ContentReader& reader, const std::string& dir,
                  const std::vector<std::string>& extensions, int max_files, std::vector<ReceivedFile>* files,
                  std::map<std::string, std::string>* fields);
// The text with `dir` and the numbered subdirectories under it removed from paths.
std::string WithoutDirectory(std::string text, const std::string& dir);
// Reads and drops the body of an upload refused before reading it, so the connection stays
// in step (or closes it when the body cannot be read).
void DrainBody(const httplib::Request& req, const httplib::ContentReader& reader);

// A date parameter (ISO or British, as the CLI takes it); *out stays empty when absent.
// Replies 400 and returns false when it is not a date.
bool DateParam(Call& call, const char* name, std::optional<Date>* out);
// from, to and us_dates of an extract analysis (ingest/event_extract.h); replies 400 and
// returns false when a date is wrong or to is before from.
bool ReadExtractWindow(Call& call, ExtractOptions* read);

// An analysis of an uploaded extract (personal data: read for this request, never stored):
// the one .csv/.txt file received into a private scratch directory, removed afterwards.
class ExtractUpload {
 public:
  ExtractUpload() : dir_("safer-upload") {}
  // Replies (4xx/5xx) and returns false when no usable file arrived.
  bool Receive(Call& call, const httplib::ContentReader& reader);
  const std::string& name() const { return file_.name; }  // as the user named it
  const std::string& path() const { return file_.path; }
  // Refuses the analysis: audited as `action` not allowed, answered 400 (500 for a store or
  // server fault) with the message naming the file as the user knows it.
  void Refuse(Call& call, std::string_view action, const Status& why) const;

 private:
  ScratchDirectory dir_;
  ReceivedFile file_;
};

// The first rows an extract reader set aside, by line and reason only: the raw rows hold
// personal identifiers. Works for any list of {line, reason} problems.
template <typename Problems>
json SetAsideJson(const Problems& problems, size_t limit = 100) {
  json out = json::array();
  for (size_t i = 0; i < problems.size() && i < limit; ++i)
    out.push_back(json{{"line", problems[i].line}, {"reason", problems[i].reason}});
  return out;
}

json UserJson(const User& user, bool with_admin_fields = false);

}  // namespace safer::server
