// Uploads: multipart bodies streamed to a private directory under the names users gave,
// checked as they arrive, read to their end whatever happens (so the connection stays in
// step), and messages that name files as the user knows them.
#include <algorithm>
#include <cctype>
#include <filesystem>
#include <fstream>

#include <fmt/format.h>

#include "server/api.h"

namespace safer::server {

// Why an uploaded file name is refused, or empty. The name is only shown back to the user
// and used as the last part of a path inside a directory Safer made, so anything that could
// climb out of it or confuse a reader is refused rather than cleaned.
std::string UploadNameProblem(const std::string& name, const std::vector<std::string>& extensions) {
  if (name.empty()) return "a file part has no file name";
  if (name.size() > 255) return "a file name is longer than 255 bytes";
  if (name.find('/') != std::string::npos || name.find('\\') != std::string::npos ||
      name.find('\0') != std::string::npos || name.find("..") != std::string::npos)
    return "file name \"" + name.substr(0, 80) + "\" is not a plain file name";
  for (unsigned char c : name)
    if (c < 0x20 || c == 0x7f) return "a file name holds control characters";
  std::string lower = name, wanted;
  for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  for (const std::string& e : extensions) {
    if (lower.size() > e.size() && lower.compare(lower.size() - e.size(), e.size(), e) == 0) return "";
    wanted += (wanted.empty() ? "" : ", ") + e;
  }
  return fmt::format("file name \"{}\" does not end in {}", name, wanted);
}

// Streams the multipart body's `file` parts to `dir`, each in its own numbered
// subdirectory under the user's own name (so messages name the file the user knows).
// Other fields up to 1 KiB are returned in `fields`. Replies and returns false on a problem.
bool ReceiveFiles(Call& call, const httplib::ContentReader& reader, const std::string& dir,
                  const std::vector<std::string>& extensions, int max_files, std::vector<ReceivedFile>* files,
                  std::map<std::string, std::string>* fields) {
  if (!call.req.is_multipart_form_data()) {
    ReplyError(call.res, 415, "send the files as multipart/form-data");
    return false;
  }
  // A problem is recorded and the rest of the body read and dropped, so the connection
  // stays in step; only a body over the limit stops the reading.
  std::string problem;
  std::ofstream out;
  std::string field;
  bool in_file = false, too_large = false;
  uint64_t received = 0;
  bool read = reader(
      [&](const httplib::MultipartFormData& part) {
        if (out.is_open()) out.close();
        in_file = false;
        field = part.name;
        if (!problem.empty()) return true;
        if (part.name != "file") {
          if (fields->size() >= 8) problem = "too many form fields";
          return true;
        }
        problem = UploadNameProblem(part.filename, extensions);
        if (problem.empty() && static_cast<int>(files->size()) >= max_files)
          problem = max_files == 1 ? "send one file only" : fmt::format("at most {} files in one upload", max_files);
        if (!problem.empty()) return true;
        const std::string sub = fmt::format("{}/{}", dir, files->size() + 1);
        std::error_code ec;
        std::filesystem::create_directory(sub, ec);
        files->push_back({part.filename, sub + "/" + part.filename});
        out.open(files->back().path, std::ios::binary);
        if (!out) problem = "the server could not store the upload";
        in_file = problem.empty();
        return true;
      },
      [&](const char* data, size_t length) {
        received += length;
        if (received > kMaxUpload) {
          too_large = true;
          return false;
        }
        if (!problem.empty()) return true;
        if (in_file) {
          out.write(data, static_cast<std::streamsize>(length));
          if (!out) problem = "the server could not store the upload";
          return true;
        }
        std::string& value = (*fields)[field];
        value.append(data, std::min(length, size_t{2048}));
        if (value.size() > 1024) problem = "form field \"" + field.substr(0, 40) + "\" is too long";
        return true;
      });
  if (out.is_open()) out.close();
  if (too_large) {
    ReplyError(call.res, 413, fmt::format("the upload is over {} MiB", kMaxUpload >> 20));
    CloseAfterReply(call.req);
    return false;
  }
  if (!problem.empty()) {
    ReplyError(call.res, 400, problem);
    return false;
  }
  if (!read) {
    ReplyError(call.res, 400, "the upload could not be read (interrupted or malformed multipart body)");
    CloseAfterReply(call.req);
    return false;
  }
  if (files->empty()) {
    ReplyError(call.res, 400, "no file: send one or more parts named \"file\"");
    return false;
  }
  return true;
}

// Messages name files as the user named them, not where the server put them.
std::string WithoutDirectory(std::string text, const std::string& dir) {
  for (size_t at; (at = text.find(dir + "/")) != std::string::npos;) {
    size_t end = text.find('/', at + dir.size() + 1);
    text.erase(at, end == std::string::npos ? dir.size() + 1 : end + 1 - at);
  }
  return text;
}

bool DateParam(Call& call, const char* name, std::optional<Date>* out) {
  const std::string text = Param(call.req, name);
  if (text.empty()) return true;
  std::string why;
  *out = text.size() <= 40 ? ParseDate(text, &why) : std::nullopt;
  if (*out) return true;
  ReplyError(call.res, 400, fmt::format("{}: {}", name, why.empty() ? "not a date" : why));
  return false;
}

bool ReadExtractWindow(Call& call, ExtractOptions* read) {
  read->us_dates = Param(call.req, "us_dates") == "true" || Param(call.req, "us_dates") == "1";
  if (!DateParam(call, "from", &read->from) || !DateParam(call, "to", &read->to)) return false;
  if (read->from && read->to && *read->to < *read->from) {
    ReplyError(call.res, 400, fmt::format("to {} is before from {}", read->to->ToIso(), read->from->ToIso()));
    return false;
  }
  return true;
}

void DrainBody(const httplib::Request& req, const httplib::ContentReader& reader) {
  const bool drained = req.is_multipart_form_data()
                           ? reader([](const httplib::MultipartFormData&) { return true; },
                                    [](const char*, size_t) { return true; })
                           : reader([](const char*, size_t) { return true; });
  if (!drained) CloseAfterReply(req);
}

bool ExtractUpload::Receive(Call& call, const httplib::ContentReader& reader) {
  if (!dir_.ok()) {
    DrainBody(call.req, reader);
    ReplyError(call.res, 500, "the server has no room for the upload just now");
    return false;
  }
  std::vector<ReceivedFile> files;
  std::map<std::string, std::string> fields;
  if (!ReceiveFiles(call, reader, dir_.path().string(), {".csv", ".txt"}, 1, &files, &fields)) return false;
  if (files.empty()) {
    ReplyError(call.res, 400, "send the extract as a multipart upload in a part named file");
    return false;
  }
  file_ = files[0];
  return true;
}

void ExtractUpload::Refuse(Call& call, std::string_view action, const Status& why) const {
  const std::string message = WithoutDirectory(why.message(), dir_.path().string());
  call.Audit(action, file_.name, "refused: " + message, false);
  ReplyError(call.res, HttpStatusFor(why) == 500 ? 500 : 400, message);
}

}  // namespace safer::server
