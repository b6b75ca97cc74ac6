#include "domain/calendar.h"
