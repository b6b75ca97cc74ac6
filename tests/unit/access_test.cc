#include "access/sign_in.h"
