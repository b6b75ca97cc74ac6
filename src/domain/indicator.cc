#include "domain/indicator.h"

namespace safer {

// The wording of the seeds' performance packs (000 l.657, l.665, l.679), so a missing value
// reads as the partnership is used to.
std::string_view ValueStatusText(ValueStatus status) {
  switch (status) {
    case ValueStatus::kReported: return "Reported";
    case ValueStatus::kAwaiting: return "Awaiting info";
    case ValueStatus::kUnavailable: return "Data unavailable";
    case ValueStatus::kNotPublished: return "Data not published yet";
  }
  return "Unknown";
}

}  // namespace safer
