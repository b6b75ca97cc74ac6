#include "analytics/concentration.h"

#include <algorithm>

#include <fmt/format.h>

namespace safer {

Status Concentrate(const std::vector<AreaCount>& counts, int top_n, Concentration* out) {
  if (counts.empty()) return Status::InvalidInput("no areas to measure concentration over");
  if (top_n < 1) return Status::InvalidInput(fmt::format("top {}: N must be at least 1", top_n));
  const auto n = static_cast<int64_t>(counts.size());
  if (top_n > n)
    return Status::InvalidInput(
        fmt::format("top {} is more than the {} areas there are; choose N of at most {}", top_n, n, n));
  for (const auto& c : counts)
    if (c.count < 0) return Status::InvalidInput(fmt::format("area \"{}\" has a negative count", c.area));

  Concentration result;
  result.ranked = counts;
  // Ties by name so that the same data always gives the same table and the same top N.
  std::sort(result.ranked.begin(), result.ranked.end(), [](const AreaCount& a, const AreaCount& b) {
    return a.count != b.count ? a.count > b.count : a.area < b.area;
  });
  for (const auto& c : result.ranked) result.total += c.count;

  // Ascending is the ranking read backwards; the Lorenz curve and the Gini both want it.
  result.lorenz.reserve(counts.size() + 1);
  result.lorenz.push_back(0);
  int64_t running = 0;
  double weighted = 0;  // Σ i·x_(i), i = 1..n over the ascending counts
  for (int64_t i = 1; i <= n; ++i) {
    const int64_t x = result.ranked[static_cast<size_t>(n - i)].count;
    running += x;
    weighted += static_cast<double>(i) * static_cast<double>(x);
    // With nothing counted there is no share to take: the curve is the line of equality.
    result.lorenz.push_back(result.total == 0 ? static_cast<double>(i) / static_cast<double>(n)
                                              : static_cast<double>(running) / static_cast<double>(result.total));
  }
  if (result.total > 0) {
    result.lorenz.back() = 1;  // exactly, not 0.9999… from rounding
    const auto dn = static_cast<double>(n);
    result.gini = 2 * weighted / (dn * static_cast<double>(result.total)) - (dn + 1) / dn;
  }

  result.top_n = top_n;
  for (int i = 0; i < top_n; ++i) result.top_n_count += result.ranked[static_cast<size_t>(i)].count;
  result.top_n_share = result.total == 0 ? 0
                                         : 100.0 * static_cast<double>(result.top_n_count) /
                                               static_cast<double>(result.total);
  *out = std::move(result);
  return Status::Ok();
}

}  // namespace safer
