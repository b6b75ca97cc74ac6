// Action plans in the SQLite database the Store uses, on a connection of their own. The
// progress log is append-only even to a bug in Safer or to someone with the sqlite3 shell:
// triggers refuse to change or remove an entry.
#include <ctime>
#include <memory>

#include <fmt/format.h>

#include "store/action_store.h"
#include "store/sqlite_database.h"

namespace safer {
namespace {

using sqlite::Exec;
using sqlite::Statement;
using sqlite::Transaction;
using sqlite::Use;

// Dates are stored as ISO text ("2025-03-04"): readable in SQL and ordered as text.
constexpr const char* kSchema = R"sql(
CREATE TABLE IF NOT EXISTS action_plan (
  id INTEGER PRIMARY KEY, partnership TEXT NOT NULL COLLATE NOCASE, title TEXT NOT NULL COLLATE NOCASE,
  created_at INTEGER NOT NULL, UNIQUE (partnership, title));
CREATE TABLE IF NOT EXISTS plan_action (
  id INTEGER PRIMARY KEY, plan_id INTEGER NOT NULL REFERENCES action_plan(id), position INTEGER NOT NULL,
  reference TEXT NOT NULL, priority TEXT NOT NULL, objective TEXT NOT NULL, text TEXT NOT NULL,
  due TEXT NOT NULL, desired_outcome TEXT NOT NULL,
  owner_rag TEXT NOT NULL CHECK (owner_rag IN ('', 'Red', 'Amber', 'Green', 'Complete')),
  from_minute INTEGER, decision INTEGER NOT NULL DEFAULT 0);
CREATE INDEX IF NOT EXISTS plan_action_by_plan ON plan_action(plan_id, position);
CREATE TABLE IF NOT EXISTS action_owner (
  action_id INTEGER NOT NULL REFERENCES plan_action(id), position INTEGER NOT NULL,
  person TEXT NOT NULL, agency TEXT NOT NULL, PRIMARY KEY (action_id, position)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS progress_entry (
  id INTEGER PRIMARY KEY, action_id INTEGER NOT NULL REFERENCES plan_action(id), date TEXT NOT NULL,
  author TEXT NOT NULL, author_role TEXT NOT NULL, text TEXT NOT NULL, recorded_at INTEGER NOT NULL,
  recorded_by TEXT NOT NULL, corrects INTEGER REFERENCES progress_entry(id));
CREATE INDEX IF NOT EXISTS progress_entry_by_action ON progress_entry(action_id, date, id);
CREATE TRIGGER IF NOT EXISTS progress_entry_no_update BEFORE UPDATE ON progress_entry
  BEGIN SELECT RAISE(ABORT, 'the progress log is append-only: add a new entry that corrects this one'); END;
CREATE TRIGGER IF NOT EXISTS progress_entry_no_delete BEFORE DELETE ON progress_entry
  BEGIN SELECT RAISE(ABORT, 'the progress log is append-only: add a new entry that corrects this one'); END;
)sql";

// Imports hold the write lock for the whole import: wait for it.
constexpr int kBusyTimeoutMs = 30000;

std::string Describe(const Action& action) {
  if (!action.reference.empty()) return "action " + action.reference;
  const std::string& name = action.objective.empty() ? action.text : action.objective;
  return fmt::format("the action \"{}\"", name.size() > 60 ? name.substr(0, 60) + "…" : name);
}

Status CheckAction(const Action& action) {
  if (action.objective.empty() && action.text.empty())
    return Status::InvalidInput("an action needs an objective or a description of what will be done");
  if (action.owners.empty())
    return Status::InvalidInput(fmt::format("{} has no owner: every action needs at least one (person and agency)",
                                            Describe(action)));
  for (const ActionOwner& o : action.owners)
    if (o.person.empty() && o.agency.empty())
      return Status::InvalidInput(fmt::format("{} has an owner with neither a person nor an agency", Describe(action)));
  for (const ProgressEntry& e : action.log)
    if (e.author.empty())
      return Status::InvalidInput(
          fmt::format("{} has a progress entry of {} without an author: the log is attributed", Describe(action),
                      e.date.ToLong()));
  return Status::Ok();
}

std::optional<Date> StoredDate(const std::string& iso) { return Date::ParseIso(iso); }

class SqliteActionStore : public ActionStore {
 public:
  explicit SqliteActionStore(std::unique_ptr<sqlite::Connection> connection)
      : connection_(std::move(connection)), db_(connection_->get()) {}

