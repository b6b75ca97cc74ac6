#!/usr/bin/env bash
# The meeting documents through the CLI: the two seed meetings imported, their minutes
# written as PDF for members and for the public and read back with pdftotext; the agenda
# pack as HTML; the public version never carries the exempt minute's text.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
it_setup "$@"

DATA="$SRC/tests/data/governance"
# Words of minute 27 (exempt, paragraph 2) that only members may read.
EXEMPT_TEXT="understanding repeat victimisation"

section "import the seed meetings"
expect_exit 0 "$SAFER" meeting import "$DATA/shp-2018-10-12.yaml" "$DATA/shp-2025-01-31.yaml"

section "minutes as HTML, for members and for the public"
expect_exit 0 "$SAFER" minutes 2018-10-12 --out members.html
assert_contains "$OUT" "wrote members.html" "minutes: what was written"
MEMBERS_HTML=$(cat members.html)
assert_contains "$MEMBERS_HTML" "MINUTES AND DECISION RECORD" "minutes heading"
assert_contains "$MEMBERS_HTML" "Alison Peevor was in attendance as substitute for Jean Golightly" "substitute wording"
assert_contains "$MEMBERS_HTML" "$EXEMPT_TEXT" "members see the exempt minute"
expect_exit 0 "$SAFER" minutes "12 October 2018" --public --out public.html
PUBLIC_HTML=$(cat public.html)
assert_not_contains "$PUBLIC_HTML" "$EXEMPT_TEXT" "public minutes withhold the exempt minute"
assert_contains "$PUBLIC_HTML" "Repeat Victimisation Presentation</h3>" "public minutes keep the exempt minute's title"
assert_contains "$PUBLIC_HTML" "(para 2)." "public minutes give the paragraph"

section "the agenda pack"
expect_exit 0 "$SAFER" agenda 2025-01-31 --out agenda.html --public
AGENDA_HTML=$(cat agenda.html)
assert_contains "$AGENDA_HTML" "To confirm the minutes of the meeting held on 12 October 2018." "previous meeting by default"
assert_contains "$AGENDA_HTML" "Jonathan Brash, MP for Hartlepool (C)" "the Chair marked"
assert_not_contains "$AGENDA_HTML" "$EXEMPT_TEXT" "public agenda pack withholds the exempt minute"
expect_exit 0 "$SAFER" agenda 2 --previous 1 --out agenda-members.html
assert_contains "$(cat agenda-members.html)" "$EXEMPT_TEXT" "members' agenda pack has the exempt minute"

section "refusals"
expect_exit 4 "$SAFER" minutes 2018-10-13 --out none.html
assert_contains "$ERR" "no meeting on 13 October 2018" "an unknown date is named"
expect_exit 2 "$SAFER" minutes 2018-10-12 --out minutes.docx
expect_exit 2 "$SAFER" minutes 12/13/2018 --out x.html
expect_exit 2 "$SAFER" agenda 2025-01-31 --out x.html --with-pack
assert_true "no file for a refused command" test ! -e none.html -a ! -e minutes.docx

section "PDFs read back"
if have pdftotext && [[ -x ${SAFER_CHROMIUM:-/usr/bin/chromium} ]]; then
  expect_exit 0 "$SAFER" minutes 2018-10-12 --out members.pdf
  TEXT=$(pdftotext -layout members.pdf - | tr "\f" "\n")  # a page starts with a form feed
  for n in 19 20 21 22 23 24 25 26 27 28; do assert_match "$TEXT" "^$n\. " "minute $n in the PDF"; done
  assert_contains "$TEXT" "(In the Chair)" "the chair line"
  assert_contains "$TEXT" "Page 1" "page numbers"
  assert_contains "$TEXT" "$EXEMPT_TEXT" "members' PDF has the exempt minute"
  expect_exit 0 "$SAFER" minutes 2018-10-12 --public --out public.pdf
  TEXT=$(pdftotext -layout public.pdf - | tr "\f" "\n")
  assert_not_contains "$(tr -s ' \n' ' ' <<<"$TEXT")" "$EXEMPT_TEXT" "public PDF withholds the exempt minute"
  assert_match "$TEXT" "^27\. Repeat Victimisation Presentation" "public PDF keeps the title"
  assert_contains "$TEXT" "(para 2)." "public PDF gives the paragraph"
  assert_contains "$TEXT" "CHAIR" "signature line"
else
  echo "skipped: pdftotext or Chromium is not installed"
fi

it_finish
