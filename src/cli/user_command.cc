// safer user add | list | set | audit: the people who may use `safer serve`. This is how the
// first admin is made: there is no default account and no default password anywhere.
#include <pwd.h>
#include <termios.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <ctime>
#include <iostream>

#include <fmt/format.h>

#include "access/credentials.h"
#include "access/sign_in.h"
#include "cli/commands.h"
#include "cli/output.h"
#include "domain/access.h"
#include "store/access_store.h"

namespace safer::cli {
namespace {

constexpr size_t kMaxPasswordLine = 4096;

Status OpenAccess(const GlobalOptions& options, std::unique_ptr<AccessStore>* store) {
  if (Status st = InitialiseCredentials(); !st.ok()) return st;
  return OpenAccessStore(options.db, store);
}

// Who ran the command, for the audit trail: the command line has no signed-in user.
std::string CommandLineClient() {
  const passwd* pw = getpwuid(geteuid());
  return fmt::format("command line ({})", pw && pw->pw_name ? pw->pw_name : std::to_string(geteuid()));
}

std::string Time(std::optional<int64_t> unix_seconds) {
  if (!unix_seconds) return "";
  std::time_t t = static_cast<std::time_t>(*unix_seconds);
  std::tm tm;
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%d %H:%M:%SZ", &tm);
  return buf;
}

// Text that came from outside (audit details, names) is shown with control characters
// replaced, so nothing stored can drive the reader's terminal.
std::string Printable(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) out += static_cast<unsigned char>(c) < 0x20 || c == 0x7F ? '?' : c;
  return out;
}

Status ReadPasswordFromStdin(std::string* password) {
  password->clear();
  if (!std::getline(std::cin, *password) && password->empty())
    return Status::InvalidInput("--password-stdin: no password on standard input");
  while (!password->empty() && (password->back() == '\n' || password->back() == '\r')) password->pop_back();
  if (password->size() > kMaxPasswordLine) return Status::InvalidInput("the password line is too long");
  return Status::Ok();
}

// Reads one line from the terminal with echo off; echo is restored however it ends.
Status ReadHidden(const char* prompt, std::string* line) {
  std::cerr << prompt << std::flush;
  termios old_mode;
  if (tcgetattr(STDIN_FILENO, &old_mode) != 0) return Status::IOError("cannot read the terminal's settings");
  termios quiet = old_mode;
  quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
  quiet.c_lflag |= ECHONL;
  if (tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet) != 0) return Status::IOError("cannot turn off the terminal's echo");
  struct Restore {
    const termios& mode;
    ~Restore() { tcsetattr(STDIN_FILENO, TCSAFLUSH, &mode); }
  } restore{old_mode};
  if (!std::getline(std::cin, *line)) return Status::InvalidInput("no password given");
  if (!line->empty() && line->back() == '\r') line->pop_back();
  return Status::Ok();
}

Status PromptPassword(std::string* password) {
  if (!isatty(STDIN_FILENO))
    return Status::InvalidInput(
        "standard input is not a terminal, so the password cannot be asked for: give it on standard input "
        "with --password-stdin");
  std::string again;
  if (Status st = ReadHidden("New password: ", password); !st.ok()) return st;
  if (Status st = ReadHidden("Repeat it: ", &again); !st.ok()) return st;
  if (*password != again) return Status::InvalidInput("the two passwords differ; nothing changed");
  return Status::Ok();
}

Status ReadNewPassword(bool from_stdin, std::string_view username, std::string* password) {
  if (Status st = from_stdin ? ReadPasswordFromStdin(password) : PromptPassword(password); !st.ok()) return st;
  if (std::string problem = PasswordProblem(username, *password); !problem.empty())
    return Status::InvalidInput(problem + " Nothing changed.");
  return Status::Ok();
}

Status ParseRoleOption(const std::string& text, Role* role) {
  std::optional<Role> parsed = ParseRole(text);
  if (!parsed) return Status::InvalidInput(fmt::format("unknown role \"{}\": use public, member, analyst, clerk or admin", text));
  *role = *parsed;
  return Status::Ok();
}

