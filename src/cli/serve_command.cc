// safer serve: the web server (src/server/) on the configured database.
#include <iostream>

#include <fmt/format.h>

#include "cli/commands.h"
#include "server/server.h"

namespace safer::cli {

void AddServeCommand(CLI::App& app, GlobalOptions& options, Outcome& outcome) {
  auto* cmd = app.add_subcommand("serve", "Serve the web front end and its JSON API (docs/api.md)");
  cmd->footer(
      "Sign in with a user made by `safer user add NAME --role admin --agency AGENCY` (there is no\n"
      "default user or password). Listens on 127.0.0.1 unless --host says otherwise; serve HTTPS with\n"
      "--cert and --key, or put a TLS reverse proxy in front and pass --behind-tls-proxy\n"
      "(docs/security.md). Stops on Ctrl-C or SIGTERM.");
  auto serve = std::make_shared<ServeOptions>();
  cmd->add_option("--port", serve->port, "TCP port (default 8080; 0 picks a free one)")->check(CLI::Range(0, 65535));
  cmd->add_option("--host", serve->host, "Address to listen on (default 127.0.0.1)");
  cmd->add_option("--web", serve->web_root, "Directory of the built front end (default: web/dist of this build)");
  cmd->add_option("--plan", serve->plan, "Community Safety Plan file (default plans/safer-hartlepool-2017-20.yaml)");
  cmd->add_option("--cert", serve->cert, "TLS certificate chain (PEM)");
  cmd->add_option("--key", serve->key, "TLS private key (PEM)");
  cmd->add_flag("--behind-tls-proxy", serve->behind_tls_proxy, "A reverse proxy terminates TLS: mark cookies Secure");
  cmd->add_option("--threads", serve->threads,
                  "Connections served at once (default 256; each keeps a worker while it stays open)");
  cmd->callback([serve, &options, &outcome] {
    serve->db = options.db;
    serve->on_listening = [&](const std::string& url) {
      std::cout << fmt::format("Safer is serving {} at {}/\n", options.db, url)
                << "Open it in a browser and sign in with a user made by `safer user add`.\n"
                << "Stop with Ctrl-C." << std::endl;
    };
    Status st = Serve(*serve);
    if (!st.ok()) outcome.exit_code = Fail(st);
  });
}

}  // namespace safer::cli
