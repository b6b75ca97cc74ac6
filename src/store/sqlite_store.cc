#include "store/sqlite_store.h"

#include <sqlite3.h>

#include <algorithm>
#include <ctime>
#include <map>
#include <unordered_map>

#include <fmt/format.h>

#include "store/sqlite_database.h"

namespace safer {
namespace {

using sqlite::Exec;

constexpr int kSchemaVersion = 1;

// Months are stored as "YYYY-MM" text: readable in SQL and ordered as text.
constexpr const char* kSchema = R"sql(
CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS import (
  id INTEGER PRIMARY KEY, kind TEXT NOT NULL, sources TEXT NOT NULL,
  started_at TEXT NOT NULL, finished_at TEXT, status TEXT NOT NULL,
  rows_read INTEGER, rows_imported INTEGER, rows_rejected INTEGER, rows_unchanged INTEGER,
  force_months_replaced INTEGER);
CREATE TABLE IF NOT EXISTS area (
  id INTEGER PRIMARY KEY, level INTEGER NOT NULL, code TEXT NOT NULL UNIQUE, name TEXT NOT NULL,
  ward_id INTEGER REFERENCES area(id), la_id INTEGER REFERENCES area(id),
  force_id INTEGER REFERENCES area(id));
CREATE INDEX IF NOT EXISTS area_by_name ON area(name COLLATE NOCASE);
CREATE TABLE IF NOT EXISTS area_population (
  area_id INTEGER NOT NULL REFERENCES area(id), year INTEGER NOT NULL,
  population REAL, households REAL, import_id INTEGER NOT NULL,
  PRIMARY KEY (area_id, year));
CREATE TABLE IF NOT EXISTS edition (
  id INTEGER PRIMARY KEY, import_id INTEGER NOT NULL REFERENCES import(id),
  force_id INTEGER NOT NULL REFERENCES area(id), month TEXT NOT NULL,
  source_file TEXT NOT NULL, content_hash TEXT NOT NULL, label TEXT NOT NULL,
  incidents INTEGER NOT NULL DEFAULT 0, current INTEGER NOT NULL,
  first_incident INTEGER, last_incident INTEGER,
  replaced_by_import INTEGER);
CREATE UNIQUE INDEX IF NOT EXISTS edition_current ON edition(force_id, month) WHERE current = 1;
-- Counts start from the editions of the months asked for, whatever the area: without this,
-- a local authority's count scans every stored count.
CREATE INDEX IF NOT EXISTS edition_by_month ON edition(month) WHERE current = 1;
CREATE TABLE IF NOT EXISTS street (id INTEGER PRIMARY KEY, description TEXT NOT NULL UNIQUE);
CREATE TABLE IF NOT EXISTS outcome (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE);
-- No index: rows arrive in edition order and are appended (the fastest insert SQLite has);
-- edition.first_incident/last_incident bound each edition's rowids for deletes and listing.
CREATE TABLE IF NOT EXISTS incident (
  id INTEGER PRIMARY KEY, edition_id INTEGER NOT NULL, line INTEGER NOT NULL,
  crime_id BLOB, category INTEGER NOT NULL, lsoa_id INTEGER,
  longitude REAL, latitude REAL, street_id INTEGER, outcome_id INTEGER, context TEXT);
CREATE TABLE IF NOT EXISTS incident_count (
  edition_id INTEGER NOT NULL, lsoa_id INTEGER NOT NULL, category INTEGER NOT NULL,
  n INTEGER NOT NULL, PRIMARY KEY (edition_id, lsoa_id, category)) WITHOUT ROWID;
-- Values partners supply for indicators (treatment completions, MARAC repeats, …).
CREATE TABLE IF NOT EXISTS indicator_value (
  indicator_id TEXT NOT NULL, area_code TEXT NOT NULL, first_month TEXT NOT NULL, last_month TEXT NOT NULL,
  value REAL, numerator REAL, denominator REAL, status INTEGER NOT NULL, survey_year INTEGER,
  note TEXT NOT NULL, import_id INTEGER NOT NULL,
  PRIMARY KEY (indicator_id, area_code, first_month, last_month)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS rejection (
  import_id INTEGER NOT NULL, source_file TEXT NOT NULL, content_hash TEXT NOT NULL,
  line INTEGER NOT NULL, reason TEXT NOT NULL, raw TEXT NOT NULL,
  PRIMARY KEY (content_hash, line));
CREATE INDEX IF NOT EXISTS rejection_by_import ON rejection(import_id, line);
)sql";

// A prepared statement, reset after each use. Binding helpers keep call sites short.
class Statement {
 public:
  Statement() = default;
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;
  ~Statement() { sqlite3_finalize(stmt_); }

  Status Prepare(sqlite3* db, std::string_view sql) {
    sqlite3_finalize(stmt_);
    stmt_ = nullptr;
    if (sqlite3_prepare_v3(db, sql.data(), static_cast<int>(sql.size()), SQLITE_PREPARE_PERSISTENT,
                           &stmt_, nullptr) != SQLITE_OK)
      return Status::StoreError(fmt::format("cannot prepare a query: {}", sqlite3_errmsg(db)));
    return Status::Ok();
  }
  Statement& Bind(int i, int64_t v) { sqlite3_bind_int64(stmt_, i, v); return *this; }
  Statement& Bind(int i, double v) { sqlite3_bind_double(stmt_, i, v); return *this; }
  Statement& Bind(int i, std::string_view v) {
    sqlite3_bind_text(stmt_, i, v.data(), static_cast<int>(v.size()), SQLITE_TRANSIENT);
    return *this;
  }
  Statement& BindNull(int i) { sqlite3_bind_null(stmt_, i); return *this; }
  Statement& BindOptional(int i, const std::optional<double>& v) {
    return v ? Bind(i, *v) : BindNull(i);
  }
  // Views must outlive Step(): used on the hot path to avoid copying.
  Statement& BindStatic(int i, std::string_view v) {
    sqlite3_bind_text(stmt_, i, v.data(), static_cast<int>(v.size()), SQLITE_STATIC);
    return *this;
  }
  Statement& BindBlob(int i, const void* p, int n) {
    sqlite3_bind_blob(stmt_, i, p, n, SQLITE_STATIC);
    return *this;
  }

