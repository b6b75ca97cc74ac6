// Questions every front end asks the store the same way: which area a name means, and which
// months of a count have no police data held (so they read as missing, not as zero).
#pragma once

#include <string>
#include <vector>

#include "query/count_query.h"
#include "store/store.h"

namespace safer {

// The only area a name or code matches, or the widest of several (a force over a local
// authority over a ward); `note` then says which was chosen. NotFound names the areas known.
Status ResolveArea(Store& store, const std::string& name, Area* area, std::string* note);

// Months of the plan's range for which no police.uk edition of the area's force is held
// (below a force, the force the imported lookup places it in; any force without a lookup),
// oldest first.
Status MissingMonths(Store& store, const CountPlan& plan, std::vector<std::string>* missing);

}  // namespace safer
