// XLSX is a zip (minizip) of XML parts (expat): xl/workbook.xml names the sheets, its
// relationships give each sheet's part, xl/sharedStrings.xml holds the text cells point
// into and xl/styles.xml says which cells are formatted as dates.
#include "governance/xlsx_reader.h"

#include <expat.h>
#include <unzip.h>

#include <cmath>
#include <cstdlib>
#include <functional>
#include <map>
#include <memory>
#include <string_view>

#include <fmt/format.h>

#include "domain/calendar.h"

namespace safer {
namespace {

constexpr int kMaxColumns = 16384;  // Excel's own limit (XFD)
constexpr int kMaxRow = 1048576;

std::string_view LocalName(std::string_view name) {
  size_t colon = name.rfind(':');
  return colon == std::string_view::npos ? name : name.substr(colon + 1);
}

// The attribute whose local name is `name` ("r:id" is found as "id"), or null.
const char* Attribute(const char** attrs, std::string_view name) {
  for (int i = 0; attrs[i]; i += 2)
    if (LocalName(attrs[i]) == name) return attrs[i + 1];
  return nullptr;
}

// Expat with callbacks. A part with a DOCTYPE is refused: XLSX parts have none, and a
// DTD is how entity expansion attacks start.
class XmlParser {
 public:
  std::function<void(std::string_view element, const char** attrs)> on_start;
  std::function<void(std::string_view element)> on_end;
  std::function<void(std::string_view text)> on_text;

  Status Parse(const std::string& xml, std::string_view part) {
    std::unique_ptr<XML_ParserStruct, decltype(&XML_ParserFree)> parser(XML_ParserCreate("UTF-8"), XML_ParserFree);
    if (!parser) return Status::IOError("out of memory reading the workbook");
    XML_SetUserData(parser.get(), this);
    XML_SetElementHandler(
        parser.get(),
        [](void* self, const XML_Char* name, const XML_Char** attrs) {
          auto* p = static_cast<XmlParser*>(self);
          if (p->on_start) p->on_start(LocalName(name), attrs);
        },
        [](void* self, const XML_Char* name) {
          auto* p = static_cast<XmlParser*>(self);
          if (p->on_end) p->on_end(LocalName(name));
        });
    XML_SetCharacterDataHandler(parser.get(), [](void* self, const XML_Char* text, int len) {
      auto* p = static_cast<XmlParser*>(self);
      if (p->on_text) p->on_text(std::string_view(text, static_cast<size_t>(len)));
    });
    XML_SetStartDoctypeDeclHandler(parser.get(), [](void* self, const XML_Char*, const XML_Char*, const XML_Char*,
                                                    int) {
      auto* p = static_cast<XmlParser*>(self);
      p->doctype_ = true;
      XML_StopParser(p->parser_, XML_FALSE);
    });
    parser_ = parser.get();
    if (XML_Parse(parser.get(), xml.data(), static_cast<int>(xml.size()), XML_TRUE) != XML_STATUS_OK) {
      if (doctype_) return Status::InvalidInput(fmt::format("{} has a DOCTYPE, which a workbook never has", part));
      return Status::InvalidInput(fmt::format("{} is not well-formed XML (line {}: {})", part,
                                              XML_GetCurrentLineNumber(parser.get()),
                                              XML_ErrorString(XML_GetErrorCode(parser.get()))));
    }
    return Status::Ok();
  }

 private:
  XML_Parser parser_ = nullptr;
  bool doctype_ = false;
};

// The zip archive, with a running total of what has been inflated, so an archive whose
// entries lie about their sizes is still stopped at the bound.
class Archive {
 public:
  ~Archive() {
    if (zip_) unzClose(zip_);
  }

  Status Open(const std::string& path) {
    zip_ = unzOpen64(path.c_str());
    if (!zip_) return Status::InvalidInput(fmt::format("{} is not an XLSX workbook (not a zip archive)", path));
    path_ = path;
    uint64_t declared = 0;
    for (int rc = unzGoToFirstFile(zip_); rc == UNZ_OK; rc = unzGoToNextFile(zip_)) {
      unz_file_info64 info;
      if (unzGetCurrentFileInfo64(zip_, &info, nullptr, 0, nullptr, 0, nullptr, 0) != UNZ_OK)
        return Status::InvalidInput(fmt::format("{}: the zip directory is damaged", path));
      declared += info.uncompressed_size;
      if (declared > kMaxXlsxBytes) return TooLarge();
    }
    return Status::Ok();
  }

