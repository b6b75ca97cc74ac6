// Status: the outcome of an operation that can fail, carrying a message a user can read.
// Nothing in Safer throws across a module boundary for expected failures (bad input, missing
// data); those come back as a Status. A Status is a plain value: safe to copy between threads.
#pragma once

#include <string>
#include <utility>

namespace safer {

class Status {
 public:
  enum class Code { kOk, kInvalidInput, kNotFound, kIOError, kStoreError, kInterrupted };

  Status() = default;
  static Status Ok() { return {}; }
  static Status InvalidInput(std::string m) { return {Code::kInvalidInput, std::move(m)}; }
  static Status NotFound(std::string m) { return {Code::kNotFound, std::move(m)}; }
  static Status IOError(std::string m) { return {Code::kIOError, std::move(m)}; }
  static Status StoreError(std::string m) { return {Code::kStoreError, std::move(m)}; }
  static Status Interrupted(std::string m) { return {Code::kInterrupted, std::move(m)}; }

  bool ok() const { return code_ == Code::kOk; }
  Code code() const { return code_; }
  const std::string& message() const { return message_; }

 private:
  Status(Code c, std::string m) : code_(c), message_(std::move(m)) {}
  Code code_ = Code::kOk;
  std::string message_;
};

}  // namespace safer
