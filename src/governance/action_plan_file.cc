// Reading action plans from the tables partnerships keep, and writing them as XLSX. The
// seeds' tables come from PDFs: a cell's text is wrapped over several rows, a page break
// repeats the header, and the progress column holds dated, attributed updates one after
// another. The rules for putting that back together are in docs/action-plans.md.
#include "governance/action_plan_file.h"

#include <cctype>
#include <fstream>
#include <map>
#include <sstream>

#include <fmt/format.h>
#include <xlsxwriter.h>

#include "governance/xlsx_reader.h"
#include "ingest/csv_reader.h"

namespace safer {
namespace {

struct SourceRow {
  int number = 0;
  std::vector<std::string> cells;
};

enum class Column { kReference, kPriority, kObjective, kAction, kDue, kOwner, kOutcome, kProgress, kRag };

// Header names as the seeds write them, compared on their letters and digits only.
const std::map<std::string, Column>& HeaderNames() {
  static const std::map<std::string, Column> names = {
      {"no", Column::kReference},          {"ref", Column::kReference},
      {"reference", Column::kReference},   {"priority", Column::kPriority},
      {"prioritytheme", Column::kPriority}, {"theme", Column::kPriority},
      {"objectiveoutcome", Column::kObjective}, {"objective", Column::kObjective},
      {"whatdoweneedtodo", Column::kObjective}, {"recommendation", Column::kObjective},
      {"action", Column::kAction},         {"actions", Column::kAction},
      {"how", Column::kAction},            {"howarewegoingtodoit", Column::kAction},
      {"executiveresponseproposedaction", Column::kAction}, {"proposedaction", Column::kAction},
      {"response", Column::kAction},       {"whenwillwedoitby", Column::kDue},
      {"when", Column::kDue},              {"completiondate", Column::kDue},
      {"due", Column::kDue},               {"duedate", Column::kDue},
      {"targetdate", Column::kDue},        {"who", Column::kOwner},
      {"whowilldoit", Column::kOwner},     {"leadofficer", Column::kOwner},
      {"lead", Column::kOwner},            {"owner", Column::kOwner},
      {"owners", Column::kOwner},          {"desiredoutcome", Column::kOutcome},
      {"outcome", Column::kOutcome},       {"actionsprogresscomments", Column::kProgress},
      {"progressupdate", Column::kProgress}, {"progress", Column::kProgress},
      {"update", Column::kProgress},       {"comments", Column::kProgress},
      {"rag", Column::kRag},               {"ragstatus", Column::kRag}};
  return names;
}

std::string HeaderKey(std::string_view cell) {
  std::string key;
  for (char c : cell)
    if (std::isalnum(static_cast<unsigned char>(c))) key += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return key;
}

// The column of each role when the row is a header row: three known names or more,
// among them who owns the action and what it is.
std::optional<std::map<Column, size_t>> HeaderColumns(const SourceRow& row) {
  std::map<Column, size_t> columns;
  for (size_t i = 0; i < row.cells.size(); ++i) {
    auto it = HeaderNames().find(HeaderKey(row.cells[i]));
    if (it != HeaderNames().end()) columns.emplace(it->second, i);
  }
  bool what = columns.contains(Column::kObjective) || columns.contains(Column::kAction);
  if (columns.size() < 3 || !what || !columns.contains(Column::kOwner)) return std::nullopt;
  return columns;
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

std::string Lower(std::string_view s) {
  std::string out;
  for (char c : s) out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

void AppendWrapped(std::string* field, std::string_view more) {
  more = Trim(more);
  if (more.empty()) return;
  if (!field->empty()) *field += ' ';
  *field += more;
}

// Whether `next` carries on the text of `previous` (a cell wrapped over rows by the PDF it
// came from): it starts in lower case, or `previous` stops mid-phrase.
bool IsWrapped(std::string_view previous, std::string_view next) {
  next = Trim(next);
  previous = Trim(previous);
  if (next.empty() || previous.empty()) return false;
  if (std::islower(static_cast<unsigned char>(next.front()))) return true;
  if (previous.ends_with("-") || previous.ends_with("\u2013") || previous.ends_with(",") ||
      previous.ends_with("/") || previous.ends_with("&"))
    return true;
  size_t quote = previous.rfind(" '");
  if (quote != std::string_view::npos && previous.find('\'', quote + 2) == std::string_view::npos) return true;
  size_t space = previous.find_last_of(' ');
  std::string last = Lower(space == std::string_view::npos ? previous : previous.substr(space + 1));
  for (std::string_view w : {"and", "or", "of", "the", "to", "a", "an", "for", "in", "on", "with", "by", "that"})
    if (last == w) return true;
  return false;
}

// "Other Comments" heads the notes at the end of each priority in seed 004: its own entry
// (with no owner, so reported), not the rest of the action above.
bool IsSectionHeading(std::string_view objective) {
  std::string key = HeaderKey(objective);
  return key == "othercomments" || key == "comments" || key == "notes";
}

// A line of a progress cell, with the row it came from.
struct Line {
  int row = 0;
  std::string text;
};

// Lines of a cell: its line breaks, and the runs of spaces the seeds' PDF text uses
// between paragraphs of one cell.
void SplitLines(int row, std::string_view cell, std::vector<Line>* out) {
  size_t start = 0;
  while (start <= cell.size()) {
    size_t nl = cell.find('\n', start);
    std::string_view line = cell.substr(start, nl == std::string_view::npos ? std::string_view::npos : nl - start);
    size_t p = 0;
    while (p < line.size()) {
      size_t gap = line.find("  ", p);
      std::string_view part = Trim(line.substr(p, gap == std::string_view::npos ? std::string_view::npos : gap - p));
      if (!part.empty()) out->push_back(Line{row, std::string(part)});
      if (gap == std::string_view::npos) break;
      p = gap;
      while (p < line.size() && line[p] == ' ') ++p;
    }
    if (nl == std::string_view::npos) break;
    start = nl + 1;
  }
}

// "28/06/24 - …", "04/03/2025 – …", "O3/03/25 - …": the date as written when the line
// starts like a dated entry (digits, or the letter O typed for a zero).
std::optional<std::string> DatedLineStart(std::string_view line) {
  auto digitish = [](char c) { return std::isdigit(static_cast<unsigned char>(c)) || c == 'O' || c == 'o'; };
  size_t i = 0, digits = 0;
  for (int part = 0; part < 3; ++part) {
    size_t begin = i;
    while (i < line.size() && digitish(line[i])) {
      digits += std::isdigit(static_cast<unsigned char>(line[i])) ? 1 : 0;
      ++i;
    }
    size_t n = i - begin;
    bool ok = part < 2 ? (n >= 1 && n <= 2) : (n == 2 || n == 4);
    if (!ok) return std::nullopt;
    if (part < 2) {
      if (i >= line.size() || line[i] != '/') return std::nullopt;
      ++i;
    }
  }
  if (digits < 3) return std::nullopt;
  if (i < line.size() && !std::isspace(static_cast<unsigned char>(line[i])) && line[i] != '-' &&
      !line.substr(i).starts_with("\u2013") && !line.substr(i).starts_with("\u2014"))
    return std::nullopt;
  return std::string(line.substr(0, i));
}

// What follows the date: " - Nicholas Stone, Community Safety Team Leader" → the header.
std::string_view AfterDate(std::string_view line, size_t date_size) {
  std::string_view rest = Trim(line.substr(date_size));
  for (std::string_view dash : {"-", "\u2013", "\u2014"})
    if (rest.starts_with(dash)) return Trim(rest.substr(dash.size()));
  return rest;
}

int Depth(std::string_view text) {
  int depth = 0;
  for (char c : text) depth += c == '(' ? 1 : c == ')' ? -1 : 0;
  return depth;
}

// "Nicholas Stone, Community Safety Team Leader" or "Sylvia Pinkney (AD Regulatory
// Services)" → person and role; "Cleveland Police update" → "Cleveland Police".
std::pair<std::string, std::string> PersonAndRole(std::string_view text) {
  text = Trim(text);
  size_t comma = text.find(',');
  size_t paren = text.find('(');
  if (paren != std::string_view::npos && (comma == std::string_view::npos || paren < comma)) {
    std::string_view role = text.substr(paren + 1);
    size_t close = role.rfind(')');
    if (close != std::string_view::npos) role = role.substr(0, close);
    return {std::string(Trim(text.substr(0, paren))), std::string(Trim(role))};
  }
  if (comma != std::string_view::npos)
    return {std::string(Trim(text.substr(0, comma))), std::string(Trim(text.substr(comma + 1)))};
  std::string person(text);
  if (Lower(person).ends_with(" update")) person.resize(person.size() - 7);
  return {person, ""};
}

// Two people in one header ("A, Role and B, Role") are split at an " and " outside
// brackets that has a person and role on each side; names join with "and", roles with ";".
void ParseAuthor(std::string_view header, std::string* author, std::string* role) {
  std::vector<std::string_view> parts;
  size_t start = 0;
  int depth = 0;
  for (size_t i = 0; i < header.size(); ++i) {
    depth += header[i] == '(' ? 1 : header[i] == ')' ? -1 : 0;
    if (depth == 0 && header.substr(i).starts_with(" and ")) {
      std::string_view before = header.substr(start, i - start);
      std::string_view after = header.substr(i + 5);
      bool both = before.find_first_of(",(") != std::string_view::npos &&
                  after.find_first_of(",(") != std::string_view::npos;
      if (both) {
        parts.push_back(before);
        start = i + 5;
      }
    }
  }
  parts.push_back(header.substr(start));
  author->clear();
  role->clear();
  for (std::string_view part : parts) {
    auto [person, person_role] = PersonAndRole(part);
    if (!author->empty()) *author += " and ";
    *author += person;
    if (!person_role.empty()) *role += (role->empty() ? "" : "; ") + person_role;
  }
}

// "Police - Supt. Martin Hopps / Ch. Inspector Pete Littlewood", "Neighbourhood Police
// Team (PC Coggin)": owners split at " / "; "Agency - Person" and "Agency (Person)" name
// both, anything else is kept as written as the agency.
std::vector<ActionOwner> ParseOwners(std::string_view text) {
  std::vector<ActionOwner> owners;
  size_t start = 0;
  while (start <= text.size()) {
    size_t slash = text.find(" / ", start);
    std::string_view part = Trim(text.substr(start, slash == std::string_view::npos ? std::string_view::npos : slash - start));
    if (!part.empty()) {
      ActionOwner owner;
      size_t dash = part.find(" - ");
      size_t paren = part.find('(');
      if (dash != std::string_view::npos) {
        owner.agency = std::string(Trim(part.substr(0, dash)));
        owner.person = std::string(Trim(part.substr(dash + 3)));
      } else if (paren != std::string_view::npos && paren > 0 && part.back() == ')') {
        owner.agency = std::string(Trim(part.substr(0, paren)));
        owner.person = std::string(Trim(part.substr(paren + 1, part.size() - paren - 2)));
      } else {
        owner.agency = std::string(part);
      }
      owners.push_back(std::move(owner));
    }
    if (slash == std::string_view::npos) break;
    start = slash + 3;
  }
  return owners;
}

// One action as it is being put together from its rows.
struct Draft {
  int row = 0;
  std::string reference, priority, objective, text, due, owner, outcome, rag;
  std::vector<Line> progress;
};

std::string Cell(const SourceRow& row, const std::map<Column, size_t>& columns, Column c) {
  auto it = columns.find(c);
  if (it == columns.end() || it->second >= row.cells.size()) return "";
  return std::string(Trim(row.cells[it->second]));
}

class PlanReader {
 public:
  PlanReader(std::string file, const PlanImportOptions& options, PlanImportResult* result)
      : file_(std::move(file)), options_(options), result_(result) {}

  Status Read(const std::vector<SourceRow>& rows) {
    std::optional<std::map<Column, size_t>> columns;
    for (const SourceRow& row : rows) {
      if (std::optional<std::map<Column, size_t>> header = HeaderColumns(row)) {
        if (!columns) columns = std::move(header);
        continue;  // the first header, or one repeated at a page break
      }
      if (!columns) continue;  // titles above the table
      Take(row, *columns);
    }
    if (!columns)
      return Status::InvalidInput(fmt::format(
          "{}: no header row found: expected columns such as Priority, Objective / Outcome, Who, "
          "Actions/Progress/Comments (or NO, PRIORITY THEME, WHAT DO WE NEED TO DO, WHEN WILL WE DO IT BY, "
          "WHO WILL DO IT, PROGRESS UPDATE, RAG)",
          file_));
    has_action_column_ = columns->contains(Column::kAction);
    Finish();
    return Status::Ok();
  }

 private:
  void Take(const SourceRow& row, const std::map<Column, size_t>& columns) {
    Draft cells;
    cells.row = row.number;
    cells.reference = Cell(row, columns, Column::kReference);
    cells.priority = Cell(row, columns, Column::kPriority);
    cells.objective = Cell(row, columns, Column::kObjective);
    cells.text = Cell(row, columns, Column::kAction);
    cells.due = Cell(row, columns, Column::kDue);
    cells.owner = Cell(row, columns, Column::kOwner);
    cells.outcome = Cell(row, columns, Column::kOutcome);
    cells.rag = Cell(row, columns, Column::kRag);
    std::string progress = Cell(row, columns, Column::kProgress);
    bool empty = cells.reference.empty() && cells.priority.empty() && cells.objective.empty() && cells.text.empty() &&
                 cells.due.empty() && cells.owner.empty() && cells.outcome.empty() && cells.rag.empty() &&
                 progress.empty();
    if (empty) return;
    if (StartsAction(cells, columns.contains(Column::kAction))) {
      Finish();
      current_ = std::move(cells);
      if (current_->priority.empty()) current_->priority = priority_;
      if (current_->objective.empty()) current_->objective = objective_;
      priority_ = current_->priority;
      objective_ = current_->objective;
    } else if (current_) {
      AppendWrapped(&current_->reference, cells.reference);
      AppendWrapped(&current_->priority, cells.priority);
      AppendWrapped(&current_->objective, cells.objective);
      AppendWrapped(&current_->text, cells.text);
      AppendWrapped(&current_->due, cells.due);
      AppendWrapped(&current_->owner, cells.owner);
      AppendWrapped(&current_->outcome, cells.outcome);
      AppendWrapped(&current_->rag, cells.rag);
      if (!cells.priority.empty()) priority_ = current_->priority;
      if (!cells.objective.empty()) objective_ = current_->objective;
    } else {
      Problem(row.number, "a row before the first action carries on no action: set aside", Joined(row.cells));
      return;
    }
    SplitLines(row.number, progress, &current_->progress);
  }

  // A new action: a reference; or, with an action column, what will be done with its owner
  // or date; or, without one, an objective. Not when the text carries on the row above.
  bool StartsAction(const Draft& cells, bool action_column) const {
    if (!cells.reference.empty()) return true;
    const Draft* prev = current_ ? &*current_ : nullptr;
    if (action_column) {
      if ((cells.owner.empty() && cells.due.empty()) || (cells.text.empty() && cells.objective.empty())) return false;
      if (!prev) return true;
      return cells.text.empty() ? !IsWrapped(prev->objective, cells.objective) : !IsWrapped(prev->text, cells.text);
    }
    if (cells.objective.empty()) return false;
    if (!prev) return true;
    if (IsWrapped(prev->objective, cells.objective) || cells.objective.front() == '(') return false;
    if (IsSectionHeading(cells.objective)) return true;
    // Without an owner of its own, an objective row is the rest of the one above
    // ("Drug and" / "Alcohol" / "Misuse" down the priority column).
    return !cells.owner.empty() && !std::islower(static_cast<unsigned char>(cells.owner.front()));
  }

  void Finish() {
    if (!current_) return;
    Draft d = std::move(*current_);
    current_.reset();
    ++result_->actions_read;
    Action action;
    action.reference = d.reference;
    action.priority = d.priority;
    action.objective = d.objective;
    action.text = d.text;
    action.desired_outcome = d.outcome;
    std::string name = Describe(d);
    bool set_aside = false;
    action.owners = ParseOwners(d.owner);
    if (action.owners.empty()) {
      Problem(d.row, fmt::format("{} has no owner: every action needs at least one (person and agency); set aside", name),
              Summary(d));
      set_aside = true;
    }
    if (d.due.empty() && options_.default_due) {
      action.due = *options_.default_due;
    } else {
      std::string why;
      std::optional<Date> due = ParseDueDate(d.due, &why);
      if (due) {
        action.due = *due;
      } else {
        Problem(d.row,
                fmt::format("{}: {}{}; set aside", name, why,
                            d.due.empty() ? " (or give --due DATE for the actions that have none)" : ""),
                Summary(d));
        set_aside = true;
      }
    }
    if (std::optional<ActionRag> rag = ParseActionRag(d.rag)) {
      action.owner_rag = *rag;
    } else {
      Problem(d.row, fmt::format("{}: RAG \"{}\" is not Red, Amber, Green or Complete; imported without it", name, d.rag),
              d.rag, false);
    }
    ReadLog(d, name, &action);
    if (set_aside) {
      ++result_->actions_set_aside;
      result_->entries_set_aside += static_cast<int>(action.log.size());
      return;
    }
    result_->plan.actions.push_back(std::move(action));
  }

  // The progress lines as dated, attributed entries; undated lines before the first entry
  // are what will be done when the layout has no column for it.
  void ReadLog(const Draft& d, const std::string& name, Action* action) {
    struct Pending {
      ProgressEntry entry;
      int row = 0;
      std::string raw;
      std::string problem;  // non-empty: set aside for this reason
      std::string check;    // non-empty: imported, and reported for this reason
      std::string header;   // who wrote it, as written
      bool header_open = false;
    };
    std::vector<Pending> entries;
    std::vector<Line> undated;
    std::optional<Date> last;
    for (const Line& line : d.progress) {
      std::optional<std::string> date_text = DatedLineStart(line.text);
      if (!date_text) {
        if (entries.empty()) {
          undated.push_back(line);
          continue;
        }
        Pending& p = entries.back();
        p.raw += "\n" + line.text;
        if (p.header_open && line.text.size() <= 60 && line.text.find(')') != std::string::npos) {
          // A role wrapped onto the next line: "(Trading Standards and" / "Licensing Manager)".
          p.header += " " + line.text;
          ParseAuthor(p.header, &p.entry.author, &p.entry.author_role);
          p.header_open = Depth(p.header) > 0;
          continue;
        }
        p.header_open = false;
        p.entry.text += (p.entry.text.empty() ? "" : "\n") + line.text;
        continue;
      }
      ++result_->entries_read;
      Pending p;
      p.row = line.row;
      p.raw = line.text;
      p.header = std::string(AfterDate(line.text, date_text->size()));
      ParseAuthor(p.header, &p.entry.author, &p.entry.author_role);
      p.header_open = Depth(p.header) > 0;
      std::string why;
      std::optional<Date> date = Date::ParseUk(*date_text, &why);
      if (!date) {
        p.problem = fmt::format("\"{}\": {}", *date_text, why.empty() ? "not a date" : why);
      } else if (options_.earliest && *date < *options_.earliest) {
        p.problem = fmt::format("\"{}\" is {}, before the plan's year began ({}): a typing slip for another year?",
                                *date_text, date->ToLong(), options_.earliest->ToLong());
      } else if (*date > options_.today) {
        p.problem = fmt::format("\"{}\" is {}, in the future", *date_text, date->ToLong());
      } else if (p.entry.author.empty()) {
        p.problem = fmt::format("\"{}\" names no author: the log is attributed", *date_text);
      } else {
        if (last && *date < *last)
          p.check = fmt::format("\"{}\" is {}, before the entry above it ({}): out of order", *date_text,
                                date->ToLong(), last->ToLong());
        p.entry.date = *date;
        last = *date;
      }
      entries.push_back(std::move(p));
    }
    std::string undated_text;
    for (const Line& l : undated) undated_text += (undated_text.empty() ? "" : "\n") + l.text;
    if (!undated_text.empty()) {
      if (!has_action_column_ && action->text.empty()) {
        action->text = undated_text;
      } else {
        Problem(undated.front().row,
                fmt::format("{}: progress text without a date and author at its start; the log needs both; set aside",
                            name),
                undated_text);
      }
    }
    for (Pending& p : entries) {
      if (!p.problem.empty()) {
        ++result_->entries_set_aside;
        Problem(p.row, fmt::format("{}: log entry {}; the entry is set aside, the action kept", name, p.problem), p.raw);
        continue;
      }
      if (!p.check.empty())
        Problem(p.row, fmt::format("{}: log entry {}; imported as written: check it", name, p.check), p.raw, false);
      p.entry.recorded_by = options_.recorded_by;
      action->log.push_back(std::move(p.entry));
    }
  }

  std::string Describe(const Draft& d) const {
    if (!d.reference.empty()) return "action " + d.reference;
    const std::string& what = d.objective.empty() ? d.text : d.objective;
    return fmt::format("the action \"{}\"", what.size() > 60 ? what.substr(0, 57) + "..." : what);
  }

  static std::string Summary(const Draft& d) {
    std::string s = d.objective;
    if (!d.text.empty()) s += (s.empty() ? "" : " | ") + d.text;
    if (!d.owner.empty()) s += " | " + d.owner;
    if (!d.due.empty()) s += " | " + d.due;
    for (const Line& l : d.progress) s += "\n" + l.text;
    return s;
  }

  static std::string Joined(const std::vector<std::string>& cells) {
    std::string s;
    for (size_t i = 0; i < cells.size(); ++i) s += (i ? "\t" : "") + cells[i];
    return s;
  }

  void Problem(int row, std::string reason, std::string text, bool set_aside = true) {
    result_->problems.push_back(PlanImportProblem{file_, row, std::move(reason), std::move(text), set_aside});
  }

  std::string file_;
  const PlanImportOptions& options_;
  PlanImportResult* result_;
  std::optional<Draft> current_;
  std::string priority_, objective_;  // carried down to the actions under them
  bool has_action_column_ = false;
};

Status ReadWholeFile(const std::string& path, std::string* out) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::IOError(fmt::format("cannot read {}", path));
  in.seekg(0, std::ios::end);
  std::streamoff size = in.tellg();
  if (size < 0) return Status::IOError(fmt::format("cannot read {}", path));
  if (static_cast<uint64_t>(size) > kMaxXlsxBytes)
    return Status::InvalidInput(fmt::format("{} is over {} MB: too large for an action plan", path,
                                            kMaxXlsxBytes / (1024 * 1024)));
  in.seekg(0);
  out->resize(static_cast<size_t>(size));
  if (!in.read(out->data(), size)) return Status::IOError(fmt::format("cannot read {}", path));
  if (out->starts_with("\xEF\xBB\xBF")) out->erase(0, 3);
  return Status::Ok();
}

Status ReadRows(const std::string& path, const std::string& sheet, std::vector<SourceRow>* rows,
                std::vector<PlanImportProblem>* problems) {
  std::string ext = Lower(path.substr(path.find_last_of('.') == std::string::npos ? path.size() : path.find_last_of('.')));
  if (ext == ".xlsx") {
    std::vector<XlsxRow> sheet_rows;
    if (Status st = ReadXlsxSheet(path, sheet, &sheet_rows); !st.ok()) return st;
    for (XlsxRow& r : sheet_rows) rows->push_back(SourceRow{r.number, std::move(r.cells)});
    return Status::Ok();
  }
  if (ext != ".csv" && ext != ".tsv" && ext != ".txt")
    return Status::InvalidInput(fmt::format("{}: give an action plan as .csv, .tsv or .xlsx", path));
  std::string text;
  if (Status st = ReadWholeFile(path, &text); !st.ok()) return st;
  if (ext == ".csv") {
    CsvReader reader(text);
    CsvRecord record;
    while (reader.Next(&record)) {
      if (!record.error.empty()) {
        problems->push_back(PlanImportProblem{path, static_cast<int>(record.line), record.error + "; set aside",
                                              std::string(record.raw)});
        continue;
      }
      SourceRow row{static_cast<int>(record.line), {}};
      for (std::string_view f : record.fields) row.cells.emplace_back(f);
      rows->push_back(std::move(row));
    }
    return Status::Ok();
  }
  // Tab-separated: one line a row, no quoting (the seeds' text has quotes of its own).
  std::istringstream lines(text);
  std::string line;
  for (int number = 1; std::getline(lines, line); ++number) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    SourceRow row{number, {}};
    size_t start = 0;
    while (true) {
      size_t tab = line.find('\t', start);
      row.cells.push_back(line.substr(start, tab == std::string::npos ? std::string::npos : tab - start));
      if (tab == std::string::npos) break;
      start = tab + 1;
    }
    rows->push_back(std::move(row));
  }
  return Status::Ok();
}

// Excel refuses control characters and strings over 32,767 characters.
std::string Clean(std::string_view s) {
  std::string out;
  for (unsigned char c : s) {
    if (out.size() >= 32000 && (c & 0xC0) != 0x80) break;
    out += (c < 0x20 && c != '\n' && c != '\t') ? ' ' : static_cast<char>(c);
  }
  return out;
}

std::string UkDate(const Date& d) { return fmt::format("{:02}/{:02}/{:04}", d.day(), d.month(), d.year()); }

std::string Owners(const std::vector<ActionOwner>& owners) {
  std::string s;
  for (const ActionOwner& o : owners) {
    if (!s.empty()) s += " / ";
    s += o.person.empty() ? o.agency : o.agency.empty() ? o.person : o.agency + " - " + o.person;
  }
  return s;
}

std::string Attribution(const ProgressEntry& e) {
  return e.author_role.empty() ? e.author : e.author + ", " + e.author_role;
}

}  // namespace

std::optional<Date> PlanYearStart(std::string_view title) {
  for (size_t i = 0; i + 7 <= title.size(); ++i) {
    auto digits = [&](size_t at, size_t n) {
      for (size_t k = at; k < at + n; ++k)
        if (k >= title.size() || !std::isdigit(static_cast<unsigned char>(title[k]))) return false;
      return true;
    };
    if ((i > 0 && std::isdigit(static_cast<unsigned char>(title[i - 1]))) || !digits(i, 4)) continue;
    if ((title[i + 4] != '/' && title[i + 4] != '-') || !digits(i + 5, 2)) continue;
    int first = std::stoi(std::string(title.substr(i, 4)));
    int second = std::stoi(std::string(title.substr(i + 5, 2)));
    if ((first + 1) % 100 == second) return Date::FromYmd(first, 4, 1);
  }
  return std::nullopt;
}

Status ReadActionPlanFile(const std::string& path, const PlanImportOptions& options, PlanImportResult* result) {
  *result = PlanImportResult{};
  result->plan.partnership = options.partnership;
  result->plan.title = options.title;
  std::vector<SourceRow> rows;
  if (Status st = ReadRows(path, options.sheet, &rows, &result->problems); !st.ok()) return st;
  PlanReader reader(path, options, result);
  return reader.Read(rows);
}

Status WriteActionPlanXlsx(const ActionPlan& plan, const Date& today, const std::optional<Date>& last_meeting,
                           const std::string& path) {
  lxw_workbook* wb = workbook_new(path.c_str());
  if (!wb) return Status::IOError(fmt::format("cannot write {}", path));
  lxw_format* header = workbook_add_format(wb);
  format_set_bold(header);
  format_set_text_wrap(header);
  format_set_bg_color(header, 0xD9E1F2);
  format_set_pattern(header, LXW_PATTERN_SOLID);
  lxw_format* wrap = workbook_add_format(wb);
  format_set_text_wrap(wrap);
  format_set_align(wrap, LXW_ALIGN_VERTICAL_TOP);
  lxw_format* date = workbook_add_format(wb);
  format_set_num_format(date, "dd/mm/yyyy");
  format_set_align(date, LXW_ALIGN_VERTICAL_TOP);
  lxw_format* timestamp = workbook_add_format(wb);
  format_set_num_format(timestamp, "yyyy-mm-dd hh:mm");
  format_set_align(timestamp, LXW_ALIGN_VERTICAL_TOP);
  lxw_format* title = workbook_add_format(wb);
  format_set_bold(title);
  format_set_font_size(title, 13);

  auto excel_date = [](const Date& d) {
    return lxw_datetime{d.year(), d.month(), d.day(), 0, 0, 0};
  };

  lxw_worksheet* sheet = workbook_add_worksheet(wb, "Action plan");
  worksheet_write_string(sheet, 0, 0, Clean(plan.partnership + ": " + plan.title).c_str(), title);
  std::string note = "Suggested RAG as of " + today.ToLong() +
                     (last_meeting ? ", last meeting " + last_meeting->ToLong() : std::string()) + ".";
  worksheet_write_string(sheet, 1, 0, Clean(note).c_str(), nullptr);
  const std::vector<std::pair<const char*, double>> columns = {
      {"Ref", 6},       {"Priority", 18},       {"Objective / Outcome", 30}, {"Action", 40},
      {"Owners", 28},   {"Due", 11},            {"Desired outcome", 28},     {"Progress", 70},
      {"RAG", 9},       {"Suggested RAG", 11},  {"Why suggested", 30},       {"Safer id", 8}};
  const lxw_row_t first = 3;
  for (size_t c = 0; c < columns.size(); ++c) {
    worksheet_set_column(sheet, static_cast<lxw_col_t>(c), static_cast<lxw_col_t>(c), columns[c].second, wrap);
    worksheet_write_string(sheet, first, static_cast<lxw_col_t>(c), columns[c].first, header);
  }
  worksheet_freeze_panes(sheet, first + 1, 0);
  lxw_row_t r = first + 1;
  for (const Action& a : plan.actions) {
    std::string log;
    for (const ProgressEntry& e : a.log) {
      if (!log.empty()) log += "\n";
      log += UkDate(e.date) + " - " + Attribution(e);
      if (e.corrects) log += fmt::format(" (corrects entry {})", *e.corrects);
      if (!e.text.empty()) log += "\n" + e.text;
    }
    RagSuggestion suggestion = SuggestRag(a, today, last_meeting);
    worksheet_write_string(sheet, r, 0, Clean(a.reference).c_str(), wrap);
    worksheet_write_string(sheet, r, 1, Clean(a.priority).c_str(), wrap);
    worksheet_write_string(sheet, r, 2, Clean(a.objective).c_str(), wrap);
    worksheet_write_string(sheet, r, 3, Clean(a.text).c_str(), wrap);
    worksheet_write_string(sheet, r, 4, Clean(Owners(a.owners)).c_str(), wrap);
    lxw_datetime due = excel_date(a.due);
    worksheet_write_datetime(sheet, r, 5, &due, date);
    worksheet_write_string(sheet, r, 6, Clean(a.desired_outcome).c_str(), wrap);
    worksheet_write_string(sheet, r, 7, Clean(log).c_str(), wrap);
    worksheet_write_string(sheet, r, 8, std::string(ActionRagName(a.owner_rag)).c_str(), wrap);
    worksheet_write_string(sheet, r, 9, std::string(ActionRagName(suggestion.rag)).c_str(), wrap);
    worksheet_write_string(sheet, r, 10, Clean(suggestion.reason).c_str(), wrap);
    worksheet_write_number(sheet, r, 11, static_cast<double>(a.id), nullptr);
    ++r;
  }

  lxw_worksheet* entries = workbook_add_worksheet(wb, "Progress log");
  const std::vector<std::pair<const char*, double>> log_columns = {
      {"Action", 8},  {"Ref", 6},          {"Date", 11},        {"Author", 24}, {"Role", 28},
      {"Text", 80},   {"Entry", 8},        {"Corrects entry", 9}, {"Recorded by", 22}, {"Recorded at (UTC)", 18}};
  for (size_t c = 0; c < log_columns.size(); ++c) {
    worksheet_set_column(entries, static_cast<lxw_col_t>(c), static_cast<lxw_col_t>(c), log_columns[c].second, wrap);
    worksheet_write_string(entries, 0, static_cast<lxw_col_t>(c), log_columns[c].first, header);
  }
  worksheet_freeze_panes(entries, 1, 0);
  lxw_row_t er = 1;
  for (const Action& a : plan.actions) {
    for (const ProgressEntry& e : a.log) {
      worksheet_write_number(entries, er, 0, static_cast<double>(a.id), nullptr);
      worksheet_write_string(entries, er, 1, Clean(a.reference).c_str(), wrap);
      lxw_datetime d = excel_date(e.date);
      worksheet_write_datetime(entries, er, 2, &d, date);
      worksheet_write_string(entries, er, 3, Clean(e.author).c_str(), wrap);
      worksheet_write_string(entries, er, 4, Clean(e.author_role).c_str(), wrap);
      worksheet_write_string(entries, er, 5, Clean(e.text).c_str(), wrap);
      worksheet_write_number(entries, er, 6, static_cast<double>(e.id), nullptr);
      if (e.corrects) worksheet_write_number(entries, er, 7, static_cast<double>(*e.corrects), nullptr);
      worksheet_write_string(entries, er, 8, Clean(e.recorded_by).c_str(), wrap);
      Date recorded = Date::FromDaysSinceEpoch(static_cast<int>(e.recorded_at / 86400));
      int seconds = static_cast<int>(e.recorded_at % 86400);
      lxw_datetime at{recorded.year(), recorded.month(), recorded.day(), seconds / 3600, (seconds / 60) % 60, 0};
      worksheet_write_datetime(entries, er, 9, &at, timestamp);
      ++er;
    }
  }
  lxw_error err = workbook_close(wb);
  if (err != LXW_NO_ERROR) return Status::IOError(fmt::format("cannot write {}: {}", path, lxw_strerror(err)));
  return Status::Ok();
}

}  // namespace safer
