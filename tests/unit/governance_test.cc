#include "domain/governance.h"