  // SQLITE_ROW → true in *row; SQLITE_DONE → false; otherwise an error.
  Status Step(bool* row = nullptr) {
    int rc = sqlite3_step(stmt_);
    if (rc == SQLITE_ROW) {
      if (row) *row = true;
      return Status::Ok();
    }
    if (row) *row = false;
    Status st = rc == SQLITE_DONE ? Status::Ok() : Error();
    Reset();
    return st;
  }
  // Bindings are kept: every caller binds every parameter before the next Step().
  void Reset() { sqlite3_reset(stmt_); }
  // Calls each() once per result row; the row's columns are read inside it.
  Status ForEach(const std::function<void()>& each) {
    for (bool row = true;;) {
      if (Status st = Step(&row); !st.ok()) return st;
      if (!row) return Status::Ok();
      each();
    }
  }
  int64_t Int(int col) const { return sqlite3_column_int64(stmt_, col); }
  double Real(int col) const { return sqlite3_column_double(stmt_, col); }
  bool IsNull(int col) const { return sqlite3_column_type(stmt_, col) == SQLITE_NULL; }
  std::string Text(int col) const {
    auto p = reinterpret_cast<const char*>(sqlite3_column_text(stmt_, col));
    return p ? std::string(p, sqlite3_column_bytes(stmt_, col)) : std::string();
  }

