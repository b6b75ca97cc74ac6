// ActionStore: action plans, their actions and the append-only progress log. The log
// cannot be changed or deleted, by this interface or by SQL (triggers refuse it); a
// correction is a new entry. Same database as the Store; SQLite in sqlite_action_store.cc.
// Thread safety: one thread at a time; open one per thread.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/action_plan.h"
#include "domain/status.h"

namespace safer {

struct ActionPlanSummary {
  int64_t id = 0;
  std::string partnership;
  std::string title;
  int actions = 0;
};

class ActionStore {
 public:
  virtual ~ActionStore() = default;

  // Saves a new plan with its actions (and their log entries) in one transaction; sets ids.
  // InvalidInput, nothing saved, when an action has no owner, or a plan with this title
  // exists for the partnership.
  virtual Status AddPlan(ActionPlan* plan) = 0;
  virtual Status ListPlans(std::vector<ActionPlanSummary>* out) = 0;
  virtual Status LoadPlan(int64_t plan_id, std::optional<ActionPlan>* out) = 0;

  virtual Status AddAction(int64_t plan_id, Action* action) = 0;  // sets action->id
  virtual Status FindAction(int64_t action_id, std::optional<Action>* out, int64_t* plan_id) = 0;
  virtual Status SetOwnerRag(int64_t action_id, ActionRag rag) = 0;
  virtual Status SetDue(int64_t action_id, const Date& due) = 0;
  // Appends; sets entry->id. `corrects`, when set, must name an entry of the same action.
  virtual Status AppendProgress(int64_t action_id, ProgressEntry* entry) = 0;
};

Status OpenActionStore(const std::string& location, std::unique_ptr<ActionStore>* out);

}  // namespace safer
