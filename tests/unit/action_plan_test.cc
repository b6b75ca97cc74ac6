#include "domain/action_plan.h"
