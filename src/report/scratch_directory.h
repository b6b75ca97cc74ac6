// A private temporary directory (mkdtemp, mode 0700) for the files one job writes — a PDF's
// HTML, an upload, a download — removed with everything in it when the job is done.
#pragma once

#include <filesystem>
#include <string_view>

namespace safer {

class ScratchDirectory {
 public:
  explicit ScratchDirectory(std::string_view prefix);  // "safer-pack" → /tmp/safer-pack-XXXXXX
  ~ScratchDirectory();
  ScratchDirectory(const ScratchDirectory&) = delete;
  ScratchDirectory& operator=(const ScratchDirectory&) = delete;
  bool ok() const { return !path_.empty(); }  // false when the directory could not be made
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

}  // namespace safer
