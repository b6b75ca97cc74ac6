// Placeholder until the routes are written: registers nothing.
#include "server/api.h"

namespace safer::server {

void AddReoffendingRoutes(Api&) {}

}  // namespace safer::server
