// safer serve: builds the HTTP server, applies what every request gets (security headers,
// body limits, JSON errors), registers the routes and runs until SIGINT or SIGTERM.
#include "server/server.h"

#include <csignal>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <thread>

#include <netinet/in.h>
#include <sys/socket.h>

#include <fmt/format.h>

#include "access/credentials.h"
#include "performance/plan_file.h"
#include "server/api.h"

namespace safer {
namespace {

using server::kMaxJsonBody;

constexpr const char* kDefaultPlan = "plans/safer-hartlepool-2017-20.yaml";
// Requests wait for one of these; SQLite needs no more to keep two cores busy.
constexpr int kDatabaseConnections = 8;

std::string_view ReasonFor(int status) {
  switch (status) {
    case 400: return "the request is malformed";
    case 404: return "not found";
    case 405: return "method not allowed";
    case 413: return "the request body is too large";
    case 414: return "the address is too long";
    case 415: return "unsupported content type";
    case 431: return "the request headers are too large";
    default: return status >= 500 ? "the server could not answer this request" : "the request was refused";
  }
}

// Uploads may be large; every other body is JSON of at most 64 KiB. A body up to 1 MiB is
// read and then refused by the route, which keeps the connection in step; a larger one is
// refused from its Content-Length before it is read (and the connection asked to close).
bool MayCarryLargeBody(const std::string& path) {
  // Analyses of uploaded extracts too: a year of a force's incidents is many megabytes.
  return path.rfind("/api/imports/", 0) == 0 || path.rfind("/api/analyse/", 0) == 0 || path == "/api/meetings" ||
         path == "/api/action-plans/import";
}
constexpr uint64_t kLargestBodyRead = 1024 * 1024;

// cpp-httplib 0.11 listens with a backlog of 5: a burst of new connections (a meeting's
// worth of partners opening the link, or a load test) has its SYNs dropped and retried a
// second later. listen() again on the same socket raises the backlog.
void RaiseListenBacklog(int port) {
  for (int fd = 0; fd < 1024; ++fd) {
    sockaddr_storage address{};
    socklen_t length = sizeof address;
    int listening = 0;
    socklen_t flag_length = sizeof listening;
    if (getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length) != 0) continue;
    if (getsockopt(fd, SOL_SOCKET, SO_ACCEPTCONN, &listening, &flag_length) != 0 || !listening) continue;
    int bound = address.ss_family == AF_INET    ? ntohs(reinterpret_cast<sockaddr_in*>(&address)->sin_port)
                : address.ss_family == AF_INET6 ? ntohs(reinterpret_cast<sockaddr_in6*>(&address)->sin6_port)
                                                : -1;
    if (bound == port) ::listen(fd, SOMAXCONN);
  }
}

}  // namespace

