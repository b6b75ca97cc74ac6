#include "domain/incident.h"

namespace safer {
namespace {

// A table, not branches: every crime row of every import passes through here.
constexpr std::array<int8_t, 256> kHexValue = [] {
  std::array<int8_t, 256> t{};
  t.fill(-1);
  for (int c = '0'; c <= '9'; ++c) t[c] = static_cast<int8_t>(c - '0');
  for (int c = 'a'; c <= 'f'; ++c) t[c] = static_cast<int8_t>(c - 'a' + 10);
  for (int c = 'A'; c <= 'F'; ++c) t[c] = static_cast<int8_t>(c - 'A' + 10);
  return t;
}();

}  // namespace

std::optional<CrimeId> ParseCrimeId(std::string_view hex) {
  if (hex.size() != 64) return std::nullopt;
  CrimeId id;
  for (size_t i = 0; i < 32; ++i) {
    int hi = kHexValue[static_cast<uint8_t>(hex[2 * i])], lo = kHexValue[static_cast<uint8_t>(hex[2 * i + 1])];
    if (hi < 0 || lo < 0) return std::nullopt;
    id[i] = static_cast<uint8_t>(hi << 4 | lo);
  }
  return id;
}

std::string CrimeIdToHex(const CrimeId& id) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string hex;
  hex.reserve(64);
  for (uint8_t b : id) {
    hex.push_back(kDigits[b >> 4]);
    hex.push_back(kDigits[b & 15]);
  }
  return hex;
}

}  // namespace safer
