#include "ingest/police_uk_import.h"

#include <xxhash.h>

#include <algorithm>
#include <condition_variable>
#include <cstring>
#include <deque>
#include <mutex>
#include <thread>
#include <filesystem>
#include <map>
#include <unordered_map>

#include <fmt/format.h>

#include "ingest/csv_reader.h"
#include "ingest/mapped_file.h"
#include "ingest/police_uk.h"

namespace safer {
namespace {

namespace fs = std::filesystem;

constexpr size_t kMaxRawKept = 1000;     // bytes of a rejected record kept for the user
constexpr uint64_t kProgressStep = 4 << 20;

// All 32 bytes: police.uk's ids look random, but ids from other sources may share prefixes.
struct CrimeIdHash {
  size_t operator()(const CrimeId& id) const { return XXH3_64bits(id.data(), id.size()); }
};

struct FirstSighting {
  int64_t line;
  uint64_t raw_hash;
};

// A record read and checked, waiting to be stored. Views point into the mapped file, or
// into the batch's own copies for the rare quoted record.
struct ParsedRow {
  int64_t line = 0;
  std::string_view raw;
  Incident incident;
  std::string reason;      // non-empty: set the row aside
  bool duplicate = false;  // an exact repeat of an earlier row with the same Crime ID
};

struct RowBatch {
  std::vector<ParsedRow> rows;
  std::deque<std::string> owned;  // a deque: growing it does not move earlier strings
  uint64_t offset = 0;            // bytes of the file read when the batch was full
};

// A bounded hand-over of batches from the reading thread to the storing thread.
class RowQueue {
 public:
  static constexpr size_t kRowsPerBatch = 8192;

  void Push(std::unique_ptr<RowBatch> batch) {
    std::unique_lock lock(mutex_);
    not_full_.wait(lock, [&] { return batches_.size() < kDepth || cancelled_; });
    if (cancelled_) return;
    batches_.push_back(std::move(batch));
    not_empty_.notify_one();
  }
  void Close() {
    std::lock_guard lock(mutex_);
    closed_ = true;
    not_empty_.notify_one();
  }
  void Cancel() {
    std::lock_guard lock(mutex_);
    cancelled_ = true;
    not_full_.notify_one();
  }
  bool cancelled() {
    std::lock_guard lock(mutex_);
    return cancelled_;
  }
  // A batch the storing thread is done with, kept for the reader to fill again: batches
  // are megabytes, and allocating them afresh costs page faults on both threads.
  void Recycle(std::unique_ptr<RowBatch> batch) {
    batch->rows.clear();
    batch->owned.clear();
    std::lock_guard lock(mutex_);
    free_.push_back(std::move(batch));
  }
  std::unique_ptr<RowBatch> EmptyBatch() {
    std::lock_guard lock(mutex_);
    if (free_.empty()) {
      auto batch = std::make_unique<RowBatch>();
      batch->rows.reserve(kRowsPerBatch);
      return batch;
    }
    auto batch = std::move(free_.back());
    free_.pop_back();
    return batch;
  }

  // Empty once the reader has closed the queue and every batch was taken.
  std::unique_ptr<RowBatch> Pop() {
    std::unique_lock lock(mutex_);
    not_empty_.wait(lock, [&] { return !batches_.empty() || closed_; });
    if (batches_.empty()) return nullptr;
    auto batch = std::move(batches_.front());
    batches_.pop_front();
    not_full_.notify_one();
    return batch;
  }

 private:
  static constexpr size_t kDepth = 4;
  std::mutex mutex_;
  std::condition_variable not_empty_, not_full_;
  std::deque<std::unique_ptr<RowBatch>> batches_;
  std::vector<std::unique_ptr<RowBatch>> free_;
  bool closed_ = false, cancelled_ = false;
};

bool Inside(std::string_view part, std::string_view whole) {
  return part.data() >= whole.data() && part.data() + part.size() <= whole.data() + whole.size();
}

// Gives a row whose fields were unescaped into the reader's scratch space its own copies.
void OwnFields(ParsedRow& row, RowBatch& batch) {
  Incident& i = row.incident;
  for (std::string_view* v : {&i.reported_by, &i.falls_within, &i.location_description, &i.lsoa_code,
                              &i.lsoa_name, &i.last_outcome, &i.context}) {
    if (v->empty() || Inside(*v, row.raw)) continue;
    *v = batch.owned.emplace_back(*v);
  }
}

// Remembers the Crime IDs seen in each force-month of a file, to tell an identical repeat
// (kept once) from a repeat with different content (set aside).
class CrimeIdRegister {
 public:
  void Check(const CsvRecord& record, ParsedRow& row) {
    const Incident& incident = row.incident;
    if (!last_ || last_month_ != incident.month || last_force_ != incident.falls_within) {
      last_ = &seen_[{std::string(incident.falls_within), incident.month.index()}];
      last_force_ = std::string(incident.falls_within);
      last_month_ = incident.month;
    }
    uint64_t raw_hash = XXH3_64bits(record.raw.data(), record.raw.size());
    auto [it, inserted] = last_->try_emplace(*incident.crime_id, FirstSighting{row.line, raw_hash});
    if (inserted) return;
    if (it->second.raw_hash == raw_hash) row.duplicate = true;
    else row.reason = fmt::format("Crime ID repeated: first seen at line {} with different content", it->second.line);
  }

