#include "store/action_store.h"
