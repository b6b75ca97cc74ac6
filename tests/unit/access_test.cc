// Roles and permissions, credentials, the sign-in policy and the SQLite access store, on a
// database in a temporary directory. Time is passed in, never waited for.
#include <sqlite3.h>
#include <unistd.h>

#include <filesystem>
#include <set>

#include <gtest/gtest.h>

#include "access/credentials.h"
#include "access/sign_in.h"
#include "domain/access.h"
#include "store/access_store.h"

namespace safer {
namespace {

namespace fs = std::filesystem;

constexpr int64_t kNow = 1'800'000'000;
constexpr const char* kPassword = "a long enough password";

// ---------------------------------------------------------------------------------------
// Roles and permissions

TEST(AccessRoles, NamesRoundTripInAnyCase) {
  EXPECT_EQ(AllRoles(), (std::vector<Role>{Role::kPublic, Role::kMember, Role::kAnalyst, Role::kClerk, Role::kAdmin}));
  for (Role r : AllRoles()) {
    EXPECT_EQ(ParseRole(RoleName(r)), r);
    EXPECT_FALSE(RoleDescription(r).empty());
  }
  EXPECT_EQ(ParseRole("ADMIN"), Role::kAdmin);
  EXPECT_EQ(ParseRole("Analyst"), Role::kAnalyst);
  EXPECT_EQ(ParseRole("Clerk"), Role::kClerk);
  EXPECT_FALSE(ParseRole("root").has_value());
  EXPECT_FALSE(ParseRole("").has_value());
  EXPECT_FALSE(ParseRole("admin ").has_value());
}

TEST(AccessRoles, PermissionNamesAreTheApisNames) {
  EXPECT_EQ(PermissionName(Permission::kViewPublished), "view-published");
  EXPECT_EQ(PermissionName(Permission::kViewPartnership), "view-partnership");
  EXPECT_EQ(PermissionName(Permission::kViewIncidents), "view-incidents");
  EXPECT_EQ(PermissionName(Permission::kImport), "import");
  EXPECT_EQ(PermissionName(Permission::kViewRejections), "view-rejections");
  EXPECT_EQ(PermissionName(Permission::kAdminister), "administer");
  EXPECT_EQ(PermissionName(Permission::kViewExempt), "view-exempt");
  EXPECT_EQ(PermissionName(Permission::kEditMinutes), "edit-minutes");
  EXPECT_EQ(PermissionName(Permission::kManageActions), "manage-actions");
  EXPECT_EQ(PermissionName(Permission::kUpdateOwnActions), "update-own-actions");
  std::set<std::string_view> names;
  for (Permission p : AllPermissions()) names.insert(PermissionName(p));
  EXPECT_EQ(names.size(), 10u);
}

// Not a ladder: analysts and clerks each add their own to a member's; admin holds all.
TEST(AccessRoles, ThePermissionMatrix) {
  using P = Permission;
  const P all[] = {P::kViewPublished, P::kViewPartnership, P::kViewIncidents, P::kImport,        P::kViewRejections,
                   P::kAdminister,    P::kViewExempt,      P::kEditMinutes,   P::kManageActions, P::kUpdateOwnActions};
  // Rows: public, member, analyst, clerk, admin; columns: the permissions above.
  const bool expected[5][10] = {
      {1, 0, 0, 0, 0, 0, 0, 0, 0, 0},
      {1, 1, 0, 0, 0, 0, 1, 0, 0, 1},
      {1, 1, 1, 1, 1, 0, 1, 0, 0, 1},
      {1, 1, 0, 0, 0, 0, 1, 1, 1, 1},
      {1, 1, 1, 1, 1, 1, 1, 1, 1, 1},
  };
  const Role roles[] = {Role::kPublic, Role::kMember, Role::kAnalyst, Role::kClerk, Role::kAdmin};
  for (int r = 0; r < 5; ++r)
    for (int p = 0; p < 10; ++p)
      EXPECT_EQ(Allows(roles[r], all[p]), expected[r][p]) << RoleName(roles[r]) << " " << PermissionName(all[p]);
  EXPECT_EQ(RoleNames(RolesWith(P::kViewPublished)), "public, member, analyst, clerk, admin");
  EXPECT_EQ(RoleNames(RolesWith(P::kImport)), "analyst, admin");
  EXPECT_EQ(RoleNames(RolesWith(P::kEditMinutes)), "clerk, admin");
  EXPECT_EQ(RoleNames(RolesWith(P::kAdminister)), "admin");
  EXPECT_FALSE(Allows(static_cast<Role>(0), P::kViewPublished));
  EXPECT_FALSE(Allows(static_cast<Role>(99), P::kViewPublished));
  EXPECT_FALSE(Allows(Role::kAdmin, static_cast<P>(99)));
  EXPECT_TRUE(RolesWith(static_cast<P>(99)).empty());
}

TEST(AccessRoles, Usernames) {
  for (const char* good : {"abc", "alice", "a.b_c-d", "9lives", "analyst1"})
    EXPECT_TRUE(IsValidUsername(good)) << good;
  EXPECT_TRUE(IsValidUsername(std::string(64, 'x')));
  for (const char* bad : {"", "ab", "Alice", ".alice", "-x1", "_ab", "al ice", "al/ice", "al@ice", "élan", "a\nb1"})
    EXPECT_FALSE(IsValidUsername(bad)) << bad;
  EXPECT_FALSE(IsValidUsername(std::string(65, 'x')));
  EXPECT_FALSE(IsValidUsername(std::string_view("abc\0d", 5)));
}

// ---------------------------------------------------------------------------------------
// Credentials

class AccessCredentials : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_TRUE(InitialiseCredentials().ok()); }
};


