#include "domain/action_plan.h"

#include <sqlite3.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>

#include <gtest/gtest.h>
#include <xlsxwriter.h>

#include "governance/action_plan_file.h"
#include "governance/xlsx_reader.h"
#include "store/action_store.h"

namespace safer {
namespace {

const std::string kSeedPlan = std::string(SAFER_SOURCE_DIR) + "/tests/data/governance/shp-action-plan-2024-25.tsv";

Date D(int y, int m, int d) { return *Date::FromYmd(y, m, d); }

std::string TempDir() {
  std::string pattern = (std::filesystem::temp_directory_path() / "safer-action-XXXXXX").string();
  char* dir = mkdtemp(pattern.data());
  return dir ? std::string(dir) : std::string();
}

// --- due dates --------------------------------------------------------------------------

TEST(DueDate, AcceptsTheSeedsWaysOfWritingADate) {
  std::string why;
  EXPECT_EQ(ParseDueDate("30/09/2024", &why), D(2024, 9, 30));
  EXPECT_EQ(ParseDueDate("2025-03-31", &why), D(2025, 3, 31));
  EXPECT_EQ(ParseDueDate("September 2017", &why), D(2017, 9, 30));  // a month means by its end
  EXPECT_EQ(ParseDueDate("March 2025", &why), D(2025, 3, 31));
  EXPECT_EQ(ParseDueDate("February 2024", &why), D(2024, 2, 29));
  EXPECT_EQ(ParseDueDate("December 2017", &why), D(2017, 12, 31));
  EXPECT_EQ(ParseDueDate(" 12 October 2018 ", &why), D(2018, 10, 12));
}

TEST(DueDate, RefusesPhrasesWithTheSeedsOwnWords) {
  for (const char* phrase : {"ongoing", "On-going", "as necessary", "As necessary", "TBC", ""}) {
    std::string why;
    EXPECT_FALSE(ParseDueDate(phrase, &why)) << phrase;
    EXPECT_NE(why.find("for monitoring purposes a date is required rather than using phrases such as 'on-going'"),
              std::string::npos)
        << phrase << ": " << why;
  }
}

TEST(DueDate, ReportsADateThatDoesNotParse) {
  std::string why;
  EXPECT_FALSE(ParseDueDate("O3/03/25", &why));
  EXPECT_NE(why.find("O3"), std::string::npos) << why;
  EXPECT_FALSE(ParseDueDate("31/04/2025", &why));
  EXPECT_FALSE(ParseDueDate("Smarch 2025", &why));
  EXPECT_FALSE(why.empty());
}

TEST(ActionRagNames, RoundTrip) {
  for (ActionRag r : {ActionRag::kNone, ActionRag::kRed, ActionRag::kAmber, ActionRag::kGreen, ActionRag::kComplete})
    EXPECT_EQ(ParseActionRag(ActionRagName(r)), r);
  EXPECT_EQ(ParseActionRag("amber"), ActionRag::kAmber);
  EXPECT_FALSE(ParseActionRag("purple"));
}

// --- RAG suggestion ---------------------------------------------------------------------

Action ActionDue(Date due, std::vector<Date> updates = {}) {
  Action a;
  a.objective = "Reduce deliberate fires";
  a.owners = {{"", "Cleveland Fire Brigade"}};
  a.due = due;
  for (Date d : updates) a.log.push_back(ProgressEntry{.date = d, .author = "Sean Smith"});
  return a;
}

TEST(SuggestRag, CompleteStaysComplete) {
  Action a = ActionDue(D(2024, 9, 30));
  a.owner_rag = ActionRag::kComplete;
  EXPECT_EQ(SuggestRag(a, D(2025, 3, 4), D(2025, 1, 10)).rag, ActionRag::kComplete);
}

TEST(SuggestRag, OverdueIsRedWithTheDate) {
  RagSuggestion s = SuggestRag(ActionDue(D(2024, 9, 30), {D(2025, 3, 1)}), D(2025, 3, 4), std::nullopt);
  EXPECT_EQ(s.rag, ActionRag::kRed);
  EXPECT_EQ(s.reason, "overdue since 30 September 2024");
}

TEST(SuggestRag, NoUpdateSinceTheLastMeetingIsAmber) {
  RagSuggestion s = SuggestRag(ActionDue(D(2025, 9, 30), {D(2024, 6, 28)}), D(2025, 3, 4), D(2024, 12, 6));
  EXPECT_EQ(s.rag, ActionRag::kAmber);
  EXPECT_EQ(s.reason, "no update since the meeting of 6 December 2024");
}

TEST(SuggestRag, OnTimeAndUpdatedIsGreen) {
  EXPECT_EQ(SuggestRag(ActionDue(D(2025, 9, 30), {D(2025, 3, 4)}), D(2025, 3, 4), D(2024, 12, 6)).rag,
            ActionRag::kGreen);
  EXPECT_EQ(SuggestRag(ActionDue(D(2025, 9, 30)), D(2025, 3, 4), std::nullopt).rag, ActionRag::kGreen);
}

// --- the store and its append-only log --------------------------------------------------

class ActionStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = TempDir();
    ASSERT_FALSE(dir_.empty());
    db_ = dir_ + "/safer.db";
    ASSERT_TRUE(OpenActionStore(db_, &store_).ok());
  }
  void TearDown() override {
    store_.reset();
    std::filesystem::remove_all(dir_);
  }

