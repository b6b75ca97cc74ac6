// safer action import | list | show | add | update | rag | export: action plans and their
// append-only progress log (docs/action-plans.md).
#include <pwd.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <iostream>

#include <fmt/format.h>

#include "cli/commands.h"
#include "cli/output.h"
#include "governance/action_plan_file.h"
#include "store/action_store.h"
#include "store/meeting_store.h"

namespace safer::cli {
namespace {

// Who ran the command, written on each log entry: the command line has no signed-in user.
std::string CommandLineUser() {
  const passwd* pw = getpwuid(geteuid());
  return fmt::format("command line ({})", pw && pw->pw_name ? pw->pw_name : std::to_string(geteuid()));
}

// Text from files and users is shown with control characters replaced, so nothing stored
// can drive the reader's terminal; line breaks become " / " to keep one line a row.
std::string Printable(std::string_view text) {
  std::string out;
  for (size_t i = 0; i < text.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(text[i]);
    if (c == '\n') out += " / ";
    else out += c < 0x20 || c == 0x7F ? '?' : static_cast<char>(c);
  }
  return out;
}

std::string Shortened(std::string_view text, size_t max) {
  std::string p = Printable(text);
  if (p.size() <= max) return p;
  size_t end = max;
  while (end > 0 && (static_cast<unsigned char>(p[end]) & 0xC0) == 0x80) --end;
  return p.substr(0, end) + "…";
}

Status ParseDateOption(const std::string& text, const char* option, Date* out) {
  std::string why;
  std::optional<Date> d = Date::ParseIso(text);
  if (!d) d = Date::ParseUk(text, &why);
  if (!d)
    return Status::InvalidInput(fmt::format("{} \"{}\" is not a date: give it as 2025-03-04 or 04/03/2025{}", option,
                                            Printable(text), why.empty() ? "" : " (" + why + ")"));
  *out = *d;
  return Status::Ok();
}

Status ParseDueOption(const std::string& text, Date* out) {
  std::string why;
  std::optional<Date> d = ParseDueDate(text, &why);
  if (!d) return Status::InvalidInput("--due: " + why);
  *out = *d;
  return Status::Ok();
}

Status ParseId(const std::string& text, const char* what, int64_t* id) {
  if (text.empty() || text.size() > 18 || !std::all_of(text.begin(), text.end(), [](char c) {
        return std::isdigit(static_cast<unsigned char>(c));
      }))
    return Status::InvalidInput(fmt::format("{} \"{}\" is not a number", what, Printable(text)));
  *id = std::stoll(text);
  return Status::Ok();
}

// "Nicholas Stone, Hartlepool Borough Council" → person and agency; without a comma the
// text is the agency ("Cleveland Police").
ActionOwner ParseOwnerOption(std::string_view text) {
  auto trim = [](std::string_view s) {
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
    return std::string(s);
  };
  size_t comma = text.find(',');
  if (comma == std::string_view::npos) return ActionOwner{"", trim(text)};
  return ActionOwner{trim(text.substr(0, comma)), trim(text.substr(comma + 1))};
}

std::string OwnersText(const std::vector<ActionOwner>& owners) {
  std::string s;
  for (const ActionOwner& o : owners) {
    if (!s.empty()) s += "; ";
    s += o.person.empty() ? o.agency : o.agency.empty() ? o.person : o.person + ", " + o.agency;
  }
  return s;
}

void AddImport(CLI::App& action, GlobalOptions& options, Outcome& outcome) {
  auto* cmd = action.add_subcommand("import", "Import an action plan from a CSV, TSV or XLSX table");
  cmd->footer(
      "Columns are found by their names (Priority, Objective / Outcome, Who, Actions/Progress/Comments;\n"
      "NO, PRIORITY THEME, WHAT DO WE NEED TO DO, HOW, WHEN WILL WE DO IT BY, WHO WILL DO IT, DESIRED\n"
      "OUTCOME, PROGRESS UPDATE, RAG; RECOMMENDATION, LEAD OFFICER, COMPLETION DATE). Bad rows and log\n"
      "entries are listed with their row and set aside; the rest is imported. Exit 3 when anything\n"
      "was set aside. See docs/action-plans.md.");
  struct Args {
    std::string file, partnership, title, due, since, sheet;
  };
  auto args = std::make_shared<Args>();
  cmd->add_option("FILE", args->file, "The plan: .csv, .tsv or .xlsx")->required();
  cmd->add_option("--partnership", args->partnership, "The partnership, e.g. \"Safer Hartlepool Partnership\"")
      ->required();
  cmd->add_option("--title", args->title, "The plan's title, e.g. \"Action Plan 2024/25\"")->required();
  cmd->add_option("--due", args->due, "Due date for actions the file gives none (e.g. 31/03/2025)");
  cmd->add_option("--since", args->since,
                  "Log entries dated before this are set aside (default: the start of the year in the title, "
                  "2024/25 → 1 April 2024)");
  cmd->add_option("--sheet", args->sheet, "XLSX: the sheet to read (default: the first)");
  cmd->callback([args, &options, &outcome] {
    auto run = [&]() -> Status {
      PlanImportOptions o;
      o.partnership = args->partnership;
      o.title = args->title;
      o.recorded_by = CommandLineUser();
      o.today = Today();
      o.sheet = args->sheet;
      if (!args->due.empty()) {
        Date due;
        if (Status st = ParseDueOption(args->due, &due); !st.ok()) return st;
        o.default_due = due;
      }
      if (!args->since.empty()) {
        Date since;
        if (Status st = ParseDateOption(args->since, "--since", &since); !st.ok()) return st;
        o.earliest = since;
      } else {
        o.earliest = PlanYearStart(args->title);
      }
      PlanImportResult result;
      if (Status st = ReadActionPlanFile(args->file, o, &result); !st.ok()) return st;
      bool set_aside = false;
      for (const PlanImportProblem& p : result.problems) {
        set_aside = set_aside || p.set_aside;
        std::cout << fmt::format("{}:{}: {}\n", Printable(p.file), p.row, Printable(p.reason));
        if (!p.text.empty()) std::cout << fmt::format("    {}\n", Shortened(p.text, 300));
      }
      if (result.plan.actions.empty())
        return Status::InvalidInput(fmt::format("{}: no action could be imported ({} read, all set aside); nothing saved",
                                                Printable(args->file), result.actions_read));
      std::unique_ptr<ActionStore> store;
      if (Status st = OpenActionStore(options.db, &store); !st.ok()) return st;
      if (Status st = store->AddPlan(&result.plan); !st.ok()) return st;
      int entries = 0;
      for (const Action& a : result.plan.actions) entries += static_cast<int>(a.log.size());
      std::cout << fmt::format(
          "imported plan {} \"{}\": {} actions ({} read, {} set aside), {} log entries ({} read, {} set aside); "
          "{} problems listed\n",
          result.plan.id, Printable(result.plan.title), result.plan.actions.size(), result.actions_read,
          result.actions_set_aside, entries, result.entries_read, result.entries_set_aside, result.problems.size());
      if (set_aside) outcome.exit_code = kExitPartial;
      return Status::Ok();
    };
    if (Status st = run(); !st.ok()) outcome.exit_code = Fail(st);
  });
}

void AddList(CLI::App& action, GlobalOptions& options, Outcome& outcome) {
  auto* cmd = action.add_subcommand("list", "List actions with Safer's suggested RAG and why");
  struct Args {
    std::string plan, owner, last_meeting, format = "table";
    bool overdue = false;
  };
  auto args = std::make_shared<Args>();
  cmd->add_option("--plan", args->plan, "Only this plan's actions (its id)");
  cmd->add_option("--owner", args->owner, "Only actions with an owner (person or agency) containing this text");
  cmd->add_flag("--overdue", args->overdue, "Only actions past their due date and not complete");
  cmd->add_option("--last-meeting", args->last_meeting,
                  "Date of the last meeting: actions with no update since are suggested Amber");
  cmd->add_option("--format", args->format, "table, csv or json")->check(CLI::IsMember({"table", "csv", "json"}));
  cmd->callback([args, &options, &outcome] {
    auto run = [&]() -> Status {
      std::optional<int64_t> only_plan;
      if (!args->plan.empty()) {
        int64_t id = 0;
        if (Status st = ParseId(args->plan, "--plan", &id); !st.ok()) return st;
        only_plan = id;
      }
      std::optional<Date> last_meeting;
      if (!args->last_meeting.empty()) {
        Date d;
        if (Status st = ParseDateOption(args->last_meeting, "--last-meeting", &d); !st.ok()) return st;
        last_meeting = d;
      }
      std::unique_ptr<ActionStore> store;
      if (Status st = OpenActionStore(options.db, &store); !st.ok()) return st;
      std::vector<ActionPlanSummary> plans;
      if (Status st = store->ListPlans(&plans); !st.ok()) return st;
      if (only_plan && std::none_of(plans.begin(), plans.end(), [&](const auto& p) { return p.id == *only_plan; }))
        return Status::NotFound(fmt::format("there is no action plan {}", *only_plan));
      const Date today = Today();
      const std::string owner_filter = [&] {
        std::string s = args->owner;
        for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        return s;
      }();
      Table table;
      table.columns = {"id", "plan", "ref", "priority", "objective", "owners", "due", "last update", "RAG",
                       "suggested", "why"};
      table.numeric = {true, true, false, false, false, false, false, false, false, false, false};
      for (const ActionPlanSummary& summary : plans) {
        if (only_plan && summary.id != *only_plan) continue;
        std::optional<ActionPlan> plan;
        if (Status st = store->LoadPlan(summary.id, &plan); !st.ok()) return st;
        for (const Action& a : plan->actions) {
          if (!owner_filter.empty()) {
            std::string owners = OwnersText(a.owners);
            for (char& c : owners) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
            if (owners.find(owner_filter) == std::string::npos) continue;
          }
          if (args->overdue && (a.owner_rag == ActionRag::kComplete || !(a.due < today))) continue;
          RagSuggestion s = SuggestRag(a, today, last_meeting);
          std::string last_update;
          for (const ProgressEntry& e : a.log) last_update = std::max(last_update, e.date.ToIso());
          table.rows.push_back({std::to_string(a.id), std::to_string(summary.id), Printable(a.reference),
                                Shortened(a.priority, 30), Shortened(a.objective.empty() ? a.text : a.objective, 60),
                                Shortened(OwnersText(a.owners), 50), a.due.ToIso(), last_update,
                                std::string(ActionRagName(a.owner_rag)), std::string(ActionRagName(s.rag)),
                                s.reason});
        }
      }
      Print(table, *ParseFormat(args->format), std::cout);
      return Status::Ok();
    };
    if (Status st = run(); !st.ok()) outcome.exit_code = Fail(st);
  });
}

Status LoadAction(ActionStore& store, const std::string& id_text, int64_t* id, Action* action) {
  if (Status st = ParseId(id_text, "action", id); !st.ok()) return st;
  std::optional<Action> found;
  int64_t plan_id = 0;
  if (Status st = store.FindAction(*id, &found, &plan_id); !st.ok()) return st;
  if (!found) return Status::NotFound(fmt::format("there is no action {}", *id));
  *action = std::move(*found);
  return Status::Ok();
}

void AddShow(CLI::App& action, GlobalOptions& options, Outcome& outcome) {
  auto* cmd = action.add_subcommand("show", "Show one action and its whole progress log");
  auto id = std::make_shared<std::string>();
  cmd->add_option("ID", *id, "The action's id (from `safer action list`)")->required();
  cmd->callback([id, &options, &outcome] {
    auto run = [&]() -> Status {
      std::unique_ptr<ActionStore> store;
      if (Status st = OpenActionStore(options.db, &store); !st.ok()) return st;
      int64_t action_id = 0;
      Action a;
      if (Status st = LoadAction(*store, *id, &action_id, &a); !st.ok()) return st;
      RagSuggestion s = SuggestRag(a, Today(), std::nullopt);
      std::cout << fmt::format("action {} {}\n", a.id, Printable(a.reference));
      std::cout << fmt::format("  priority:  {}\n  objective: {}\n  action:    {}\n  owners:    {}\n", Printable(a.priority),
                               Printable(a.objective), Printable(a.text), Printable(OwnersText(a.owners)));
      std::cout << fmt::format("  due:       {}\n  outcome:   {}\n  RAG:       {} (suggested {}: {})\n",
                               a.due.ToLong(), Printable(a.desired_outcome), ActionRagName(a.owner_rag),
                               ActionRagName(s.rag), s.reason);
      for (const ProgressEntry& e : a.log) {
        std::cout << fmt::format("  [{}] {} - {}{}{}\n", e.id, e.date.ToIso(), Printable(e.author),
                                 e.author_role.empty() ? "" : ", " + Printable(e.author_role),
                                 e.corrects ? fmt::format(" (corrects entry {})", *e.corrects) : "");
        if (!e.text.empty()) std::cout << fmt::format("      {}\n", Printable(e.text));
        std::cout << fmt::format("      recorded by {}\n", Printable(e.recorded_by));
      }
      return Status::Ok();
    };
    if (Status st = run(); !st.ok()) outcome.exit_code = Fail(st);
  });
}

// The decision an action comes from: minute N's decision (k) of a meeting of the plan's
// partnership, written "26(iii)" ("26" alone: the minute's only decision). Refused when the
// meeting, the minute or the decision does not exist, so a decision of another meeting
// cannot be named by mistake.
Status FindDecision(const std::string& db, const std::string& partnership, const std::string& meeting_date,
                    const std::string& reference, Action* action) {
  std::string why;
  auto date = ParseDate(meeting_date, &why);
  if (!date) return Status::InvalidInput("--from-meeting: " + why);
  const size_t paren = reference.find('(');
  const std::string minute_text = reference.substr(0, paren);
  if (minute_text.empty() || minute_text.find_first_not_of("0123456789") != std::string::npos || minute_text.size() > 6)
    return Status::InvalidInput("--decision \"" + reference + "\": write the minute number and the decision, e.g. 26(iii)");
  const int number = std::stoi(minute_text);
  std::unique_ptr<MeetingStore> meetings;
  if (Status st = OpenMeetingStore(db, &meetings); !st.ok()) return st;
  std::optional<int64_t> meeting_id;
  if (Status st = meetings->FindMeeting(partnership, *date, &meeting_id); !st.ok()) return st;
  if (!meeting_id)
    return Status::NotFound(fmt::format("{} has no meeting on {}", partnership, date->ToLong()));
  std::optional<MeetingRecord> record;
  if (Status st = meetings->LoadMeetingRecord(*meeting_id, &record); !st.ok()) return st;
  auto minute = std::find_if(record->minutes.begin(), record->minutes.end(),
                             [&](const Minute& m) { return m.number == number; });
  if (minute == record->minutes.end())
    return Status::NotFound(fmt::format("the meeting of {} has no minute {}", date->ToLong(), number));
  int decision = 0;
  if (paren == std::string::npos) {
    if (minute->decisions.size() != 1)
      return Status::InvalidInput(fmt::format("minute {} has {} decisions: say which, e.g. {}{}", number,
                                              minute->decisions.size(), number, DecisionNumeral(1)));
    decision = 1;
  } else {
    for (int k = 1; k <= static_cast<int>(minute->decisions.size()); ++k)
      if (reference.substr(paren) == DecisionNumeral(k)) decision = k;
    if (!decision)
      return Status::NotFound(fmt::format("minute {} has no decision {} (it has {})", number, reference.substr(paren),
                                          minute->decisions.size()));
  }
  action->from_minute = minute->id;
  action->decision = decision;
  if (action->text.empty()) action->text = minute->decisions[decision - 1];
  return Status::Ok();
}

void AddAdd(CLI::App& action, GlobalOptions& options, Outcome& outcome) {
  auto* cmd = action.add_subcommand("add", "Add an action to a plan");
  struct Args {
    std::string plan, reference, priority, objective, text, due, outcome, meeting, decision;
    std::vector<std::string> owners;
  };
  auto args = std::make_shared<Args>();
  cmd->add_option("--plan", args->plan, "The plan's id")->required();
  cmd->add_option("--ref", args->reference, "Its number in the plan, e.g. 1.2");
  cmd->add_option("--priority", args->priority, "The priority it serves");
  cmd->add_option("--objective", args->objective, "The objective or outcome");
  cmd->add_option("--text", args->text, "What will be done");
  cmd->add_option("--owner", args->owners, "\"Person, Agency\" (repeat for each owner)");
  cmd->add_option("--due", args->due, "Due date: 30/09/2025, 2025-09-30 or \"September 2025\"");
  cmd->add_option("--outcome", args->outcome, "The desired outcome");
  cmd->add_option("--from-meeting", args->meeting, "The meeting whose decision creates this action (its date)");
  cmd->add_option("--decision", args->decision, "…and the decision: minute number and numeral, e.g. 26(iii)");
  cmd->callback([args, &options, &outcome] {
    auto run = [&]() -> Status {
      int64_t plan_id = 0;
      if (Status st = ParseId(args->plan, "--plan", &plan_id); !st.ok()) return st;
      if (args->meeting.empty() != args->decision.empty())
        return Status::InvalidInput("give --from-meeting DATE and --decision 26(iii) together");
      if (args->objective.empty() && args->text.empty() && args->decision.empty())
        return Status::InvalidInput("say what the action is: give --text (and --objective)");
      Action a;
      for (const std::string& o : args->owners) {
        ActionOwner owner = ParseOwnerOption(o);
        if (!owner.person.empty() || !owner.agency.empty()) a.owners.push_back(std::move(owner));
      }
      if (a.owners.empty())
        return Status::InvalidInput(
            "an action needs at least one owner: give --owner \"Person, Agency\" (e.g. --owner \"Nicholas Stone, "
            "Hartlepool Borough Council\"), once for each owner");
      if (Status st = ParseDueOption(args->due, &a.due); !st.ok()) return st;
      a.reference = args->reference;
      a.priority = args->priority;
      a.objective = args->objective;
      a.text = args->text;
      a.desired_outcome = args->outcome;
      std::unique_ptr<ActionStore> store;
      if (Status st = OpenActionStore(options.db, &store); !st.ok()) return st;
      if (!args->decision.empty()) {
        std::optional<ActionPlan> plan;
        if (Status st = store->LoadPlan(plan_id, &plan); !st.ok()) return st;
        if (!plan) return Status::NotFound(fmt::format("there is no plan {}", plan_id));
        if (Status st = FindDecision(options.db, plan->partnership, args->meeting, args->decision, &a); !st.ok())
          return st;
      }
      if (Status st = store->AddAction(plan_id, &a); !st.ok()) return st;
      if (!options.quiet) std::cout << fmt::format("added action {} to plan {}, due {}\n", a.id, plan_id, a.due.ToLong());
      return Status::Ok();
    };
    if (Status st = run(); !st.ok()) outcome.exit_code = Fail(st);
  });
}

void AddUpdate(CLI::App& action, GlobalOptions& options, Outcome& outcome) {
  auto* cmd = action.add_subcommand("update", "Add a dated, attributed entry to an action's progress log");
  cmd->footer("The log is append-only: to correct an entry, add one with --corrects ENTRY.");
  struct Args {
    std::string id, date, author, role, text, corrects;
  };
  auto args = std::make_shared<Args>();
  cmd->add_option("ID", args->id, "The action's id")->required();
  cmd->add_option("--date", args->date, "The date the update speaks for (2025-03-04 or 04/03/2025)")->required();
  cmd->add_option("--author", args->author, "Who gave the update, e.g. \"Nicholas Stone\"")->required();
  cmd->add_option("--role", args->role, "Their role, e.g. \"Community Safety Team Leader\"");
  cmd->add_option("--text", args->text, "The update")->required();
  cmd->add_option("--corrects", args->corrects, "The id of the entry this one corrects");
  cmd->callback([args, &options, &outcome] {
    auto run = [&]() -> Status {
      int64_t action_id = 0;
      if (Status st = ParseId(args->id, "action", &action_id); !st.ok()) return st;
      ProgressEntry e;
      if (Status st = ParseDateOption(args->date, "--date", &e.date); !st.ok()) return st;
      if (Today() < e.date)
        return Status::InvalidInput(fmt::format("--date {} is in the future: date the update when it was given",
                                                e.date.ToIso()));
      if (!args->corrects.empty()) {
        int64_t corrects = 0;
        if (Status st = ParseId(args->corrects, "--corrects", &corrects); !st.ok()) return st;
        e.corrects = corrects;
      }
      e.author = args->author;
      e.author_role = args->role;
      e.text = args->text;
      e.recorded_by = CommandLineUser();
      std::unique_ptr<ActionStore> store;
      if (Status st = OpenActionStore(options.db, &store); !st.ok()) return st;
      if (Status st = store->AppendProgress(action_id, &e); !st.ok()) return st;
      if (!options.quiet)
        std::cout << fmt::format("added entry {} to action {} ({}, {})\n", e.id, action_id, e.date.ToIso(),
                                 Printable(e.author));
      return Status::Ok();
    };
    if (Status st = run(); !st.ok()) outcome.exit_code = Fail(st);
  });
}

void AddRag(CLI::App& action, GlobalOptions& options, Outcome& outcome) {
  auto* cmd = action.add_subcommand("rag", "Set the owner's RAG status of an action");
  struct Args {
    std::string id, rag;
  };
  auto args = std::make_shared<Args>();
  cmd->add_option("ID", args->id, "The action's id")->required();
  cmd->add_option("RAG", args->rag, "Red, Amber, Green or Complete")->required();
  cmd->callback([args, &options, &outcome] {
    auto run = [&]() -> Status {
      int64_t action_id = 0;
      if (Status st = ParseId(args->id, "action", &action_id); !st.ok()) return st;
      std::optional<ActionRag> rag = ParseActionRag(args->rag);
      if (!rag || *rag == ActionRag::kNone)
        return Status::InvalidInput(
            fmt::format("\"{}\" is not a RAG status: give Red, Amber, Green or Complete", Printable(args->rag)));
      std::unique_ptr<ActionStore> store;
      if (Status st = OpenActionStore(options.db, &store); !st.ok()) return st;
      if (Status st = store->SetOwnerRag(action_id, *rag); !st.ok()) return st;
      if (!options.quiet) std::cout << fmt::format("action {} is {}\n", action_id, ActionRagName(*rag));
      return Status::Ok();
    };
    if (Status st = run(); !st.ok()) outcome.exit_code = Fail(st);
  });
}

void AddExport(CLI::App& action, GlobalOptions& options, Outcome& outcome) {
  auto* cmd = action.add_subcommand("export", "Write a plan as XLSX with its log and the suggested RAG");
  struct Args {
    std::string plan, out, last_meeting;
  };
  auto args = std::make_shared<Args>();
  cmd->add_option("--plan", args->plan, "The plan's id")->required();
  cmd->add_option("--out", args->out, "The workbook to write (.xlsx)")->required();
  cmd->add_option("--last-meeting", args->last_meeting, "Date of the last meeting, for the suggested RAG");
  cmd->callback([args, &options, &outcome] {
    auto run = [&]() -> Status {
      int64_t plan_id = 0;
      if (Status st = ParseId(args->plan, "--plan", &plan_id); !st.ok()) return st;
      std::optional<Date> last_meeting;
      if (!args->last_meeting.empty()) {
        Date d;
        if (Status st = ParseDateOption(args->last_meeting, "--last-meeting", &d); !st.ok()) return st;
        last_meeting = d;
      }
      std::unique_ptr<ActionStore> store;
      if (Status st = OpenActionStore(options.db, &store); !st.ok()) return st;
      std::optional<ActionPlan> plan;
      if (Status st = store->LoadPlan(plan_id, &plan); !st.ok()) return st;
      if (!plan) return Status::NotFound(fmt::format("there is no action plan {}", plan_id));
      if (Status st = WriteActionPlanXlsx(*plan, Today(), last_meeting, args->out); !st.ok()) return st;
      if (!options.quiet)
        std::cout << fmt::format("wrote {} ({} actions)\n", Printable(args->out), plan->actions.size());
      return Status::Ok();
    };
    if (Status st = run(); !st.ok()) outcome.exit_code = Fail(st);
  });
}

}  // namespace

void AddActionCommands(CLI::App& app, GlobalOptions& options, Outcome& outcome) {
  auto* action = app.add_subcommand("action", "Action plans: import, list, add, update the log, set RAG, export");
  action->require_subcommand(1);
  AddImport(*action, options, outcome);
  AddList(*action, options, outcome);
  AddShow(*action, options, outcome);
  AddAdd(*action, options, outcome);
  AddUpdate(*action, options, outcome);
  AddRag(*action, options, outcome);
  AddExport(*action, options, outcome);
}

}  // namespace safer::cli