// A database made before the clerk role: its CHECK refused "clerk"; opening it lets it in
// and keeps every user.
TEST(AccessStoreMigration, ADatabaseFromBeforeTheClerkRoleAcceptsClerks) {
  const fs::path dir = fs::temp_directory_path() / ("safer-access-migration-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  const std::string path = (dir / "old.db").string();
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(db,
                         "CREATE TABLE agency (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE COLLATE NOCASE);"
                         "CREATE TABLE app_user (id INTEGER PRIMARY KEY, username TEXT NOT NULL UNIQUE, "
                         "display_name TEXT NOT NULL, role TEXT NOT NULL CHECK (role IN ('public', 'member', "
                         "'analyst', 'admin')), agency_id INTEGER NOT NULL REFERENCES agency(id), "
                         "password_hash TEXT NOT NULL, disabled INTEGER NOT NULL DEFAULT 0, failed_logins INTEGER "
                         "NOT NULL DEFAULT 0, locked_until INTEGER, created_at INTEGER NOT NULL, last_login INTEGER);"
                         "INSERT INTO agency VALUES (1, 'Cleveland Police');"
                         "INSERT INTO app_user VALUES (1, 'old1', 'Old One', 'admin', 1, 'x', 0, 0, NULL, 1, NULL);",
                         nullptr, nullptr, nullptr),
            SQLITE_OK);
  sqlite3_close(db);
  {
    std::unique_ptr<AccessStore> store;
    ASSERT_TRUE(OpenAccessStore(path, &store).ok());
    User clerk;
    Status st = CreateUser(*store, "clerk1", "", Role::kClerk, "Cleveland Police", kPassword, &clerk);
    EXPECT_TRUE(st.ok()) << st.message();
    std::optional<User> old;
    ASSERT_TRUE(store->FindUser("old1", &old).ok());
    ASSERT_TRUE(old.has_value());
    EXPECT_EQ(old->role, Role::kAdmin);
    EXPECT_EQ(old->display_name, "Old One");
  }
  std::unique_ptr<AccessStore> again;  // opening it a second time changes nothing
  EXPECT_TRUE(OpenAccessStore(path, &again).ok());
  again.reset();
  fs::remove_all(dir);
}

