#include "server/api.h"

namespace safer::server {

void AddGovernanceRoutes(Api&) {}

}  // namespace safer::server
