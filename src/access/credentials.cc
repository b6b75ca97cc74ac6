#include "access/credentials.h"
