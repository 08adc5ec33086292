#!/usr/bin/env bash
# The introspection flood of issue 12 against a running server: N parallel
# requests (default 50), each selecting __schema under 110 aliases (a
# 7.9 KB request), then the server's peak RSS. Usage:
#   bench/introspection-flood.sh http://127.0.0.1:8080 [N]
set -euo pipefail
url=${1:?server URL}; n=${2:-50}
q="{"; for i in $(seq 0 109); do q+=" a$i: __schema { types { fields { description type { description } } } }"; done; q+=" }"
body=$(printf '{"query":"%s"}' "$q")
start=$(date +%s%N)
seq "$n" | xargs -P "$n" -I{} curl -s -m 120 -o /dev/null -w '%{http_code} %{size_download}\n' \
  -H "Content-Type: application/json" --data-raw "$body" "$url/graphql" | sort | uniq -c || true
echo "$n requests in $(( ($(date +%s%N)-start)/1000000 )) ms"
port=${url##*:}
pid=$(pgrep -f "127.0.0.1:$port" | head -1 || true)
[ -n "$pid" ] && grep VmHWM "/proc/$pid/status" || true