Status Serve(const ServeOptions& given) {
  ServeOptions options = given;
  // The default plan is read from the working directory, else from the source tree this
  // binary was built from, so `safer serve` works from any directory.
  if (options.plan.empty())
    options.plan = std::filesystem::exists(kDefaultPlan) ? kDefaultPlan : std::string(SAFER_SOURCE_DIR "/") + kDefaultPlan;
  if (options.web_root.empty()) options.web_root = SAFER_WEB_DIR;
  if (options.threads < 2 || options.threads > 4096) return Status::InvalidInput("--threads must be 2 to 4096");
  if (Status st = InitialiseCredentials(); !st.ok()) return st;

  server::ServerState state(options, kDatabaseConnections);
  if (Status st = LoadPlan(options.plan, &state.plan); !st.ok()) return st;
  {
    std::optional<server::ConnectionPool::Lease> lease;
    if (Status st = state.pool.Acquire(&lease); !st.ok()) return st;
    std::vector<User> users;
    if (Status st = lease->access().ListUsers(&users); !st.ok()) return st;
    if (users.empty())
      std::cerr << "safer serve: no users yet; make the first admin with\n"
                   "  safer user add NAME --role admin --agency \"YOUR AGENCY\"\n";
  }

  std::unique_ptr<httplib::Server> http;
  if (!options.cert.empty() || !options.key.empty()) {
    if (options.cert.empty() || options.key.empty()) return Status::InvalidInput("give both --cert and --key");
    auto tls = std::make_unique<httplib::SSLServer>(options.cert.c_str(), options.key.c_str());
    if (!tls->is_valid())
      return Status::InvalidInput("cannot use the certificate " + options.cert + " with the key " + options.key);
    http = std::move(tls);
    state.tls = true;
  } else {
    http = std::make_unique<httplib::Server>();
    state.tls = options.behind_tls_proxy;
  }
  // cpp-httplib gives each open connection a worker for as long as it is kept alive, so the
  // pool must be as large as the number of clients served at once.
  const int threads = options.threads;
  http->new_task_queue = [threads] { return new httplib::ThreadPool(threads); };
  http->set_payload_max_length(server::kMaxUpload);
  http->set_keep_alive_max_count(1000);
  // Headers and body go out in separate writes: with Nagle's algorithm the body waits for
  // the client's delayed ACK (40 ms on Linux) on every response.
  http->set_tcp_nodelay(true);
  http->set_read_timeout(30, 0);
  http->set_write_timeout(60, 0);

  http->set_pre_routing_handler([](const httplib::Request& req, httplib::Response& res) {
    server::SetSecurityHeaders(res);
    const uint64_t length = std::strtoull(req.get_header_value("Content-Length").c_str(), nullptr, 10);
    const uint64_t limit = MayCarryLargeBody(req.path) ? server::kMaxUpload : kLargestBodyRead;
    if (length > limit) {
      server::ReplyError(res, 413, limit == kLargestBodyRead
                                       ? fmt::format("the request body is over {} KiB", kMaxJsonBody / 1024)
                                       : fmt::format("the upload is over {} MiB", server::kMaxUpload >> 20));
      server::CloseAfterReply(req);
      return httplib::Server::HandlerResponse::Handled;
    }
    return httplib::Server::HandlerResponse::Unhandled;
  });
  http->set_error_handler([](const httplib::Request& req, httplib::Response& res) {
    server::SetSecurityHeaders(res);
    if (!res.body.empty()) return;
    if (req.path.rfind("/api", 0) == 0 || res.status != 404)
      server::ReplyError(res, res.status, std::string(ReasonFor(res.status)));
    else
      res.set_content("Not found\n", "text/plain; charset=utf-8");
  });
  http->set_exception_handler([](const httplib::Request& req, httplib::Response& res, std::exception_ptr) {
    std::cerr << "safer serve: unexpected failure answering " << req.method << " " << req.path << "\n";
    server::SetSecurityHeaders(res);
    server::ReplyError(res, 500, "the server could not answer this request; the error has been logged");
  });

  server::Api api(*http, state);
  server::AddSessionRoutes(api);
  server::AddDataRoutes(api);
  server::AddImportRoutes(api);
  server::AddAdminRoutes(api);
  server::AddGovernanceRoutes(api);
  server::AddAnalysisRoutes(api);
  server::AddNearRepeatRoutes(api);
  server::AddHotspotRoutes(api);
  server::AddRepeatRoutes(api);
  server::AddReoffendingRoutes(api);
  server::AddChangeRoutes(api);
  const std::string web_root = options.web_root;
  http->Get(".*", [web_root](const httplib::Request& req, httplib::Response& res) {
    server::ServeStaticFile(web_root, req, res);
  });

  int port = options.port;
  if (port == 0) port = http->bind_to_any_port(options.host);
  else if (!http->bind_to_port(options.host, port)) port = -1;
  if (port <= 0)
    return Status::IOError(fmt::format("cannot listen on {}:{}: the port is in use or not allowed", options.host,
                                       options.port));

  // SIGINT/SIGTERM stop the server from a thread of its own: stop() is not safe in a
  // signal handler. Blocked here, before any worker starts, so every thread inherits it.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);
  std::thread stopper([&] {
    int received = 0;
    sigwait(&signals, &received);
    http->stop();
  });

  RaiseListenBacklog(port);
  const std::string url = fmt::format("{}://{}:{}", state.tls ? "https" : "http", options.host, port);
  if (options.on_listening) options.on_listening(url);
  const bool listened = http->listen_after_bind();
  pthread_kill(stopper.native_handle(), SIGTERM);  // wakes the stopper if no signal came
  stopper.join();
  return listened ? Status::Ok() : Status::IOError("the server stopped unexpectedly");
}

}  // namespace safer
