// safer minutes | safer agenda: the meeting documents (docs/meeting-documents.md) for a
// meeting in the database, as HTML or PDF, for members or for the public.
#include <algorithm>
#include <filesystem>
#include <iostream>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "cli/commands.h"
#include "governance/meeting_documents.h"
#include "performance/pack.h"
#include "performance/plan_file.h"
#include "store/meeting_store.h"

namespace safer::cli {
namespace {

constexpr const char* kDefaultPlan = "plans/safer-hartlepool-2017-20.yaml";

struct DocumentArgs {
  std::string meeting, partnership, previous, out;
  bool public_version = false;
  bool with_pack = false;
  std::string area, quarter, plan = kDefaultPlan;
};

// The partnership named, or the only one there is.
Status ChoosePartnership(MeetingStore& store, std::string* name) {
  if (!name->empty()) return Status::Ok();
  std::vector<std::string> names;
  Status st = store.ListPartnerships(&names);
  if (!st.ok()) return st;
  if (names.empty()) return Status::NotFound("no partnership has meetings yet: import one with `safer meeting import FILE`");
  if (names.size() > 1)
    return Status::InvalidInput(fmt::format("several partnerships have meetings; choose one with --partnership: {}",
                                            fmt::join(names, ", ")));
  *name = names.front();
  return Status::Ok();
}

std::optional<Date> ParseAnyDate(const std::string& text) {
  if (auto d = Date::ParseIso(text)) return d;
  if (auto d = Date::ParseUk(text)) return d;
  return Date::ParseWritten(text);
}

// A meeting by its id (digits) or its date, with its partnership.
Status LoadMeeting(MeetingStore& store, const std::string& which, std::string partnership, MeetingRecord* record,
                   Partnership* members) {
  std::optional<int64_t> id;
  if (!which.empty() && std::all_of(which.begin(), which.end(), [](char c) { return c >= '0' && c <= '9'; })) {
    id = std::stoll(which);
  } else {
    std::optional<Date> date = ParseAnyDate(which);
    if (!date) return Status::InvalidInput("\"" + which + "\" is neither a meeting id nor a date (2018-10-12, 12/10/2018, 12 October 2018)");
    Status st = ChoosePartnership(store, &partnership);
    if (st.ok()) st = store.FindMeeting(partnership, *date, &id);
    if (!st.ok()) return st;
    if (!id) return Status::NotFound(fmt::format("{} has no meeting on {}", partnership, date->ToLong()));
  }
  std::optional<MeetingRecord> loaded;
  Status st = store.LoadMeetingRecord(*id, &loaded);
  if (!st.ok()) return st;
  if (!loaded) return Status::NotFound(fmt::format("no meeting with id {}", *id));
  if (!partnership.empty() && loaded->meeting.partnership != partnership)
    return Status::NotFound(fmt::format("meeting {} is of {}, not {}", *id, loaded->meeting.partnership, partnership));
  std::optional<Partnership> found;
  st = store.FindPartnership(loaded->meeting.partnership, &found);
  if (!st.ok()) return st;
  if (!found) return Status::NotFound("no partnership called \"" + loaded->meeting.partnership + "\"");
  *record = std::move(*loaded);
  *members = std::move(*found);
  return Status::Ok();
}

// The last meeting before `date` with minutes recorded: the one whose minutes the agenda
// asks members to confirm.
Status LastMinutedMeeting(MeetingStore& store, const std::string& partnership, const Date& date, std::string* which) {
  std::vector<MeetingSummary> meetings;
  Status st = store.ListMeetings(partnership, std::nullopt, date.AddDays(-1), &meetings);
  if (!st.ok()) return st;
  for (auto it = meetings.rbegin(); it != meetings.rend(); ++it)
    if (it->last_minute > 0) {
      *which = std::to_string(it->id);
      return Status::Ok();
    }
  return Status::NotFound(fmt::format("{} has no minuted meeting before {}: give --previous", partnership, date.ToLong()));
}

Status BuildPerformancePack(const GlobalOptions& options, const DocumentArgs& args, PerformancePack* pack) {
  PackPeriod period;
  CommunitySafetyPlan plan;
  std::unique_ptr<Store> store;
  std::vector<Area> areas;
  Status st = ParsePackPeriod(args.quarter, "", "", &period);
  if (st.ok()) st = LoadPlan(args.plan, &plan);
  if (st.ok()) st = OpenConfiguredStore(options, &store);
  if (st.ok()) st = store->FindAreas(args.area, &areas);
  if (st.ok() && areas.empty()) st = Status::NotFound("no area called \"" + args.area + "\"");
  if (st.ok()) st = BuildPack(*store, plan, areas.front(), period, pack);
  return st;
}

void AddCommonOptions(CLI::App* cmd, DocumentArgs& args) {
  cmd->add_option("--partnership", args.partnership, "The partnership (needed when there are several)");
  cmd->add_option("--out", args.out, "The file to write: NAME.html or NAME.pdf")->required();
  cmd->add_flag("--public", args.public_version,
                "The public version: exempt items show their title and Schedule 12A paragraph only");
}

void Finish(const GlobalOptions& options, Outcome& outcome, const Status& st, const std::string& out) {
  if (!st.ok()) {
    outcome.exit_code = Fail(st);
    return;
  }
  if (!options.quiet) std::cout << "wrote " << out << "\n";
  outcome.exit_code = kExitOk;
}

}  // namespace

void AddDocumentCommands(CLI::App& app, GlobalOptions& options, Outcome& outcome) {
  auto minutes_args = std::make_shared<DocumentArgs>();
  auto* minutes = app.add_subcommand("minutes", "The minutes and decision record of a meeting, as HTML or PDF");
  minutes->add_option("meeting", minutes_args->meeting, "The meeting: its date (2018-10-12) or id")->required();
  AddCommonOptions(minutes, *minutes_args);
  minutes->footer("Without --public the document includes exempt minutes in full: it is for members only.");
  minutes->callback([minutes_args, &options, &outcome] {
    const DocumentArgs& a = *minutes_args;
    std::unique_ptr<MeetingStore> store;
    MeetingRecord record;
    Partnership partnership;
    Status st = OpenMeetingStore(options.db, &store);
    if (st.ok()) st = LoadMeeting(*store, a.meeting, a.partnership, &record, &partnership);
    if (st.ok() && record.minutes.empty())
      st = Status::NotFound(fmt::format("the meeting of {} has no minutes recorded", record.meeting.date.ToLong()));
    Audience audience = a.public_version ? Audience::kPublic : Audience::kEntitled;
    if (st.ok()) st = WriteMeetingDocument(MinutesHtml(record, partnership, audience), a.out);
    Finish(options, outcome, st, a.out);
  });

  auto agenda_args = std::make_shared<DocumentArgs>();
  auto* agenda = app.add_subcommand(
      "agenda", "The agenda pack of a meeting: agenda, minutes of the previous meeting, reports, performance pack");
  agenda->add_option("meeting", agenda_args->meeting, "The meeting: its date (2018-11-27) or id")->required();
  AddCommonOptions(agenda, *agenda_args);
  agenda->add_option("--previous", agenda_args->previous,
                     "The meeting whose minutes are confirmed (date or id; default the last one minuted before)");
  auto* with_pack = agenda->add_flag("--with-pack", agenda_args->with_pack, "Bind in the quarterly performance pack");
  agenda->add_option("--area", agenda_args->area, "The performance pack's area")->needs(with_pack);
  agenda->add_option("--quarter", agenda_args->quarter, "The performance pack's quarter, e.g. 2018/19-Q2")->needs(with_pack);
  agenda->add_option("--plan", agenda_args->plan, fmt::format("Community Safety Plan file (default {})", kDefaultPlan))
      ->needs(with_pack);
  agenda->footer("Without --public the pack includes exempt items and their reports: it is for members only.");
  agenda->callback([agenda_args, &options, &outcome] {
    const DocumentArgs& a = *agenda_args;
    if (a.with_pack && (a.area.empty() || a.quarter.empty())) {
      outcome.exit_code = Fail(Status::InvalidInput("--with-pack needs --area and --quarter"));
      return;
    }
    std::unique_ptr<MeetingStore> store;
    MeetingRecord record, previous;
    Partnership partnership, previous_partnership;
    std::string previous_which = a.previous;
    Status st = OpenMeetingStore(options.db, &store);
    if (st.ok()) st = LoadMeeting(*store, a.meeting, a.partnership, &record, &partnership);
    if (st.ok() && previous_which.empty())
      st = LastMinutedMeeting(*store, record.meeting.partnership, record.meeting.date, &previous_which);
    if (st.ok()) st = LoadMeeting(*store, previous_which, record.meeting.partnership, &previous, &previous_partnership);
    PerformancePack pack;
    if (st.ok() && a.with_pack) st = BuildPerformancePack(options, a, &pack);
    AgendaPackContents contents{&record, &previous, a.with_pack ? &pack : nullptr};
    Audience audience = a.public_version ? Audience::kPublic : Audience::kEntitled;
    if (st.ok()) st = WriteAgendaPack(contents, partnership, audience, a.out);
    Finish(options, outcome, st, a.out);
  });
}

}  // namespace safer::cli
