#include "domain/status.h"
