#!/usr/bin/env bash
# Load test of `safer serve`: wrk against GET /api/overview for Hartlepool, 2018/19-Q2, with
# a signed-in session, at 50 and 200 connections, two rounds; the server's RSS sampled every
# second. Beside it, in the same run and with the same settings, nginx serving the same JSON
# body as a static file: the ceiling for "an HTTP server answering this body". Fails when
# any request got a non-2xx answer or a socket error. See docs/benchmark.md, "Server load test".
#
#   bench/serve.sh                         # 20 s per run
#   SERVE_DURATION=5s bench/serve.sh       # quick smoke run
#
# Environment:
#   SERVE_DURATION     wrk's -d per run; default 20s
#   SERVE_THREADS      wrk's -t; default 2
#   SERVE_CONNECTIONS  the connection counts; default "50 200"
#   SERVE_ROUNDS       rounds over the connection counts (memory must not grow); default 2
#   SAFER_BIN          use this safer binary instead of building build/safer (scripts/build.sh)
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
OUT="$ROOT/bench/out"
WORK="$OUT/serve-work"
SERVE_DURATION=${SERVE_DURATION:-20s}
SERVE_THREADS=${SERVE_THREADS:-2}
SERVE_CONNECTIONS=${SERVE_CONNECTIONS:-50 200}
SERVE_ROUNDS=${SERVE_ROUNDS:-2}
OVERVIEW='/api/overview?area=Hartlepool&quarter=2018/19-Q2'

log() { printf '\033[1m== %s\033[0m\n' "$*" >&2; }
die() { printf '\033[31mserve bench: %s\033[0m\n' "$*" >&2; exit 1; }

NGINX=$(command -v nginx || echo /usr/sbin/nginx)
for tool in wrk curl node "$NGINX"; do
  command -v "$tool" >/dev/null || die "needs $tool (wrk and nginx-light are Debian packages)"
done

rm -rf "$WORK"
mkdir -p "$WORK"
RESULTS="$WORK/results.tsv"
: > "$RESULTS"
log "load average at the start: $(cut -d' ' -f1-3 /proc/loadavg) ($(nproc) cores)"

# --- safer, its database and a signed-in user -------------------------------------------
if [[ -n "${SAFER_BIN:-}" ]]; then
  SAFER=$(realpath "$SAFER_BIN")
else
  log "building safer (scripts/build.sh safer)"
  "$ROOT/scripts/build.sh" safer >&2
  SAFER="$ROOT/build/safer"
fi
# Benchmark a private copy: a concurrent rebuild cannot swap the binary mid-run.
cp "$SAFER" "$WORK/safer"
SAFER="$WORK/safer"
"$SAFER" serve --help >/dev/null 2>&1 || die "this safer has no 'serve' command"
COMMIT=$(git -C "$ROOT" describe --always --dirty 2>/dev/null || echo unknown)

DB="$WORK/serve.db"
safer() { (cd "$ROOT" && "$SAFER" --db "$DB" -q "$@"); }
log "database: the bundled sample (as tests/support/server.mjs builds it)"
safer import areas data/sample/lsoa11_ward18_lad18_cleveland.csv --force "Cleveland Police" >/dev/null
safer import police-uk data/sample/2018-09-cleveland-street.csv >/dev/null
safer import indicator-values data/sample/indicator-values-hartlepool-2018.csv >/dev/null
PASSWORD="bench-$(head -c 12 /dev/urandom | od -An -tx1 | tr -d ' \n')"
printf '%s\n' "$PASSWORD" | safer user add bench1 --role public --agency "Members of the public" --password-stdin >/dev/null

SAFER_PID=""
NGINX_PID=""
SAMPLER_PID=""
cleanup() {
  local pid
  for pid in "$SAMPLER_PID" "$SAFER_PID" "$NGINX_PID"; do
    if [[ -n "$pid" ]]; then kill "$pid" 2>/dev/null || true; fi
  done
  wait 2>/dev/null || true
  if [[ -n "${WWW:-}" ]]; then rm -rf "$WWW"; fi
}
trap cleanup EXIT

(cd "$ROOT" && exec "$SAFER" --db "$DB" serve --port 0) > "$WORK/safer.log" 2>&1 &
SAFER_PID=$!
URL=""
for _ in $(seq 100); do
  URL=$(grep -oE 'https?://[^[:space:]/]+' "$WORK/safer.log" | head -1 || true)
  [[ -n "$URL" ]] && break
  kill -0 "$SAFER_PID" 2>/dev/null || die "safer serve exited: $(cat "$WORK/safer.log")"
  sleep 0.2
