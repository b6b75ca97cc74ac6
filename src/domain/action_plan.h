// Action plans (DOMAIN.md §8): priority → objective/outcome → actions, each owned, dated
// and followed by an append-only, dated and attributed progress log. The RAG status is the
// owner's to set; Safer suggests one from the facts (overdue; no update since the last
// meeting) so the column is never silently empty.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/calendar.h"

namespace safer {

enum class ActionRag { kNone, kRed, kAmber, kGreen, kComplete };
std::string_view ActionRagName(ActionRag rag);  // "", "Red", "Amber", "Green", "Complete"
std::optional<ActionRag> ParseActionRag(std::string_view text);

struct ActionOwner {
  std::string person;  // may be empty when only an agency is named ("Cleveland Police")
  std::string agency;
};

// One dated, attributed line of the log. Never edited or deleted: a correction is a new
// entry that says what it corrects.
struct ProgressEntry {
  int64_t id = 0;
  Date date;                 // as the author dated it
  std::string author;        // "Nicholas Stone"
  std::string author_role;   // "Community Safety Team Leader"
  std::string text;
  int64_t recorded_at = 0;   // unix seconds, when Safer was told
  std::string recorded_by;   // the Safer user who entered it
  std::optional<int64_t> corrects;  // the entry this one corrects
};

struct Action {
  int64_t id = 0;
  std::string reference;     // "1.1", "a)"; may be empty
  std::string priority;      // "Anti-Social Behaviour"
  std::string objective;     // "Ensure victims understand how to report ASB."
  std::string text;          // what will be done
  std::vector<ActionOwner> owners;  // at least one
  Date due;                  // required: "ongoing" is refused
  std::string desired_outcome;
  ActionRag owner_rag = ActionRag::kNone;
  std::vector<ProgressEntry> log;  // oldest first
  std::optional<int64_t> from_minute;  // the minute whose decision created it
  int decision = 0;                    // that decision's position (1-based) when from_minute is set
};

struct ActionPlan {
  int64_t id = 0;
  std::string partnership;
  std::string title;         // "Safer Hartlepool Partnership Action Plan 2024/25"
  std::vector<Action> actions;
};

// Why a due date as written is refused, or the date. "ongoing", "on-going", "as necessary",
// "TBC" get the seed's own words: a date is required for monitoring.
std::optional<Date> ParseDueDate(std::string_view text, std::string* why);

struct RagSuggestion {
  ActionRag rag = ActionRag::kNone;
  std::string reason;  // "overdue since 30 September 2024", "no update since the meeting of 6 December 2024"
};

// Complete stays complete; past due → Red; no log entry dated after the last meeting →
// Amber; otherwise Green. `last_meeting` empty: only the due date is considered.
RagSuggestion SuggestRag(const Action& action, const Date& today, const std::optional<Date>& last_meeting);

}  // namespace safer
