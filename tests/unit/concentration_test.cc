#include "analytics/concentration.h"
