// Reading a Community Safety Plan from its YAML file (see docs/plan-file.md): the file an
// analyst edits, without a programmer, to change objectives, indicators and targets.
#pragma once

#include <string>

#include "domain/indicator.h"
#include "domain/status.h"

namespace safer {

// Every problem is reported with the file, the line and what was expected.
Status LoadPlan(const std::string& path, CommunitySafetyPlan* plan);

// "Reduce", "Increase", "3% increase (TBC)", "12% (TBC)", "1000"; anything else is kept as
// text with no direction or value ("Data unavailable").
Target ParseTarget(const std::string& text);

}  // namespace safer