TEST_F(AccessCredentials, HashVerifiesOnlyTheRightPassword) {
  std::string hash;
  ASSERT_TRUE(HashPassword(kPassword, &hash).ok());
  EXPECT_TRUE(hash.starts_with("$argon2id$")) << hash;
  EXPECT_EQ(hash.find(kPassword), std::string::npos);
  EXPECT_TRUE(VerifyPassword(hash, kPassword));
  EXPECT_FALSE(VerifyPassword(hash, "a long enough passworD"));
  EXPECT_FALSE(VerifyPassword(hash, ""));
  EXPECT_FALSE(VerifyPassword("", kPassword));
  EXPECT_FALSE(VerifyPassword("not a hash", kPassword));
  std::string again;
  ASSERT_TRUE(HashPassword(kPassword, &again).ok());
  EXPECT_NE(hash, again) << "each hash has its own salt";
}

TEST_F(AccessCredentials, PasswordPolicy) {
  EXPECT_EQ(PasswordProblem("alice", "twelve chars"), "");
  EXPECT_NE(PasswordProblem("alice", "eleven char"), "");
  EXPECT_NE(PasswordProblem("alice", ""), "");
  EXPECT_NE(PasswordProblem("alice.smith1", "ALICE.SMITH1"), "");
  EXPECT_EQ(PasswordProblem("alice", std::string(1024, 'p')), "");
  EXPECT_NE(PasswordProblem("alice", std::string(1025, 'p')), "");
  // Characters, not bytes: twelve two-byte letters pass, six do not.
  std::string twelve, six;
  for (int i = 0; i < 12; ++i) twelve += "é";
  for (int i = 0; i < 6; ++i) six += "é";
  EXPECT_EQ(PasswordProblem("alice", twelve), "");
  EXPECT_NE(PasswordProblem("alice", six), "");
}

TEST_F(AccessCredentials, TokensAreLongRandomAndUrlSafe) {
  std::set<std::string> seen;
  for (int i = 0; i < 200; ++i) {
    std::string t = NewToken();
    EXPECT_EQ(t.size(), 43u);
    EXPECT_EQ(t.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"),
              std::string::npos)
        << t;
    seen.insert(t);
  }
  EXPECT_EQ(seen.size(), 200u);
}

TEST_F(AccessCredentials, DigestIsStableHexAndNotTheToken) {
  std::string t = NewToken();
  std::string d = TokenDigest(t);
  EXPECT_EQ(d.size(), 64u);
  EXPECT_EQ(d.find_first_not_of("0123456789abcdef"), std::string::npos);
  EXPECT_EQ(d, TokenDigest(t));
  EXPECT_NE(d, TokenDigest(t + "x"));
  // BLAKE2b-256 of the empty string, a published test vector.
  EXPECT_EQ(TokenDigest(""), "0e5751c026e543b2e8ab2eb06099daa1d1e5df47778f7787faab45cdf12fe3a8");
}

TEST_F(AccessCredentials, ConstantTimeEquals) {
  EXPECT_TRUE(ConstantTimeEquals("", ""));
  EXPECT_TRUE(ConstantTimeEquals("abc", "abc"));
  EXPECT_FALSE(ConstantTimeEquals("abc", "abd"));
  EXPECT_FALSE(ConstantTimeEquals("abc", "ab"));
  EXPECT_FALSE(ConstantTimeEquals("", "a"));
  EXPECT_FALSE(ConstantTimeEquals("abc", "abcd"));
}

// ---------------------------------------------------------------------------------------
// The throttle

TEST(AccessThrottle, CountsPerClientPerMinute) {
  ClientThrottle throttle(3);
  int64_t retry = 0;
  const int64_t minute = kNow - kNow % 60;
  for (int i = 0; i < 3; ++i) EXPECT_TRUE(throttle.Admit("10.0.0.1", minute + 10, &retry));
  EXPECT_FALSE(throttle.Admit("10.0.0.1", minute + 15, &retry));
  EXPECT_EQ(retry, 45);
  EXPECT_TRUE(throttle.Admit("10.0.0.2", minute + 15, &retry)) << "another client has its own count";
  EXPECT_TRUE(throttle.Admit("10.0.0.1", minute + 60, &retry)) << "a new minute starts again";
}