  Status Init() {
    return Exec(db_, kSchema);
  }

  Status AddPlan(ActionPlan* plan) override {
    if (plan->partnership.empty()) return Status::InvalidInput("an action plan needs its partnership");
    if (plan->title.empty()) return Status::InvalidInput("an action plan needs a title");
    for (const Action& a : plan->actions)
      if (Status st = CheckAction(a); !st.ok()) return Status::InvalidInput(st.message() + "; nothing saved");
    Transaction t(db_);
    if (Status st = t.Begin(); !st.ok()) return st;
    Statement* s = nullptr;
    if (Status st = Prepared("SELECT id FROM action_plan WHERE partnership = ?1 AND title = ?2", &s); !st.ok())
      return st;
    {
      Use q(*s);
      q.Bind(1, plan->partnership).Bind(2, plan->title);
      bool row = false;
      if (Status st = q.Step(&row); !st.ok()) return st;
      if (row)
        return Status::InvalidInput(fmt::format("{} already has a plan titled \"{}\" (plan {}); nothing saved",
                                                plan->partnership, plan->title, q.Int(0)));
    }
    if (Status st = Prepared("INSERT INTO action_plan (partnership, title, created_at) VALUES (?1, ?2, ?3)", &s);
        !st.ok())
      return st;
    {
      Use q(*s);
      q.Bind(1, plan->partnership).Bind(2, plan->title).Bind(3, static_cast<int64_t>(std::time(nullptr)));
      if (Status st = q.Step(); !st.ok()) return st;
    }
    const int64_t plan_id = sqlite3_last_insert_rowid(db_);
    int position = 0;
    for (Action& a : plan->actions)
      if (Status st = InsertAction(plan_id, ++position, &a); !st.ok()) return st;
    if (Status st = t.Commit(); !st.ok()) return st;
    plan->id = plan_id;
    return Status::Ok();
  }

  Status ListPlans(std::vector<ActionPlanSummary>* out) override {
    out->clear();
    Statement* s = nullptr;
    if (Status st = Prepared(
            "SELECT p.id, p.partnership, p.title, (SELECT COUNT(*) FROM plan_action a WHERE a.plan_id = p.id) "
            "FROM action_plan p ORDER BY p.id",
            &s);
        !st.ok())
      return st;
    Use q(*s);
    return q.ForEachRow([&]() -> Status {
      out->push_back(ActionPlanSummary{q.Int(0), q.Text(1), q.Text(2), static_cast<int>(q.Int(3))});
      return Status::Ok();
    });
  }

  Status LoadPlan(int64_t plan_id, std::optional<ActionPlan>* out) override {
    out->reset();
    Statement* s = nullptr;
    if (Status st = Prepared("SELECT partnership, title FROM action_plan WHERE id = ?1", &s); !st.ok()) return st;
    ActionPlan plan;
    {
      Use q(*s);
      q.Bind(1, plan_id);
      bool row = false;
      if (Status st = q.Step(&row); !st.ok()) return st;
      if (!row) return Status::Ok();
      plan.id = plan_id;
      plan.partnership = q.Text(0);
      plan.title = q.Text(1);
    }
    std::vector<int64_t> ids;
    if (Status st = Prepared("SELECT id FROM plan_action WHERE plan_id = ?1 ORDER BY position, id", &s); !st.ok())
      return st;
    {
      Use q(*s);
      q.Bind(1, plan_id);
      for (bool row = true;;) {
        if (Status st = q.Step(&row); !st.ok()) return st;
        if (!row) break;
        ids.push_back(q.Int(0));
      }
    }
    for (int64_t id : ids) {
      std::optional<Action> action;
      if (Status st = ReadAction(id, &action, nullptr); !st.ok()) return st;
      if (action) plan.actions.push_back(std::move(*action));
    }
    *out = std::move(plan);
    return Status::Ok();
  }

  Status AddAction(int64_t plan_id, Action* action) override {
    if (Status st = CheckAction(*action); !st.ok()) return st;
    Transaction t(db_);
    if (Status st = t.Begin(); !st.ok()) return st;
    Statement* s = nullptr;
    if (Status st = Prepared(
            "SELECT (SELECT COUNT(*) FROM action_plan WHERE id = ?1), "
            "(SELECT COALESCE(MAX(position), 0) FROM plan_action WHERE plan_id = ?1)",
            &s);
        !st.ok())
      return st;
    int position = 0;
    {
      Use q(*s);
      q.Bind(1, plan_id);
      if (Status st = q.Step(); !st.ok()) return st;
      if (q.Int(0) == 0) return Status::NotFound(fmt::format("there is no action plan {}", plan_id));
      position = static_cast<int>(q.Int(1)) + 1;
    }
    if (Status st = InsertAction(plan_id, position, action); !st.ok()) return st;
    return t.Commit();
  }

