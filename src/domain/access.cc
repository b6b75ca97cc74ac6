#include "domain/access.h"