  ActionPlan SmallPlan() {
    ActionPlan plan;
    plan.partnership = "Safer Hartlepool Partnership";
    plan.title = "Action Plan 2024/25";
    Action a = ActionDue(D(2025, 3, 31));
    a.log.push_back(ProgressEntry{.date = D(2025, 3, 4), .author = "Sean Smith", .author_role = "District Manager",
                                  .text = "Chairs the group.", .recorded_by = "command line (test)"});
    plan.actions.push_back(a);
    return plan;
  }

  // Runs SQL on the same file through a connection of its own, as the sqlite3 shell would.
  std::string RawSql(const std::string& sql) {
    sqlite3* db = nullptr;
    EXPECT_EQ(sqlite3_open(db_.c_str(), &db), SQLITE_OK);
    char* err = nullptr;
    int rc = sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &err);
    std::string message = rc == SQLITE_OK ? "" : (err ? err : "error");
    sqlite3_free(err);
    sqlite3_close(db);
    return message;
  }

  std::string dir_, db_;
  std::unique_ptr<ActionStore> store_;
};

TEST_F(ActionStoreTest, SavesAndLoadsAPlan) {
  ActionPlan plan = SmallPlan();
  ASSERT_TRUE(store_->AddPlan(&plan).ok());
  EXPECT_GT(plan.id, 0);
  std::optional<ActionPlan> loaded;
  ASSERT_TRUE(store_->LoadPlan(plan.id, &loaded).ok());
  ASSERT_TRUE(loaded);
  ASSERT_EQ(loaded->actions.size(), 1u);
  EXPECT_EQ(loaded->actions[0].owners[0].agency, "Cleveland Fire Brigade");
  ASSERT_EQ(loaded->actions[0].log.size(), 1u);
  EXPECT_EQ(loaded->actions[0].log[0].date, D(2025, 3, 4));
  EXPECT_EQ(loaded->actions[0].log[0].author_role, "District Manager");
  ActionPlan again = SmallPlan();
  EXPECT_EQ(store_->AddPlan(&again).code(), Status::Code::kInvalidInput);  // the same title twice
}

TEST_F(ActionStoreTest, RefusesAnActionWithoutAnOwnerAndSavesNothing) {
  ActionPlan plan = SmallPlan();
  Action orphan = ActionDue(D(2025, 3, 31));
  orphan.owners.clear();
  plan.actions.push_back(orphan);
  Status st = store_->AddPlan(&plan);
  EXPECT_EQ(st.code(), Status::Code::kInvalidInput);
  EXPECT_NE(st.message().find("no owner"), std::string::npos) << st.message();
  std::vector<ActionPlanSummary> plans;
  ASSERT_TRUE(store_->ListPlans(&plans).ok());
  EXPECT_TRUE(plans.empty());
}

