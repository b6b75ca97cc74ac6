#include "ingest/mapped_file.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <xxhash.h>

#include <cerrno>
#include <cstring>

#include <fmt/format.h>

namespace safer {

MappedFile::~MappedFile() {
  if (data_ && size_ > 0) munmap(data_, size_);
}

Status MappedFile::Open(const std::string& path) {
  // NONBLOCK: opening a FIFO that happens to match *-street.csv must not hang the import.
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK);
  if (fd < 0) return Status::IOError(path + ": cannot open: " + std::strerror(errno));
  struct stat st;
  if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
    ::close(fd);
    return Status::IOError(path + ": not a regular file");
  }
  size_ = static_cast<size_t>(st.st_size);
  if (size_ > 0) {
    void* p = mmap(nullptr, size_, PROT_READ, MAP_PRIVATE, fd, 0);
    if (p == MAP_FAILED) {
      int err = errno;
      ::close(fd);
      size_ = 0;
      return Status::IOError(path + ": cannot read: " + std::strerror(err));
    }
    madvise(p, size_, MADV_SEQUENTIAL);
    data_ = p;
  }
  ::close(fd);
  return Status::Ok();
}

std::string ContentHash(std::string_view bytes) {
  XXH128_hash_t h = XXH3_128bits(bytes.data(), bytes.size());
  return fmt::format("xxh128:{:016x}{:016x}", h.high64, h.low64);
}

}  // namespace safer