TEST(AccessThrottle, PruningForgetsOnlyPastMinutes) {
  ClientThrottle throttle(2);
  int64_t retry = 0;
  for (int i = 0; i < 10000; ++i) throttle.Admit("old" + std::to_string(i), kNow - 120, &retry);
  EXPECT_TRUE(throttle.Admit("guesser", kNow, &retry));
  EXPECT_TRUE(throttle.Admit("guesser", kNow, &retry));
  for (int i = 0; i < 10000; ++i) EXPECT_TRUE(throttle.Admit("new" + std::to_string(i), kNow, &retry));
  EXPECT_FALSE(throttle.Admit("guesser", kNow, &retry)) << "this minute's count survives pruning";
}

// ---------------------------------------------------------------------------------------
// The store and sign-in

class AccessTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(InitialiseCredentials().ok());
    dir_ = fs::temp_directory_path() / ("safer-access-test-" + std::to_string(::getpid()) + "-" +
                                        ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    ASSERT_TRUE(OpenAccessStore((dir_ / "t.db").string(), &store_).ok());
    ASSERT_TRUE(store_->AddAgency("Cleveland Police", nullptr).ok());
  }
  void TearDown() override {
    store_.reset();
    fs::remove_all(dir_);
  }

  User Add(const std::string& username, Role role = Role::kAnalyst, const std::string& password = kPassword) {
    User user;
    Status st = CreateUser(*store_, username, "", role, "Cleveland Police", password, &user);
    EXPECT_TRUE(st.ok()) << st.message();
    return user;
  }

  SignInResult Try(const std::string& username, const std::string& password, int64_t now,
                   const std::string& client = "192.0.2.1") {
    SignInResult result;
    Status st = SignIn(*store_, throttle_, policy_, username, password, client, now, &result);
    EXPECT_TRUE(st.ok()) << st.message();
    return result;
  }

  std::vector<AuditEntry> AuditTrail(const std::string& action = "") {
    std::vector<AuditEntry> entries;
    AuditQuery q;
    q.action = action;
    EXPECT_TRUE(store_->ListAudit(q, &entries).ok());
    return entries;
  }

  User Stored(const std::string& username) {
    std::optional<User> user;
    EXPECT_TRUE(store_->FindUser(username, &user).ok());
    return user.value_or(User{});
  }

  fs::path dir_;
  std::unique_ptr<AccessStore> store_;
  SessionPolicy policy_;
  ClientThrottle throttle_{1000};
};

TEST_F(AccessTest, CreateUserChecksEverything) {
  User out;
  EXPECT_EQ(CreateUser(*store_, "Al", "", Role::kMember, "Cleveland Police", kPassword, &out).code(),
            Status::Code::kInvalidInput);
  EXPECT_EQ(CreateUser(*store_, "alice", "", Role::kMember, "Cleveland Police", "short", &out).code(),
            Status::Code::kInvalidInput);
  Status no_agency = CreateUser(*store_, "alice", "", Role::kMember, "Nowhere Council", kPassword, &out);
  EXPECT_EQ(no_agency.code(), Status::Code::kInvalidInput);
  EXPECT_NE(no_agency.message().find("Nowhere Council"), std::string::npos) << no_agency.message();

  User alice = Add("alice", Role::kMember);
  EXPECT_GT(alice.id, 0);
  EXPECT_EQ(alice.agency, "Cleveland Police");
  EXPECT_TRUE(VerifyPassword(alice.password_hash, kPassword));
  EXPECT_EQ(CreateUser(*store_, "alice", "", Role::kMember, "Cleveland Police", kPassword, &out).code(),
            Status::Code::kInvalidInput)
      << "a username is taken once";
  EXPECT_EQ(store_->AddAgency("cleveland police", nullptr).code(), Status::Code::kInvalidInput);
}