  Status FindAction(int64_t action_id, std::optional<Action>* out, int64_t* plan_id) override {
    return ReadAction(action_id, out, plan_id);
  }

  Status SetOwnerRag(int64_t action_id, ActionRag rag) override {
    return Update("UPDATE plan_action SET owner_rag = ?2 WHERE id = ?1", action_id, ActionRagName(rag));
  }

  Status SetDue(int64_t action_id, const Date& due) override {
    return Update("UPDATE plan_action SET due = ?2 WHERE id = ?1", action_id, due.ToIso());
  }

  Status AppendProgress(int64_t action_id, ProgressEntry* entry) override {
    if (entry->author.empty()) return Status::InvalidInput("a progress entry needs its author: the log is attributed");
    if (entry->recorded_by.empty()) return Status::InvalidInput("a progress entry needs the Safer user who entered it");
    Transaction t(db_);
    if (Status st = t.Begin(); !st.ok()) return st;
    Statement* s = nullptr;
    if (Status st = Prepared("SELECT COUNT(*) FROM plan_action WHERE id = ?1", &s); !st.ok()) return st;
    {
      Use q(*s);
      q.Bind(1, action_id);
      if (Status st = q.Step(); !st.ok()) return st;
      if (q.Int(0) == 0) return Status::NotFound(fmt::format("there is no action {}", action_id));
    }
    if (entry->corrects) {
      if (Status st = Prepared("SELECT action_id FROM progress_entry WHERE id = ?1", &s); !st.ok()) return st;
      Use q(*s);
      q.Bind(1, *entry->corrects);
      bool row = false;
      if (Status st = q.Step(&row); !st.ok()) return st;
      if (!row || q.Int(0) != action_id)
        return Status::InvalidInput(
            fmt::format("entry {} is not in the log of action {}: a correction names an entry of the same action",
                        *entry->corrects, action_id));
    }
    if (entry->recorded_at == 0) entry->recorded_at = static_cast<int64_t>(std::time(nullptr));
    if (Status st = InsertEntry(action_id, entry); !st.ok()) return st;
    return t.Commit();
  }

 private:
  // The cached statement for this SQL, prepared on first use.
  Status Prepared(const std::string& sql, Statement** out) { return connection_->Prepared(sql, out); }

  Status Update(const std::string& sql, int64_t action_id, std::string_view value) {
    Statement* s = nullptr;
    if (Status st = Prepared(sql, &s); !st.ok()) return st;
    Use q(*s);
    q.Bind(1, action_id).Bind(2, value);
    if (Status st = q.Step(); !st.ok()) return st;
    if (sqlite3_changes(db_) == 0) return Status::NotFound(fmt::format("there is no action {}", action_id));
    return Status::Ok();
  }

  // Inside the caller's transaction.
  Status InsertAction(int64_t plan_id, int position, Action* a) {
    Statement* s = nullptr;
    if (Status st = Prepared(
            "INSERT INTO plan_action (plan_id, position, reference, priority, objective, text, due, "
            "desired_outcome, owner_rag, from_minute, decision) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
            &s);
        !st.ok())
      return st;
    {
      Use q(*s);
      q.Bind(1, plan_id).Bind(2, int64_t{position}).Bind(3, a->reference).Bind(4, a->priority);
      q.Bind(5, a->objective).Bind(6, a->text).Bind(7, a->due.ToIso()).Bind(8, a->desired_outcome);
      q.Bind(9, ActionRagName(a->owner_rag)).Bind(10, a->from_minute).Bind(11, int64_t{a->decision});
      if (Status st = q.Step(); !st.ok()) return st;
    }
    a->id = sqlite3_last_insert_rowid(db_);
    if (Status st = Prepared("INSERT INTO action_owner (action_id, position, person, agency) VALUES (?1, ?2, ?3, ?4)",
                             &s);
        !st.ok())
      return st;
    int owner_position = 0;
    for (const ActionOwner& o : a->owners) {
      Use q(*s);
      q.Bind(1, a->id).Bind(2, int64_t{++owner_position}).Bind(3, o.person).Bind(4, o.agency);
      if (Status st = q.Step(); !st.ok()) return st;
    }
    const int64_t now = static_cast<int64_t>(std::time(nullptr));
    for (ProgressEntry& e : a->log) {
      if (e.recorded_at == 0) e.recorded_at = now;
      if (Status st = InsertEntry(a->id, &e); !st.ok()) return st;
    }
    return Status::Ok();
  }

