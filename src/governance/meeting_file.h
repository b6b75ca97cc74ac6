// The meeting record file: one meeting of a partnership in YAML, as its minutes record it
// (docs/meetings.md). Reading checks every field and then the record as a whole; an import
// saves nothing unless the file is sound throughout.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "domain/governance.h"
#include "domain/status.h"
#include "store/meeting_store.h"

namespace safer {

struct MeetingFile {
  Partnership partnership;  // members as the file lists them (may be none)
  MeetingRecord record;     // minute numbers 0 where the file gives none
  std::optional<int> first_minute;  // the year's minutes before this file were kept elsewhere
};

// Reads `text`, naming it `name` in messages. InvalidInput listing every problem
// ("name:line: problem") when any field is wrong; the record is not yet checked as a whole.
Status ParseMeetingFile(std::string_view text, const std::string& name, MeetingFile* out);
Status ReadMeetingFile(const std::string& path, MeetingFile* out);

struct MeetingImport {
  enum class Outcome { kAdded, kReplaced, kUnchanged };
  Outcome outcome = Outcome::kAdded;
  int64_t meeting_id = 0;
  Date date;
  int first_minute = 0, last_minute = 0;  // 0 when the meeting has no minutes
  int numbers_assigned = 0;               // minutes the file gave no number
};

// Reads the file, numbers its unnumbered minutes on from the year's earlier meetings,
// checks the whole record against the members and saves meeting and members. On any
// problem: InvalidInput naming the file and every problem, and nothing saved.
Status ImportMeetingFile(const std::string& path, MeetingStore& store, MeetingImport* out);

}  // namespace safer