TEST_F(ActionStoreTest, TheLogCannotBeEditedOrDeletedEvenWithRawSql) {
  ActionPlan plan = SmallPlan();
  ASSERT_TRUE(store_->AddPlan(&plan).ok());
  const Action& a = plan.actions[0];
  EXPECT_NE(RawSql("UPDATE progress_entry SET text = 'rewritten'").find("append-only"), std::string::npos);
  EXPECT_NE(RawSql("DELETE FROM progress_entry").find("append-only"), std::string::npos);
  EXPECT_NE(RawSql("PRAGMA foreign_keys=ON; DELETE FROM plan_action").find("FOREIGN KEY"), std::string::npos);

  ProgressEntry correction{.date = D(2025, 3, 5), .author = "Sean Smith", .text = "Chairs it from April.",
                           .recorded_by = "command line (test)", .corrects = a.log[0].id};
  ASSERT_TRUE(store_->AppendProgress(a.id, &correction).ok());
  std::optional<Action> found;
  int64_t plan_id = 0;
  ASSERT_TRUE(store_->FindAction(a.id, &found, &plan_id).ok());
  ASSERT_EQ(found->log.size(), 2u);
  EXPECT_EQ(found->log[0].text, "Chairs the group.");  // the original stands
  EXPECT_EQ(found->log[1].corrects, a.log[0].id);
  EXPECT_EQ(plan_id, plan.id);

  ProgressEntry stray{.date = D(2025, 3, 5), .author = "X", .recorded_by = "t", .corrects = 999};
  EXPECT_EQ(store_->AppendProgress(a.id, &stray).code(), Status::Code::kInvalidInput);
  EXPECT_EQ(store_->AppendProgress(4242, &correction).code(), Status::Code::kNotFound);
  EXPECT_TRUE(store_->SetOwnerRag(a.id, ActionRag::kAmber).ok());
  EXPECT_EQ(store_->SetOwnerRag(4242, ActionRag::kAmber).code(), Status::Code::kNotFound);
}

TEST_F(ActionStoreTest, RefusesPostgres) {
  std::unique_ptr<ActionStore> other;
  EXPECT_EQ(OpenActionStore("postgresql://localhost/safer", &other).code(), Status::Code::kInvalidInput);
}

// --- import of seed 004's plan ----------------------------------------------------------

PlanImportOptions SeedOptions() {
  PlanImportOptions o;
  o.partnership = "Safer Hartlepool Partnership";
  o.title = "Safer Hartlepool Partnership Action Plan 2024/25";
  o.recorded_by = "command line (test)";
  o.default_due = D(2025, 3, 31);
  o.earliest = PlanYearStart(o.title);
  o.today = D(2025, 3, 14);
  return o;
}

const Action* FindByObjective(const ActionPlan& plan, std::string_view start) {
  for (const Action& a : plan.actions)
    if (a.objective.starts_with(start)) return &a;
  return nullptr;
}

const PlanImportProblem* FindProblem(const PlanImportResult& r, std::string_view text) {
  for (const PlanImportProblem& p : r.problems)
    if (p.reason.find(text) != std::string::npos) return &p;
  return nullptr;
}

TEST(PlanYear, FromTheTitle) {
  EXPECT_EQ(PlanYearStart("Safer Hartlepool Partnership Action Plan 2024/25"), D(2024, 4, 1));
  EXPECT_EQ(PlanYearStart("Domestic Abuse Action Plan 2016-17"), D(2016, 4, 1));
  EXPECT_FALSE(PlanYearStart("Domestic Abuse Action Plan 2016-2019"));
  EXPECT_FALSE(PlanYearStart("Action plan"));
}

