// How the rows of a published table nest, as a tree of row names. The built-in tree is
// Safer's own category tree (domain/category.h) reached through the names the seed tables
// print ("Criminal Damage & Arson", "Possession/Use of drugs"); `--tree FILE` gives another
// as an indented outline. Names match ignoring case, spaces and punctuation.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/category.h"
#include "domain/status.h"

namespace safer::check {

// The category a row name of a published crime table means, if any: Safer's names, slugs and
// police.uk types (FindCategory), then the seeds' own names ("Business Robbery",
// "Vehicle Crime (Inc Inter.)", "Domestic Burglary", "AS21 - Personal").
std::optional<CategoryId> FindSeedCategory(std::string_view row_name);

// Rates of these rows are per 1,000 households, not population (DOMAIN.md §2).
bool PerHousehold(std::string_view row_name);

// Lower-case letters and digits, "&" read as "and" and "%" as "percent": "Criminal Damage &
// Arson" == "criminal damage and arson", but "% Change" != "Change".
std::string FoldName(std::string_view text);

class NameTree {
 public:
  // Safer's category tree, matched through FindSeedCategory.
  static const NameTree& Ons();
  // One name a line, each child indented (spaces or tabs) under its parent; '#' starts a
  // comment line. Fails on a name given twice or an outline without names.
  static Status FromOutline(std::string_view text, NameTree* tree);

  std::optional<int> Find(std::string_view row_name) const;
  std::optional<int> Parent(int node) const { return nodes_[node].parent; }
  const std::vector<int>& Children(int node) const { return nodes_[node].children; }

 private:
  struct Node {
    std::optional<int> parent;
    std::vector<int> children;
  };
  int Add(std::optional<int> parent);

  std::vector<Node> nodes_;
  std::map<std::string, int> by_name_;  // folded name → node (outlines only)
  bool ons_ = false;                    // nodes are CategoryId - 1, found by FindSeedCategory
};

}  // namespace safer::check
