// The embedded store: one SQLite file in WAL mode. Imports write incidents and, in the same
// transaction, the per edition × LSOA × category counts that queries read, so a count over
// tens of millions of incidents reads thousands of rows, not millions.
#pragma once

#include <memory>
#include <string>

#include "store/store.h"

namespace safer {

Status OpenSqliteStore(const std::string& path, std::unique_ptr<Store>* out);

}  // namespace safer