TEST(PlanImport, SeedPlanActionsOwnersAndLog) {
  PlanImportResult r;
  ASSERT_TRUE(ReadActionPlanFile(kSeedPlan, SeedOptions(), &r).ok());
  // 44 actions, the four "Other Comments" notes set aside for want of an owner (with their
  // five entries); 73 dated entries, four more set aside: "O3/03/25", "02/03/24" twice and
  // "04/03/24".
  EXPECT_EQ(r.actions_read, 44);
  EXPECT_EQ(r.actions_set_aside, 4);
  EXPECT_EQ(r.plan.actions.size(), 40u);
  EXPECT_EQ(r.entries_read, 73);
  EXPECT_EQ(r.entries_set_aside, 9);
  const Action* drugs = FindByObjective(r.plan, "Work in partnership with the Combatting Drugs Partnership");
  ASSERT_TRUE(drugs);
  EXPECT_EQ(drugs->priority, "Drug and Alcohol Misuse");  // wrapped down the priority column

  const Action* first = FindByObjective(r.plan, "Ensure victims understand how to report ASB.");
  ASSERT_TRUE(first);
  EXPECT_EQ(first->priority, "Anti- Social Behaviour");
  ASSERT_EQ(first->owners.size(), 1u);
  EXPECT_EQ(first->owners[0].agency, "SHP members and partner organisations");
  EXPECT_EQ(first->due, D(2025, 3, 31));  // --due: seed 004 has no due-date column

  const Action* trigger = FindByObjective(r.plan, "Ensure victims are aware of the ASB case");
  ASSERT_TRUE(trigger);
  EXPECT_EQ(trigger->objective, "Ensure victims are aware of the ASB case review process – \"Community Trigger\" and how "
                                "to initiate it");
  ASSERT_GE(trigger->log.size(), 2u);
  EXPECT_EQ(trigger->log[0].date, D(2024, 6, 28));
  EXPECT_EQ(trigger->log[0].author, "Nicholas Stone");
  EXPECT_EQ(trigger->log[0].author_role, "Community Safety Team Leader");
  EXPECT_EQ(trigger->log[0].recorded_by, "command line (test)");
  EXPECT_EQ(trigger->log[1].date, D(2025, 3, 4));
  EXPECT_EQ(trigger->log[1].author, "Nicholas Stone and Philip Hepburn");
  EXPECT_EQ(trigger->log[1].author_role, "Community Safety Team Leader; Community Safety Manager");

  const Action* fires = FindByObjective(r.plan, "Reduce deliberate fires");
  ASSERT_TRUE(fires);  // kept: only its badly dated entry is set aside
  ASSERT_EQ(fires->log.size(), 1u);
  EXPECT_EQ(fires->log[0].date, D(2025, 3, 4));

  const PlanImportProblem* o3 = FindProblem(r, "\"O3/03/25\"");
  ASSERT_TRUE(o3);
  EXPECT_EQ(o3->row, 30);
  EXPECT_TRUE(o3->set_aside);
  EXPECT_EQ(o3->file, kSeedPlan);
  EXPECT_NE(o3->text.find("Sean Smith"), std::string::npos);
  const PlanImportProblem* slip = FindProblem(r, "\"02/03/24\"");
  ASSERT_TRUE(slip);
  EXPECT_EQ(slip->row, 110);
  EXPECT_TRUE(slip->set_aside);
  EXPECT_NE(slip->reason.find("before the plan's year began"), std::string::npos) << slip->reason;

  const Action* police = FindByObjective(r.plan, "Provide a more visible police and council officer");
  ASSERT_TRUE(police);
  bool cleveland = std::any_of(police->log.begin(), police->log.end(), [](const ProgressEntry& e) {
    return e.date == D(2025, 2, 28) && e.author == "Cleveland Police" && e.author_role.empty();
  });
  EXPECT_TRUE(cleveland);
  bool readman_wrapped = false;
  for (const Action& a : r.plan.actions)
    for (const ProgressEntry& e : a.log)
      readman_wrapped = readman_wrapped || (e.date == D(2025, 3, 3) && e.author == "Rachel Readman" &&
                                            e.author_role == "Trading Standards and Licensing Manager");
  EXPECT_TRUE(readman_wrapped);
  EXPECT_TRUE(FindProblem(r, "\"Other Comments\" has no owner"));
  const PlanImportProblem* order = FindProblem(r, "\"28/06/24\" is 28 June 2024, before the entry above it");
  ASSERT_TRUE(order);
  EXPECT_FALSE(order->set_aside);
}

