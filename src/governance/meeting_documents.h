// The partnership's meeting documents (DOMAIN.md §8) in the layout of the published ones
// (seed 000 l.1–196, seed 004 l.1–155): the agenda, the minutes and decision record, the
// reports in the council's template, and the agenda pack that binds them together with the
// quarterly performance pack. Each is one self-contained HTML page (inline CSS, nothing
// fetched) that prints on A4 portrait with "Page N" in the footer; PDFs are that page
// printed by headless Chromium. Every string from the record is HTML-escaped.
//
// The public version of a document withholds exempt business: an exempt minute or item
// shows its number, its title and the Schedule 12A paragraph it is exempt under, and
// nothing else of it — not its officer, text, decisions or report.
#pragma once

#include <string>

#include "domain/governance.h"
#include "domain/status.h"
#include "performance/pack.h"

namespace safer {

enum class Audience {
  kPublic,    // the press and public: exempt business withheld
  kEntitled,  // members and officers entitled to the exempt information
};

// The minutes and decision record of a meeting held.
std::string MinutesHtml(const MeetingRecord& record, const Partnership& partnership, Audience audience);

// The agenda of a meeting to come: members on the meeting's date grouped by kind with the
// Chair (C) and Vice-Chair (VC) marked, the numbered items with their reporting officers,
// exempt items with their Schedule 12A paragraph; unnumbered procedural items (the date of
// the next meeting) close it "FOR INFORMATION".
std::string AgendaHtml(const MeetingRecord& next_meeting, const Partnership& partnership, Audience audience);

// One item's report in the council's template; only the sections with text are printed.
// An item without a report gives a page that says so.
std::string ReportHtml(const AgendaItem& item);

struct AgendaPackContents {
  const MeetingRecord* meeting = nullptr;           // the meeting the agenda is for
  const MeetingRecord* previous = nullptr;          // its minutes are confirmed at item 3; may be null
  const PerformancePack* performance = nullptr;     // the latest quarterly pack; may be null
};

// The agenda pack as one HTML page, or a PDF when `out_path` ends in ".pdf": the agenda,
// the minutes of the previous meeting, each item's report (in agenda order; exempt reports
// only for an entitled audience), then the quarterly performance pack, each part starting
// on a new page and the pages numbered through. The performance pack keeps its own layout
// and A4 landscape pages (a named CSS page), so it reads as it does on its own.
Status WriteAgendaPack(const AgendaPackContents& contents, const Partnership& partnership, Audience audience,
                       const std::string& out_path);

// Writes a document from the functions above to `out_path`: as it is for ".html", printed
// by Chromium for ".pdf". Any other extension is refused.
Status WriteMeetingDocument(const std::string& html, const std::string& out_path);

}  // namespace safer
