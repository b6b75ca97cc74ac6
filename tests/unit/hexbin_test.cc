#include "analytics/hexbin.h"