TEST(PlanImport, WithoutADueDateEveryActionIsReported) {
  PlanImportOptions o = SeedOptions();
  o.default_due.reset();
  PlanImportResult r;
  ASSERT_TRUE(ReadActionPlanFile(kSeedPlan, o, &r).ok());
  EXPECT_TRUE(r.plan.actions.empty());
  EXPECT_EQ(r.actions_set_aside, r.actions_read);
  const PlanImportProblem* p = FindProblem(r, "a due date is required");
  ASSERT_TRUE(p);
  EXPECT_NE(p->reason.find("--due"), std::string::npos);
}

TEST(PlanImport, RefusesAFileWithoutAHeader) {
  std::string dir = TempDir();
  std::string path = dir + "/plan.csv";
  FILE* f = fopen(path.c_str(), "w");
  fputs("a,b,c\n1,2,3\n", f);
  fclose(f);
  PlanImportResult r;
  Status st = ReadActionPlanFile(path, SeedOptions(), &r);
  EXPECT_EQ(st.code(), Status::Code::kInvalidInput);
  EXPECT_NE(st.message().find("no header row"), std::string::npos);
  std::filesystem::remove_all(dir);
}

// The layout of seed 000 as CSV: NO / PRIORITY THEME / … / RAG, a second action under 1.1.
TEST(PlanImport, Seed000LayoutAsCsv) {
  std::string dir = TempDir();
  std::string path = dir + "/plan.csv";
  FILE* f = fopen(path.c_str(), "w");
  fputs("SAFER HARTLEPOOL PARTNERSHIP - DOMESTIC ABUSE ACTION PLAN 2016-2019\n"
        "NO,PRIORITY THEME,WHAT DO WE NEED TO DO,HOW ARE WE GOING TO DO IT,WHEN WILL WE DO IT BY,WHO WILL DO IT,"
        "DESIRED OUTCOME,PROGRESS UPDATE,RAG\n"
        "1.1,Partnership,Ensure practitioners have access to local resources,Develop a local on-line Toolkit.,"
        "September 2017,\"HBC Children Services - Jane Young\",Victims are supported.,"
        "\"12/07/2017 - Kate Ainger, HBC Community Safety\nToolkit drafted.\",Green\n"
        ",,,Promote the 'Find Support in your Area' on the TSAB website,September 2017,TSAB,,,\n"
        "3.1,Provision of Service,Learn from domestic homicide reviews,Review local reviews,As necessary,"
        "All agencies,,,\n",
        f);
  fclose(f);
  PlanImportOptions o = SeedOptions();
  o.default_due.reset();
  o.earliest.reset();
  PlanImportResult r;
  ASSERT_TRUE(ReadActionPlanFile(path, o, &r).ok());
  ASSERT_EQ(r.plan.actions.size(), 2u);
  const Action& a = r.plan.actions[0];
  EXPECT_EQ(a.reference, "1.1");
  EXPECT_EQ(a.due, D(2017, 9, 30));
  EXPECT_EQ(a.owners[0].agency, "HBC Children Services");
  EXPECT_EQ(a.owners[0].person, "Jane Young");
  EXPECT_EQ(a.owner_rag, ActionRag::kGreen);
  ASSERT_EQ(a.log.size(), 1u);
  EXPECT_EQ(a.log[0].text, "Toolkit drafted.");
  EXPECT_EQ(r.plan.actions[1].objective, a.objective);  // carried down
  EXPECT_EQ(r.plan.actions[1].priority, "Partnership");
  const PlanImportProblem* p = FindProblem(r, "\"As necessary\" is not a due date");
  ASSERT_TRUE(p);
  EXPECT_EQ(p->row, 6);
  EXPECT_EQ(r.actions_set_aside, 1);
  std::filesystem::remove_all(dir);
}

// --- XLSX -------------------------------------------------------------------------------

