#include "store/access_store.h"
