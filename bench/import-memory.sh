#!/bin/sh
# import-memory.sh measures what an import costs a running server: the
# server's peak resident memory (VmHWM), the import's time, status and
# answer size, how long a createCity sent DELAY seconds into the import
# takes, and how long one sent after it takes. Linux only (/proc).
#
#   bench/import-memory.sh [SERVER-BINARY]      (default: go build ./cmd/server)
#
# ONLY=m1.csv (for example) runs one file.
# Files (made once in $DIR, default /tmp/citynet-import-bench):
#   m1.csv     1,000,000 new cities, each a member of EUROCITIES (31 MB)
#   dup1.csv   the same membership 1,000,000 times: 999,999 problems (26 MB)
#   j300k.json 300,000 new cities and their memberships, dataset format (46 MB)
#   jbad.json  300,000 cities whose id is a number: 300,000 problems (17 MB)
set -eu
DIR=${DIR:-/tmp/citynet-import-bench}
PORT=${PORT:-18190}
mkdir -p "$DIR"
BIN=${1:-}
if [ -z "$BIN" ]; then
	BIN=$DIR/server
	go build -o "$BIN" ./cmd/server
fi
[ -f "$DIR/m1.csv" ] || awk 'BEGIN { print "city,country,network,since"; for (i = 0; i < 1000000; i++) printf "Town%07d,PL,EUROCITIES,2005\n", i }' > "$DIR/m1.csv"
[ -f "$DIR/dup1.csv" ] || awk 'BEGIN { print "city,country,network,since"; for (i = 0; i < 1000000; i++) print "Krakow,PL,EUROCITIES,2005" }' > "$DIR/dup1.csv"
[ -f "$DIR/j300k.json" ] || awk 'BEGIN {
	n = 300000; print "{\"format\": \"citynet-dataset\", \"version\": 1,\n \"cities\": ["
	for (i = 0; i < n; i++) printf "  {\"id\": \"town%07d\", \"name\": \"Town%07d\", \"country\": \"PL\"}%s\n", i, i, (i < n-1 ? "," : "")
	print " ],\n \"memberships\": ["
	for (i = 0; i < n; i++) printf "  {\"city\": \"town%07d\", \"network\": \"eurocities\", \"since\": \"2005\", \"status\": \"MEMBER\"}%s\n", i, (i < n-1 ? "," : "")
	print " ]\n}" }' > "$DIR/j300k.json"
[ -f "$DIR/jbad.json" ] || awk 'BEGIN {
	n = 300000; print "{\"format\": \"citynet-dataset\", \"version\": 1,\n \"cities\": ["
	for (i = 0; i < n; i++) printf "  {\"id\": %d, \"name\": \"Town%07d\", \"country\": \"PL\"}%s\n", i, i, (i < n-1 ? "," : "")
	print " ]\n}" }' > "$DIR/jbad.json"

KEYOUT=$("$BIN" -new-key bench:write)
KEY=$(echo "$KEYOUT" | sed -n 2p | tr -d ' ')
ENTRY=$(echo "$KEYOUT" | sed -n 4p | tr -d ' ')

# run FILE CONTENT-TYPE DELAY
run() {
	rm -f "$DIR/during.json" "$DIR/after.json"
	API_KEYS=$ENTRY RATE_LIMIT=off "$BIN" -addr 127.0.0.1:$PORT > "$DIR/server.log" 2>&1 &
	pid=$!
	for _ in $(seq 50); do curl -s 127.0.0.1:$PORT/healthz > /dev/null && break; sleep 0.2; done
	( sleep "$3"; curl -s -o "$DIR/during.json" -w "createCity sent ${3}s into the import: %{time_total} s, " \
		-H "Authorization: Bearer $KEY" -H 'Content-Type: application/json' \
		-d '{"query":"mutation { createCity(input: {id: \"zzdur\", name: \"Zzdur\", country: \"PL\"}) { city { id } } }"}' \
		127.0.0.1:$PORT/graphql || printf '(no answer: curl exit %s) ' $?; head -c 60 "$DIR/during.json" 2> /dev/null; echo ) &
	w=$!
	curl -s -o "$DIR/answer.json" -w "$(basename "$1"): status %{http_code}, answer %{size_download} bytes, %{time_total} s\n" -X POST \
		-H "Authorization: Bearer $KEY" -H "Content-Type: $2" --data-binary @"$1" "127.0.0.1:$PORT/import?name=$(basename "$1")" ||
		echo "(no answer: curl exit $?)"
	wait $w || true
	curl -s -o "$DIR/after.json" -w "createCity after the import: %{time_total} s, " \
		-H "Authorization: Bearer $KEY" -H 'Content-Type: application/json' \
		-d '{"query":"mutation { createCity(input: {id: \"zzaft\", name: \"Zzaft\", country: \"PL\"}) { city { id } } }"}' \
		127.0.0.1:$PORT/graphql || printf '(no answer: curl exit %s) ' $?
	head -c 60 "$DIR/after.json" 2> /dev/null || true
	echo
	echo "peak RSS: $(awk '/VmHWM/ { print $2, $3 }' /proc/$pid/status)"
	kill $pid
	wait $pid 2> /dev/null || true
}
for f in dup1.csv:text/csv:1 jbad.json:application/json:1 j300k.json:application/json:1 m1.csv:text/csv:40; do
	name=${f%%:*}
	rest=${f#*:}
	case ${ONLY:-$name} in "$name") run "$DIR/$name" "${rest%:*}" "${rest##*:}" ;; esac
done
