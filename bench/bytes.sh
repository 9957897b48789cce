#!/usr/bin/env bash
# Bytes on the wire for each page and asset, as it is and compressed (gzip, br): the bodies a reader's
# browser downloads (headers not counted), and the totals of an article and of /admin with their assets.
# Usage: bash bench/bytes.sh [BASE_URL]
#   BASE_URL (e.g. http://127.0.0.1:8080): a running Portal Pulse. Without it, target/portal-pulse.jar is
#   started on its embedded PostgreSQL in a scratch directory, measured and stopped.
# Its requests say they are curl, which is a bot to Portal Pulse: they count no view.
set -euo pipefail
cd "$(dirname "$0")/.."
BASE=${1:-}
WORK=/tmp/pulse-bytes
PG_PORT=55433 # unused: lib.sh wants one
source bench/lib.sh

if [ -z "$BASE" ]; then
  PORT=8089
  [ -f target/portal-pulse.jar ] || mvn -B -q -DskipTests package
  rm -rf "$WORK" && mkdir -p "$WORK"
  PULSE_DATA_DIR="$WORK/data" PULSE_HTTP_PORT=$PORT PULSE_HTTP_HOST=127.0.0.1 java -jar target/portal-pulse.jar >"$WORK/pulse.log" 2>&1 &
  PULSE_PID=$!
  trap 'kill "$PULSE_PID" 2>/dev/null && wait "$PULSE_PID" 2>/dev/null || true' EXIT
  await_pulse $PORT "$WORK/pulse.log" >&2
  BASE=http://127.0.0.1:$PORT
fi

# $1 = path, $2 = Accept-Encoding (empty: none). Prints the body's bytes as sent.
wire() {
  if [ -n "$2" ]; then
    curl -sf -o /dev/null -w '%{size_download}' -A curl -H "Accept-Encoding: $2" "$BASE$1"
  else
    curl -sf -o /dev/null -w '%{size_download}' -A curl "$BASE$1"
  fi
}
# The hashed URL page $1 (its HTML) links for asset $2 (e.g. admin/admin.js → /assets/admin/admin.cc5808b6.js).
linked() {
  local asset=$2 url
  url=$(grep -o "\"/assets/${asset%.*}\.[0-9a-f]\{8\}\.${asset##*.}\"" <<<"$1" | head -1 | tr -d '"')
  [ -n "$url" ] || { echo "no link to $asset in the page" >&2; exit 1; }
  echo "$url"
}

HOME_HTML=$(curl -sf -A curl "$BASE/")
ARTICLE=$(grep -o 'href="/articles/[^"]*"' <<<"$HOME_HTML" | head -1 | cut -d'"' -f2)
ADMIN_HTML=$(curl -sf -A curl "$BASE/admin")
SITE_CSS=$(linked "$HOME_HTML" site.css)
LIVE_JS=$(linked "$HOME_HTML" live.js)
ARTICLE_SET=("$ARTICLE" "$SITE_CSS" "$LIVE_JS")
ADMIN_SET=(/admin "$(linked "$ADMIN_HTML" vendor/uplot/uPlot.min.css)" "$(linked "$ADMIN_HTML" admin/admin.css)" \
  "$(linked "$ADMIN_HTML" vendor/uplot/uPlot.iife.min.js)" "$(linked "$ADMIN_HTML" admin/admin.js)")

row() { # $1 = label, $2.. = paths, summed
  local label=$1; shift
  local line="| $label |"
  for enc in "" gzip br; do
    local n=0
    for p in "$@"; do n=$((n + $(wire "$p" "$enc"))); done
    line="$line $n |"
  done
  echo "$line"
}

echo "Bytes per answer from $BASE (bodies only), $(date -u +%Y-%m-%dT%H:%MZ)"
echo
echo "| answer | as it is | gzip | br |"
echo "|---|---|---|---|"
row "/ (home)" /
row "$ARTICLE" "$ARTICLE"
row "/admin" /admin
row "site.css" "$SITE_CSS"
row "live.js" "$LIVE_JS"
row "/pulse.js" /pulse.js
row "uPlot (js + css)" "${ADMIN_SET[1]}" "${ADMIN_SET[3]}"
row "**an article with its assets**" "${ARTICLE_SET[@]}"
row "**/admin with its assets**" "${ADMIN_SET[@]}"
