// The PDF for the agenda pack: Debian's headless Chromium prints the pack's HTML, so the
// PDF is the page a councillor sees on screen, with the @page rules (A4 landscape, page
// numbers in the margin) applied. Chromium runs by fork/exec with its own argument vector
// (no shell), a throw-away profile, no network services, a time limit, and its output
// kept for the error message.
#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cctype>
#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>
#include <vector>

#include <fmt/format.h>

#include "report/scratch_directory.h"
#include "report/pdf_print.h"

namespace safer {
namespace {

namespace fs = std::filesystem;

constexpr const char* kDefaultChromium = "/usr/bin/chromium";
constexpr int kDefaultTimeoutSeconds = 120;

// A file:// URL for an absolute path: every byte outside the unreserved set is %-encoded.
std::string FileUrl(const fs::path& path) {
  std::string url = "file://";
  for (unsigned char c : path.string()) {
    if (std::isalnum(c) || std::strchr("/-._~", c)) url += static_cast<char>(c);
    else url += fmt::format("%{:02X}", c);
  }
  return url;
}

// The end of Chromium's log, for an error message: its last lines, at most ~1,500 bytes.
std::string LogTail(const fs::path& log) {
  std::ifstream in(log, std::ios::binary);
  std::stringstream buf;
  buf << in.rdbuf();
  std::string text = buf.str();
  if (text.size() > 1500) text = "…" + text.substr(text.size() - 1500);
  while (!text.empty() && (text.back() == '\n' || text.back() == ' ')) text.pop_back();
  return text.empty() ? "(no output)" : text;
}

bool LooksLikePdf(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  char magic[5] = {};
  return in.read(magic, 5) && std::memcmp(magic, "%PDF-", 5) == 0;
}

int TimeoutSeconds() {
  const char* text = std::getenv("SAFER_PDF_TIMEOUT");
  int seconds = text ? std::atoi(text) : 0;
  return seconds > 0 ? seconds : kDefaultTimeoutSeconds;
}

}  // namespace

Status PrintHtmlToPdf(const std::string& html_path, const std::string& pdf_path) {
  const char* override_path = std::getenv("SAFER_CHROMIUM");
  std::string chromium = override_path && *override_path ? override_path : kDefaultChromium;
  if (::access(chromium.c_str(), X_OK) != 0)
    return Status::NotFound(fmt::format("cannot make the PDF: Chromium is not installed at {} (install Debian's "
                                        "'chromium' package, see scripts/install-deps.sh, or set SAFER_CHROMIUM)",
                                        chromium));
  std::error_code ec;
  fs::path html = fs::absolute(html_path, ec);
  if (ec || !fs::is_regular_file(html, ec)) return Status::NotFound("cannot make the PDF: no HTML file at " + html_path);
  fs::path pdf = fs::absolute(pdf_path, ec);
  if (ec) return Status::IOError("cannot make the PDF: bad path " + pdf_path);
  // Printed beside the target and renamed into place, so a failed run leaves no half PDF.
  fs::path partial = pdf;
  partial += ".part";

  ScratchDirectory temp("safer-chromium");
  if (temp.path().empty()) return Status::IOError(std::string("cannot make a temporary directory: ") + std::strerror(errno));
  fs::path log = temp.path() / "chromium.log";

  std::vector<std::string> args = {chromium,
                                   "--headless",
                                   "--no-sandbox",
                                   "--disable-gpu",
                                   "--disable-quic",
                                   "--no-first-run",
                                   "--disable-background-networking",
                                   "--disable-component-update",
                                   "--disable-sync",
                                   "--disable-extensions",
                                   "--user-data-dir=" + (temp.path() / "profile").string(),
                                   "--no-pdf-header-footer",
                                   "--print-to-pdf=" + partial.string(),
                                   FileUrl(html)};
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);

  int log_fd = ::open(log.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  int null_fd = ::open("/dev/null", O_RDONLY | O_CLOEXEC);
  if (log_fd < 0 || null_fd < 0) {
    if (log_fd >= 0) ::close(log_fd);
    if (null_fd >= 0) ::close(null_fd);
    return Status::IOError(std::string("cannot open Chromium's log: ") + std::strerror(errno));
  }
  fs::remove(partial, ec);
  pid_t pid = ::fork();
  if (pid < 0) {
    ::close(log_fd);
    ::close(null_fd);
    return Status::IOError(std::string("cannot start Chromium: ") + std::strerror(errno));
  }
  if (pid == 0) {
    // Its own process group, so that on a timeout Chromium and its helpers end together.
    ::setpgid(0, 0);
    ::dup2(null_fd, STDIN_FILENO);
    ::dup2(log_fd, STDOUT_FILENO);
    ::dup2(log_fd, STDERR_FILENO);
    ::execv(argv[0], argv.data());
    ::_exit(127);
  }
  ::setpgid(pid, pid);  // also from here, so the group exists before any kill below
  ::close(log_fd);
  ::close(null_fd);

  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(TimeoutSeconds());
  // Wait without reaping (WNOWAIT): while Chromium is an unreaped zombie its process group
  // id cannot be reused, so the kill below reaches only the helpers it left behind.
  bool timed_out = false;
  for (;;) {
    siginfo_t info = {};
    if (::waitid(P_PID, static_cast<id_t>(pid), &info, WEXITED | WNOHANG | WNOWAIT) < 0 && errno != EINTR) break;
    if (info.si_pid == pid) break;
    if (std::chrono::steady_clock::now() >= deadline) {
      timed_out = true;
      break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  ::kill(-pid, SIGKILL);
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }

  if (timed_out) {
    fs::remove(partial, ec);
    return Status::IOError(fmt::format("Chromium did not finish printing {} within {} s; its output:\n{}", html_path,
                                       TimeoutSeconds(), LogTail(log)));
  }
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    fs::remove(partial, ec);
    std::string how = WIFEXITED(status) ? fmt::format("exited with status {}", WEXITSTATUS(status))
                                        : fmt::format("was killed by signal {}", WTERMSIG(status));
    if (WIFEXITED(status) && WEXITSTATUS(status) == 127) how += " (could not be executed)";
    return Status::IOError(fmt::format("Chromium {} while printing {}; its output:\n{}", how, html_path, LogTail(log)));
  }
  if (!LooksLikePdf(partial)) {
    fs::remove(partial, ec);
    return Status::IOError(fmt::format("Chromium wrote no PDF for {}; its output:\n{}", html_path, LogTail(log)));
  }
  fs::rename(partial, pdf, ec);
  if (ec) return Status::IOError("cannot write " + pdf_path + ": " + ec.message());
  return Status::Ok();
}

}  // namespace safer