// The agency's name as stored, adding the agency (and saying so) when there is none.
Status EnsureAgency(AccessStore& store, const std::string& name, bool quiet, std::string* stored_name) {
  std::vector<Agency> agencies;
  if (Status st = store.ListAgencies(&agencies); !st.ok()) return st;
  for (const auto& a : agencies) {
    if (a.name.size() == name.size() &&
        std::equal(a.name.begin(), a.name.end(), name.begin(),
                   [](char x, char y) { return std::tolower(static_cast<unsigned char>(x)) ==
                                               std::tolower(static_cast<unsigned char>(y)); })) {
      *stored_name = a.name;
      return Status::Ok();
    }
  }
  Agency added;
  if (Status st = store.AddAgency(name, &added); !st.ok()) return st;
  if (!quiet) std::cout << fmt::format("added the agency \"{}\"\n", added.name);
  *stored_name = added.name;
  return Status::Ok();
}

Status AuditChange(AccessStore& store, std::string_view action, const User& user, std::string detail) {
  AuditEntry entry;
  entry.at = static_cast<int64_t>(std::time(nullptr));
  entry.client = CommandLineClient();
  entry.action = std::string(action);
  entry.target = user.username;
  entry.detail = std::move(detail);
  return store.Audit(entry);
}

void AddAdd(CLI::App& user, GlobalOptions& options, Outcome& outcome) {
  auto* cmd = user.add_subcommand("add", "Add a user who may sign in to `safer serve`");
  cmd->footer(
      "The password is asked for twice on the terminal (not shown), or read as one line from\n"
      "standard input with --password-stdin. At least 12 characters, not the username.\n"
      "The agency is added when it does not exist yet. Make the first admin with --role admin.");
  struct Args {
    std::string username, role, agency, name;
    bool password_stdin = false;
  };
  auto args = std::make_shared<Args>();
  cmd->add_option("USERNAME", args->username, "3-64 characters of a-z, 0-9, '.', '_', '-'")->required();
  cmd->add_option("--role", args->role, "public, member, analyst, clerk or admin")->required();
  cmd->add_option("--agency", args->agency, "The agency the user works for, e.g. \"Cleveland Police\"")->required();
  cmd->add_option("--name", args->name, "Display name");
  cmd->add_flag("--password-stdin", args->password_stdin, "Read the password from standard input (one line)");
  cmd->callback([args, &options, &outcome] {
    auto run = [&]() -> Status {
      Role role;
      if (Status st = ParseRoleOption(args->role, &role); !st.ok()) return st;
      if (!IsValidUsername(args->username))
        return Status::InvalidInput(fmt::format(
            "\"{}\" is not a valid username: use 3 to 64 characters of a-z, 0-9, '.', '_' and '-', "
            "starting with a letter or digit",
            Printable(args->username)));
      std::unique_ptr<AccessStore> store;
      if (Status st = OpenAccess(options, &store); !st.ok()) return st;
      std::optional<User> existing;
      if (Status st = store->FindUser(args->username, &existing); !st.ok()) return st;
      if (existing) return Status::InvalidInput(fmt::format("the username \"{}\" is taken", args->username));
      std::string password, agency;
      if (Status st = ReadNewPassword(args->password_stdin, args->username, &password); !st.ok()) return st;
      if (Status st = EnsureAgency(*store, args->agency, options.quiet, &agency); !st.ok()) return st;
      User added;
      if (Status st = CreateUser(*store, args->username, args->name, role, agency, password, &added); !st.ok())
        return st;
      if (Status st = AuditChange(*store, "user-created", added,
                                  fmt::format("role {}, agency {}", RoleName(added.role), added.agency));
          !st.ok())
        return st;
      if (!options.quiet)
        std::cout << fmt::format("added the user {} ({}, {})\n", added.username, RoleName(added.role), added.agency);
      return Status::Ok();
    };
    if (Status st = run(); !st.ok()) outcome.exit_code = Fail(st);
  });
}