  // *found false when the archive has no such part.
  Status Read(const std::string& name, std::string* out, bool* found) {
    out->clear();
    *found = false;
    if (unzLocateFile(zip_, name.c_str(), 1) != UNZ_OK) return Status::Ok();
    if (unzOpenCurrentFile(zip_) != UNZ_OK)
      return Status::InvalidInput(fmt::format("{}: cannot open {} in the archive", path_, name));
    char buf[65536];
    int n = 0;
    while ((n = unzReadCurrentFile(zip_, buf, sizeof buf)) > 0) {
      inflated_ += static_cast<uint64_t>(n);
      if (inflated_ > kMaxXlsxBytes) {
        unzCloseCurrentFile(zip_);
        return TooLarge();
      }
      out->append(buf, static_cast<size_t>(n));
    }
    int close_rc = unzCloseCurrentFile(zip_);
    if (n < 0 || close_rc != UNZ_OK)
      return Status::InvalidInput(fmt::format("{}: {} is damaged in the archive", path_, name));
    *found = true;
    return Status::Ok();
  }

 private:
  Status TooLarge() const {
    return Status::InvalidInput(fmt::format("{} is over {} MB uncompressed: too large to read as an action plan",
                                            path_, kMaxXlsxBytes / (1024 * 1024)));
  }

