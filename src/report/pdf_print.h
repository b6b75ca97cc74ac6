// Printing a self-contained HTML file to PDF with headless Chromium (Debian's `chromium`):
// A4, page numbers in the footer. Used for the performance pack and the meeting documents.
#pragma once

#include <string>

#include "domain/status.h"

namespace safer {

Status PrintHtmlToPdf(const std::string& html_path, const std::string& pdf_path);

}  // namespace safer