void AddList(CLI::App& user, GlobalOptions& options, Outcome& outcome) {
  auto* cmd = user.add_subcommand("list", "List the users");
  auto format = std::make_shared<std::string>("table");
  cmd->add_option("--format", *format, "table, csv or json")->check(CLI::IsMember({"table", "csv", "json"}));
  cmd->callback([format, &options, &outcome] {
    std::unique_ptr<AccessStore> store;
    std::vector<User> users;
    Status st = OpenAccess(options, &store);
    if (st.ok()) st = store->ListUsers(&users);
    if (!st.ok()) {
      outcome.exit_code = Fail(st);
      return;
    }
    const int64_t now = static_cast<int64_t>(std::time(nullptr));
    Table table{{"username", "name", "role", "agency", "disabled", "locked_until", "last_login"}, {}, {}};
    for (const auto& u : users) {
      bool locked = u.locked_until && *u.locked_until > now;
      table.rows.push_back({u.username, Printable(u.display_name), std::string(RoleName(u.role)), Printable(u.agency),
                            u.disabled ? "yes" : "no", locked ? Time(u.locked_until) : "", Time(u.last_login)});
    }
    Print(table, *ParseFormat(*format), std::cout);
  });
}

void AddSet(CLI::App& user, GlobalOptions& options, Outcome& outcome) {
  auto* cmd = user.add_subcommand("set", "Change a user: role, agency, name, password; disable, enable or unlock");
  cmd->footer(
      "Changing the password or disabling the user ends all of the user's sessions.\n"
      "The last enabled admin cannot be demoted or disabled.");
  struct Args {
    std::string username, role, agency, name;
    bool disable = false, enable = false, unlock = false, password = false, password_stdin = false;
  };
  auto args = std::make_shared<Args>();
  cmd->add_option("USERNAME", args->username, "The user to change")->required();
  cmd->add_option("--role", args->role, "public, member, analyst, clerk or admin");
  cmd->add_option("--agency", args->agency, "The agency (added when it does not exist yet)");
  cmd->add_option("--name", args->name, "Display name");
  auto* disable = cmd->add_flag("--disable", args->disable, "The user may no longer sign in");
  auto* enable = cmd->add_flag("--enable", args->enable, "The user may sign in again");
  disable->excludes(enable);
  cmd->add_flag("--unlock", args->unlock, "End a lock-out after too many wrong passwords");
  auto* prompt = cmd->add_flag("--password", args->password, "Set a new password, asked for on the terminal");
  auto* from_stdin =
      cmd->add_flag("--password-stdin", args->password_stdin, "Set a new password, read from standard input");
  prompt->excludes(from_stdin);
  cmd->callback([args, cmd, &options, &outcome] {
    auto run = [&]() -> Status {
      const bool new_password = args->password || args->password_stdin;
      if (args->role.empty() && cmd->count("--agency") == 0 && cmd->count("--name") == 0 && !args->disable &&
          !args->enable && !args->unlock && !new_password)
        return Status::InvalidInput("nothing to change: give --role, --agency, --name, --disable, --enable, "
                                    "--unlock, --password or --password-stdin");
      std::unique_ptr<AccessStore> store;
      if (Status st = OpenAccess(options, &store); !st.ok()) return st;
      std::optional<User> found;
      if (Status st = store->FindUser(args->username, &found); !st.ok()) return st;
      if (!found) return Status::NotFound(fmt::format("there is no user \"{}\"", Printable(args->username)));
      User user = *found;
      std::vector<std::string> changes;
      if (!args->role.empty()) {
        if (Status st = ParseRoleOption(args->role, &user.role); !st.ok()) return st;
        if (user.role != found->role) changes.push_back(fmt::format("role {}", RoleName(user.role)));
      }
      if (args->disable && !user.disabled) {
        user.disabled = true;
        changes.push_back("disabled");
      }
      if (args->enable && user.disabled) {
        user.disabled = false;
        changes.push_back("enabled");
      }
      const bool was_admin = found->role == Role::kAdmin && !found->disabled;
      const bool is_admin = user.role == Role::kAdmin && !user.disabled;
      if (was_admin && !is_admin) {
        int64_t admins = 0;
        if (Status st = store->CountAdmins(&admins); !st.ok()) return st;
        if (admins <= 1)
          return Status::InvalidInput(fmt::format(
              "{} is the last enabled admin: make another admin first, or nobody could manage users", user.username));
      }
      if (cmd->count("--name") > 0 && args->name != user.display_name) {
        if (args->name.size() > 200) return Status::InvalidInput("a display name may be at most 200 bytes long");
        user.display_name = args->name;
        changes.push_back(fmt::format("name \"{}\"", args->name));
      }
      if (args->unlock && (user.locked_until || user.failed_logins > 0)) {
        user.locked_until.reset();
        user.failed_logins = 0;
        changes.push_back("unlocked");
      }
      if (new_password) {
        std::string password;
        if (Status st = ReadNewPassword(args->password_stdin, user.username, &password); !st.ok()) return st;
        if (Status st = HashPassword(password, &user.password_hash); !st.ok()) return st;
        changes.push_back("password changed");
      }
      if (cmd->count("--agency") > 0) {
        std::string agency;
        if (Status st = EnsureAgency(*store, args->agency, options.quiet, &agency); !st.ok()) return st;
        if (agency != user.agency) changes.push_back(fmt::format("agency {}", agency));
        user.agency = agency;
      }
      if (changes.empty()) {
        if (!options.quiet) std::cout << fmt::format("{}: nothing changed\n", user.username);
        return Status::Ok();
      }
      if (Status st = store->UpdateUser(user); !st.ok()) return st;
      if (new_password || user.disabled) {
        if (Status st = store->DeleteSessionsOf(user.username); !st.ok()) return st;
      }
      std::string summary;
      for (const auto& c : changes) summary += (summary.empty() ? "" : "; ") + c;
      if (Status st = AuditChange(*store, "user-changed", user, summary); !st.ok()) return st;
      if (!options.quiet) std::cout << fmt::format("{}: {}\n", user.username, summary);
      return Status::Ok();
    };
    if (Status st = run(); !st.ok()) outcome.exit_code = Fail(st);
  });
}

