// The SQLite plumbing the access, meeting and action stores share: each opens a connection
// of its own (a path or sqlite:PATH, WAL, a busy timeout, foreign keys) that owns its cache
// of prepared statements; a Use binds, steps and reads one statement and resets it however
// the use ends; a Transaction is BEGIN IMMEDIATE … COMMIT, rolled back unless committed.
// (The Store in sqlite_store.cc keeps its own statements and opening; it shares Exec.)
#pragma once

#include <sqlite3.h>

#include <cstdint>
#include <map>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "domain/calendar.h"
#include "domain/status.h"

namespace safer::sqlite {

// A prepared statement, kept for the life of the connection. Each use goes through a Use,
// which resets it (and clears its bindings) however the use ends.
class Statement {
 public:
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;
  explicit Statement(sqlite3_stmt* stmt) : stmt_(stmt) {}
  ~Statement() { sqlite3_finalize(stmt_); }
  sqlite3_stmt* get() const { return stmt_; }

 private:
  sqlite3_stmt* stmt_;
};

class Use {
 public:
  explicit Use(Statement& s) : stmt_(s.get()) {}
  Use(const Use&) = delete;
  Use& operator=(const Use&) = delete;
  ~Use() {
    sqlite3_reset(stmt_);
    sqlite3_clear_bindings(stmt_);
  }

  Use& Bind(int i, int64_t v) { sqlite3_bind_int64(stmt_, i, v); return *this; }
  // A null pointer would bind SQL NULL: an empty view is bound as the empty string.
  Use& Bind(int i, std::string_view v) {
    sqlite3_bind_text(stmt_, i, v.data() ? v.data() : "", static_cast<int>(v.size()), SQLITE_TRANSIENT);
    return *this;
  }
  // An empty optional binds SQL NULL.
  Use& Bind(int i, const std::optional<int64_t>& v) {
    if (v) return Bind(i, *v);
    sqlite3_bind_null(stmt_, i);
    return *this;
  }
  Use& Bind(int i, const std::optional<int>& v) {
    if (v) return Bind(i, int64_t{*v});
    sqlite3_bind_null(stmt_, i);
    return *this;
  }
  // Dates are stored as ISO text ("2025-03-04"): readable in SQL and ordered as text.
  Use& Bind(int i, const std::optional<Date>& v) {
    if (v) return Bind(i, std::string_view(v->ToIso()));
    sqlite3_bind_null(stmt_, i);
    return *this;
  }

  // SQLITE_ROW → *row true; SQLITE_DONE → *row false; anything else is an error.
  Status Step(bool* row = nullptr);
  // Steps through every row, calling each() with the row current; stops at the first
  // failure, its own or each()'s.
  Status ForEachRow(const std::function<Status()>& each);
  bool IsNull(int col) const { return sqlite3_column_type(stmt_, col) == SQLITE_NULL; }
  int64_t Int(int col) const { return sqlite3_column_int64(stmt_, col); }
  std::optional<int64_t> OptionalInt(int col) const {
    if (IsNull(col)) return std::nullopt;
    return Int(col);
  }
  std::string Text(int col) const {
    auto p = reinterpret_cast<const char*>(sqlite3_column_text(stmt_, col));
    return p ? std::string(p, sqlite3_column_bytes(stmt_, col)) : std::string();
  }
  // NULL → empty; ISO text → the date; anything else is a damaged database.
  Status DateAt(int col, std::optional<Date>* out) const;

 private:
  sqlite3_stmt* stmt_;
};

// Runs SQL (one statement or several) that returns no rows.
Status Exec(sqlite3* db, const char* sql);

// BEGIN IMMEDIATE … COMMIT; rolled back unless committed. Immediate: the write lock is
// taken up front, so a check and the write that depends on it see the same database.
class Transaction {
 public:
  explicit Transaction(sqlite3* db) : db_(db) {}
  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;
  ~Transaction() {
    if (open_) (void)Exec(db_, "ROLLBACK");
  }
  Status Begin();
  Status Commit();

 private:
  sqlite3* db_;
  bool open_ = false;
};

// An open database and the statements prepared on it; the statements are finalised
// before the connection closes. Used by one thread at a time (NOMUTEX).
class Connection {
 public:
  Connection(sqlite3* db, std::string path) : db_(db), path_(std::move(path)) {}
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;
  ~Connection();

  sqlite3* get() const { return db_; }
  // The file, without a sqlite: prefix: what messages name.
  const std::string& path() const { return path_; }
  // The cached statement for this SQL, prepared on first use.
  Status Prepared(const std::string& sql, Statement** out);

 private:
  sqlite3* db_;
  std::string path_;
  std::map<std::string, std::unique_ptr<Statement>> statements_;
};

// Opens (creating if need be) the database at location: a file path or sqlite:PATH;
// postgres:// and postgresql:// are refused. WAL, synchronous=NORMAL, foreign keys on; a
// writer waits up to busy_timeout_ms for another's lock. Errors name the path.
Status OpenConnection(const std::string& location, int busy_timeout_ms, std::unique_ptr<Connection>* out);

// Opens a store on a connection of its own: StoreT is made from the connection, then its
// Init() (schema, upgrades) runs; an error from Init names the path.
template <typename StoreT, typename Interface>
Status OpenStore(const std::string& location, int busy_timeout_ms, std::unique_ptr<Interface>* out) {
  std::unique_ptr<Connection> connection;
  if (Status st = OpenConnection(location, busy_timeout_ms, &connection); !st.ok()) return st;
  std::string path = connection->path();
  auto store = std::make_unique<StoreT>(std::move(connection));
  if (Status st = store->Init(); !st.ok()) return Status::StoreError(path + ": " + st.message());
  *out = std::move(store);
  return Status::Ok();
}

}  // namespace safer::sqlite
