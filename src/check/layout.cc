#include "check/layout.h"

#include <algorithm>
#include <cmath>
#include <set>

namespace safer::check {
namespace {

enum class RowKind { kBlank, kTitle, kData, kHeading, kUnnamed };

bool HasFigures(const GridRow& row) {
  for (size_t c = 1; c < row.cells.size(); ++c)
    if (row.cells[c].kind == CellKind::kFigure) return true;
  return false;
}

// Bold from the name to the last figure: how the seeds set a parent row apart.
bool AllBold(const GridRow& row) {
  for (const Cell& c : row.cells)
    if (c.kind != CellKind::kBlank && !c.bold) return false;
  return true;
}

RowKind KindOf(const GridRow& row) {
  int filled = 0;
  bool values = false;  // figures, or cells that say why a figure is missing
  for (size_t c = 0; c < row.cells.size(); ++c) {
    const CellKind k = row.cells[c].kind;
    if (k == CellKind::kBlank) continue;
    ++filled;
    if (c > 0 && k != CellKind::kText) values = true;
  }
  if (filled == 0) return RowKind::kBlank;
  if (row.at(0).kind == CellKind::kBlank) return HasFigures(row) ? RowKind::kUnnamed : RowKind::kHeading;
  if (values) return RowKind::kData;
  return filled == 1 ? RowKind::kTitle : RowKind::kHeading;
}

// "Category | 2017 | 2018 | Change": years heading columns look like figures.
bool YearsOnly(const GridRow& row) {
  int years = 0;
  for (size_t c = 1; c < row.cells.size(); ++c) {
    const Cell& cell = row.cells[c];
    if (cell.kind == CellKind::kText || cell.kind == CellKind::kBlank) continue;
    if (cell.kind != CellKind::kFigure || cell.text.size() != 4 || cell.figure.value < 1900 ||
        cell.figure.value >= 2100)
      return false;
    ++years;
  }
  return years > 0;
}

bool Contains(const std::string& folded, std::string_view word) { return folded.find(word) != std::string::npos; }

bool IsRateHeading(const std::string& text) {
  const std::string f = FoldName(text);
  return Contains(f, "per1000") || Contains(f, "per100000") || Contains(f, "per1k") || Contains(f, "rate");
}

bool IsPercentHeading(const std::string& text) {
  return text.find('%') != std::string::npos || Contains(FoldName(text), "percent");
}

// A table as found, before its shape is known: heading rows then data rows.
struct RawTable {
  std::vector<const GridRow*> heading;
  std::vector<const GridRow*> data;
  std::string title;
};

struct Shaped {
  Shape shape = Shape::kPlain;
  std::vector<Role> roles;
  std::vector<ColumnGroup> groups;
  int earlier = -1, later = -1, change = -1, percent = -1;
  TableHead head;
};

std::vector<bool> FigureColumns(const RawTable& t, int width) {
  std::vector<bool> figures(width, false);
  for (const GridRow* row : t.data)
    for (int c = 1; c < width; ++c)
      figures[c] = figures[c] || row->at(c).kind == CellKind::kFigure || row->at(c).kind == CellKind::kMalformed;
  return figures;
}

// Labels are the heading cells of each column, top to bottom.
void Label(const RawTable& t, int width, TableHead* head) {
  head->labels.assign(width, "");
  head->label_lines.assign(width, head->line);
  for (const GridRow* row : t.heading) {
    for (int c = 0; c < width; ++c) {
      const std::string& text = row->at(c).text;
      if (text.empty()) continue;
      if (head->labels[c].empty()) head->label_lines[c] = row->line;
      head->labels[c] += (head->labels[c].empty() ? "" : " ") + text;
    }
  }
}

// Districts: a heading row of (count, "Per 1,000 ...") pairs. The rows above it name the
// districts; when those names do not sit over their pairs (cells split or shifted in the
// copy), the groups are numbered instead.
bool ShapeDistricts(const RawTable& t, int width, Shaped* s) {
  for (size_t h = 0; h < t.heading.size(); ++h) {
    const GridRow& sub = *t.heading[h];
    std::vector<ColumnGroup> groups;
    for (int c = 2; c < width; ++c)
      if (IsRateHeading(sub.at(c).text) && !sub.at(c - 1).text.empty() && !IsRateHeading(sub.at(c - 1).text))
        groups.push_back({"", c - 1, c});
    if (groups.size() < 2) continue;
    bool aligned = h > 0;
    for (ColumnGroup& g : groups) {
      bool named = false;
      for (size_t n = 0; n < h; ++n) {
        const GridRow& names = *t.heading[n];
        named = named || !names.at(g.count).text.empty();
        std::string part = names.at(g.count).text + names.at(g.rate).text;
        if (!part.empty()) g.name += (g.name.empty() ? "" : " ") + part;
      }
      aligned = aligned && named;
    }
    for (size_t i = 0; i < groups.size(); ++i) {
      ColumnGroup& g = groups[i];
      if (!aligned) g.name = i + 1 == groups.size() ? "force" : "district " + std::to_string(i + 1);
      s->head.labels[g.count] = g.name + " " + sub.at(g.count).text;
      s->head.labels[g.rate] = g.name + " " + sub.at(g.rate).text;
      s->head.label_lines[g.count] = s->head.label_lines[g.rate] = sub.line;
      s->roles[g.count] = Role::kFigures;
      s->roles[g.rate] = Role::kRate;
    }
    s->shape = Shape::kDistricts;
    s->groups = std::move(groups);
    return true;
  }
  return false;
}

// Which way round the two periods go when the headings do not say: the way more rows'
// Change agrees with.
bool ChangeRunsLeftToRight(const RawTable& t, int a, int b, int change) {
  int forward = 0, backward = 0;
  for (const GridRow* row : t.data) {
    const Cell &x = row->at(a), &y = row->at(b), &d = row->at(change);
    if (x.kind != CellKind::kFigure || y.kind != CellKind::kFigure || d.kind != CellKind::kFigure) continue;
    if (std::abs(y.figure.value - x.figure.value - d.figure.value) < 1e-9) ++forward;
    if (std::abs(x.figure.value - y.figure.value - d.figure.value) < 1e-9) ++backward;
  }
  return forward >= backward;
}

bool ShapeTwoPeriods(const RawTable& t, int width, const std::vector<bool>& figures, Shaped* s) {
  for (int c = 1; c < width; ++c) {
    const std::string f = FoldName(s->head.labels[c]);
    if (!Contains(f, "change") && !Contains(f, "difference")) continue;
    int& slot = IsPercentHeading(s->head.labels[c]) ? s->percent : s->change;
    if (slot < 0) slot = c;
  }
  if (s->change < 0 && s->percent < 0) return false;
  s->shape = Shape::kTwoPeriods;
  const int end = s->change < 0 ? s->percent : s->percent < 0 ? s->change : std::min(s->change, s->percent);
  std::vector<int> candidates;
  for (int c = 1; c < end; ++c) {
    if (!figures[c] || Contains(FoldName(s->head.labels[c]), "target")) continue;
    candidates.push_back(c);
    if (!IsPercentHeading(s->head.labels[c])) s->roles[c] = Role::kFigures;
  }
  // An indicator table also shows a baseline and the year to date; Change compares the others.
  if (candidates.size() > 2) {
    std::erase_if(candidates, [&](int c) {
      const std::string f = FoldName(s->head.labels[c]);
      return Contains(f, "baseline") || Contains(f, "yeartodate") || Contains(f, "ytd");
    });
  }
  if (s->change >= 0) s->roles[s->change] = Role::kChange;
  if (s->percent >= 0) s->roles[s->percent] = Role::kPercentChange;
  if (candidates.size() != 2) return true;
  s->earlier = candidates[0];
  s->later = candidates[1];
  const auto& a = s->head.periods[s->earlier];
  const auto& b = s->head.periods[s->later];
  bool swap = false;
  if (a && b && a->dated && b->dated && a->dated->last != b->dated->last) swap = a->dated->last > b->dated->last;
  else if (s->change >= 0) swap = !ChangeRunsLeftToRight(t, s->earlier, s->later, s->change);
  if (swap) std::swap(s->earlier, s->later);
  return true;
}

Shaped ShapeOf(const RawTable& t) {
  int width = 1;
  for (const auto* rows : {&t.heading, &t.data})
    for (const GridRow* row : *rows) width = std::max(width, static_cast<int>(row->cells.size()));
  Shaped s;
  s.head.line = t.heading.empty() ? t.data.front()->line : t.heading.front()->line;
  s.head.title = t.title;
  Label(t, width, &s.head);
  for (const std::string& label : s.head.labels) s.head.periods.push_back(FindPeriod(label));
  s.roles.assign(width, Role::kOther);
  s.roles[0] = Role::kLabel;
  const std::vector<bool> figures = FigureColumns(t, width);
  if (!ShapeDistricts(t, width, &s) && !ShapeTwoPeriods(t, width, figures, &s)) {
    for (int c = 1; c < width; ++c)
      if (figures[c] && !IsPercentHeading(s.head.labels[c]) && !IsRateHeading(s.head.labels[c]))
        s.roles[c] = Role::kFigures;
  }
  for (int c = 1; c < width; ++c)
    if (figures[c] && s.head.labels[c].empty()) s.head.unheaded.push_back(c);
  return s;
}

std::vector<Role> Significant(std::vector<Role> roles) {
  while (!roles.empty() && roles.back() == Role::kOther) roles.pop_back();
  return roles;
}

bool SamePeriod(const std::optional<NamedPeriod>& a, const std::optional<NamedPeriod>& b) {
  if (!a || !b) return true;
  return a->same_months(*b) && a->dated == b->dated;
}

// Tables of one shape in a row continue one section: victim-based crime, then police-generated.
bool Continues(const Section& section, const Shaped& next) {
  const TableHead& last = section.tables.back();
  if (section.shape != next.shape || Significant(section.roles) != Significant(next.roles)) return false;
  if (section.earlier != next.earlier || section.later != next.later) return false;
  if (section.earlier >= 0 && (!SamePeriod(last.periods[section.earlier], next.head.periods[next.earlier]) ||
                               !SamePeriod(last.periods[section.later], next.head.periods[next.later])))
    return false;
  return SamePeriod(FindPeriod(last.title), FindPeriod(next.head.title));
}

bool IsTotal(const std::string& name) {
  const std::string f = FoldName(name);
  return f.starts_with("total") || f.starts_with("grandtotal");
}

// A total of totals: "TOTAL RECORDED CRIME" adds the victim-based and police-generated totals.
bool NamesGrandTotal(const std::string& name) {
  const std::string f = FoldName(name);
  return Contains(f, "recordedcrime") || Contains(f, "allcrime") || f.starts_with("grandtotal") ||
         Contains(f, "overall");
}

// True when the rows under `node` leave no branch of it out, so they must add up to it.
bool Covers(const NameTree& tree, int node, const std::set<int>& present) {
  const std::vector<int>& children = tree.Children(node);
  if (children.empty()) return false;
  for (int child : children)
    if (!present.count(child) && !Covers(tree, child, present)) return false;
  return true;
}

// Parents and parts. The nesting comes from --tree, else from the table's own markup ('>'
// marks or indentation; bold parents over plain children), else from the ONS tree. A parent
// found through a tree is checked only when its rows cover all its branches: a partial list
// may be "of which" rows.
void Nest(Section& section, const NameTree* outline) {
  std::vector<TableRow>& rows = section.rows;
  bool indented = false, bold = false, plain = false;
  std::set<int> indents;
  for (const TableRow& r : rows) {
    if (r.total) continue;
    indented = indented || r.grid->indent > 0;
    indents.insert(r.grid->indent);
    (AllBold(*r.grid) ? bold : plain) = true;
  }
  const NameTree* tree = outline ? outline : (indented || (bold && plain)) ? nullptr : &NameTree::Ons();
  auto depth = [&](const TableRow& r) {
    return static_cast<int>(std::distance(indents.begin(), indents.find(r.grid->indent)));
  };
  std::vector<std::optional<int>> nodes(rows.size());
  int since_total = 0;  // parents are looked for only below the last total
  for (int i = 0; i < static_cast<int>(rows.size()); ++i) {
    TableRow& r = rows[i];
    if (r.total) {
      since_total = i + 1;
      continue;
    }
    if (tree) {
      nodes[i] = tree->Find(r.name);
      for (std::optional<int> a = nodes[i] ? tree->Parent(*nodes[i]) : std::nullopt; a && r.parent < 0;
           a = tree->Parent(*a))
        for (int j = i - 1; j >= since_total && r.parent < 0; --j)
          if (nodes[j] == a) r.parent = j;
    } else if (indented) {
      for (int j = i - 1; j >= since_total && r.parent < 0; --j)
        if (!rows[j].total && depth(rows[j]) < depth(r)) r.parent = j;
    } else if (!AllBold(*r.grid)) {
      for (int j = i - 1; j >= since_total && r.parent < 0; --j)
        if (AllBold(*rows[j].grid)) r.parent = j;
    }
    if (r.parent >= 0) rows[r.parent].parts.push_back(i);
  }
  if (tree) {
    for (int i = 0; i < static_cast<int>(rows.size()); ++i) {
      std::set<int> present;
      for (int p : rows[i].parts)
        if (nodes[p]) present.insert(*nodes[p]);
      if (!nodes[i] || !Covers(*tree, *nodes[i], present)) rows[i].parts.clear();
    }
  }
  // A total adds the top-level rows since the previous total; a grand total adds the totals
  // before it (and any top-level rows not yet counted).
  std::vector<int> top, totals;
  bool after_total = false;
  for (int i = 0; i < static_cast<int>(rows.size()); ++i) {
    TableRow& r = rows[i];
    if (!r.total) {
      if (r.parent < 0) top.push_back(i);
      after_total = false;
      continue;
    }
    const bool grand = NamesGrandTotal(r.name) || (after_total && top.empty());
    if (grand) {
      r.parts = totals;
      r.parts.insert(r.parts.end(), top.begin(), top.end());
      std::sort(r.parts.begin(), r.parts.end());
      totals.clear();
    } else {
      r.parts = top;
      totals.push_back(i);
    }
    top.clear();
    after_total = true;
  }
}

}  // namespace

bool Section::IsForce(int column) const {
  return has_force && (groups.back().count == column || groups.back().rate == column);
}

Layout Recognise(const Grid& grid, const LayoutOptions& options) {
  Layout layout;
  std::vector<RawTable> tables;
  std::string title;
  RowKind previous = RowKind::kBlank;
  for (const GridRow& row : grid.rows) {
    RowKind kind = KindOf(row);
    if (kind == RowKind::kData && previous != RowKind::kData && previous != RowKind::kUnnamed && YearsOnly(row))
      kind = RowKind::kHeading;
    switch (kind) {
      case RowKind::kBlank: break;
      case RowKind::kTitle:
        layout.titles.push_back({row.line, row.at(0).text});
        title = row.at(0).text;
        break;
      case RowKind::kHeading:
        if (previous != RowKind::kHeading || tables.empty()) tables.push_back({{}, {}, title});
        tables.back().heading.push_back(&row);
        break;
      case RowKind::kData:
        if (tables.empty()) tables.push_back({{}, {}, title});
        tables.back().data.push_back(&row);
        break;
      case RowKind::kUnnamed: layout.unnamed.push_back(&row); break;
    }
    previous = kind;
  }

  for (const RawTable& raw : tables) {
    if (raw.data.empty()) continue;
    Shaped shaped = ShapeOf(raw);
    if (layout.sections.empty() || !Continues(layout.sections.back(), shaped)) {
      Section s;
      s.shape = shaped.shape;
      s.roles = shaped.roles;
      s.groups = shaped.groups;
      s.earlier = shaped.earlier;
      s.later = shaped.later;
      s.change = shaped.change;
      s.percent = shaped.percent;
      s.quarter = options.quarter;
      for (const TitleLine& t : layout.titles)
        if (!options.quarter && t.line < shaped.head.line)
          if (auto q = FindQuarter(t.text)) s.quarter = q;
      layout.sections.push_back(std::move(s));
    }
    Section& section = layout.sections.back();
    // A later table may be wider (trailing cells): every per-column vector covers both.
    const int width = std::max(section.width(), static_cast<int>(shaped.roles.size()));
    section.roles.resize(width, Role::kOther);
    shaped.head.labels.resize(width);
    shaped.head.label_lines.resize(width, shaped.head.line);
    shaped.head.periods.resize(width);
    for (TableHead& head : section.tables) {
      head.labels.resize(width);
      head.label_lines.resize(width, head.line);
      head.periods.resize(width);
    }
    const int table = static_cast<int>(section.tables.size());
    section.tables.push_back(std::move(shaped.head));
    for (const GridRow* row : raw.data) {
      TableRow r;
      r.grid = row;
      r.name = row->at(0).text;
      r.table = table;
      r.total = IsTotal(r.name);
      section.rows.push_back(std::move(r));
    }
  }
  for (Section& section : layout.sections) {
    section.has_force = section.shape == Shape::kDistricts && options.force_column;
    Nest(section, options.tree);
  }
  return layout;
}

}  // namespace safer::check
