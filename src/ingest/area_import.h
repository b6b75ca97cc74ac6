// Importing area lookups and populations (see docs/areas.md for the columns).
//
// A lookup file places LSOAs in wards, local authorities and forces. Recognised headers:
//   ours:  lsoa_code,lsoa_name,ward_code,ward_name,la_code,la_name[,force]
//   ONS:   LSOA11CD,LSOA11NM,WD18CD,WD18NM,…,LAD18CD,LAD18NM (any year suffix)
// A population file gives denominators for rates:
//   area_code,year,population,households   (either count may be empty)
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "domain/status.h"
#include "store/store.h"

namespace safer {

struct AreaImportReport {
  int64_t import_id = 0;
  std::string kind;  // "lookup" or "population"
  int64_t read = 0, imported = 0, rejected = 0;
  std::vector<std::string> rejections;  // "file:line: reason"
};

// The code of the one area `name_or_code` means; otherwise *reason says why there is none
// (unknown, or a name several areas share). Shared by every import that names areas.
Status AreaCodeFor(Store& store, std::string_view name_or_code, std::string* code, std::string* reason);

// `force` names the force of every LSOA of a lookup that has no force column.
Status ImportAreas(Store& store, const std::string& path, const std::string& force,
                   AreaImportReport* report);

}  // namespace safer