 private:
  Status Error() const {
    sqlite3* db = sqlite3_db_handle(stmt_);
    return Status::StoreError(fmt::format("database error: {}", sqlite3_errmsg(db)));
  }
  sqlite3_stmt* stmt_ = nullptr;
};

std::string NowUtc() {
  std::time_t t = std::time(nullptr);
  std::tm tm;
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

// Dictionaries looked up by string_view without building a std::string per row.
struct TextHash {
  using is_transparent = void;
  size_t operator()(std::string_view s) const { return std::hash<std::string_view>()(s); }
};
using Dictionary = std::unordered_map<std::string, int64_t, TextHash, std::equal_to<>>;

struct CountCell {
  int64_t edition_id;
  int64_t lsoa_id;
  int category;
  bool operator==(const CountCell&) const = default;
};
struct CountCellHash {
  size_t operator()(const CountCell& c) const {
    return std::hash<int64_t>()(c.edition_id * 1000003 + c.lsoa_id * 64 + c.category);
  }
};

class SqliteStore;

class SqliteImportSession : public ImportSession {
 public:
  SqliteImportSession(SqliteStore& store, sqlite3* db) : store_(store), db_(db) {}
  ~SqliteImportSession() override;

  Status Begin(std::string_view kind, std::string_view sources);
  int64_t import_id() const override { return import_id_; }
  Status CurrentEdition(std::string_view force, Month month, std::optional<Edition>* out) override;
  Status StartEdition(Edition* edition) override;
  Status AddIncident(int64_t edition_id, const Incident& incident, int64_t line) override;
  Status AddRejection(const Rejection& rejection) override;
  Status AddAreaLinks(const std::vector<AreaLink>& links) override;
  Status AddPopulations(const std::vector<AreaPopulation>& populations) override;
  Status AddIndicatorValues(const std::vector<IndicatorValue>& values) override;
  Status Commit(const ImportSummary& totals) override;

 private:
  Status AreaId(const Area& area, std::optional<int64_t> la_id, int64_t* id);
  Status UpsertArea(const Area& area, std::optional<int64_t> ward_id, std::optional<int64_t> la_id,
                    std::optional<int64_t> force_id, int64_t* id);
  Status LsoaId(std::string_view code, std::string_view name, int64_t* id);
  Status DictionaryId(Dictionary& cache, Statement& insert,
                      std::string_view value, int64_t* id);

  SqliteStore& store_;
  sqlite3* db_;
  bool open_ = false;
  int64_t import_id_ = 0;
  // Incidents are written kRowsPerInsert to a statement: one VDBE program run per 64 rows
  // instead of per row.
  static constexpr int kRowsPerInsert = 64;
  struct PendingIncident {
    int64_t edition_id, line;
    std::optional<CrimeId> crime_id;
    int64_t category, lsoa_id;
    std::optional<GeoPoint> location;
    int64_t street_id, outcome_id;
    std::string context;
  };
  Status FlushIncidents();
  Status InsertPending(Statement& insert, size_t first, size_t n);
  std::vector<PendingIncident> pending_;

  Statement insert_incident_, insert_incidents_, insert_rejection_, find_area_, insert_area_, insert_street_,
      insert_outcome_;
  Dictionary lsoa_ids_, force_ids_, street_ids_, outcome_ids_;
  bool dictionaries_loaded_ = false;
  std::unordered_map<CountCell, int64_t, CountCellHash> counts_;
  // Rows added per edition in this import, and the rowids they span.
  struct EditionRows {
    int64_t n = 0, first = 0, last = 0;
  };
  std::unordered_map<int64_t, EditionRows> edition_rows_;
};

class SqliteStore : public Store {
 public:
  explicit SqliteStore(sqlite3* db) : db_(db) {}
  ~SqliteStore() override { sqlite3_close_v2(db_); }

  Status Init() {
    if (Status st = Exec(db_, "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"
                              "PRAGMA cache_size=-262144; PRAGMA temp_store=MEMORY;");
        !st.ok())
      return st;
    if (Status st = Exec(db_, kSchema); !st.ok()) return st;
    Statement version;
    if (Status st = version.Prepare(db_, "SELECT version FROM schema_version"); !st.ok()) return st;
    bool row = false;
    if (Status st = version.Step(&row); !st.ok()) return st;
    if (!row) {
      version.Reset();
      return Exec(db_, fmt::format("INSERT INTO schema_version VALUES ({})", kSchemaVersion).c_str());
    }
    int64_t found = version.Int(0);
    version.Reset();
    if (found != kSchemaVersion)
      return Status::StoreError(fmt::format(
          "the database has schema version {}, this safer expects {}", found, kSchemaVersion));
    return Status::Ok();
  }

  Status BeginImport(std::string_view kind, std::string_view sources,
                     std::unique_ptr<ImportSession>* session) override {
    auto s = std::make_unique<SqliteImportSession>(*this, db_);
    if (Status st = s->Begin(kind, sources); !st.ok()) return st;
    *session = std::move(s);
    return Status::Ok();
  }

  Status FindAreas(std::string_view name_or_code, std::vector<Area>* out) override {
    Statement q;
    if (Status st = q.Prepare(db_,
            "SELECT level, code, name FROM area WHERE code = ?1 COLLATE NOCASE "
            "OR name = ?1 COLLATE NOCASE ORDER BY level, code");
        !st.ok())
      return st;
    q.Bind(1, name_or_code);
    return q.ForEach([&] {
      out->push_back({static_cast<AreaLevel>(q.Int(0)), q.Text(1), q.Text(2)});
    });
  }

  Status ListAreas(AreaLevel level, std::vector<Area>* out) override {
    Statement q;
    if (Status st = q.Prepare(db_, "SELECT code, name FROM area WHERE level = ? ORDER BY name"); !st.ok())
      return st;
    q.Bind(1, static_cast<int64_t>(level));
    return q.ForEach([&] {
      out->push_back({level, q.Text(0), q.Text(1)});
    });
  }

  Status ListChildAreas(const Area& parent, std::vector<Area>* out) override {
    Statement q;
    const char* link = parent.level == AreaLevel::kForce ? "force_id" : parent.level == AreaLevel::kLocalAuthority ? "la_id" : "ward_id";
    int64_t child_level = static_cast<int64_t>(parent.level) + 1;
    if (Status st = q.Prepare(db_, fmt::format("SELECT c.level, c.code, c.name FROM area c JOIN area p ON p.id = c.{} "
                                               "WHERE p.code = ? AND c.level = ? ORDER BY c.name", link));
        !st.ok())
      return st;
    q.Bind(1, parent.code).Bind(2, child_level);
    return q.ForEach([&] { out->push_back({static_cast<AreaLevel>(q.Int(0)), q.Text(1), q.Text(2)}); });
  }

  Status ForceOf(const Area& area, std::optional<Area>* out) override {
    out->reset();
    Statement q;
    // An LSOA or ward reaches its force through its local authority.
    if (Status st = q.Prepare(db_,
            "SELECT f.code, f.name FROM area a LEFT JOIN area la ON la.id = CASE WHEN a.level = 2 THEN a.id ELSE a.la_id END "
            "JOIN area f ON f.id = la.force_id WHERE a.code = ?");
        !st.ok())
      return st;
    q.Bind(1, area.code);
    return q.ForEach([&] { *out = Area{AreaLevel::kForce, q.Text(0), q.Text(1)}; });
  }

  Status Count(const CountPlan& plan, CountTable* out) override;
  Status ListIncidents(const CountPlan& plan, int64_t limit,
                       const std::function<void(const StoredIncident&)>& each) override;

  Status FindIndicatorValue(std::string_view indicator_id, std::string_view area_code, const MonthRange& period,
                            std::optional<IndicatorValue>* out) override {
    out->reset();
    Statement q;
    if (Status st = q.Prepare(db_,
            "SELECT value, numerator, denominator, status, survey_year, note FROM indicator_value "
            "WHERE indicator_id = ? AND area_code = ? AND first_month = ? AND last_month = ?");
        !st.ok())
      return st;
    q.Bind(1, indicator_id).Bind(2, area_code).Bind(3, period.first.ToString()).Bind(4, period.last.ToString());
    auto optional_real = [&](int col) { return q.IsNull(col) ? std::nullopt : std::optional<double>(q.Real(col)); };
    return q.ForEach([&] {
      IndicatorValue v;
      v.indicator_id = std::string(indicator_id);
      v.area_code = std::string(area_code);
      v.period = period;
      v.value = optional_real(0);
      v.numerator = optional_real(1);
      v.denominator = optional_real(2);
      v.status = static_cast<ValueStatus>(q.Int(3));
      if (!q.IsNull(4)) v.survey_year = static_cast<int>(q.Int(4));
      v.note = q.Text(5);
      *out = std::move(v);
    });
  }

  Status FindPopulation(std::string_view area_code, int year, std::optional<AreaPopulation>* out) override {
    out->reset();
    Statement q;
    if (Status st = q.Prepare(db_,
            "SELECT p.population, p.households FROM area_population p JOIN area a ON a.id = p.area_id "
            "WHERE a.code = ? AND p.year = ?");
        !st.ok())
      return st;
    q.Bind(1, area_code).Bind(2, static_cast<int64_t>(year));
    return q.ForEach([&] {
      AreaPopulation p;
      p.area_code = std::string(area_code);
      p.year = year;
      if (!q.IsNull(0)) p.population = q.Real(0);
      if (!q.IsNull(1)) p.households = q.Real(1);
      *out = std::move(p);
    });
  }

  Status ListImports(std::vector<ImportSummary>* out) override {
    Statement q;
    if (Status st = q.Prepare(db_,
            "SELECT id, kind, started_at, COALESCE(finished_at, ''), status, sources, "
            "COALESCE(rows_read,0), COALESCE(rows_imported,0), COALESCE(rows_rejected,0), "
            "COALESCE(rows_unchanged,0), COALESCE(force_months_replaced,0) FROM import ORDER BY id");
        !st.ok())
      return st;
    return q.ForEach([&] {
      ImportSummary s;
      s.id = q.Int(0);
      s.kind = q.Text(1);
      s.started_at = q.Text(2);
      s.finished_at = q.Text(3);
      s.status = q.Text(4);
      s.sources = q.Text(5);
      s.read = q.Int(6);
      s.imported = q.Int(7);
      s.rejected = q.Int(8);
      s.unchanged = q.Int(9);
      s.replaced_force_months = q.Int(10);
      out->push_back(std::move(s));
    });
  }

  Status ListRejections(std::optional<int64_t> import_id,
                        const std::function<void(const Rejection&)>& each) override {
    Statement q;
    if (Status st = q.Prepare(db_,
            "SELECT import_id, source_file, content_hash, line, reason, raw FROM rejection "
            "WHERE ?1 IS NULL OR import_id = ?1 ORDER BY import_id, source_file, line");
        !st.ok())
      return st;
    if (import_id) q.Bind(1, *import_id);
    return q.ForEach([&] {
      Rejection r;
      r.import_id = q.Int(0);
      r.source_file = q.Text(1);
      r.content_hash = q.Text(2);
      r.line = q.Int(3);
      r.reason = q.Text(4);
      r.raw = q.Text(5);
      each(r);
    });
  }

  // Asked on every request the server caches answers for: prepared once.
  Status DataVersion(int64_t* out) override {
    if (!data_version_prepared_) {
      if (Status st = data_version_.Prepare(db_, "SELECT coalesce(max(id), 0) FROM import"); !st.ok()) return st;
      data_version_prepared_ = true;
    }
    *out = 0;
    return data_version_.ForEach([&] { *out = data_version_.Int(0); });
  }

  Status ListEditions(std::vector<Edition>* out) override {
    Statement q;
    if (Status st = q.Prepare(db_,
            "SELECT e.id, e.import_id, f.name, e.month, e.source_file, e.content_hash, e.label, "
            "e.incidents FROM edition e JOIN area f ON f.id = e.force_id WHERE e.current = 1 "
            "ORDER BY f.name, e.month");
        !st.ok())
      return st;
    return q.ForEach([&] {
      Edition e;
      e.id = q.Int(0);
      e.import_id = q.Int(1);
      e.force = q.Text(2);
      e.month = Month::Parse(q.Text(3)).value_or(Month());
      e.source_file = q.Text(4);
      e.content_hash = q.Text(5);
      e.label = q.Text(6);
      e.incidents = q.Int(7);
      out->push_back(std::move(e));
    });
  }

  // Only one import at a time: SQLite has one writer, and the session holds it.
  bool importing = false;

 private:
  sqlite3* db_;
  // sqlite3_close_v2 above lets the connection close once this is finalized after it.
  Statement data_version_;
  bool data_version_prepared_ = false;
};

// ---- Import session ----

SqliteImportSession::~SqliteImportSession() {
  if (open_) Exec(db_, "ROLLBACK");
  store_.importing = false;
}

Status SqliteImportSession::Begin(std::string_view kind, std::string_view sources) {
  if (store_.importing) return Status::StoreError("another import is in progress");
  // IMMEDIATE takes the write lock now, so a second writer fails at once, not half-way.
  if (Status st = Exec(db_, "BEGIN IMMEDIATE"); !st.ok()) {
    return Status::StoreError("the database is busy with another import; try again when it ends");
  }
  open_ = true;
  store_.importing = true;
  Statement insert;
  if (Status st = insert.Prepare(db_,
          "INSERT INTO import (kind, sources, started_at, status) VALUES (?, ?, ?, 'running')");
      !st.ok())
    return st;
  insert.Bind(1, kind).Bind(2, sources).Bind(3, NowUtc());
  if (Status st = insert.Step(); !st.ok()) return st;
  import_id_ = sqlite3_last_insert_rowid(db_);

  for (auto [stmt, sql] : {
           std::pair{&insert_incident_,
                     "INSERT INTO incident (edition_id, line, crime_id, category, lsoa_id, longitude, "
                     "latitude, street_id, outcome_id, context) VALUES (?,?,?,?,?,?,?,?,?,?)"},
           std::pair{&insert_rejection_,
                     "INSERT OR IGNORE INTO rejection (import_id, source_file, content_hash, line, "
                     "reason, raw) VALUES (?,?,?,?,?,?)"},
           std::pair{&find_area_, "SELECT id FROM area WHERE code = ?"},
           std::pair{&insert_area_,
                     "INSERT INTO area (level, code, name, ward_id, la_id, force_id) VALUES (?,?,?,?,?,?)"},
           std::pair{&insert_street_, "INSERT INTO street (description) VALUES (?)"},
           std::pair{&insert_outcome_, "INSERT INTO outcome (name) VALUES (?)"},
       }) {
    if (Status st = stmt->Prepare(db_, sql); !st.ok()) return st;
  }
  std::string many = "INSERT INTO incident (edition_id, line, crime_id, category, lsoa_id, longitude, latitude, "
                     "street_id, outcome_id, context) VALUES (?,?,?,?,?,?,?,?,?,?)";
  for (int i = 1; i < kRowsPerInsert; ++i) many += ",(?,?,?,?,?,?,?,?,?,?)";
  pending_.reserve(kRowsPerInsert);
  return insert_incidents_.Prepare(db_, many);
}

Status SqliteImportSession::CurrentEdition(std::string_view force, Month month,
                                           std::optional<Edition>* out) {
  out->reset();
  Statement q;
  if (Status st = q.Prepare(db_,
          "SELECT e.id, e.import_id, e.source_file, e.content_hash, e.label, e.incidents "
          "FROM edition e JOIN area f ON f.id = e.force_id "
          "WHERE f.code = ? AND e.month = ? AND e.current = 1");
      !st.ok())
    return st;
  q.Bind(1, SyntheticAreaCode(AreaLevel::kForce, force)).Bind(2, month.ToString());
  bool row = false;
  if (Status st = q.Step(&row); !st.ok()) return st;
  if (row) {
    Edition e;
    e.id = q.Int(0);
    e.import_id = q.Int(1);
    e.force = std::string(force);
    e.month = month;
    e.source_file = q.Text(2);
    e.content_hash = q.Text(3);
    e.label = q.Text(4);
    e.incidents = q.Int(5);
    *out = std::move(e);
    q.Reset();
  }
  return Status::Ok();
}

Status SqliteImportSession::StartEdition(Edition* edition) {
  int64_t force_id = 0;
  if (auto it = force_ids_.find(edition->force); it != force_ids_.end()) {
    force_id = it->second;
  } else {
    Area force{AreaLevel::kForce, SyntheticAreaCode(AreaLevel::kForce, edition->force), edition->force};
    if (Status st = AreaId(force, std::nullopt, &force_id); !st.ok()) return st;
    force_ids_.emplace(edition->force, force_id);
  }
  std::optional<Edition> current;
  if (Status st = CurrentEdition(edition->force, edition->month, &current); !st.ok()) return st;
  if (current) {
    if (Status st = FlushIncidents(); !st.ok()) return st;
    // The rowids the old edition spans: in memory if it was started in this import.
    EditionRows span;
    if (auto it = edition_rows_.find(current->id); it != edition_rows_.end()) {
      span = it->second;
    } else {
      Statement q;
      if (Status st = q.Prepare(db_, "SELECT COALESCE(first_incident, 0), COALESCE(last_incident, -1) "
                                     "FROM edition WHERE id = ?");
          !st.ok())
        return st;
      q.Bind(1, current->id);
      if (Status st = q.ForEach([&] { span = {0, q.Int(0), q.Int(1)}; }); !st.ok()) return st;
    }
    Statement del_incidents, del_counts, retire;
    if (Status st = del_incidents.Prepare(db_, "DELETE FROM incident WHERE id BETWEEN ? AND ? AND edition_id = ?");
        !st.ok())
      return st;
    if (Status st = del_counts.Prepare(db_, "DELETE FROM incident_count WHERE edition_id = ?"); !st.ok()) return st;
    if (Status st = retire.Prepare(db_, "UPDATE edition SET current = 0, replaced_by_import = ? WHERE id = ?");
        !st.ok())
      return st;
    if (Status st = del_incidents.Bind(1, span.first).Bind(2, span.last).Bind(3, current->id).Step(); !st.ok())
      return st;
    if (Status st = del_counts.Bind(1, current->id).Step(); !st.ok()) return st;
    if (Status st = retire.Bind(1, import_id_).Bind(2, current->id).Step(); !st.ok()) return st;
    // An edition started earlier in this same import has its counts only in memory.
    std::erase_if(counts_, [&](const auto& kv) { return kv.first.edition_id == current->id; });
    edition_rows_.erase(current->id);
  }
  Statement insert;
  if (Status st = insert.Prepare(db_,
          "INSERT INTO edition (import_id, force_id, month, source_file, content_hash, label, current) "
          "VALUES (?,?,?,?,?,?,1)");
      !st.ok())
    return st;
  insert.Bind(1, import_id_).Bind(2, force_id).Bind(3, edition->month.ToString())
      .Bind(4, edition->source_file).Bind(5, edition->content_hash).Bind(6, edition->label);
  if (Status st = insert.Step(); !st.ok()) return st;
  edition->id = sqlite3_last_insert_rowid(db_);
  edition->import_id = import_id_;
  return Status::Ok();
}

Status SqliteImportSession::DictionaryId(Dictionary& cache,
                                         Statement& insert, std::string_view value, int64_t* id) {
  if (auto it = cache.find(value); it != cache.end()) {
    *id = it->second;
    return Status::Ok();
  }
  insert.Bind(1, value);
  if (Status st = insert.Step(); !st.ok()) return st;
  *id = sqlite3_last_insert_rowid(db_);
  cache.emplace(std::string(value), *id);
  return Status::Ok();
}

Status SqliteImportSession::AreaId(const Area& area, std::optional<int64_t> la_id, int64_t* id) {
  bool row = false;
  find_area_.Bind(1, area.code);
  if (Status st = find_area_.Step(&row); !st.ok()) return st;
  if (row) {
    *id = find_area_.Int(0);
    find_area_.Reset();
    return Status::Ok();
  }
  insert_area_.Bind(1, static_cast<int64_t>(area.level)).Bind(2, area.code).Bind(3, area.name).BindNull(4);
  if (la_id) insert_area_.Bind(5, *la_id); else insert_area_.BindNull(5);
  insert_area_.BindNull(6);
  if (Status st = insert_area_.Step(); !st.ok()) return st;
  *id = sqlite3_last_insert_rowid(db_);
  return Status::Ok();
}

Status SqliteImportSession::LsoaId(std::string_view code, std::string_view name, int64_t* id) {
  if (auto it = lsoa_ids_.find(code); it != lsoa_ids_.end()) {
    *id = it->second;
    return Status::Ok();
  }
  bool row = false;
  find_area_.Bind(1, code);
  if (Status st = find_area_.Step(&row); !st.ok()) return st;
  if (row) {
    *id = find_area_.Int(0);
    find_area_.Reset();
  } else {
    // Not in any imported lookup: place it in the local authority its name gives, an
    // official one when a lookup already holds an authority of that name.
    std::optional<int64_t> la_id;
    if (auto la_name = LocalAuthorityFromLsoaName(name)) {
      Statement by_name;
      if (Status st = by_name.Prepare(db_,
              "SELECT id FROM area WHERE level = 2 AND name = ? ORDER BY instr(code, ':') LIMIT 1");
          !st.ok())
        return st;
      by_name.Bind(1, *la_name);
      if (Status st = by_name.Step(&row); !st.ok()) return st;
      if (row) {
        la_id = by_name.Int(0);
        by_name.Reset();
      } else {
        int64_t new_la = 0;
        Area la{AreaLevel::kLocalAuthority, SyntheticAreaCode(AreaLevel::kLocalAuthority, *la_name), *la_name};
        if (Status st = AreaId(la, std::nullopt, &new_la); !st.ok()) return st;
        la_id = new_la;
      }
    }
    Area lsoa{AreaLevel::kLsoa, std::string(code), std::string(name)};
    if (Status st = AreaId(lsoa, la_id, id); !st.ok()) return st;
  }
  lsoa_ids_.emplace(std::string(code), *id);
  return Status::Ok();
}

Status SqliteImportSession::AddIncident(int64_t edition_id, const Incident& incident, int64_t line) {
  if (!dictionaries_loaded_) {
    // Load the street and outcome dictionaries once, so the hot path never queries them.
    for (auto [cache, sql] : {std::pair{&street_ids_, "SELECT id, description FROM street"},
                              std::pair{&outcome_ids_, "SELECT id, name FROM outcome"}}) {
      Statement q;
      if (Status st = q.Prepare(db_, sql); !st.ok()) return st;
      if (Status st = q.ForEach([&] { cache->emplace(q.Text(1), q.Int(0)); }); !st.ok()) return st;
    }
    dictionaries_loaded_ = true;
  }
  int64_t lsoa_id = 0;
  if (!incident.lsoa_code.empty()) {
    if (Status st = LsoaId(incident.lsoa_code, incident.lsoa_name, &lsoa_id); !st.ok()) return st;
  }
  int64_t street_id = 0, outcome_id = 0;
  if (!incident.location_description.empty()) {
    if (Status st = DictionaryId(street_ids_, insert_street_, incident.location_description, &street_id);
        !st.ok())
      return st;
  }
  if (!incident.last_outcome.empty()) {
    if (Status st = DictionaryId(outcome_ids_, insert_outcome_, incident.last_outcome, &outcome_id);
        !st.ok())
      return st;
  }

  ++counts_[CountCell{edition_id, lsoa_id, static_cast<int>(incident.category)}];
  pending_.push_back({edition_id, line, incident.crime_id, static_cast<int64_t>(incident.category), lsoa_id,
                      incident.location, street_id, outcome_id, std::string(incident.context)});
  if (pending_.size() == kRowsPerInsert) return FlushIncidents();
  return Status::Ok();
}

Status SqliteImportSession::InsertPending(Statement& s, size_t first, size_t n) {
  for (size_t k = 0; k < n; ++k) {
    const PendingIncident& p = pending_[first + k];
    int b = static_cast<int>(k) * 10;
    s.Bind(b + 1, p.edition_id).Bind(b + 2, p.line);
    if (p.crime_id) s.BindBlob(b + 3, p.crime_id->data(), 32); else s.BindNull(b + 3);
    s.Bind(b + 4, p.category);
    if (p.lsoa_id) s.Bind(b + 5, p.lsoa_id); else s.BindNull(b + 5);
    if (p.location) s.Bind(b + 6, p.location->longitude).Bind(b + 7, p.location->latitude);
    else s.BindNull(b + 6).BindNull(b + 7);
    if (p.street_id) s.Bind(b + 8, p.street_id); else s.BindNull(b + 8);
    if (p.outcome_id) s.Bind(b + 9, p.outcome_id); else s.BindNull(b + 9);
    if (!p.context.empty()) s.BindStatic(b + 10, p.context); else s.BindNull(b + 10);
  }
  if (Status st = s.Step(); !st.ok()) return st;
  // Rows appended by one statement take consecutive rowids ending at the last one.
  int64_t last = sqlite3_last_insert_rowid(db_);
  for (size_t k = 0; k < n; ++k) {
    int64_t rowid = last - static_cast<int64_t>(n - 1 - k);
    EditionRows& rows = edition_rows_[pending_[first + k].edition_id];
    if (rows.n++ == 0) rows.first = rowid;
    rows.last = rowid;
  }
  return Status::Ok();
}

Status SqliteImportSession::FlushIncidents() {
  Status st = pending_.size() == kRowsPerInsert ? InsertPending(insert_incidents_, 0, kRowsPerInsert) : Status::Ok();
  for (size_t i = 0; st.ok() && pending_.size() != kRowsPerInsert && i < pending_.size(); ++i)
    st = InsertPending(insert_incident_, i, 1);
  pending_.clear();
  return st;
}

Status SqliteImportSession::AddRejection(const Rejection& r) {
  insert_rejection_.Bind(1, import_id_).Bind(2, r.source_file).Bind(3, r.content_hash)
      .Bind(4, r.line).Bind(5, r.reason).Bind(6, r.raw);
  return insert_rejection_.Step();
}

Status SqliteImportSession::UpsertArea(const Area& area, std::optional<int64_t> ward_id,
                                       std::optional<int64_t> la_id, std::optional<int64_t> force_id,
                                       int64_t* id) {
  // An authority or ward first known only by name (derived from LSOA names) takes its
  // official code here, keeping its id so the incidents already placed in it stay there.
  Statement adopt;
  if (Status st = adopt.Prepare(db_, "UPDATE area SET code = ?1 WHERE code = ?2 "
                                     "AND NOT EXISTS (SELECT 1 FROM area WHERE code = ?1)");
      !st.ok())
    return st;
  adopt.Bind(1, area.code).Bind(2, SyntheticAreaCode(area.level, area.name));
  if (Status st = adopt.Step(); !st.ok()) return st;
  // Supplied values refer to the area by code, not id: they follow it to its new code.
  if (sqlite3_changes(db_) > 0) {
    Statement follow;
    if (Status st = follow.Prepare(db_, "UPDATE indicator_value SET area_code = ?1 WHERE area_code = ?2"); !st.ok())
      return st;
    follow.Bind(1, area.code).Bind(2, SyntheticAreaCode(area.level, area.name));
    if (Status st = follow.Step(); !st.ok()) return st;
  }

  Statement upsert;
  if (Status st = upsert.Prepare(db_,
          "INSERT INTO area (level, code, name, ward_id, la_id, force_id) VALUES (?1,?2,?3,?4,?5,?6) "
          "ON CONFLICT(code) DO UPDATE SET level = ?1, name = ?3, "
          "ward_id = COALESCE(?4, ward_id), la_id = COALESCE(?5, la_id), force_id = COALESCE(?6, force_id) "
          "RETURNING id");
      !st.ok())
    return st;
  upsert.Bind(1, static_cast<int64_t>(area.level)).Bind(2, area.code).Bind(3, area.name);
  auto bind_id = [&](int i, std::optional<int64_t> v) { if (v) upsert.Bind(i, *v); else upsert.BindNull(i); };
  bind_id(4, ward_id);
  bind_id(5, la_id);
  bind_id(6, force_id);
  bool row = false;
  if (Status st = upsert.Step(&row); !st.ok()) return st;
  *id = upsert.Int(0);
  upsert.Reset();
  return Status::Ok();
}

Status SqliteImportSession::AddAreaLinks(const std::vector<AreaLink>& links) {
  std::map<std::string, int64_t> done;  // code → id, so shared parents are written once
  auto upsert_once = [&](const Area& a, std::optional<int64_t> ward, std::optional<int64_t> la,
                         std::optional<int64_t> force, int64_t* id) -> Status {
    if (auto it = done.find(a.code); it != done.end() && a.level != AreaLevel::kLsoa) {
      *id = it->second;
      return Status::Ok();
    }
    if (Status st = UpsertArea(a, ward, la, force, id); !st.ok()) return st;
    done[a.code] = *id;
    return Status::Ok();
  };
  for (const auto& link : links) {
    std::optional<int64_t> force_id, ward_id;
    int64_t id = 0, la_id = 0;
    if (link.force) {
      if (Status st = upsert_once(*link.force, std::nullopt, std::nullopt, std::nullopt, &id); !st.ok()) return st;
      force_id = id;
    }
    if (Status st = upsert_once(link.local_authority, std::nullopt, std::nullopt, force_id, &la_id); !st.ok())
      return st;
    if (link.ward) {
      if (Status st = upsert_once(*link.ward, std::nullopt, la_id, std::nullopt, &id); !st.ok()) return st;
      ward_id = id;
    }
    if (Status st = upsert_once(link.lsoa, ward_id, la_id, std::nullopt, &id); !st.ok()) return st;
  }
  return Status::Ok();
}

Status SqliteImportSession::AddPopulations(const std::vector<AreaPopulation>& populations) {
  Statement upsert;
  if (Status st = upsert.Prepare(db_,
          "INSERT INTO area_population (area_id, year, population, households, import_id) "
          "SELECT id, ?2, ?3, ?4, ?5 FROM area WHERE code = ?1 "
          "ON CONFLICT(area_id, year) DO UPDATE SET population = ?3, households = ?4, import_id = ?5");
      !st.ok())
    return st;
  for (const auto& p : populations) {
    upsert.Bind(1, p.area_code).Bind(2, static_cast<int64_t>(p.year)).BindOptional(3, p.population)
        .BindOptional(4, p.households).Bind(5, import_id_);
    if (Status st = upsert.Step(); !st.ok()) return st;
  }
  return Status::Ok();
}

Status SqliteImportSession::AddIndicatorValues(const std::vector<IndicatorValue>& values) {
  Statement upsert;
  if (Status st = upsert.Prepare(db_,
          "INSERT OR REPLACE INTO indicator_value (indicator_id, area_code, first_month, last_month, value, "
          "numerator, denominator, status, survey_year, note, import_id) VALUES (?,?,?,?,?,?,?,?,?,?,?)");
      !st.ok())
    return st;
  for (const auto& v : values) {
    upsert.Bind(1, v.indicator_id).Bind(2, v.area_code).Bind(3, v.period.first.ToString())
        .Bind(4, v.period.last.ToString()).BindOptional(5, v.value).BindOptional(6, v.numerator)
        .BindOptional(7, v.denominator).Bind(8, static_cast<int64_t>(v.status));
    if (v.survey_year) upsert.Bind(9, static_cast<int64_t>(*v.survey_year)); else upsert.BindNull(9);
    upsert.Bind(10, v.note).Bind(11, import_id_);
    if (Status st = upsert.Step(); !st.ok()) return st;
  }
  return Status::Ok();
}

Status SqliteImportSession::Commit(const ImportSummary& totals) {
  if (Status st = FlushIncidents(); !st.ok()) return st;
  Statement cell, edition, finish;
  if (Status st = cell.Prepare(db_,
          "INSERT INTO incident_count (edition_id, lsoa_id, category, n) VALUES (?,?,?,?) "
          "ON CONFLICT DO UPDATE SET n = n + excluded.n");
      !st.ok())
    return st;
  for (const auto& [key, n] : counts_) {
    cell.Bind(1, key.edition_id).Bind(2, key.lsoa_id).Bind(3, static_cast<int64_t>(key.category)).Bind(4, n);
    if (Status st = cell.Step(); !st.ok()) return st;
  }
  if (Status st = edition.Prepare(db_, "UPDATE edition SET incidents = ?, first_incident = ?, last_incident = ? "
                                       "WHERE id = ?");
      !st.ok())
    return st;
  for (const auto& [id, rows] : edition_rows_) {
    if (Status st = edition.Bind(1, rows.n).Bind(2, rows.first).Bind(3, rows.last).Bind(4, id).Step(); !st.ok())
      return st;
  }
  if (Status st = finish.Prepare(db_,
          "UPDATE import SET finished_at = ?, status = 'committed', rows_read = ?, rows_imported = ?, "
          "rows_rejected = ?, rows_unchanged = ?, force_months_replaced = ? WHERE id = ?");
      !st.ok())
    return st;
  finish.Bind(1, NowUtc()).Bind(2, totals.read).Bind(3, totals.imported).Bind(4, totals.rejected)
      .Bind(5, totals.unchanged).Bind(6, totals.replaced_force_months).Bind(7, import_id_);
  if (Status st = finish.Step(); !st.ok()) return st;
  if (Status st = Exec(db_, "COMMIT"); !st.ok()) return st;
  open_ = false;
  return Status::Ok();
}

// ---- Counting ----

struct KeyColumns {
  const char* group;   // SQL expression grouped and ordered on
  const char* label;   // SQL expression printed
  std::vector<std::string> names;  // printed column names
};

KeyColumns ColumnsFor(CountKey key) {
  switch (key) {
    case CountKey::kArea: return {"l.la_id", "COALESCE(la.name, '(no location)')", {"area"}};
    case CountKey::kMonth: return {"e.month", "e.month", {"month"}};
    case CountKey::kCategory: return {"c.category", "c.category", {"category"}};
    case CountKey::kLsoa:
      return {"c.lsoa_id", "COALESCE(l.code, '(no location)') || char(31) || COALESCE(l.name, '')",
              {"lsoa", "lsoa_name"}};
    case CountKey::kWard:
      return {"l.ward_id",
              "CASE WHEN l.id IS NULL THEN '(no location)' ELSE COALESCE(w.name, '(ward unknown)') END",
              {"ward"}};
    case CountKey::kForce: return {"e.force_id", "f.name", {"force"}};
  }
  return {"NULL", "NULL", {}};
}

// The area whose population a row's rate uses: the finest area key asked for.
std::optional<CountKey> RateAreaKey(const std::vector<CountKey>& by) {
  for (CountKey k : {CountKey::kLsoa, CountKey::kWard, CountKey::kArea, CountKey::kForce})
    if (std::find(by.begin(), by.end(), k) != by.end()) return k;
  return std::nullopt;
}

// The WHERE condition selecting the plan's area; `rows` is the alias of the table with
// lsoa_id, joined to edition e, area l (the LSOA) and area s (the selected area).
std::string AreaFilter(AreaLevel level, const char* rows) {
  switch (level) {
    case AreaLevel::kForce: return "e.force_id = s.id";
    case AreaLevel::kLocalAuthority: return "l.la_id = s.id";
    case AreaLevel::kWard: return "l.ward_id = s.id";
    case AreaLevel::kLsoa: return fmt::format("{}.lsoa_id = s.id", rows);
  }
  return "0";
}

// Category codes are the domain's own small integers, never user text.
std::string CategoryFilter(const CountPlan& plan, const char* rows) {
  if (plan.categories.empty()) return "";
  std::string codes;
  for (CategoryId id : plan.categories) codes += fmt::format("{}{}", codes.empty() ? "" : ",", static_cast<int>(id));
  return fmt::format("AND {}.category IN ({})", rows, codes);
}

Status SqliteStore::ListIncidents(const CountPlan& plan, int64_t limit,
                                  const std::function<void(const StoredIncident&)>& each) {
  std::string sql = fmt::format(
      "SELECT e.month, f.name, lower(hex(i.crime_id)), i.category, l.code, l.name, i.longitude, i.latitude, "
      "st.description, o.name, i.context, e.source_file, i.line, e.import_id, "
      "CASE WHEN e.label = '' THEN e.content_hash ELSE e.label END "
      "FROM edition e "
      "JOIN incident i ON i.id BETWEEN e.first_incident AND e.last_incident AND i.edition_id = e.id "
      "JOIN area f ON f.id = e.force_id "
      "LEFT JOIN area l ON l.id = i.lsoa_id "
      "LEFT JOIN street st ON st.id = i.street_id "
      "LEFT JOIN outcome o ON o.id = i.outcome_id "
      "JOIN area s ON s.code = ?1 "
      "WHERE e.current = 1 AND e.month BETWEEN ?2 AND ?3 AND {} {} "
      "ORDER BY e.month, e.source_file, i.line LIMIT ?4",
      AreaFilter(plan.area.level, "i"), CategoryFilter(plan, "i"));
  Statement q;
  if (Status st = q.Prepare(db_, sql); !st.ok()) return st;
  q.Bind(1, plan.area.code).Bind(2, plan.months.first.ToString()).Bind(3, plan.months.last.ToString()).Bind(4, limit);
  return q.ForEach([&] {
    StoredIncident r;
    r.month = q.Text(0);
    r.force = q.Text(1);
    r.crime_id = q.Text(2);
    r.category = static_cast<CategoryId>(q.Int(3));
    r.lsoa_code = q.Text(4);
    r.lsoa_name = q.Text(5);
    if (!q.IsNull(6)) r.location = GeoPoint{q.Real(6), q.Real(7)};
    r.location_description = q.Text(8);
    r.last_outcome = q.Text(9);
    r.context = q.Text(10);
    r.source_file = q.Text(11);
    r.line = q.Int(12);
    r.import_id = q.Int(13);
    r.edition = q.Text(14);
    each(r);
  });
}

Status SqliteStore::Count(const CountPlan& plan, CountTable* out) {
  std::string select, group, order;
  for (CountKey k : plan.by) {
    KeyColumns c = ColumnsFor(k);
    select += fmt::format("{}, ", c.label);
    group += fmt::format("{}{}", group.empty() ? "" : ", ", c.group);
    // Categories in tree order and months in time order; places alphabetically.
    bool by_id = k == CountKey::kCategory || k == CountKey::kMonth;
    order += fmt::format("{}{}", order.empty() ? "" : ", ", by_id ? c.group : c.label);
    out->columns.insert(out->columns.end(), c.names.begin(), c.names.end());
  }
  std::optional<CountKey> rate_key = RateAreaKey(plan.by);
  std::string rate_area = "NULL";
  if (plan.rate != RateBase::kNone && rate_key) rate_area = ColumnsFor(*rate_key).group;
  std::string sql = fmt::format(
      "SELECT {} SUM(c.n), {}, s.id FROM incident_count c "
      "JOIN edition e ON e.id = c.edition_id AND e.current = 1 "
      "JOIN area f ON f.id = e.force_id "
      "LEFT JOIN area l ON l.id = c.lsoa_id "
      "LEFT JOIN area w ON w.id = l.ward_id "
      "LEFT JOIN area la ON la.id = l.la_id "
      "JOIN area s ON s.code = ?1 "
      "WHERE e.month BETWEEN ?2 AND ?3 AND {} {} "
      "{} {}",
      select, rate_area, AreaFilter(plan.area.level, "c"), CategoryFilter(plan, "c"),
      group.empty() ? "" : "GROUP BY " + group, order.empty() ? "" : "ORDER BY " + order);
  Statement q;
  if (Status st = q.Prepare(db_, sql); !st.ok()) return st;
  q.Bind(1, plan.area.code).Bind(2, plan.months.first.ToString()).Bind(3, plan.months.last.ToString());

  Statement population;
  if (plan.rate != RateBase::kNone) {
    if (Status st = population.Prepare(db_,
            plan.rate == RateBase::kPopulation
                ? "SELECT population FROM area_population WHERE area_id = ? AND year = ?"
                : "SELECT households FROM area_population WHERE area_id = ? AND year = ?");
        !st.ok())
      return st;
  }
  const int n_keys = static_cast<int>(plan.by.size());
  int missing_denominators = 0;
  for (bool row = true;;) {
    if (Status st = q.Step(&row); !st.ok()) return st;
    if (!row) break;
    if (q.IsNull(n_keys)) continue;  // SUM over no rows: no groups at all
    CountRow r;
    for (int i = 0; i < n_keys; ++i) {
      std::string v = q.Text(i);
      switch (plan.by[i]) {
        case CountKey::kCategory:
          r.keys.emplace_back(Category(static_cast<CategoryId>(q.Int(i))).name);
          break;
        case CountKey::kLsoa: {
          size_t sep = v.find('\x1f');
          r.keys.push_back(v.substr(0, sep));
          r.keys.push_back(sep == std::string::npos ? "" : v.substr(sep + 1));
          break;
        }
        default: r.keys.push_back(std::move(v));
      }
    }
    r.count = q.Int(n_keys);
    if (plan.rate != RateBase::kNone) {
      int64_t area_id = rate_key ? q.Int(n_keys + 1) : q.Int(n_keys + 2);
      bool has_area = rate_key ? !q.IsNull(n_keys + 1) : true;
      if (has_area) {
        bool found = false;
        population.Bind(1, area_id).Bind(2, static_cast<int64_t>(plan.population_year));
        if (Status st = population.Step(&found); !st.ok()) return st;
        if (found && !population.IsNull(0) && population.Real(0) > 0) {
          r.denominator = population.Real(0);
          r.rate_per_1000 = 1000.0 * static_cast<double>(r.count) / *r.denominator;
        }
        if (found) population.Reset();
      }
      if (!r.rate_per_1000) ++missing_denominators;
    }
    out->total += r.count;
    out->rows.push_back(std::move(r));
  }
  if (missing_denominators > 0) {
    out->notes.push_back(fmt::format(
        "rate unavailable for {} of {} rows: no {} for mid-{} imported for those areas "
        "(safer import areas FILE with columns area_code,year,population,households)",
        missing_denominators, out->rows.size(),
        plan.rate == RateBase::kPopulation ? "population" : "household count", plan.population_year));
  }
  return Status::Ok();
}

}  // namespace

Status OpenSqliteStore(const std::string& path, std::unique_ptr<Store>* out) {
  // Memory statistics take a global mutex on every allocation; Safer never reads them.
  static const int configured = sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
  (void)configured;
  sqlite3* db = nullptr;
  // NOMUTEX: a Store is used by one thread at a time (store.h), so SQLite's own locking is waste.
  int rc = sqlite3_open_v2(path.c_str(), &db,
                           SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, nullptr);
  if (rc != SQLITE_OK) {
    std::string message = db ? sqlite3_errmsg(db) : "out of memory";
    sqlite3_close_v2(db);
    return Status::StoreError(fmt::format("cannot open the database {}: {}", path, message));
  }
  sqlite3_busy_timeout(db, 5000);
  auto store = std::make_unique<SqliteStore>(db);
  if (Status st = store->Init(); !st.ok())
    return Status::StoreError(fmt::format("{}: {}", path, st.message()));
  *out = std::move(store);
  return Status::Ok();
}

}  // namespace safer
