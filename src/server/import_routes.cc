// Uploads and the import history: police.uk files and indicator values streamed to a
// private directory, imported by the same code as `safer import`, one import at a time;
// rejected rows shown only to the importing agency (and admins).
#include <filesystem>
#include <fstream>
#include <sstream>

#include <fmt/format.h>

#include "ingest/indicator_value_import.h"
#include "ingest/police_uk_import.h"
#include "server/api.h"

namespace safer::server {
namespace {

constexpr int kMaxFiles = 200;
constexpr size_t kRejectionsShown = 100;

std::string BaseName(const std::string& path) { return std::filesystem::path(path).filename().string(); }

void AddPoliceUkUpload(Api& api) {
  api.Upload("/api/imports/police-uk", Permission::kImport, [](Call& call, const httplib::ContentReader& reader) {
    ScratchDirectory dir("safer-upload");
    if (!dir.ok()) return ReplyError(call.res, 500, "the server has no room for the upload just now");
    std::vector<ReceivedFile> files;
    std::map<std::string, std::string> fields;
    if (!ReceiveFiles(call, reader, dir.path().string(), {".csv"}, kMaxFiles, &files, &fields)) return;
    PoliceUkImportOptions options;
    options.edition_label = fields["edition"];
    std::vector<std::string> paths;
    for (const auto& f : files) paths.push_back(f.path);
    json rejections = json::array();
    options.on_rejection = [&](const std::string& r) {
      if (rejections.size() < kRejectionsShown) rejections.push_back(WithoutDirectory(r, dir.path().string()));
    };
    PoliceUkImportReport report;
    Status st;
    {
      std::lock_guard lock(call.state.import_mutex);
      st = ImportPoliceUk(call.db.store(), paths, options, &report);
    }
    if (!st.ok()) {
      call.Audit("import", "police-uk", WithoutDirectory(st.message(), dir.path().string()), false);
      return ReplyError(call.res, HttpStatusFor(st) == 500 ? 500 : 400, WithoutDirectory(st.message(), dir.path().string()));
    }
    if (report.import_id) call.db.access().SetImportOwner(report.import_id, call.user->username, call.user->agency);
    json per_file = json::array();
    for (size_t i = 0; i < report.files.size(); ++i) {
      const auto& f = report.files[i];
      per_file.push_back(json{{"name", i < files.size() ? files[i].name : BaseName(f.path)},
                              {"problem", WithoutDirectory(f.problem, dir.path().string())},
                              {"read", f.read},
                              {"imported", f.imported},
                              {"rejected", f.rejected},
                              {"unchanged", f.unchanged}});
    }
    const auto& t = report.totals;
    call.Audit("import", fmt::format("import {}", report.import_id),
               fmt::format("police-uk: {} files; read {}, imported {}, rejected {}, unchanged {}", files.size(), t.read,
                           t.imported, t.rejected, t.unchanged));
    ReplyJson(call.res, json{{"import_id", report.import_id},
                             {"read", t.read},
                             {"imported", t.imported},
                             {"rejected", t.rejected},
                             {"unchanged", t.unchanged},
                             {"force_months_replaced", t.force_months_replaced},
                             {"files", per_file},
                             {"rejections", rejections}});
  });
}

void AddIndicatorValueUpload(Api& api) {
  api.Upload("/api/imports/indicator-values", Permission::kImport, [](Call& call, const httplib::ContentReader& reader) {
    ScratchDirectory dir("safer-upload");
    if (!dir.ok()) return ReplyError(call.res, 500, "the server has no room for the upload just now");
    std::vector<ReceivedFile> files;
    std::map<std::string, std::string> fields;
    if (!ReceiveFiles(call, reader, dir.path().string(), {".csv"}, kMaxFiles, &files, &fields)) return;
    if (files.size() != 1) return ReplyError(call.res, 400, "send one indicator-values file at a time");
    IndicatorValueImportReport report;
    Status st;
    {
      std::lock_guard lock(call.state.import_mutex);
      st = ImportIndicatorValues(call.db.store(), files[0].path, &report);
    }
    if (!st.ok()) {
      call.Audit("import", "indicator-values", WithoutDirectory(st.message(), dir.path().string()), false);
      return ReplyError(call.res, HttpStatusFor(st) == 500 ? 500 : 400, WithoutDirectory(st.message(), dir.path().string()));
    }
    if (report.import_id) call.db.access().SetImportOwner(report.import_id, call.user->username, call.user->agency);
    json rejections = json::array();
    for (const auto& r : report.rejections)
      if (rejections.size() < kRejectionsShown) rejections.push_back(WithoutDirectory(r, dir.path().string()));
    call.Audit("import", fmt::format("import {}", report.import_id),
               fmt::format("indicator-values {}: read {}, imported {}, rejected {}", files[0].name, report.read,
                           report.imported, report.rejected));
    ReplyJson(call.res, json{{"import_id", report.import_id},
                             {"read", report.read},
                             {"imported", report.imported},
                             {"rejected", report.rejected},
                             {"rejections", rejections}});
  });
}

}  // namespace

void AddImportRoutes(Api& api) {
  api.Get("/api/imports", Permission::kImport, [](Call& call) {
    std::vector<ImportSummary> imports;
    if (Status st = call.db.store().ListImports(&imports); !st.ok()) return ReplyStatus(call.res, st);
    json out = json::array();
    for (auto it = imports.rbegin(); it != imports.rend(); ++it) {
      std::optional<std::string> agency;
      if (Status st = call.db.access().FindImportOwner(it->id, &agency); !st.ok()) return ReplyStatus(call.res, st);
      // Sources are paths separated by spaces; uploads were in a scratch directory since removed.
      std::string sources;
      std::istringstream words(it->sources);
      for (std::string word; words >> word;) sources += (sources.empty() ? "" : " ") + BaseName(word);
      out.push_back(json{{"id", it->id},
                         {"kind", it->kind},
                         {"started_at", it->started_at},
                         {"finished_at", it->finished_at},
                         {"status", it->status},
                         {"sources", sources},
                         {"read", it->read},
                         {"imported", it->imported},
                         {"rejected", it->rejected},
                         {"unchanged", it->unchanged},
                         {"replaced_force_months", it->replaced_force_months},
                         {"agency", agency ? json(*agency) : json(nullptr)}});
    }
    ReplyJson(call.res, out);
  });

  api.Get(R"(/api/imports/(\d{1,18})/rejections)", Permission::kViewRejections, [](Call& call) {
    const int64_t id = std::stoll(call.req.matches[1]);
    int64_t limit = 500;
    if (!IntegerParam(call, "limit", 1, 5000, &limit)) return;
    std::vector<ImportSummary> imports;
    if (Status st = call.db.store().ListImports(&imports); !st.ok()) return ReplyStatus(call.res, st);
    if (std::none_of(imports.begin(), imports.end(), [&](const ImportSummary& i) { return i.id == id; }))
      return ReplyError(call.res, 404, fmt::format("no import {}", id));
    std::optional<std::string> agency;
    if (Status st = call.db.access().FindImportOwner(id, &agency); !st.ok()) return ReplyStatus(call.res, st);
    // Imports made from the command line have no owner: their rows are the administrators'.
    const bool own = agency && *agency == call.user->agency;
    if (!own && call.user->role != Role::kAdmin) {
      call.Audit("read-rejections", fmt::format("import {}", id), "refused: another agency's import", false);
      return ReplyError(call.res, 403, "these rejected rows belong to another agency's import");
    }
    json rows = json::array();
    bool truncated = false;
    Status st = call.db.store().ListRejections(id, [&](const Rejection& r) {
      if (static_cast<int64_t>(rows.size()) >= limit) {
        truncated = true;
        return;
      }
      rows.push_back(json{{"source_file", BaseName(r.source_file)}, {"line", r.line}, {"reason", r.reason}, {"raw", r.raw}});
    });
    if (!st.ok()) return ReplyStatus(call.res, st);
    call.Audit("read-rejections", fmt::format("import {}", id), fmt::format("{} rows", rows.size()));
    ReplyJson(call.res, json{{"rows", rows}, {"truncated", truncated}});
  });

  AddPoliceUkUpload(api);
  AddIndicatorValueUpload(api);
}

}  // namespace safer::server
