// safer report quarterly: the performance pack for an area and a quarter (or months);
// safer report analysis: the analysis chapter of the strategic assessment.
#include <filesystem>
#include <iostream>

#include <fmt/format.h>

#include "analysis/analysis_chapter.h"
#include "cli/commands.h"
#include "performance/pack.h"
#include "performance/plan_file.h"
#include "report/pack_writers.h"

namespace safer::cli {
namespace {

constexpr const char* kDefaultPlan = "plans/safer-hartlepool-2017-20.yaml";

struct ReportArgs {
  std::string area, quarter, from, to, out, plan = kDefaultPlan;
  std::vector<std::string> formats = {"html", "xlsx", "csv", "pdf"};
};

struct ChapterArgs {
  std::string area, from, to, out;
  std::vector<std::string> categories, formats = {"html", "pdf"};
  ChapterOptions options;
};

void AddAnalysisChapterCommand(CLI::App& report, GlobalOptions& options, Outcome& outcome) {
  auto* cmd = report.add_subcommand("analysis", "The analysis chapter of the strategic assessment as HTML and PDF");
  cmd->footer(
      "Writes DIR/analysis.html (self-contained) and analysis.pdf: where harm concentrates,\n"
      "hotspots, repeat locations and the months outside their expected range, each with the\n"
      "notes on what was left out. See docs/analyse.md.");
  auto args = std::make_shared<ChapterArgs>();
  cmd->add_option("--area", args->area, "A local authority or force (name or code)")->required();
  cmd->add_option("--from", args->from, "First month, YYYY-MM")->required();
  cmd->add_option("--to", args->to, "Last month, YYYY-MM (inclusive)")->required();
  cmd->add_option("--category", args->categories, "Only this category and those below it (repeatable)");
  cmd->add_option("--top", args->options.top_n, "Rows in the top-N tables (default 10)")->check(CLI::Range(1, 1000));
  cmd->add_option("--out", args->out, "Directory to write into (created)")->required();
  cmd->add_option("--format", args->formats, "Only these formats: html, pdf (repeatable)")
      ->check(CLI::IsMember({"html", "pdf"}));
  cmd->callback([args, &options, &outcome] {
    std::unique_ptr<Store> store;
    AnalysisDocument document;
    Status st = OpenConfiguredStore(options, &store);
    if (st.ok())
      st = BuildAnalysisChapter(*store, {args->area, args->from, args->to, args->categories}, args->options,
                                &document);
    std::error_code ec;
    if (st.ok() && (std::filesystem::create_directories(args->out, ec), ec))
      st = Status::IOError(args->out + ": cannot create the directory: " + ec.message());
    const std::string html = args->out + "/analysis.html", pdf = args->out + "/analysis.pdf";
    if (st.ok()) st = WriteAnalysisHtml(document, html);
    const bool want_pdf = std::find(args->formats.begin(), args->formats.end(), "pdf") != args->formats.end();
    if (st.ok() && want_pdf) st = PrintHtmlToPdf(html, pdf);
    if (!st.ok()) {
      outcome.exit_code = Fail(st);
      return;
    }
    if (!options.quiet) {
      std::cout << fmt::format("Analysis — {}, {}\nwrote {}\n", document.area, document.period, html);
      if (want_pdf) std::cout << "wrote " << pdf << "\n";
    }
  });
}

}  // namespace

void AddReportCommand(CLI::App& app, GlobalOptions& options, Outcome& outcome) {
  auto* report = app.add_subcommand("report", "Make reports: the quarterly performance pack, the analysis chapter");
  report->require_subcommand(1);
  AddAnalysisChapterCommand(*report, options, outcome);
  auto* cmd = report->add_subcommand("quarterly", "The quarterly performance pack as HTML, XLSX, CSV and PDF");
  cmd->footer(
      "Writes DIR/pack.html (self-contained, print-friendly), pack.xlsx, pack.csv (every figure,\n"
      "one per line, with its definition and provenance) and pack.pdf (via headless Chromium).\n"
      "The plan file (docs/plan-file.md) names the objectives and indicators; supplied values come\n"
      "from `safer import indicator-values`. Missing figures say why; they are never zero.");
  auto args = std::make_shared<ReportArgs>();
  cmd->add_option("--area", args->area, "A local authority or force (name or code)")->required();
  cmd->add_option("--quarter", args->quarter, "Financial quarter, e.g. 2018/19-Q2 (Q1 = Apr–Jun)");
  cmd->add_option("--from", args->from, "Or a first month, YYYY-MM");
  cmd->add_option("--to", args->to, "… and a last month, YYYY-MM");
  cmd->add_option("--out", args->out, "Directory to write the pack into (created)")->required();
  cmd->add_option("--plan", args->plan, fmt::format("Community Safety Plan file (default {})", kDefaultPlan));
  cmd->add_option("--format", args->formats, "Only these formats: html, xlsx, csv, pdf (repeatable)")
      ->check(CLI::IsMember({"html", "xlsx", "csv", "pdf"}));
  cmd->callback([args, &options, &outcome] {
    PackPeriod period;
    CommunitySafetyPlan plan;
    std::unique_ptr<Store> store;
    std::vector<Area> areas;
    Status st = ParsePackPeriod(args->quarter, args->from, args->to, &period);
    if (st.ok()) st = LoadPlan(args->plan, &plan);
    if (st.ok()) st = OpenConfiguredStore(options, &store);
    if (st.ok()) st = store->FindAreas(args->area, &areas);
    if (st.ok() && areas.empty()) st = Status::NotFound("no area called \"" + args->area + "\"");
    if (st.ok() && areas.front().level != AreaLevel::kForce && areas.front().level != AreaLevel::kLocalAuthority)
      st = Status::InvalidInput("a pack is made for a local authority or a force");
    PerformancePack pack;
    if (st.ok()) st = BuildPack(*store, plan, areas.front(), period, &pack);
    std::error_code ec;
    if (st.ok() && (std::filesystem::create_directories(args->out, ec), ec))
      st = Status::IOError(args->out + ": cannot create the directory: " + ec.message());
    if (!st.ok()) {
      outcome.exit_code = Fail(st);
      return;
    }
    auto wants = [&](const char* f) { return std::find(args->formats.begin(), args->formats.end(), f) != args->formats.end(); };
    const std::string html = args->out + "/pack.html";
    std::vector<std::string> written;
    bool failed = false;
    auto write = [&](const char* format, const std::string& path, Status s) {
      if (s.ok()) written.push_back(path);
      else {
        Fail(s);
        failed = true;
      }
    };
    if (wants("html") || wants("pdf")) write("html", html, WritePackHtml(pack, html));
    if (wants("xlsx")) write("xlsx", args->out + "/pack.xlsx", WritePackXlsx(pack, args->out + "/pack.xlsx"));
    if (wants("csv")) write("csv", args->out + "/pack.csv", WritePackCsv(pack, args->out + "/pack.csv"));
    if (wants("pdf")) write("pdf", args->out + "/pack.pdf", PrintHtmlToPdf(html, args->out + "/pack.pdf"));
    if (!options.quiet) {
      std::cout << fmt::format("{} — {}, {}\n", pack.plan_title, pack.area.name, pack.period.label);
      for (const auto& w : written) std::cout << "wrote " << w << "\n";
    }
    outcome.exit_code = failed ? kExitPartial : kExitOk;
  });
}

}  // namespace safer::cli