  unzFile zip_ = nullptr;
  std::string path_;
  uint64_t inflated_ = 0;
};

// Excel's built-in date and time formats (ECMA-376 18.8.30), or a custom code with day,
// month or year in it outside quoted text and [colour]/[locale] brackets.
bool IsDateFormat(int id, const std::string& code) {
  if ((id >= 14 && id <= 22) || (id >= 45 && id <= 47)) return true;
  if (code.empty()) return false;
  bool quoted = false, bracket = false;
  for (size_t i = 0; i < code.size(); ++i) {
    char c = code[i];
    if (c == '\\') {
      ++i;
      continue;
    }
    if (c == '"') quoted = !quoted;
    else if (!quoted && c == '[') bracket = true;
    else if (!quoted && c == ']') bracket = false;
    else if (!quoted && !bracket && (c == 'd' || c == 'D' || c == 'm' || c == 'M' || c == 'y' || c == 'Y'))
      return true;
  }
  return false;
}

// Excel's serial day number (1900 date system; 25569 is 1970-01-01) as ISO text, with the
// time when there is one.
std::string SerialToIso(const std::string& value) {
  char* end = nullptr;
  double serial = std::strtod(value.c_str(), &end);
  if (end == value.c_str() || *end != '\0' || serial < 61 || serial > 2958465) return value;
  double days = std::floor(serial);
  std::string out = Date::FromDaysSinceEpoch(static_cast<int>(days) - 25569).ToIso();
  int minutes = static_cast<int>(std::lround((serial - days) * 24 * 60));
  if (minutes > 0 && minutes < 24 * 60) out += fmt::format(" {:02}:{:02}", minutes / 60, minutes % 60);
  return out;
}

// "BC12" → column 54 (0-based), row 12; false when the reference is not one.
bool ParseCellRef(std::string_view ref, int* column, int* row) {
  size_t i = 0;
  int col = 0;
  while (i < ref.size() && ref[i] >= 'A' && ref[i] <= 'Z') {
    col = col * 26 + (ref[i] - 'A' + 1);
    if (col > kMaxColumns) return false;
    ++i;
  }
  if (i == 0 || i == ref.size()) return false;
  int r = 0;
  for (; i < ref.size(); ++i) {
    if (ref[i] < '0' || ref[i] > '9') return false;
    r = r * 10 + (ref[i] - '0');
    if (r > kMaxRow) return false;
  }
  *column = col - 1;
  *row = r;
  return r > 0;
}

// The part a workbook relationship points at: "worksheets/sheet1.xml" is under xl/, a
// target starting with '/' is from the archive's root.
std::string PartPath(const std::string& target) {
  if (target.starts_with("/")) return target.substr(1);
  return "xl/" + target;
}

Status ReadSharedStrings(Archive& zip, std::vector<std::string>* strings) {
  std::string xml;
  bool found = false;
  if (Status st = zip.Read("xl/sharedStrings.xml", &xml, &found); !st.ok() || !found) return st;
  XmlParser p;
  bool in_t = false;
  int phonetic = 0;  // <rPh> holds reading aids for East Asian text, not the cell's text
  p.on_start = [&](std::string_view e, const char**) {
    if (e == "si") strings->emplace_back();
    else if (e == "rPh") ++phonetic;
    else if (e == "t") in_t = phonetic == 0 && !strings->empty();
  };
  p.on_end = [&](std::string_view e) {
    if (e == "rPh") --phonetic;
    else if (e == "t") in_t = false;
  };
  p.on_text = [&](std::string_view text) {
    if (in_t) strings->back() += text;
  };
  return p.Parse(xml, "xl/sharedStrings.xml");
}

// For each cell style (the s="N" of a cell): whether it formats a date.
Status ReadDateStyles(Archive& zip, std::vector<bool>* date_styles) {
  std::string xml;
  bool found = false;
  if (Status st = zip.Read("xl/styles.xml", &xml, &found); !st.ok() || !found) return st;
  std::map<int, std::string> custom;
  std::vector<int> xf_formats;
  bool in_cell_xfs = false;
  XmlParser p;
  p.on_start = [&](std::string_view e, const char** attrs) {
    if (e == "numFmt") {
      const char* id = Attribute(attrs, "numFmtId");
      const char* code = Attribute(attrs, "formatCode");
      if (id && code) custom[std::atoi(id)] = code;
    } else if (e == "cellXfs") {
      in_cell_xfs = true;
    } else if (e == "xf" && in_cell_xfs) {
      const char* id = Attribute(attrs, "numFmtId");
      xf_formats.push_back(id ? std::atoi(id) : 0);
    }
  };
  p.on_end = [&](std::string_view e) {
    if (e == "cellXfs") in_cell_xfs = false;
  };
  if (Status st = p.Parse(xml, "xl/styles.xml"); !st.ok()) return st;
  for (int id : xf_formats) {
    auto it = custom.find(id);
    date_styles->push_back(IsDateFormat(id, it == custom.end() ? std::string() : it->second));
  }
  return Status::Ok();
}

// The part holding the named sheet (the first when `sheet` is empty).
Status FindSheetPart(Archive& zip, const std::string& path, const std::string& sheet, std::string* part) {
  std::string xml;
  bool found = false;
  if (Status st = zip.Read("xl/workbook.xml", &xml, &found); !st.ok()) return st;
  if (!found) return Status::InvalidInput(fmt::format("{} is not an XLSX workbook (no xl/workbook.xml)", path));
  std::vector<std::pair<std::string, std::string>> sheets;  // name, relationship id
  XmlParser wb;
  wb.on_start = [&](std::string_view e, const char** attrs) {
    if (e != "sheet") return;
    const char* name = Attribute(attrs, "name");
    const char* id = Attribute(attrs, "id");
    if (name && id) sheets.emplace_back(name, id);
  };
  if (Status st = wb.Parse(xml, "xl/workbook.xml"); !st.ok()) return st;
  std::string rel_id;
  std::string names;
  for (const auto& [name, id] : sheets) {
    if (sheet.empty() || name == sheet) {
      rel_id = id;
      break;
    }
    names += (names.empty() ? "\"" : ", \"") + name + "\"";
  }
  if (rel_id.empty()) {
    if (sheets.empty()) return Status::InvalidInput(fmt::format("{} has no worksheets", path));
    return Status::InvalidInput(fmt::format("{} has no sheet named \"{}\" (it has {})", path, sheet, names));
  }
  if (Status st = zip.Read("xl/_rels/workbook.xml.rels", &xml, &found); !st.ok()) return st;
  if (!found) return Status::InvalidInput(fmt::format("{}: the workbook's relationships are missing", path));
  XmlParser rels;
  rels.on_start = [&](std::string_view e, const char** attrs) {
    const char* id = Attribute(attrs, "Id");
    const char* target = Attribute(attrs, "Target");
    if (e == "Relationship" && id && target && rel_id == id) *part = PartPath(target);
  };
  if (Status st = rels.Parse(xml, "xl/_rels/workbook.xml.rels"); !st.ok()) return st;
  if (part->empty()) return Status::InvalidInput(fmt::format("{}: the sheet's part is not in the workbook", path));
  return Status::Ok();
}

}  // namespace

Status ReadXlsxSheet(const std::string& path, const std::string& sheet, std::vector<XlsxRow>* rows) {
  rows->clear();
  Archive zip;
  if (Status st = zip.Open(path); !st.ok()) return st;
  std::string part;
  if (Status st = FindSheetPart(zip, path, sheet, &part); !st.ok()) return st;
  std::vector<std::string> shared;
  if (Status st = ReadSharedStrings(zip, &shared); !st.ok()) return st;
  std::vector<bool> date_styles;
  if (Status st = ReadDateStyles(zip, &date_styles); !st.ok()) return st;
  std::string xml;
  bool found = false;
  if (Status st = zip.Read(part, &xml, &found); !st.ok()) return st;
  if (!found) return Status::InvalidInput(fmt::format("{}: the sheet's part {} is missing", path, part));

  XlsxRow row;
  bool in_row = false;
  int column = -1;
  std::string type, value;
  int style = 0;
  bool in_value = false;  // inside <v>, or a <t> of an inline string (not of a phonetic run)
  int phonetic = 0;
  auto finish_row = [&] {
    while (!row.cells.empty() && row.cells.back().empty()) row.cells.pop_back();
    rows->push_back(std::move(row));
    row = XlsxRow{};
    in_row = false;
  };
  XmlParser p;
  p.on_start = [&](std::string_view e, const char** attrs) {
    if (e == "row") {
      const char* r = Attribute(attrs, "r");
      int number = r ? std::atoi(r) : (rows->empty() ? 1 : rows->back().number + 1);
      row = XlsxRow{number > 0 && number <= kMaxRow ? number : static_cast<int>(rows->size()) + 1, {}};
      in_row = true;
      column = -1;
    } else if (e == "c" && in_row) {
      const char* r = Attribute(attrs, "r");
      int col = 0, row_number = 0;
      column = r && ParseCellRef(r, &col, &row_number) ? col : column + 1;
      const char* t = Attribute(attrs, "t");
      type = t ? t : "n";
      const char* s = Attribute(attrs, "s");
      style = s ? std::atoi(s) : 0;
      value.clear();
    } else if (e == "rPh") {
      ++phonetic;
    } else if ((e == "v" || e == "t") && in_row && phonetic == 0) {
      in_value = true;
    }
  };
  p.on_text = [&](std::string_view text) {
    if (in_value) value += text;
  };
  p.on_end = [&](std::string_view e) {
    if (e == "v" || e == "t") {
      in_value = false;
    } else if (e == "rPh") {
      --phonetic;
    } else if (e == "c" && in_row && column >= 0 && column < kMaxColumns) {
      std::string text;
      if (type == "s") {
        char* end = nullptr;
        long index = std::strtol(value.c_str(), &end, 10);
        if (end != value.c_str() && index >= 0 && static_cast<size_t>(index) < shared.size()) text = shared[index];
      } else if (type == "b") {
        text = value == "1" ? "TRUE" : "FALSE";
      } else if (type == "n" && style >= 0 && static_cast<size_t>(style) < date_styles.size() &&
                 date_styles[style] && !value.empty()) {
        text = SerialToIso(value);
      } else {
        text = value;
      }
      if (!text.empty()) {
        if (row.cells.size() <= static_cast<size_t>(column)) row.cells.resize(column + 1);
        row.cells[column] = std::move(text);
      }
    } else if (e == "row" && in_row) {
      finish_row();
    }
  };
  return p.Parse(xml, part);
}

}  // namespace safer