done
[[ -n "$URL" ]] || die "safer serve printed no URL in 20 s: $(cat "$WORK/safer.log")"
log "safer serve at $URL (pid $SAFER_PID)"

curl -sS -o "$WORK/session.json" -D "$WORK/session.headers" -w '%{http_code}' \
  -H 'content-type: application/json' \
  --data "{\"username\":\"bench1\",\"password\":\"$PASSWORD\"}" "$URL/api/session" > "$WORK/session.status"
[[ $(cat "$WORK/session.status") == 200 ]] || die "sign-in answered $(cat "$WORK/session.status"): $(cat "$WORK/session.json")"
COOKIE=$(grep -i '^set-cookie: *safer_session=' "$WORK/session.headers" | head -1 | sed -E 's/^[^:]*: *//; s/;.*//' | tr -d '\r')
[[ -n "$COOKIE" ]] || die "sign-in set no safer_session cookie"

# nginx's workers drop root for nobody: the body lives where they may read it.
WWW=$(mktemp -d /tmp/safer-serve-bench.XXXXXX)
chmod 755 "$WWW"
status=$(curl -sS -o "$WWW/overview.json" -w '%{http_code}' -H "Cookie: $COOKIE" "$URL$OVERVIEW")
[[ $status == 200 ]] || die "overview answered $status: $(head -c 300 "$WWW/overview.json")"
chmod 644 "$WWW/overview.json"
BODY_BYTES=$(stat -c %s "$WWW/overview.json")
log "overview body: $BODY_BYTES bytes"

# --- nginx: the same body as a static file ------------------------------------------------
NGINX_PORT=$(node -e "const s=require('net').createServer().listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})")
mkdir -p "$WORK/nginx/tmp"
cat > "$WORK/nginx/nginx.conf" <<EOF
worker_processes auto;
daemon off;
pid $WORK/nginx/nginx.pid;
error_log $WORK/nginx/error.log warn;
events { worker_connections 1024; }
http {
  access_log off;
  client_body_temp_path $WORK/nginx/tmp/body;
  proxy_temp_path $WORK/nginx/tmp/proxy;
  fastcgi_temp_path $WORK/nginx/tmp/fastcgi;
  uwsgi_temp_path $WORK/nginx/tmp/uwsgi;
  scgi_temp_path $WORK/nginx/tmp/scgi;
  keepalive_requests 100000;
  server {
    listen 127.0.0.1:$NGINX_PORT;
    location = /api/overview {
      default_type application/json;
      add_header Cache-Control no-store;
      alias $WWW/overview.json;
    }
  }
}
EOF
"$NGINX" -p "$WORK/nginx" -c "$WORK/nginx/nginx.conf" 2> "$WORK/nginx/start.log" &
NGINX_PID=$!
PEER="http://127.0.0.1:$NGINX_PORT"
for _ in $(seq 50); do
  curl -s -o /dev/null "$PEER$OVERVIEW" && break
  kill -0 "$NGINX_PID" 2>/dev/null || die "nginx exited: $(cat "$WORK/nginx/start.log" "$WORK/nginx/error.log" 2>/dev/null)"
  sleep 0.1
done
cmp -s <(curl -sS "$PEER$OVERVIEW") "$WWW/overview.json" || die "nginx does not serve the overview body"
log "nginx $("$NGINX" -v 2>&1 | sed 's/.*\///') at $PEER (pid $NGINX_PID)"

# --- runs ---------------------------------------------------------------------------------
# RSS in kB of a process and its children (nginx's master and workers; safer alone).
rss_kb() {
  local total=0 p
  for p in "$1" $(pgrep -P "$1" || true); do
    total=$((total + $(awk '/^VmRSS:/ {print $2}' "/proc/$p/status" 2>/dev/null || echo 0)))
  done
  echo "$total"
}

sample_rss() {
  while :; do
    echo "$(date +%s) $(rss_kb "$1")"
    sleep 1
  done
}

# ms from wrk's latency figures: 850.00us, 1.23ms, 2.01s
to_ms() { awk -v v="$1" 'BEGIN { n = v + 0; if (v ~ /us$/) n /= 1000; else if (v ~ /ms$/) n += 0; else if (v ~ /m$/) n *= 60000; else if (v ~ /s$/) n *= 1000; printf "%.2f", n }'; }