void AddAudit(CLI::App& user, GlobalOptions& options, Outcome& outcome) {
  auto* cmd = user.add_subcommand("audit", "Print the audit trail, newest first");
  cmd->footer("Sign-ins (good and bad), sign-outs, imports, exports, user changes and reads of restricted data.");
  struct Args {
    int limit = 50;
    std::optional<int64_t> before;
    std::string user, action, format = "table";
  };
  auto args = std::make_shared<Args>();
  cmd->add_option("--limit", args->limit, "At most this many entries (1-1000, default 50)")->check(CLI::Range(1, 1000));
  cmd->add_option("--before", args->before, "Only entries older than this id (to page back)");
  cmd->add_option("--user", args->user, "Only this username's entries");
  cmd->add_option("--action", args->action, "Only this action, e.g. sign-in-failed");
  cmd->add_option("--format", args->format, "table, csv or json")->check(CLI::IsMember({"table", "csv", "json"}));
  cmd->callback([args, &options, &outcome] {
    std::unique_ptr<AccessStore> store;
    std::vector<AuditEntry> entries;
    Status st = OpenAccess(options, &store);
    if (st.ok()) st = store->ListAudit(AuditQuery{args->before, args->limit, args->user, args->action}, &entries);
    if (!st.ok()) {
      outcome.exit_code = Fail(st);
      return;
    }
    Table table{{"id", "at", "username", "agency", "client", "action", "target", "detail", "allowed"},
                {},
                {true, false, false, false, false, false, false, false, false}};
    for (const auto& e : entries)
      table.rows.push_back({std::to_string(e.id), Time(e.at), Printable(e.username), Printable(e.agency),
                            Printable(e.client), Printable(e.action), Printable(e.target), Printable(e.detail),
                            e.allowed ? "yes" : "no"});
    Print(table, *ParseFormat(args->format), std::cout);
  });
}

}  // namespace

void AddUserCommand(CLI::App& app, GlobalOptions& options, Outcome& outcome) {
  auto* user = app.add_subcommand("user", "Manage the users of `safer serve` and read the audit trail");
  user->require_subcommand(1);
  AddAdd(*user, options, outcome);
  AddList(*user, options, outcome);
  AddSet(*user, options, outcome);
  AddAudit(*user, options, outcome);
}

}  // namespace safer::cli
