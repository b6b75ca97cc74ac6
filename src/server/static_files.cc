// The built front end, served from one directory and nothing outside it: a request path is
// refused unless it names a regular file inside the root after resolving links; paths that
// name no file are the front end's own routes and get index.html.
#include <filesystem>
#include <fstream>
#include <map>

#include "server/api.h"

namespace safer::server {
namespace {

namespace fs = std::filesystem;

std::string ContentType(const fs::path& file) {
  static const std::map<std::string, std::string> kTypes = {
      {".html", "text/html; charset=utf-8"}, {".js", "text/javascript; charset=utf-8"},
      {".css", "text/css; charset=utf-8"},   {".svg", "image/svg+xml"},
      {".png", "image/png"},                 {".ico", "image/x-icon"},
      {".json", "application/json"},         {".woff2", "font/woff2"},
      {".txt", "text/plain; charset=utf-8"}, {".map", "application/json"}};
  auto it = kTypes.find(file.extension().string());
  return it == kTypes.end() ? "application/octet-stream" : it->second;
}

bool ReadFile(const fs::path& path, std::string* out) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return false;
  out->assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  return true;
}

// The file a request path names inside root, or empty.
fs::path Resolve(const fs::path& root, const std::string& request_path) {
  if (request_path.empty() || request_path[0] != '/' || request_path.find('\0') != std::string::npos ||
      request_path.find('\\') != std::string::npos)
    return {};
  const fs::path relative = fs::path(request_path.substr(1)).lexically_normal();
  for (const auto& part : relative)
    if (part == "..") return {};
  std::error_code ec;
  const fs::path candidate = fs::weakly_canonical(root / relative, ec);
  if (ec) return {};
  const std::string inside = candidate.string(), prefix = root.string() + "/";
  if (inside.compare(0, prefix.size(), prefix) != 0 || !fs::is_regular_file(candidate, ec)) return {};
  return candidate;
}

}  // namespace

void ServeStaticFile(const std::string& web_root, const httplib::Request& req, httplib::Response& res) {
  if (req.path.rfind("/api/", 0) == 0 || req.path == "/api")
    return ReplyError(res, 404, "no such API endpoint: " + req.method + " " + req.path.substr(0, 200));
  std::error_code ec;
  const fs::path root = fs::canonical(web_root, ec);
  if (ec) {
    res.status = 503;
    res.set_content("The web front end has not been built: run scripts/build-web.sh, or give safer serve --web DIR.\n",
                    "text/plain; charset=utf-8");
    return;
  }
  fs::path file = Resolve(root, req.path);
  const bool asset = !file.empty();
  // A path that looks like a file (has an extension) and is not one is a 404, not the app;
  // so is any attempt to climb out of the directory.
  const bool climbs = req.path.find("..") != std::string::npos || req.path.find('\\') != std::string::npos;
  if (!asset && (climbs || fs::path(req.path).has_extension())) {
    res.status = 404;
    res.set_content("Not found\n", "text/plain; charset=utf-8");
    return;
  }
  if (!asset) file = root / "index.html";
  std::string body;
  if (!ReadFile(file, &body)) {
    res.status = 404;
    res.set_content("Not found\n", "text/plain; charset=utf-8");
    return;
  }
  // Built assets carry a content hash in their names and never change; the page itself must
  // be fetched afresh so a new build is picked up.
  res.set_header("Cache-Control", asset && req.path.rfind("/assets/", 0) == 0 ? "public, max-age=31536000, immutable"
                                                                             : "no-cache");
  res.set_content(std::move(body), ContentType(file));
}

}  // namespace safer::server
