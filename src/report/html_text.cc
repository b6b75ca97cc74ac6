#include "report/html_text.h"

#include <cctype>

#include <fmt/format.h>

namespace safer {

std::string EscapeHtml(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out += c;
    }
  }
  return out;
}

std::string CssString(std::string_view text) {
  std::string out = "\"";
  for (unsigned char c : text) {
    if (c >= 0x80 || std::isalnum(c) || c == ' ') out += static_cast<char>(c);
    else out += fmt::format("\\{:x} ", c);
  }
  return out + "\"";
}

}  // namespace safer
