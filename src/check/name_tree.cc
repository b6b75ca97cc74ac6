#include "check/name_tree.h"

#include <array>
#include <cctype>

#include <fmt/format.h>

namespace safer::check {
namespace {

using C = CategoryId;

struct SeedName {
  std::string_view name;
  CategoryId category;
};

// Names the seed tables print that Safer's tree spells otherwise (seed 000 l.699–797, seed 001
// l.2415–2541). "Other burglary" was the ONS name for non-domestic burglary before 2016.
constexpr std::array<SeedName, 11> kSeedNames{{
    {"Death or Injury Due to Driving", C::kDeathOrInjuryByDriving},
    {"Business Robbery", C::kRobberyBusiness},
    {"Robbery - Business", C::kRobberyBusiness},
    {"Personal Robbery", C::kRobberyPersonal},
    {"Robbery - Personal", C::kRobberyPersonal},
    {"Domestic Burglary", C::kBurglaryResidential},
    {"Residential Burglary", C::kBurglaryResidential},
    {"Other Burglary", C::kBurglaryBusinessAndCommunity},
    {"Vehicle Crime (Inc Inter.)", C::kVehicleCrime},
    {"Possession/Use of drugs", C::kDrugPossession},
    {"Misc. Crimes Against Society", C::kMiscCrimesAgainstSociety},
}};

}  // namespace

std::string FoldName(std::string_view text) {
  std::string out;
  for (unsigned char c : text) {
    if (c == '&') out += "and";
    else if (c == '%') out += "percent";
    else if (std::isalnum(c)) out.push_back(static_cast<char>(std::tolower(c)));
  }
  return out;
}

std::optional<CategoryId> FindSeedCategory(std::string_view row_name) {
  if (auto id = FindCategory(row_name)) return id;
  const std::string key = FoldName(row_name);
  for (const SeedName& s : kSeedNames)
    if (FoldName(s.name) == key) return s.category;
  // "Criminal Damage & Arson"; "Vehicle Crime (Inc Inter.)" for any bracketed note.
  std::string plain(row_name.substr(0, row_name.find('(')));
  for (size_t at; (at = plain.find('&')) != std::string::npos;) plain.replace(at, 1, " and ");
  if (plain != row_name)
    if (auto id = FindCategory(plain)) return id;
  // "AS21 - Personal": the ASB code leads.
  const std::string_view code = row_name.substr(0, row_name.find_first_of(" -"));
  if (auto id = FindCategory(code); id && IsAntiSocialBehaviour(*id)) return id;
  return std::nullopt;
}

bool PerHousehold(std::string_view row_name) {
  return FindSeedCategory(row_name) == C::kBurglaryResidential ||
         FoldName(row_name).find("household") != std::string::npos;
}

const NameTree& NameTree::Ons() {
  static const NameTree tree = [] {
    NameTree t;
    t.ons_ = true;
    for (const CrimeCategory& c : AllCategories())
      t.Add(c.parent ? std::optional<int>(static_cast<int>(*c.parent) - 1) : std::nullopt);
    return t;
  }();
  return tree;
}

int NameTree::Add(std::optional<int> parent) {
  const int node = static_cast<int>(nodes_.size());
  nodes_.push_back({parent, {}});
  if (parent) nodes_[*parent].children.push_back(node);
  return node;
}

Status NameTree::FromOutline(std::string_view text, NameTree* tree) {
  NameTree t;
  std::vector<std::pair<int, int>> open;  // (indent width, node) from the root down
  int line_number = 0;
  while (!text.empty()) {
    const size_t end = text.find('\n');
    std::string_view line = text.substr(0, end);
    text = end == std::string_view::npos ? std::string_view() : text.substr(end + 1);
    ++line_number;
    int width = 0;
    while (!line.empty() && (line.front() == ' ' || line.front() == '\t')) {
      width += line.front() == '\t' ? 8 : 1;
      line.remove_prefix(1);
    }
    while (!line.empty() && (line.back() == ' ' || line.back() == '\r')) line.remove_suffix(1);
    if (line.empty() || line.front() == '#') continue;
    const std::string key = FoldName(line);
    if (key.empty()) return Status::InvalidInput(fmt::format("tree line {}: \"{}\" is not a name", line_number, line));
    if (t.by_name_.count(key))
      return Status::InvalidInput(fmt::format("tree line {}: \"{}\" is given twice", line_number, line));
    while (!open.empty() && open.back().first >= width) open.pop_back();
    const int node = t.Add(open.empty() ? std::nullopt : std::optional<int>(open.back().second));
    t.by_name_[key] = node;
    open.emplace_back(width, node);
  }
  if (t.nodes_.empty()) return Status::InvalidInput("the tree names no rows");
  *tree = std::move(t);
  return Status::Ok();
}

std::optional<int> NameTree::Find(std::string_view row_name) const {
  if (ons_) {
    auto id = FindSeedCategory(row_name);
    return id ? std::optional<int>(static_cast<int>(*id) - 1) : std::nullopt;
  }
  auto it = by_name_.find(FoldName(row_name));
  return it == by_name_.end() ? std::nullopt : std::optional<int>(it->second);
}

}  // namespace safer::check
