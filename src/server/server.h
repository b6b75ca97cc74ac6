// The web server: `safer serve`. An HTTP server (cpp-httplib) answering the JSON API of
// docs/api.md and serving the built front end. Authentication, roles, CSRF, audit and
// security headers are applied here, to every route, before any handler runs.
#pragma once

#include <cstdint>
#include <functional>
#include <string>

#include "domain/status.h"

namespace safer {

struct ServeOptions {
  std::string db;               // the store's location, as for OpenStore
  std::string host = "127.0.0.1";
  int port = 8080;              // 0: any free port (printed)
  std::string web_root;         // the built front end; empty: the one built with Safer
  std::string plan;             // Community Safety Plan file for the overview and packs
  std::string cert, key;        // PEM files: serve HTTPS (and mark cookies Secure)
  bool behind_tls_proxy = false;  // a reverse proxy terminates TLS: cookies are Secure
  int threads = 256;            // connections served at once (cpp-httplib: a worker per open connection)
  // Called once the socket listens, with the URL; Serve() then blocks until stopped.
  std::function<void(const std::string& url)> on_listening;
};

// Runs until SIGINT/SIGTERM. Fails with a clear message when the port is taken, the
// certificate cannot be read or the database cannot be opened.
Status Serve(const ServeOptions& options);

}  // namespace safer
