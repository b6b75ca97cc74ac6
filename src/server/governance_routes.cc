#include "server/api.h"