  Status InsertEntry(int64_t action_id, ProgressEntry* e) {
    Statement* s = nullptr;
    if (Status st = Prepared(
            "INSERT INTO progress_entry (action_id, date, author, author_role, text, recorded_at, recorded_by, "
            "corrects) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            &s);
        !st.ok())
      return st;
    Use q(*s);
    q.Bind(1, action_id).Bind(2, e->date.ToIso()).Bind(3, e->author).Bind(4, e->author_role).Bind(5, e->text);
    q.Bind(6, e->recorded_at).Bind(7, e->recorded_by).Bind(8, e->corrects);
    if (Status st = q.Step(); !st.ok()) return st;
    e->id = sqlite3_last_insert_rowid(db_);
    return Status::Ok();
  }

  Status ReadAction(int64_t action_id, std::optional<Action>* out, int64_t* plan_id) {
    out->reset();
    Statement* s = nullptr;
    if (Status st = Prepared(
            "SELECT plan_id, reference, priority, objective, text, due, desired_outcome, owner_rag, from_minute, "
            "decision FROM plan_action WHERE id = ?1",
            &s);
        !st.ok())
      return st;
    Action a;
    {
      Use q(*s);
      q.Bind(1, action_id);
      bool row = false;
      if (Status st = q.Step(&row); !st.ok()) return st;
      if (!row) return Status::Ok();
      if (plan_id) *plan_id = q.Int(0);
      a.id = action_id;
      a.reference = q.Text(1);
      a.priority = q.Text(2);
      a.objective = q.Text(3);
      a.text = q.Text(4);
      std::optional<Date> due = StoredDate(q.Text(5));
      if (!due) return Status::StoreError(fmt::format("action {} has an unreadable due date", action_id));
      a.due = *due;
      a.desired_outcome = q.Text(6);
      std::optional<ActionRag> rag = ParseActionRag(q.Text(7));
      a.owner_rag = rag.value_or(ActionRag::kNone);
      a.from_minute = q.OptionalInt(8);
      a.decision = static_cast<int>(q.Int(9));
    }
    if (Status st = Prepared("SELECT person, agency FROM action_owner WHERE action_id = ?1 ORDER BY position", &s);
        !st.ok())
      return st;
    {
      Use q(*s);
      q.Bind(1, action_id);
      for (bool row = true;;) {
        if (Status st = q.Step(&row); !st.ok()) return st;
        if (!row) break;
        a.owners.push_back(ActionOwner{q.Text(0), q.Text(1)});
      }
    }
    if (Status st = Prepared(
            "SELECT id, date, author, author_role, text, recorded_at, recorded_by, corrects FROM progress_entry "
            "WHERE action_id = ?1 ORDER BY date, id",
            &s);
        !st.ok())
      return st;
    {
      Use q(*s);
      q.Bind(1, action_id);
      for (bool row = true;;) {
        if (Status st = q.Step(&row); !st.ok()) return st;
        if (!row) break;
        ProgressEntry e;
        e.id = q.Int(0);
        std::optional<Date> date = StoredDate(q.Text(1));
        if (!date) return Status::StoreError(fmt::format("progress entry {} has an unreadable date", e.id));
        e.date = *date;
        e.author = q.Text(2);
        e.author_role = q.Text(3);
        e.text = q.Text(4);
        e.recorded_at = q.Int(5);
        e.recorded_by = q.Text(6);
        e.corrects = q.OptionalInt(7);
        a.log.push_back(std::move(e));
      }
    }
    *out = std::move(a);
    return Status::Ok();
  }

  std::unique_ptr<sqlite::Connection> connection_;
  sqlite3* db_;  // connection_'s
};

}  // namespace

Status OpenActionStore(const std::string& location, std::unique_ptr<ActionStore>* out) {
  return sqlite::OpenStore<SqliteActionStore>(location, kBusyTimeoutMs, out);
}

}  // namespace safer
