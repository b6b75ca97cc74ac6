// Text placed in the HTML documents Safer writes (the pack, minutes, agendas): escaped for
// element content and attributes, or quoted as a CSS string for print footers.
#pragma once

#include <string>
#include <string_view>

namespace safer {

std::string EscapeHtml(std::string_view text);
// A CSS string literal. Inside <style> HTML escaping does not apply, so every ASCII
// character that is not a letter, digit or space becomes a hex escape ("</style>" cannot
// close the element); UTF-8 bytes pass through whole.
std::string CssString(std::string_view text);

}  // namespace safer
