#include "store/meeting_store.h"
