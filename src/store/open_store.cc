#include "store/sqlite_store.h"
#include "store/store.h"

namespace safer {

Status OpenStore(const std::string& location, std::unique_ptr<Store>* out) {
  if (location.empty()) return Status::InvalidInput("no database given");
  if (location.starts_with("postgres://") || location.starts_with("postgresql://"))
    return Status::InvalidInput("PostgreSQL is not supported yet: give a file path for SQLite");
  std::string path = location.starts_with("sqlite:") ? location.substr(7) : location;
  return OpenSqliteStore(path, out);
}

}  // namespace safer