TEST(XlsxReader, ReadsStringsNumbersAndDates) {
  std::string dir = TempDir();
  std::string path = dir + "/plan.xlsx";
  lxw_workbook* wb = workbook_new(path.c_str());
  lxw_worksheet* first = workbook_add_worksheet(wb, "Cover");
  worksheet_write_string(first, 0, 0, "not this one", nullptr);
  lxw_worksheet* ws = workbook_add_worksheet(wb, "Plan");
  lxw_format* date = workbook_add_format(wb);
  format_set_num_format(date, "dd/mm/yyyy");
  worksheet_write_string(ws, 0, 0, "NO", nullptr);
  worksheet_write_string(ws, 0, 2, "Who", nullptr);
  worksheet_write_number(ws, 1, 0, 1.5, nullptr);
  lxw_datetime due = {2025, 3, 31, 0, 0, 0};
  worksheet_write_datetime(ws, 1, 1, &due, date);
  worksheet_write_string(ws, 1, 2, "Cleveland Police\nand HBC", nullptr);
  worksheet_write_number(ws, 3, 1, 45747, nullptr);  // a serial without a date style stays a number
  ASSERT_EQ(workbook_close(wb), LXW_NO_ERROR);

  std::vector<XlsxRow> rows;
  ASSERT_TRUE(ReadXlsxSheet(path, "Plan", &rows).ok());
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_EQ(rows[0].cells, (std::vector<std::string>{"NO", "", "Who"}));
  EXPECT_EQ(rows[1].cells, (std::vector<std::string>{"1.5", "2025-03-31", "Cleveland Police\nand HBC"}));
  EXPECT_EQ(rows[2].number, 4);
  EXPECT_EQ(rows[2].cells, (std::vector<std::string>{"", "45747"}));
  ASSERT_TRUE(ReadXlsxSheet(path, "", &rows).ok());
  EXPECT_EQ(rows[0].cells[0], "not this one");
  Status missing = ReadXlsxSheet(path, "Nope", &rows);
  EXPECT_EQ(missing.code(), Status::Code::kInvalidInput);
  EXPECT_NE(missing.message().find("\"Plan\""), std::string::npos) << missing.message();
  EXPECT_EQ(ReadXlsxSheet(kSeedPlan, "", &rows).code(), Status::Code::kInvalidInput);  // not a zip
  std::filesystem::remove_all(dir);
}

TEST(PlanXlsx, ExportThenImportKeepsActionsAndLog) {
  PlanImportResult seed;
  ASSERT_TRUE(ReadActionPlanFile(kSeedPlan, SeedOptions(), &seed).ok());
  std::string dir = TempDir();
  std::string path = dir + "/plan.xlsx";
  ASSERT_TRUE(WriteActionPlanXlsx(seed.plan, D(2025, 3, 14), D(2025, 3, 1), path).ok());

  PlanImportOptions o = SeedOptions();
  o.default_due.reset();
  PlanImportResult back;
  ASSERT_TRUE(ReadActionPlanFile(path, o, &back).ok());
  for (const auto& p : back.problems)
    if (p.set_aside) ADD_FAILURE() << p.row << ": " << p.reason;
  ASSERT_EQ(back.plan.actions.size(), seed.plan.actions.size());
  for (size_t i = 0; i < seed.plan.actions.size(); ++i) {
    const Action& a = seed.plan.actions[i];
    const Action& b = back.plan.actions[i];
    EXPECT_EQ(b.objective, a.objective) << i;
    EXPECT_EQ(b.priority, a.priority) << i;
    EXPECT_EQ(b.due, a.due) << i;
    EXPECT_EQ(b.owners.size(), a.owners.size()) << i;
    ASSERT_EQ(b.log.size(), a.log.size()) << i;
    for (size_t k = 0; k < a.log.size(); ++k) {
      EXPECT_EQ(b.log[k].date, a.log[k].date);
      EXPECT_EQ(b.log[k].author, a.log[k].author);
      EXPECT_EQ(b.log[k].author_role, a.log[k].author_role);
    }
  }
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace safer
