// The checks of `safer check table`, one registered entry each: an id (printed with every
// finding), what it looks for, and the function. A new check is one new entry in checks.cc.
#pragma once

#include <span>
#include <string_view>
#include <vector>

#include "check/check.h"
#include "check/layout.h"

namespace safer::check {

struct CheckDefinition {
  std::string_view id;
  std::string_view summary;
  void (*run)(const Layout& layout, std::vector<Finding>* findings);
};

std::span<const CheckDefinition> AllChecks();

}  // namespace safer::check
