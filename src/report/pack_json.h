// The pack as JSON for the web front end (docs/api.md, "Overview"): the same figures as
// the other writers, with missing figures as null plus their reason, never 0.
#pragma once

#include <string>

#include "performance/pack.h"

namespace safer {

// `largest_changes`: count lines of the crime and ASB tables whose change test is
// significant, largest absolute difference first, at most `max_changes`.
std::string PackJson(const PerformancePack& pack, int max_changes = 8);

}  // namespace safer
