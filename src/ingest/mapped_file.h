// A whole file mapped read-only into memory: imports read files of hundreds of megabytes
// without copying them.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "domain/status.h"

namespace safer {

class MappedFile {
 public:
  MappedFile() = default;
  MappedFile(const MappedFile&) = delete;
  MappedFile& operator=(const MappedFile&) = delete;
  ~MappedFile();

  // Fails with a readable message when the path is missing, not a regular file, or unreadable.
  Status Open(const std::string& path);
  std::string_view contents() const { return {static_cast<const char*>(data_), size_}; }

 private:
  void* data_ = nullptr;
  size_t size_ = 0;
};

// The identity of a file's content ("xxh128:…"): the same bytes, the same edition, wherever
// the file lies. Rejections are keyed by it, so re-reading a file adds none twice.
std::string ContentHash(std::string_view bytes);

}  // namespace safer
