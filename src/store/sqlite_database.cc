// The SQLite plumbing the access, meeting and action stores share (sqlite_database.h).
#include "store/sqlite_database.h"

#include <fmt/format.h>

namespace safer::sqlite {

Status Use::Step(bool* row) {
  int rc = sqlite3_step(stmt_);
  if (row) *row = rc == SQLITE_ROW;
  if (rc == SQLITE_ROW || rc == SQLITE_DONE) return Status::Ok();
  return Status::StoreError(fmt::format("database error: {}", sqlite3_errmsg(sqlite3_db_handle(stmt_))));
}

Status Use::ForEachRow(const std::function<Status()>& each) {
  for (bool row = true;;) {
    if (Status st = Step(&row); !st.ok() || !row) return st;
    if (Status st = each(); !st.ok()) return st;
  }
}

Status Use::DateAt(int col, std::optional<Date>* out) const {
  out->reset();
  if (IsNull(col)) return Status::Ok();
  *out = Date::ParseIso(Text(col));
  if (!*out) return Status::StoreError(fmt::format("the database holds an unreadable date \"{}\"", Text(col)));
  return Status::Ok();
}

Status Exec(sqlite3* db, const char* sql) {
  char* err = nullptr;
  if (sqlite3_exec(db, sql, nullptr, nullptr, &err) != SQLITE_OK) {
    std::string message = err ? err : sqlite3_errmsg(db);
    sqlite3_free(err);
    return Status::StoreError("database error: " + message);
  }
  return Status::Ok();
}

Status Transaction::Begin() {
  if (Status st = Exec(db_, "BEGIN IMMEDIATE"); !st.ok()) return st;
  open_ = true;
  return Status::Ok();
}

Status Transaction::Commit() {
  if (Status st = Exec(db_, "COMMIT"); !st.ok()) return st;
  open_ = false;
  return Status::Ok();
}

Connection::~Connection() {
  statements_.clear();  // finalised before the connection closes
  sqlite3_close_v2(db_);
}

Status Connection::Prepared(const std::string& sql, Statement** out) {
  auto it = statements_.find(sql);
  if (it == statements_.end()) {
    sqlite3_stmt* stmt = nullptr;
    if (sqlite3_prepare_v3(db_, sql.data(), static_cast<int>(sql.size()), SQLITE_PREPARE_PERSISTENT, &stmt,
                           nullptr) != SQLITE_OK)
      return Status::StoreError(fmt::format("cannot prepare a query: {}", sqlite3_errmsg(db_)));
    it = statements_.emplace(sql, std::make_unique<Statement>(stmt)).first;
  }
  *out = it->second.get();
  return Status::Ok();
}

Status OpenConnection(const std::string& location, int busy_timeout_ms, std::unique_ptr<Connection>* out) {
  if (location.empty()) return Status::InvalidInput("no database given");
  if (location.starts_with("postgres://") || location.starts_with("postgresql://"))
    return Status::InvalidInput("PostgreSQL is not supported yet: give a file path for SQLite");
  std::string path = location.starts_with("sqlite:") ? location.substr(7) : location;
  sqlite3* db = nullptr;
  int rc = sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
                           nullptr);
  if (rc != SQLITE_OK) {
    std::string message = db ? sqlite3_errmsg(db) : "out of memory";
    sqlite3_close_v2(db);
    return Status::StoreError(fmt::format("cannot open the database {}: {}", path, message));
  }
  sqlite3_busy_timeout(db, busy_timeout_ms);
  auto connection = std::make_unique<Connection>(db, path);
  if (Status st = Exec(db, "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;"); !st.ok())
    return Status::StoreError(fmt::format("{}: {}", path, st.message()));
  *out = std::move(connection);
  return Status::Ok();
}

}  // namespace safer::sqlite
