#include "check/periods.h"

#include <array>
#include <cctype>
#include <vector>

namespace safer::check {
namespace {

constexpr std::array<std::string_view, 12> kMonths{"january", "february", "march",     "april",
                                                   "may",     "june",     "july",      "august",
                                                   "september", "october", "november", "december"};

struct Token {
  enum Kind { kMonth, kNumber, kDash, kSlash, kWord } kind;
  int value = 0;  // month 1–12, or the number
  int digits = 0;
  size_t begin = 0, end = 0;  // byte offsets in the text
};

int MonthOf(const std::string& word) {
  for (size_t i = 0; i < kMonths.size(); ++i)
    if (word == kMonths[i] || word == kMonths[i].substr(0, 3)) return static_cast<int>(i) + 1;
  return word == "sept" ? 9 : 0;
}

std::vector<Token> Tokenise(std::string_view text) {
  std::vector<Token> tokens;
  for (size_t i = 0; i < text.size();) {
    const unsigned char c = static_cast<unsigned char>(text[i]);
    const size_t begin = i;
    if (std::isalpha(c)) {
      std::string word;
      while (i < text.size() && std::isalpha(static_cast<unsigned char>(text[i])))
        word += static_cast<char>(std::tolower(static_cast<unsigned char>(text[i++])));
      const int month = MonthOf(word);
      if (word == "to") tokens.push_back({Token::kDash, 0, 0, begin, i});
      else tokens.push_back({month ? Token::kMonth : Token::kWord, month, 0, begin, i});
    } else if (std::isdigit(c)) {
      int value = 0, digits = 0;
      while (i < text.size() && std::isdigit(static_cast<unsigned char>(text[i]))) {
        value = digits < 6 ? value * 10 + (text[i] - '0') : value;
        ++digits;
        ++i;
      }
      tokens.push_back({Token::kNumber, value, digits, begin, i});
    } else if (c == '-' || text.substr(i).starts_with("\u2013") || text.substr(i).starts_with("\u2014") ||
               text.substr(i).starts_with("\u2212")) {
      i += c == '-' ? 1 : 3;
      tokens.push_back({Token::kDash, 0, 0, begin, i});
    } else if (c == '/') {
      tokens.push_back({Token::kSlash, 0, 0, begin, ++i});
    } else {
      ++i;  // spaces and other punctuation separate tokens and mean nothing
    }
  }
  return tokens;
}

// "18" is 2018; "2018" is 2018; anything else is not a year.
std::optional<int> Year(const Token& t) {
  if (t.kind != Token::kNumber) return std::nullopt;
  if (t.digits == 2) return 2000 + t.value;
  if (t.digits == 4 && t.value >= 1900 && t.value < 2100) return t.value;
  return std::nullopt;
}

}  // namespace

std::optional<NamedPeriod> FindPeriod(std::string_view text) {
  const std::vector<Token> t = Tokenise(text);
  auto is = [&](size_t i, Token::Kind kind) { return i < t.size() && t[i].kind == kind; };
  for (size_t i = 0; i < t.size(); ++i) {
    if (!is(i, Token::kMonth)) continue;
    size_t j = i + 1;
    std::optional<int> first_year = j < t.size() ? Year(t[j]) : std::nullopt;
    if (first_year) ++j;
    if (!is(j, Token::kDash) || !is(j + 1, Token::kMonth)) continue;
    const size_t last = j + 1;
    std::optional<int> last_year = last + 1 < t.size() ? Year(t[last + 1]) : std::nullopt;
    NamedPeriod p;
    p.first_month = t[i].value;
    p.last_month = t[last].value;
    const size_t end = last_year ? t[last + 1].end : t[last].end;
    p.text = std::string(text.substr(t[i].begin, end - t[i].begin));
    // A range that crosses a year end ("Oct – Mar 14") starts in the year before.
    const bool wraps = p.last_month < p.first_month;
    if (last_year && !first_year) first_year = *last_year - (wraps ? 1 : 0);
    if (first_year && !last_year) last_year = *first_year + (wraps ? 1 : 0);
    if (first_year && last_year && Month(*last_year, p.last_month) >= Month(*first_year, p.first_month))
      p.dated = MonthRange{Month(*first_year, p.first_month), Month(*last_year, p.last_month)};
    return p;
  }
  // A financial year: "2013/14", "2013-14", "2013-2014".
  for (size_t i = 0; i + 2 < t.size(); ++i) {
    const std::optional<int> start = t[i].digits == 4 ? Year(t[i]) : std::nullopt;
    if (!start || !(is(i + 1, Token::kSlash) || is(i + 1, Token::kDash))) continue;
    const std::optional<int> end = Year(t[i + 2]);
    if (!end || *end != *start + 1 || t[i + 1].end != t[i + 2].begin) continue;
    NamedPeriod p;
    p.first_month = 4;
    p.last_month = 3;
    p.dated = FinancialYear(*start).months();
    p.text = std::string(text.substr(t[i].begin, t[i + 2].end - t[i].begin));
    return p;
  }
  return std::nullopt;
}

std::optional<int> FindQuarter(std::string_view text) {
  const std::vector<Token> t = Tokenise(text);
  for (size_t i = 0; i + 1 < t.size(); ++i) {
    if (t[i].kind != Token::kWord || t[i + 1].kind != Token::kNumber || t[i + 1].digits != 1) continue;
    if (t[i + 1].value < 1 || t[i + 1].value > 4) continue;
    const std::string_view word = text.substr(t[i].begin, t[i].end - t[i].begin);
    const bool q = (word == "Q" || word == "q") && t[i].end == t[i + 1].begin;
    std::string lower(word);
    for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (q || lower == "quarter") return t[i + 1].value;
  }
  return std::nullopt;
}

NamedPeriod QuarterMonths(int quarter) {
  NamedPeriod p;
  p.first_month = quarter * 3 % 12 + 1;  // Q1 → 4, Q2 → 7, Q3 → 10, Q4 → 1
  p.last_month = p.first_month + 2;
  p.text = MonthsName(p);
  return p;
}

std::string MonthsName(const NamedPeriod& period) {
  auto name = [](int month) {
    std::string s(kMonths[month - 1].substr(0, 3));
    s[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(s[0])));
    return s;
  };
  return name(period.first_month) + "-" + name(period.last_month);
}

}  // namespace safer::check