TEST_F(AccessTest, GoodSignInMakesASessionAndIsAudited) {
  Add("alice");
  SignInResult r = Try("alice", kPassword, kNow);
  ASSERT_EQ(r.outcome, SignInOutcome::kSignedIn);
  ASSERT_TRUE(r.user.has_value());
  EXPECT_EQ(r.user->username, "alice");
  EXPECT_EQ(r.token.size(), 43u);
  EXPECT_EQ(r.session.token_digest, TokenDigest(r.token));
  EXPECT_EQ(r.session.csrf_token.size(), 43u);
  EXPECT_NE(r.session.csrf_token, r.token);
  EXPECT_EQ(r.session.expires_at, kNow + policy_.session_seconds);
  EXPECT_EQ(Stored("alice").last_login, kNow);

  std::optional<Session> stored;
  ASSERT_TRUE(store_->FindSession(r.session.token_digest, &stored).ok());
  ASSERT_TRUE(stored.has_value());
  EXPECT_EQ(stored->csrf_token, r.session.csrf_token);
  std::optional<Session> by_token;
  ASSERT_TRUE(store_->FindSession(r.token, &by_token).ok());
  EXPECT_FALSE(by_token.has_value()) << "the token itself is never stored";

  auto trail = AuditTrail();
  ASSERT_EQ(trail.size(), 1u);
  EXPECT_EQ(trail[0].action, "sign-in");
  EXPECT_EQ(trail[0].username, "alice");
  EXPECT_EQ(trail[0].agency, "Cleveland Police");
  EXPECT_EQ(trail[0].client, "192.0.2.1");
  EXPECT_EQ(trail[0].at, kNow);
  EXPECT_TRUE(trail[0].allowed);
}

TEST_F(AccessTest, BadSignInsAreAuditedAndLookAlike) {
  Add("alice");
  SignInResult unknown = Try("mallory", kPassword, kNow);
  SignInResult wrong = Try("alice", "not the password", kNow);
  EXPECT_EQ(unknown.outcome, SignInOutcome::kWrongCredentials);
  EXPECT_EQ(wrong.outcome, SignInOutcome::kWrongCredentials);
  EXPECT_FALSE(unknown.user.has_value());
  EXPECT_FALSE(wrong.user.has_value());
  EXPECT_TRUE(wrong.token.empty());

  auto failed = AuditTrail("sign-in-failed");
  ASSERT_EQ(failed.size(), 2u);
  EXPECT_EQ(failed[0].username, "alice");  // newest first
  EXPECT_NE(failed[0].detail.find("wrong password"), std::string::npos) << failed[0].detail;
  EXPECT_FALSE(failed[0].allowed);
  EXPECT_EQ(failed[1].username, "");
  EXPECT_NE(failed[1].detail.find("unknown user"), std::string::npos) << failed[1].detail;
  EXPECT_NE(failed[1].detail.find("mallory"), std::string::npos) << failed[1].detail;
  EXPECT_FALSE(failed[1].allowed);
  EXPECT_TRUE(AuditTrail("sign-in").empty());
}

TEST_F(AccessTest, FiveFailuresLockEvenTheRightPasswordUntilTheLockEnds) {
  Add("alice");
  for (int i = 1; i <= 4; ++i) {
    EXPECT_EQ(Try("alice", "wrong password!", kNow + i).outcome, SignInOutcome::kWrongCredentials);
    EXPECT_EQ(Stored("alice").failed_logins, i);
    EXPECT_FALSE(Stored("alice").locked_until.has_value());
  }
  EXPECT_EQ(Try("alice", "wrong password!", kNow + 5).outcome, SignInOutcome::kWrongCredentials);
  ASSERT_TRUE(Stored("alice").locked_until.has_value());
  EXPECT_EQ(*Stored("alice").locked_until, kNow + 5 + policy_.lock_seconds);

  SignInResult locked = Try("alice", kPassword, kNow + 10);
  EXPECT_EQ(locked.outcome, SignInOutcome::kLocked);
  EXPECT_EQ(locked.retry_after, policy_.lock_seconds - 5);
  EXPECT_TRUE(locked.token.empty());
  EXPECT_EQ(Try("alice", "wrong password!", kNow + 11).outcome, SignInOutcome::kLocked);
  EXPECT_EQ(*Stored("alice").locked_until, kNow + 5 + policy_.lock_seconds) << "failures while locked extend nothing";
  auto locked_entries = AuditTrail("sign-in-failed");
  EXPECT_NE(locked_entries[0].detail.find("locked"), std::string::npos) << locked_entries[0].detail;

  EXPECT_EQ(Try("alice", kPassword, kNow + 5 + policy_.lock_seconds - 1).outcome, SignInOutcome::kLocked);
  EXPECT_EQ(Try("alice", kPassword, kNow + 5 + policy_.lock_seconds).outcome, SignInOutcome::kSignedIn);
  EXPECT_EQ(Stored("alice").failed_logins, 0);
  EXPECT_FALSE(Stored("alice").locked_until.has_value());
}

