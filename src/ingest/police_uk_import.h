// Importing police.uk street files into a Store: which files, which force-months, what is
// new, replaced, unchanged or set aside. The policy lives here; the store only keeps rows.
//
// Rules (see docs/import.md):
// - A force-month (Falls within × Month) is replaced whole by a different edition of it:
//   the last edition imported wins, unless the user labels editions and the stored label
//   is later than the one given, in which case the stored edition is kept.
// - A file whose content is the edition already held changes nothing; its rows count as
//   unchanged.
// - Within a force-month a Crime ID appears once: an identical repeat is an unchanged
//   duplicate; a repeat with different content is rejected. ASB rows have no id and
//   identical ASB rows are legitimate separate reports: each is kept.
// - Everything happens in one transaction: all files of one import or none of them.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "domain/status.h"
#include "store/store.h"

namespace safer {

struct PoliceUkImportOptions {
  std::string edition_label;  // optional, compared as text: use sortable labels (YYYY-MM)
  // Called now and then with bytes done and bytes in all files.
  std::function<void(uint64_t done, uint64_t total)> progress;
  // Called for each rejected row, with "file:line: reason".
  std::function<void(const std::string&)> on_rejection;
};

struct FileImportReport {
  std::string path;
  std::string problem;  // non-empty: the file as a whole could not be imported, and why
  int64_t read = 0;       // records read, header excluded, blank lines excluded
  int64_t imported = 0;
  int64_t rejected = 0;
  int64_t unchanged = 0;  // already held (same edition) or identical duplicates
  int64_t blank_lines = 0;
  int64_t force_months_replaced = 0;
  int64_t force_months_kept = 0;  // a later labelled edition was already held
};

struct PoliceUkImportReport {
  int64_t import_id = 0;
  std::vector<FileImportReport> files;
  std::vector<std::string> skipped;  // files in named directories that are not *-street.csv
  FileImportReport totals;           // sums over files (path empty)
  int files_with_problems = 0;
};

// Expands directories (recursively, files named *-street.csv, sorted) and keeps files as
// named. Fails when a named path does not exist.
Status FindPoliceUkFiles(const std::vector<std::string>& paths, std::vector<std::string>* files,
                         std::vector<std::string>* skipped);

Status ImportPoliceUk(Store& store, const std::vector<std::string>& files,
                      const PoliceUkImportOptions& options, PoliceUkImportReport* report);

}  // namespace safer
