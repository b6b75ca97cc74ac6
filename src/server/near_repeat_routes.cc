// Placeholder until the routes are written: registers nothing.
#include "server/api.h"

namespace safer::server {

void AddNearRepeatRoutes(Api&) {}

}  // namespace safer::server
