#!/usr/bin/env bash
# safer user: adding users (password from stdin, never a default), refusing bad usernames,
# short passwords and taken names, listing, disabling, the last-admin guard, and the audit
# trail of it all. Without a terminal and without --password-stdin, `user add` fails cleanly.
#
# usage: bash user_test.sh <path-to-safer> <source-dir>
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
it_setup "$@"

PW='correct horse battery staple'

# ---------------------------------------------------------------------------------------
section "user add with --password-stdin; the agency is added on first use"
expect_exit 0 "$SAFER" user add admin1 --role admin --agency "Hartlepool Borough Council" --name "Ada Admin" \
  --password-stdin <<<"$PW"
assert_contains "$OUT" 'added the agency "Hartlepool Borough Council"' "the new agency is announced"
assert_contains "$OUT" "added the user admin1 (admin, Hartlepool Borough Council)" "the new user is announced"
# A CRLF line (a password file written on Windows) loses its CR.
expect_exit 0 "$SAFER" user add analyst1 --role analyst --agency "hartlepool borough council" \
  --password-stdin <<<"$PW"$'\r'
assert_not_contains "$OUT" "added the agency" "an agency named in another case is the same agency"
if have sqlite3; then
  assert_eq "1" "$(sql 'SELECT COUNT(*) FROM agency')" "one agency"
  hash=$(sql "SELECT password_hash FROM app_user WHERE username = 'admin1'")
  assert_match "$hash" '^\$argon2id\$' "the password is stored as an Argon2id hash"
  assert_not_contains "$hash" "$PW" "the password itself is not stored"
fi

# ---------------------------------------------------------------------------------------
section "refusals: taken username, short password, bad username, unknown role"
expect_exit 2 "$SAFER" user add admin1 --role member --agency "Cleveland Police" --password-stdin <<<"$PW"
assert_contains "$ERR" "taken" "a taken username is named as such"
expect_exit 2 "$SAFER" user add member1 --role member --agency "Cleveland Police" --password-stdin <<<"too short"
assert_contains "$ERR" "at least 12 characters" "a short password is refused with the rule"
expect_exit 2 "$SAFER" user add member1 --role member --agency "Cleveland Police" --password-stdin <<<"member1"
expect_exit 2 "$SAFER" user add Member1 --role member --agency "Cleveland Police" --password-stdin <<<"$PW"
assert_contains "$ERR" "not a valid username" "an upper-case username is refused"
expect_exit 2 "$SAFER" user add member1 --role boss --agency "Cleveland Police" --password-stdin <<<"$PW"
assert_contains "$ERR" "unknown role" "an unknown role is refused"
expect_exit 2 "$SAFER" user add member1 --role member --agency "Cleveland Police" --password-stdin </dev/null
assert_contains "$ERR" "no password" "empty standard input is no password"
expect_exit 0 "$SAFER" user list
assert_not_contains "$OUT" "member1" "no refused user was added"
assert_not_contains "$OUT" "Cleveland Police" "no agency was added for a refused user"

# ---------------------------------------------------------------------------------------
section "without a terminal and without --password-stdin: a clear failure, nothing added"
expect_exit 2 "$SAFER" user add member1 --role member --agency "Cleveland Police" </dev/null
assert_contains "$ERR" "--password-stdin" "the message says how to give the password"
assert_eq "" "$OUT" "nothing printed on stdout"
expect_exit 0 "$SAFER" user list --format csv
assert_not_contains "$OUT" "member1" "the user was not added"

# ---------------------------------------------------------------------------------------
section "user list"
expect_exit 0 "$SAFER" user list
assert_match "$OUT" '^username +name +role +agency +disabled +locked_until +last_login' "the table's columns"
assert_match "$OUT" '^admin1 +Ada Admin +admin +Hartlepool Borough Council +no' "the admin is listed"
assert_match "$OUT" '^analyst1 +analyst +Hartlepool Borough Council +no' "the analyst is listed"
assert_not_contains "$OUT" "argon2" "no hash is shown"
expect_exit 0 "$SAFER" user list --format csv
assert_contains "$OUT" "analyst1,,analyst,Hartlepool Borough Council,no,," "CSV row of the analyst"

# ---------------------------------------------------------------------------------------
section "user set: disable, enable, the last admin, unknown users, nothing to change"
expect_exit 0 "$SAFER" user set analyst1 --disable
expect_exit 0 "$SAFER" user list --format csv
assert_contains "$OUT" "analyst1,,analyst,Hartlepool Borough Council,yes,," "the analyst is disabled"
expect_exit 0 "$SAFER" user set analyst1 --enable --name "Ann Analyst" --role member
expect_exit 0 "$SAFER" user list --format csv
assert_contains "$OUT" "analyst1,Ann Analyst,member,Hartlepool Borough Council,no,," "enabled, renamed, a member"
expect_exit 2 "$SAFER" user set admin1 --disable
assert_contains "$ERR" "last enabled admin" "the last admin cannot be disabled"
expect_exit 2 "$SAFER" user set admin1 --role analyst
assert_contains "$ERR" "last enabled admin" "the last admin cannot be demoted"
expect_exit 0 "$SAFER" user set analyst1 --role admin
expect_exit 0 "$SAFER" user set admin1 --role analyst
assert_contains "$OUT" "role analyst" "with another admin, one may be demoted"
expect_exit 4 "$SAFER" user set nobody --enable
expect_exit 2 "$SAFER" user set analyst1
assert_contains "$ERR" "nothing to change" "no option is a usage error"
expect_exit 2 "$SAFER" user set analyst1 --disable --enable
expect_exit 0 "$SAFER" user set analyst1 --password-stdin <<<"another fine password"
expect_exit 2 "$SAFER" user set analyst1 --password-stdin <<<"short"
expect_exit 0 "$SAFER" user set analyst1 --agency "Cleveland Police"
assert_contains "$OUT" 'added the agency "Cleveland Police"' "a new agency on set is announced"

# ---------------------------------------------------------------------------------------
section "user audit: newest first, filters"
expect_exit 0 "$SAFER" user audit
assert_match "$OUT" '^id +at +username +agency +client +action +target +detail +allowed' "the audit's columns"
assert_match "$OUT" 'user-created +admin1 +role admin, agency Hartlepool Borough Council +yes' "admin1's creation"
assert_match "$OUT" 'user-changed +analyst1 +disabled +yes' "the disabling"
assert_contains "$OUT" "password changed" "a password change is audited"
assert_not_contains "$OUT" "another fine password" "the password is never audited"
expect_exit 0 "$SAFER" user audit --format csv --limit 1
lines=$(printf '%s\n' "$OUT" | wc -l)
assert_eq "2" "$lines" "--limit 1 prints one entry"
assert_contains "$OUT" "agency Cleveland Police" "the newest entry comes first"
expect_exit 0 "$SAFER" user audit --format csv --action user-created
assert_not_contains "$OUT" "user-changed" "--action filters"
created=$(printf '%s\n' "$OUT" | tail -n +2 | wc -l)
assert_eq "2" "$created" "two users were created"
expect_exit 2 "$SAFER" user audit --limit 0

# ---------------------------------------------------------------------------------------
section "a PostgreSQL location is refused clearly"
expect_exit 2 "$SAFER" --db postgresql://localhost/safer user list
assert_contains "$ERR" "PostgreSQL" "the message names PostgreSQL"

it_finish
