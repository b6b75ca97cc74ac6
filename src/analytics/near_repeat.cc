#include "analytics/near_repeat.h"
