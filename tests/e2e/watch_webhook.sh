#!/bin/bash
# watch_webhook.sh - the ward watch webhook sink against a python3 http.server
# receiver on 127.0.0.1. A test rule alerts on host processes named
# "wardmark" (a copy of sleep), run N times with their sequence number as
# argument; a file sink records the same alerts as ground truth.
#  1. the receiver answers 503 (Retry-After: 1), drops the connection, answers
#     429 and 500, then accepts: every alert arrives exactly once, in order.
#  2. --webhook-batch 4: the same, as JSON arrays.
#  3. nothing listens and the queue holds 2: every alert the file sink got is
#     counted as dropped (summary and metrics file), none delivered.
set -u
. "$WARD_SRCDIR/tests/lib/tap.sh"
WARD=${WARD_BIN:?}
RECV=$WARD_SRCDIR/tests/e2e/webhook_receiver.py

[ "$(id -u)" = 0 ] || skip_all "needs root"
command -v jq >/dev/null || skip_all "jq missing"
T=$(mktemp -d /tmp/ward-e2e-webhook.XXXXXX)
WPID= RPID=
cleanup() {
    [ -n "$WPID" ] && kill "$WPID" 2>/dev/null && wait "$WPID" 2>/dev/null
    [ -n "$RPID" ] && kill "$RPID" 2>/dev/null && wait "$RPID" 2>/dev/null
    rm -rf "$T"
}
trap cleanup EXIT
cp /bin/sleep "$T/wardmark"
cat >"$T/rules.yaml" <<'EOF'
- rule: webhook test marker
  desc: a marker process ran
  condition: evt.type = execve and proc.name = wardmark
  output: marker %proc.args
  priority: warning
EOF
N=12

receiver() { # name failspec
    python3 "$RECV" "$T/$1.port" "$T/$1.got" "$2" &
    RPID=$!
    for _ in $(seq 1 50); do [ -s "$T/$1.port" ] && break; sleep 0.1; done
}
run_watch() { # name args...
    local name=$1
    shift
    "$WARD" watch --no-default-rules -r "$T/rules.yaml" --no-engine --ready-file "$T/$name.ready" \
        -o "file:$T/$name.file" "$@" 2>"$T/$name.err" &
    WPID=$!
    for _ in $(seq 1 150); do [ -s "$T/$name.ready" ] && break; sleep 0.1; done
    # sleep adds its arguments: the sequence number rides in a tiny one
    for i in $(seq 1 $N); do "$T/wardmark" 0.15 "0.0000$i"; done 2>/dev/null
    sleep 0.5
    kill "$WPID"
    wait "$WPID"
    local rc=$?
    WPID=
    sed 's/^/# /' "$T/$name.err"
    return $rc
}
args_of() { jq -r '.fields["proc.args"]' "$1" | tr '\n' ' '; }

# ---- 1. failures first, then delivery ---------------------------------------
receiver r1 "503,close,429,500"
run_watch w1 --webhook "http://127.0.0.1:$(cat "$T/r1.port")/hook" --webhook-backoff 0.05 \
    --webhook-attempts 6 --metrics-file "$T/w1.prom"
ok $? "watch with a webhook exited 0"
kill "$RPID"; wait "$RPID" 2>/dev/null; RPID=
FILE_N=$(wc -l <"$T/w1.file")
ok "$([ "$FILE_N" -ge $((N - 2)) ]; echo $?)" "file sink got $FILE_N of $N marker alerts"
is "$(args_of "$T/r1.got")" "$(args_of "$T/w1.file")" "webhook got every alert exactly once, in order"
is "$(jq -s 'map(.rule) | unique' -c "$T/r1.got")" '["webhook test marker"]' "bodies are the alert objects"
is "$(grep -o 'delivered=[0-9]*' "$T/w1.err")" "delivered=$FILE_N" "summary: all delivered"
is "$(grep -o 'webhook_dropped=[0-9]*' "$T/w1.err")" "webhook_dropped=0" "summary: none dropped"
# curl itself resends once on a reused connection the server closed, so ward
# counts 3 or 4 retries; the receiver saw all four failures before a 200
r=$(grep -o 'retries=[0-9]*' "$T/w1.err" | cut -d= -f2)
ok "$([ "$r" -ge 3 ] && [ "$r" -le 4 ]; echo $?)" "retried after 503, closed connection, 429, 500 ($r)"
is "$(head -4 "$T/r1.got.log" | awk '{print $2}' | tr '\n' ' ')" "503 close 429 500 " "receiver: failures first"
# Retry-After: 1 on the 503 was honoured (backoff alone would be ~0.05 s)
gap=$(awk 'NR == 1 {t = $1} NR == 2 {printf "%d", ($1 - t) * 1000}' "$T/r1.got.log")
ok "$([ "$gap" -ge 950 ]; echo $?)" "Retry-After honoured (${gap} ms before the 2nd attempt)"
is "$(grep '^ward_watch_webhook_delivered_total' "$T/w1.prom" | awk '{print $2}')" "$FILE_N" \
    "metrics file: delivered"
is "$(grep '^ward_watch_dropped_total' "$T/w1.prom" | awk '{print $2}')" 0 "metrics file: dropped 0"

# ---- 2. batches --------------------------------------------------------------
receiver r2 "500"
run_watch w2 --webhook "http://127.0.0.1:$(cat "$T/r2.port")/hook" --webhook-backoff 0.05 \
    --webhook-batch 4
ok $? "batched webhook: exited 0"
kill "$RPID"; wait "$RPID" 2>/dev/null; RPID=
is "$(args_of "$T/r2.got")" "$(args_of "$T/w2.file")" "batched: every alert once, in order"
is "$(grep -o 'webhook_dropped=[0-9]*' "$T/w2.err")" "webhook_dropped=0" "batched: none dropped"

# ---- 3. receiver down, tiny queue: every loss counted --------------------------
python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])' >"$T/dead.port"
run_watch w3 --webhook "http://127.0.0.1:$(cat "$T/dead.port")/hook" --webhook-queue 2 \
    --webhook-attempts 3 --webhook-backoff 0.5 --webhook-flush 1 --metrics-file "$T/w3.prom"
ok $? "dead receiver: exited 0"
FILE_N=$(wc -l <"$T/w3.file")
diag "file sink: $FILE_N alerts"
is "$(grep -o 'delivered=[0-9]*' "$T/w3.err")" "delivered=0" "nothing delivered"
is "$(grep -o 'webhook_dropped=[0-9]*' "$T/w3.err")" "webhook_dropped=$FILE_N" \
    "drop counter equals the alerts the file sink got"
is "$(grep -o 'sink_drops=[0-9]*' "$T/w3.err")" "sink_drops=$FILE_N" "summary sink_drops too"
is "$(grep '^ward_watch_dropped_total' "$T/w3.prom" | awk '{print $2}')" "$FILE_N" \
    "metrics: ward_watch_dropped_total"
q=$(grep 'reason="queue_full"' "$T/w3.prom" | awk '{print $2}')
ok "$([ "$q" -ge 1 ]; echo $?)" "some drops were a full queue ($q)"
done_testing