 private:
  using Sightings = std::unordered_map<CrimeId, FirstSighting, CrimeIdHash>;
  std::map<std::pair<std::string, int>, Sightings> seen_;
  Sightings* last_ = nullptr;
  std::string last_force_;
  Month last_month_;
};

// Runs on the reading thread: hashes the file (the edition's identity), then reads, checks
// and hands over its rows. The hash is written before the first batch is handed over.
void ReadRows(std::string_view contents, CsvReader& reader, RowQueue& queue, std::string* content_hash) {
  *content_hash = ContentHash(contents);
  auto batch = queue.EmptyBatch();
  CrimeIdRegister crime_ids;
  CsvRecord record;
  while (reader.Next(&record)) {
    ParsedRow& row = batch->rows.emplace_back();
    row.line = record.line;
    row.raw = record.raw;
    row.reason = ParsePoliceUkRecord(record, &row.incident);
    if (row.reason.empty()) {
      OwnFields(row, *batch);
      if (row.incident.crime_id) crime_ids.Check(record, row);
    }
    if (batch->rows.size() == RowQueue::kRowsPerBatch) {
      batch->offset = reader.offset();
      queue.Push(std::move(batch));
      if (queue.cancelled()) break;
      batch = queue.EmptyBatch();
    }
  }
  if (!queue.cancelled() && !batch->rows.empty()) {
    batch->offset = reader.offset();
    queue.Push(std::move(batch));
  }
  queue.Close();
}

// What this import does with one force-month of one file.
struct ForceMonthPlan {
  enum Mode { kWrite, kUnchanged, kKeepLater } mode = kWrite;
  int64_t edition_id = 0;
};

class FileImport {
 public:
  FileImport(ImportSession& session, const PoliceUkImportOptions& options, FileImportReport& report)
      : session_(session), options_(options), report_(report) {}

  Status Run(const std::string& path, uint64_t bytes_before, uint64_t bytes_total) {
    MappedFile file;
    if (Status st = file.Open(path); !st.ok()) return Problem(st.message());
    std::string_view contents = file.contents();
    if (contents.empty()) return Problem(path + ": empty file (no header, no rows)");
    path_ = path;

    CsvReader reader(contents);
    CsvRecord header;
    if (!reader.Next(&header)) return Problem(path + ": empty file (only blank lines)");
    if (Status st = CheckPoliceUkHeader(header); !st.ok())
      return Problem(path + ":" + std::to_string(header.line) + ": " + st.message());

    // Reading and checking rows runs on a second thread while this one writes to the store:
    // the two halves cost about the same, and the machine has two cores.
    RowQueue queue;
    std::thread reading([&] { ReadRows(contents, reader, queue, &hash_); });
    Status result = Status::Ok();
    uint64_t next_progress = kProgressStep;
    for (std::unique_ptr<RowBatch> batch; (batch = queue.Pop());) {
      for (const ParsedRow& row : batch->rows) {
        if (!result.ok()) break;
        ++report_.read;
        result = row.reason.empty() ? Take(row) : Reject(row, row.reason);
      }
      if (!result.ok()) queue.Cancel();
      if (options_.progress && batch->offset >= next_progress) {
        options_.progress(bytes_before + batch->offset, bytes_total);
        next_progress = batch->offset + kProgressStep;
      }
      queue.Recycle(std::move(batch));
    }
    reading.join();
    if (!result.ok()) return result;
    report_.blank_lines = reader.blank_lines();
    if (options_.progress) options_.progress(bytes_before + contents.size(), bytes_total);
    return Status::Ok();
  }

 private:
  // A problem with the whole file is reported, not fatal: the other files still import.
  Status Problem(std::string message) {
    report_.problem = std::move(message);
    return Status::Ok();
  }

  Status Reject(const ParsedRow& row, const std::string& reason) {
    ++report_.rejected;
    Rejection r;
    r.source_file = path_;
    r.content_hash = hash_;
    r.line = row.line;
    r.reason = reason;
    r.raw = std::string(row.raw.substr(0, kMaxRawKept));
    if (options_.on_rejection) options_.on_rejection(fmt::format("{}:{}: {}", path_, row.line, reason));
    return session_.AddRejection(r);
  }

  // Stores a well-formed row, or counts it as unchanged (a duplicate, or an edition held).
  Status Take(const ParsedRow& row) {
    const Incident& incident = row.incident;
    ForceMonthPlan* plan = nullptr;
    if (Status st = PlanFor(incident, &plan); !st.ok()) return st;
    if (row.duplicate || plan->mode != ForceMonthPlan::kWrite) {
      ++report_.unchanged;
      return Status::Ok();
    }
    ++report_.imported;
    return session_.AddIncident(plan->edition_id, incident, row.line);
  }