TEST_F(AccessTest, SuccessResetsTheFailureCount) {
  Add("alice");
  for (int i = 0; i < 4; ++i) Try("alice", "wrong password!", kNow);
  EXPECT_EQ(Try("alice", kPassword, kNow).outcome, SignInOutcome::kSignedIn);
  EXPECT_EQ(Stored("alice").failed_logins, 0);
  for (int i = 0; i < 4; ++i) Try("alice", "wrong password!", kNow);
  EXPECT_EQ(Try("alice", kPassword, kNow).outcome, SignInOutcome::kSignedIn);
}

TEST_F(AccessTest, ThrottledClientIsRefusedAndAudited) {
  Add("alice");
  ClientThrottle throttle(policy_.attempts_per_client_per_minute);
  const int64_t minute = kNow - kNow % 60;
  SignInResult r;
  for (int i = 0; i < policy_.attempts_per_client_per_minute; ++i) {
    ASSERT_TRUE(SignIn(*store_, throttle, policy_, "nobody" + std::to_string(i), kPassword, "198.51.100.7", minute, &r)
                    .ok());
    EXPECT_EQ(r.outcome, SignInOutcome::kWrongCredentials);
  }
  ASSERT_TRUE(SignIn(*store_, throttle, policy_, "alice", kPassword, "198.51.100.7", minute + 20, &r).ok());
  EXPECT_EQ(r.outcome, SignInOutcome::kThrottled) << "even the right password";
  EXPECT_EQ(r.retry_after, 40);
  auto failed = AuditTrail("sign-in-failed");
  ASSERT_FALSE(failed.empty());
  EXPECT_NE(failed[0].detail.find("throttled"), std::string::npos) << failed[0].detail;
  EXPECT_FALSE(failed[0].allowed);
  EXPECT_EQ(Stored("alice").failed_logins, 0) << "a throttled attempt checks no password";

  ASSERT_TRUE(SignIn(*store_, throttle, policy_, "alice", kPassword, "198.51.100.8", minute + 20, &r).ok());
  EXPECT_EQ(r.outcome, SignInOutcome::kSignedIn) << "another client is not throttled";
  ASSERT_TRUE(SignIn(*store_, throttle, policy_, "alice", kPassword, "198.51.100.7", minute + 60, &r).ok());
  EXPECT_EQ(r.outcome, SignInOutcome::kSignedIn) << "the next minute";
}

TEST_F(AccessTest, DisabledUserCannotSignInAndLosesSessions) {
  Add("alice");
  SignInResult before = Try("alice", kPassword, kNow);
  ASSERT_EQ(before.outcome, SignInOutcome::kSignedIn);
  User alice = Stored("alice");
  alice.disabled = true;
  ASSERT_TRUE(store_->UpdateUser(alice).ok());

  std::optional<Session> session;
  std::optional<User> user;
  ASSERT_TRUE(ResumeSession(*store_, policy_, before.token, kNow + 1, &session, &user).ok());
  EXPECT_FALSE(session.has_value()) << "a disabled user's session is not resumed";

  SignInResult r = Try("alice", kPassword, kNow + 2);
  EXPECT_EQ(r.outcome, SignInOutcome::kWrongCredentials);
  EXPECT_TRUE(r.token.empty());
  auto failed = AuditTrail("sign-in-failed");
  ASSERT_FALSE(failed.empty());
  EXPECT_NE(failed[0].detail.find("disabled"), std::string::npos) << failed[0].detail;
}

