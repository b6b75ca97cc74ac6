// Store: where incidents, areas, imports and rejected rows are kept, and where counts are
// answered. This header is the whole contract; SQLite (sqlite_store.h) is the embedded
// implementation and a server database implements the same interface.
//
// Thread safety: a Store is used by one thread at a time. An ImportSession is one
// transaction: nothing it wrote is visible or durable until Commit(); destroying it
// without Commit() — or the process dying — leaves the store as it was.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "query/count_query.h"
#include "domain/area.h"
#include "domain/incident.h"
#include "domain/indicator.h"
#include "domain/period.h"
#include "domain/status.h"

namespace safer {

// The rows of one force-month as one edition of one source file supplied them.
struct Edition {
  int64_t id = 0;
  int64_t import_id = 0;
  std::string force;
  Month month;
  std::string source_file;
  std::string content_hash;  // of the whole source file
  std::string label;         // the user's edition label, e.g. "2021-01"; may be empty
  int64_t incidents = 0;
};

struct Rejection {
  int64_t import_id = 0;
  std::string source_file;
  std::string content_hash;  // with line: the rejection's identity, so re-runs add nothing
  int64_t line = 0;
  std::string reason;
  std::string raw;  // the record as it was in the file (bounded in length)
};

// One stored incident with its provenance, for tracing a count back to its rows.
struct StoredIncident {
  std::string month;
  std::string force;
  std::string crime_id;  // hex; empty for ASB
  CategoryId category;
  std::string lsoa_code, lsoa_name;  // empty: no location
  std::optional<GeoPoint> location;
  std::string location_description;
  std::string last_outcome;
  std::string context;
  std::string source_file;
  int64_t line = 0;
  int64_t import_id = 0;
  std::string edition;  // the label, or the content hash
};

struct ImportSummary {
  int64_t id = 0;
  std::string kind;  // "police-uk", "areas"
  std::string started_at;
  std::string finished_at;
  std::string status;  // "committed"
  std::string sources;
  int64_t read = 0, imported = 0, rejected = 0, unchanged = 0, replaced_force_months = 0;
};

// An LSOA placed in its ward, local authority and (when known) force.
struct AreaLink {
  Area lsoa;
  std::optional<Area> ward;
  Area local_authority;
  std::optional<Area> force;
};

class ImportSession {
 public:
  virtual ~ImportSession() = default;
  virtual int64_t import_id() const = 0;

  // The edition the store holds now for this force-month, if any.
  virtual Status CurrentEdition(std::string_view force, Month month,
                                std::optional<Edition>* out) = 0;
  // Makes `edition` the force-month's current one, removing the rows of any earlier
  // edition. Sets edition->id.
  virtual Status StartEdition(Edition* edition) = 0;
  virtual Status AddIncident(int64_t edition_id, const Incident& incident, int64_t line) = 0;
  // Idempotent: a rejection with the same content hash and line is kept once.
  virtual Status AddRejection(const Rejection& rejection) = 0;

  virtual Status AddAreaLinks(const std::vector<AreaLink>& links) = 0;
  virtual Status AddPopulations(const std::vector<AreaPopulation>& populations) = 0;
  // A value for the same indicator, area and period replaces the one held.
  virtual Status AddIndicatorValues(const std::vector<IndicatorValue>& values) = 0;

  // Records the totals and makes everything durable at once.
  virtual Status Commit(const ImportSummary& totals) = 0;
};

class Store {
 public:
  virtual ~Store() = default;

  // `kind` and `sources` describe the import for the history ("police-uk", "a.csv b.csv").
  virtual Status BeginImport(std::string_view kind, std::string_view sources,
                             std::unique_ptr<ImportSession>* session) = 0;

  // Finds areas whose name or code matches, ignoring case. Several may match (a ward and a
  // local authority can share a name); the caller chooses.
  virtual Status FindAreas(std::string_view name_or_code, std::vector<Area>* out) = 0;

  // The areas a lookup places directly inside `parent`: a force's local authorities, an
  // authority's wards; by name.
  virtual Status ListChildAreas(const Area& parent, std::vector<Area>* out) = 0;
  // The force a local authority, ward or LSOA lies in, when a lookup said so.
  virtual Status ForceOf(const Area& area, std::optional<Area>* out) = 0;

  // Every area of a level, by name.
  virtual Status ListAreas(AreaLevel level, std::vector<Area>* out) = 0;

  virtual Status Count(const CountPlan& plan, CountTable* out) = 0;

  // The incidents behind a count with the same plan (keys ignored), in month, file and line
  // order, at most `limit` of them.
  virtual Status ListIncidents(const CountPlan& plan, int64_t limit,
                               const std::function<void(const StoredIncident&)>& each) = 0;

  // The supplied value of an indicator for an area (by code) and exactly this period.
  virtual Status FindIndicatorValue(std::string_view indicator_id, std::string_view area_code,
                                    const MonthRange& period, std::optional<IndicatorValue>* out) = 0;
  // Population or households of an area (by code) for a mid-year; empty when not imported.
  virtual Status FindPopulation(std::string_view area_code, int year, std::optional<AreaPopulation>* out) = 0;

  virtual Status ListImports(std::vector<ImportSummary>* out) = 0;
  // Rejections of one import, or of all when import_id is empty, in import and line order.
  virtual Status ListRejections(std::optional<int64_t> import_id,
                                const std::function<void(const Rejection&)>& each) = 0;
  virtual Status ListEditions(std::vector<Edition>* out) = 0;

  // A number that grows with every committed import: answers cached under one value stay
  // right until it changes.
  virtual Status DataVersion(int64_t* out) = 0;
};

// Opens the store a location names: a file path (or "sqlite:PATH") is SQLite, created
// when absent.
Status OpenStore(const std::string& location, std::unique_ptr<Store>* out);

}  // namespace safer
