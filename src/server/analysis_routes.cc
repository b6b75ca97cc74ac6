// Placeholder until the routes are written: registers nothing.
#include "server/api.h"

namespace safer::server {

void AddAnalysisRoutes(Api&) {}

}  // namespace safer::server