TEST_F(AccessTest, SessionResumesUntilItExpires) {
  Add("alice");
  SignInResult r = Try("alice", kPassword, kNow);
  ASSERT_EQ(r.outcome, SignInOutcome::kSignedIn);
  std::optional<Session> session;
  std::optional<User> user;

  // Used every hour: never idle, but ends 12 hours after sign-in.
  for (int64_t t = kNow + 3600; t < r.session.expires_at; t += 3600) {
    ASSERT_TRUE(ResumeSession(*store_, policy_, r.token, t, &session, &user).ok());
    ASSERT_TRUE(session.has_value()) << "at +" << t - kNow;
    ASSERT_TRUE(user.has_value());
    EXPECT_EQ(user->username, "alice");
    EXPECT_EQ(session->last_seen, t);
  }
  ASSERT_TRUE(ResumeSession(*store_, policy_, r.token, r.session.expires_at, &session, &user).ok());
  EXPECT_FALSE(session.has_value());
  EXPECT_FALSE(user.has_value());
  std::optional<Session> stored;
  ASSERT_TRUE(store_->FindSession(r.session.token_digest, &stored).ok());
  EXPECT_FALSE(stored.has_value()) << "an expired session is deleted";
}

TEST_F(AccessTest, SessionEndsWhenIdle) {
  Add("alice");
  SignInResult r = Try("alice", kPassword, kNow);
  std::optional<Session> session;
  std::optional<User> user;
  ASSERT_TRUE(ResumeSession(*store_, policy_, r.token, kNow + policy_.idle_seconds, &session, &user).ok());
  ASSERT_TRUE(session.has_value()) << "exactly the idle time is still live";
  const int64_t seen = session->last_seen;
  ASSERT_TRUE(ResumeSession(*store_, policy_, r.token, seen + policy_.idle_seconds + 1, &session, &user).ok());
  EXPECT_FALSE(session.has_value());
  ASSERT_TRUE(ResumeSession(*store_, policy_, r.token, seen + 2, &session, &user).ok());
  EXPECT_FALSE(session.has_value()) << "an idle session is gone for good";
}

TEST_F(AccessTest, LastSeenIsWrittenAtMostOnceAMinute) {
  Add("alice");
  SignInResult r = Try("alice", kPassword, kNow);
  std::optional<Session> session;
  std::optional<User> user;
  ASSERT_TRUE(ResumeSession(*store_, policy_, r.token, kNow + 30, &session, &user).ok());
  ASSERT_TRUE(session.has_value());
  EXPECT_EQ(session->last_seen, kNow);
  ASSERT_TRUE(ResumeSession(*store_, policy_, r.token, kNow + 60, &session, &user).ok());
  ASSERT_TRUE(session.has_value());
  EXPECT_EQ(session->last_seen, kNow + 60);
  std::optional<Session> stored;
  ASSERT_TRUE(store_->FindSession(r.session.token_digest, &stored).ok());
  EXPECT_EQ(stored->last_seen, kNow + 60);
}

TEST_F(AccessTest, UnknownTokensResumeNothing) {
  std::optional<Session> session;
  std::optional<User> user;
  for (const std::string& token : {std::string(), NewToken(), std::string(10000, 'a')}) {
    ASSERT_TRUE(ResumeSession(*store_, policy_, token, kNow, &session, &user).ok());
    EXPECT_FALSE(session.has_value());
    EXPECT_FALSE(user.has_value());
  }
}

TEST_F(AccessTest, SessionsOfAUserAreDeletedTogether) {
  Add("alice");
  Add("bob1");
  SignInResult a1 = Try("alice", kPassword, kNow), a2 = Try("alice", kPassword, kNow), b = Try("bob1", kPassword, kNow);
  ASSERT_TRUE(store_->DeleteSessionsOf("alice").ok());
  std::optional<Session> s;
  ASSERT_TRUE(store_->FindSession(a1.session.token_digest, &s).ok());
  EXPECT_FALSE(s.has_value());
  ASSERT_TRUE(store_->FindSession(a2.session.token_digest, &s).ok());
  EXPECT_FALSE(s.has_value());
  ASSERT_TRUE(store_->FindSession(b.session.token_digest, &s).ok());
  EXPECT_TRUE(s.has_value());
}