FAILED=0
run_wrk() {  # tool round connections pid url [header]
  local tool=$1 round=$2 conns=$3 pid=$4 url=$5 name="$WORK/$1-r$2-c$3"
  local args=(-t"$SERVE_THREADS" -c"$conns" -d"$SERVE_DURATION" --latency)
  [[ -n "${6:-}" ]] && args+=(-H "$6")
  sample_rss "$pid" > "$name.rss" &
  SAMPLER_PID=$!
  wrk "${args[@]}" "$url" > "$name.wrk" 2>&1 || die "wrk failed: $(cat "$name.wrk")"
  sleep 1
  kill "$SAMPLER_PID"; wait "$SAMPLER_PID" 2>/dev/null || true
  SAMPLER_PID=""
  kill -0 "$pid" 2>/dev/null || die "$tool died under load (round $round, $conns connections)"

  local rps p50 p99 non2xx sockerr rss_start rss_peak rss_end requests
  rps=$(awk '/^Requests\/sec:/ {print $2}' "$name.wrk")
  requests=$(awk '/requests in/ {print $1}' "$name.wrk")
  p50=$(to_ms "$(awk '$1 == "50%" {print $2}' "$name.wrk")")
  p99=$(to_ms "$(awk '$1 == "99%" {print $2}' "$name.wrk")")
  non2xx=$(awk '/Non-2xx or 3xx responses:/ {print $NF}' "$name.wrk")
  non2xx=${non2xx:-0}
  sockerr=$(awk '/Socket errors:/ { gsub(",", ""); print $4 + $6 + $8 + $10 }' "$name.wrk")
  sockerr=${sockerr:-0}
  rss_start=$(awk 'NR == 1 {print $2}' "$name.rss")
  rss_peak=$(awk '$2 > m {m = $2} END {print m}' "$name.rss")
  rss_end=$(awk '{v = $2} END {print v}' "$name.rss")
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$tool" "$round" "$conns" "$rps" "$p50" "$p99" \
    "$non2xx" "$sockerr" "$requests" "$rss_start" "$rss_peak" "$rss_end" >> "$RESULTS"
  log "$tool round $round, $conns connections: $rps req/s, p50 $p50 ms, p99 $p99 ms, non-2xx $non2xx, socket errors $sockerr, RSS $((rss_start / 1024))→$((rss_peak / 1024))→$((rss_end / 1024)) MB"
  if [[ $non2xx != 0 || $sockerr != 0 ]]; then
    printf '\033[31m%s: %s non-2xx answers and %s socket errors (see %s)\033[0m\n' "$tool" "$non2xx" "$sockerr" "$name.wrk" >&2
    FAILED=1
  fi
}

SAFER_RSS_IDLE=$(rss_kb "$SAFER_PID")
for round in $(seq "$SERVE_ROUNDS"); do
  for conns in $SERVE_CONNECTIONS; do
    run_wrk safer "$round" "$conns" "$SAFER_PID" "$URL$OVERVIEW" "Cookie: $COOKIE"
    run_wrk nginx "$round" "$conns" "$NGINX_PID" "$PEER$OVERVIEW"
  done
done
SAFER_RSS_AFTER=$(rss_kb "$SAFER_PID")

# The server still answers the same body, and the session still works.
cmp -s <(curl -sS -H "Cookie: $COOKIE" "$URL$OVERVIEW") "$WWW/overview.json" \
  || { echo "safer's overview changed after the load" >&2; FAILED=1; }

# --- report -------------------------------------------------------------------------------
REPORT="$OUT/serve-results.md"
{
  echo "# Server load test ($(date -u +%Y-%m-%d), commit $COMMIT)"
  echo
  echo "\`GET $OVERVIEW\` (${BODY_BYTES}-byte JSON body), wrk -t$SERVE_THREADS -d$SERVE_DURATION --latency;"
  echo "$(nproc) cores shared by wrk and the server; load average at the end $(cut -d' ' -f1-3 /proc/loadavg)."
  echo "safer RSS idle before the runs $((SAFER_RSS_IDLE / 1024)) MB, after all runs $((SAFER_RSS_AFTER / 1024)) MB."
  echo
  echo "| tool | round | connections | req/s | p50 ms | p99 ms | errors (non-2xx + socket) | RSS start / peak / end MB |"
  echo "|---|---:|---:|---:|---:|---:|---:|---|"
  awk -F'\t' '{ printf "| %s | %s | %s | %.0f | %s | %s | %d | %.1f / %.1f / %.1f |\n",
    $1, $2, $3, $4, $5, $6, $7 + $8, $10 / 1024, $11 / 1024, $12 / 1024 }' "$RESULTS"
} > "$REPORT"
echo
cat "$REPORT"
echo
echo "Written: $REPORT (raw wrk output and RSS samples in $WORK)"
[[ $FAILED == 0 ]] || die "errors under load (above)"
