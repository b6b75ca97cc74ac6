// Synthetic police.uk street files with realistic shapes, for tests and benchmarks:
// the category mix of a real force, LSOAs nested in local authorities, repeat locations,
// seasonality (more in summer), ASB rows without a Crime ID, some rows without location,
// identical ASB rows repeated. The same options and seed give the same bytes.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "domain/status.h"

namespace safer {

struct SynthOptions {
  std::string out_dir;
  int forces = 1;
  std::string first_month = "2018-01";  // YYYY-MM
  int months = 12;
  int64_t rows_per_force_month = 10000;  // on average; seasonality moves it ±20%
  uint64_t seed = 1;
};

struct SynthFile {
  std::string path;
  int64_t rows = 0;
};

// Writes <out_dir>/<YYYY-MM>/<YYYY-MM>-<force-slug>-street.csv, as police.uk lays out its
// downloads, creating directories as needed.
Status Synthesize(const SynthOptions& options, std::vector<SynthFile>* files);

}  // namespace safer