TEST_F(AccessTest, CountsOnlyEnabledAdmins) {
  int64_t admins = -1;
  ASSERT_TRUE(store_->CountAdmins(&admins).ok());
  EXPECT_EQ(admins, 0);
  Add("root1", Role::kAdmin);
  Add("root2", Role::kAdmin);
  Add("analyst", Role::kAnalyst);
  ASSERT_TRUE(store_->CountAdmins(&admins).ok());
  EXPECT_EQ(admins, 2);
  User root2 = Stored("root2");
  root2.disabled = true;
  ASSERT_TRUE(store_->UpdateUser(root2).ok());
  ASSERT_TRUE(store_->CountAdmins(&admins).ok());
  EXPECT_EQ(admins, 1);
  User root1 = Stored("root1");
  root1.role = Role::kMember;
  ASSERT_TRUE(store_->UpdateUser(root1).ok());
  ASSERT_TRUE(store_->CountAdmins(&admins).ok());
  EXPECT_EQ(admins, 0);
}

TEST_F(AccessTest, AuditIsFilteredPagedAndBounded) {
  for (int i = 0; i < 30; ++i) {
    AuditEntry e;
    e.at = kNow + i;
    e.username = i % 2 ? "alice" : "bob1";
    e.action = i % 3 ? "read-incidents" : "export";
    e.detail = std::to_string(i);
    ASSERT_TRUE(store_->Audit(e).ok());
  }
  std::vector<AuditEntry> page;
  AuditQuery q;
  q.limit = 10;
  ASSERT_TRUE(store_->ListAudit(q, &page).ok());
  ASSERT_EQ(page.size(), 10u);
  EXPECT_EQ(page[0].detail, "29");
  EXPECT_EQ(page[9].detail, "20");
  q.before_id = page.back().id;
  ASSERT_TRUE(store_->ListAudit(q, &page).ok());
  ASSERT_EQ(page.size(), 10u);
  EXPECT_EQ(page[0].detail, "19");

  q = AuditQuery{};
  q.username = "alice";
  q.action = "export";
  ASSERT_TRUE(store_->ListAudit(q, &page).ok());
  ASSERT_EQ(page.size(), 5u);  // odd multiples of 3 below 30: 3, 9, 15, 21, 27
  for (const auto& e : page) EXPECT_TRUE(e.username == "alice" && e.action == "export");

  q = AuditQuery{};
  q.limit = 0;
  ASSERT_TRUE(store_->ListAudit(q, &page).ok());
  EXPECT_EQ(page.size(), 1u) << "a limit below 1 is 1";

  AuditEntry long_entry;
  long_entry.action = "export";
  long_entry.detail = std::string(5000, 'x');
  ASSERT_TRUE(store_->Audit(long_entry).ok());
  ASSERT_TRUE(store_->ListAudit(AuditQuery{}, &page).ok());
  EXPECT_EQ(page[0].detail.size(), 2000u);
}

TEST_F(AccessTest, ImportOwnerAndPostgresRefused) {
  std::optional<std::string> agency;
  ASSERT_TRUE(store_->FindImportOwner(7, &agency).ok());
  EXPECT_FALSE(agency.has_value());
  ASSERT_TRUE(store_->SetImportOwner(7, "alice", "Cleveland Police").ok());
  ASSERT_TRUE(store_->FindImportOwner(7, &agency).ok());
  EXPECT_EQ(agency, "Cleveland Police");

  std::unique_ptr<AccessStore> other;
  Status st = OpenAccessStore("postgresql://db/safer", &other);
  EXPECT_EQ(st.code(), Status::Code::kInvalidInput);
  EXPECT_NE(st.message().find("PostgreSQL"), std::string::npos);
  EXPECT_TRUE(OpenAccessStore("sqlite:" + (dir_ / "t.db").string(), &other).ok());
  std::optional<std::string> seen_by_other;
  ASSERT_TRUE(other->FindImportOwner(7, &seen_by_other).ok());
  EXPECT_EQ(seen_by_other, "Cleveland Police");
}

}  // namespace
}  // namespace safer