  Status PlanFor(const Incident& incident, ForceMonthPlan** out) {
    // Files hold one force-month almost always: remember the last one looked up.
    if (last_ && last_month_ == incident.month && last_force_ == incident.falls_within) {
      *out = last_;
      return Status::Ok();
    }
    auto key = std::make_pair(std::string(incident.falls_within), incident.month.index());
    auto it = plans_.find(key);
    if (it == plans_.end()) {
      ForceMonthPlan plan;
      std::optional<Edition> current;
      if (Status st = session_.CurrentEdition(key.first, incident.month, &current); !st.ok()) return st;
      if (current && current->content_hash == hash_) {
        plan.mode = ForceMonthPlan::kUnchanged;
      } else if (current && !options_.edition_label.empty() && current->label > options_.edition_label) {
        plan.mode = ForceMonthPlan::kKeepLater;
        ++report_.force_months_kept;
      } else {
        Edition edition;
        edition.import_id = session_.import_id();
        edition.force = key.first;
        edition.month = incident.month;
        edition.source_file = path_;
        edition.content_hash = hash_;
        edition.label = options_.edition_label;
        if (Status st = session_.StartEdition(&edition); !st.ok()) return st;
        plan.edition_id = edition.id;
        if (current) ++report_.force_months_replaced;
      }
      it = plans_.emplace(key, std::move(plan)).first;
    }
    last_ = &it->second;
    last_force_ = it->first.first;
    last_month_ = incident.month;
    *out = last_;
    return Status::Ok();
  }

  ImportSession& session_;
  const PoliceUkImportOptions& options_;
  FileImportReport& report_;
  std::string path_;
  std::string hash_;
  std::map<std::pair<std::string, int>, ForceMonthPlan> plans_;
  ForceMonthPlan* last_ = nullptr;
  std::string_view last_force_;
  Month last_month_;
};

void AddTo(FileImportReport& sum, const FileImportReport& r) {
  sum.read += r.read;
  sum.imported += r.imported;
  sum.rejected += r.rejected;
  sum.unchanged += r.unchanged;
  sum.blank_lines += r.blank_lines;
  sum.force_months_replaced += r.force_months_replaced;
  sum.force_months_kept += r.force_months_kept;
}

bool IsStreetFile(const fs::path& p) {
  const std::string name = p.filename().string();
  return name.size() > 11 && name.ends_with("-street.csv");
}

}  // namespace

Status FindPoliceUkFiles(const std::vector<std::string>& paths, std::vector<std::string>* files,
                         std::vector<std::string>* skipped) {
  for (const auto& p : paths) {
    std::error_code ec;
    auto status = fs::status(p, ec);
    if (ec || !fs::exists(status)) return Status::NotFound(p + ": no such file or directory");
    if (!fs::is_directory(status)) {
      files->push_back(p);
      continue;
    }
    std::vector<std::string> found;
    auto options = fs::directory_options::skip_permission_denied;
    for (auto it = fs::recursive_directory_iterator(p, options, ec);
         !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
      if (it->is_directory(ec)) continue;
      if (IsStreetFile(it->path())) found.push_back(it->path().string());
      else skipped->push_back(it->path().string());
    }
    if (ec) return Status::IOError(p + ": cannot list the directory: " + ec.message());
    std::sort(found.begin(), found.end());
    files->insert(files->end(), found.begin(), found.end());
  }
  std::sort(skipped->begin(), skipped->end());
  // The same file named twice is imported once.
  std::vector<std::string> unique;
  for (const auto& f : *files)
    if (std::find(unique.begin(), unique.end(), f) == unique.end()) unique.push_back(f);
  *files = std::move(unique);
  return Status::Ok();
}

Status ImportPoliceUk(Store& store, const std::vector<std::string>& files,
                      const PoliceUkImportOptions& options, PoliceUkImportReport* report) {
  uint64_t total_bytes = 0;
  std::vector<uint64_t> sizes;
  for (const auto& f : files) {
    std::error_code ec;
    uint64_t size = fs::file_size(f, ec);
    sizes.push_back(ec ? 0 : size);
    total_bytes += sizes.back();
  }
  std::string sources;
  for (const auto& f : files) sources += (sources.empty() ? "" : " ") + f;

  std::unique_ptr<ImportSession> session;
  if (Status st = store.BeginImport("police-uk", sources, &session); !st.ok()) return st;
  report->import_id = session->import_id();

  uint64_t done = 0;
  for (size_t i = 0; i < files.size(); ++i) {
    FileImportReport file_report;
    file_report.path = files[i];
    FileImport import(*session, options, file_report);
    if (Status st = import.Run(files[i], done, total_bytes); !st.ok()) return st;
    done += sizes[i];
    if (!file_report.problem.empty()) ++report->files_with_problems;
    AddTo(report->totals, file_report);
    report->files.push_back(std::move(file_report));
  }

  ImportSummary totals;
  totals.read = report->totals.read;
  totals.imported = report->totals.imported;
  totals.rejected = report->totals.rejected;
  totals.unchanged = report->totals.unchanged;
  totals.replaced_force_months = report->totals.force_months_replaced;
  return session->Commit(totals);
}

}  // namespace safer
