#!/usr/bin/env bash
# tests/cli/remote_partial.sh: a remote shard that stops in the middle of a
# --batch is named (not a local shard); with --allow-partial the rest of the
# batch is answered from the other shards and each later summary says so;
# a malformed stub line is named, and --allow-partial leaves it out.
# Skipped (77) only without xapian-tcpsrv.
set -u
if ! command -v xapian-tcpsrv >/dev/null 2>&1; then
    echo "SKIP: xapian-tcpsrv not found (install xapian-tools: scripts/deps.sh)"
    exit 77
fi
. "$(dirname "$0")/lib/common.sh"
qpid=""
# common.sh's clean-up, and the silk-query a batch left running.
trap 'if [ -n "$qpid" ]; then kill "$qpid" 2>/dev/null; fi; cleanup' EXIT
. "$(dirname "$0")/lib/serve.sh"
# A silk-query that ended early must fail the checks below (with its stderr
# printed), not kill this script with SIGPIPE when q2 is written.
trap '' PIPE

"$idx_bin" -q -i "$tmp/sh" --shards 3 "$SRC/corpus" || { echo "FAIL: indexing"; exit 1; }

# batch_with_stop OPTS...: serve shard-2, run a --batch of three queries
# over the stub; the server is stopped after the first. Sets out, err, rc.
batch_with_stop() {
    serve "$tmp/sh/shard-2" || exit 1
    printf 'auto sh/shard-0\nauto sh/shard-1\nremote 127.0.0.1:%s\n' "$port" >"$tmp/stub"
    rm -f "$tmp/fifo"; mkfifo "$tmp/fifo"
    "$q_bin" -i "$tmp/stub" --json "$@" --batch "$tmp/fifo" >"$tmp/out" 2>"$tmp/err" &
    qpid=$!
    exec 3>"$tmp/fifo"
    printf 'q1\tchina\n' >&3
    # q1 is answered by all three shards before the server stops (bounded).
    for _ in $(seq 1 200); do
        grep -q '"type":"summary"' "$tmp/out" 2>/dev/null && break
        kill -0 "$qpid" 2>/dev/null || break
        sleep 0.1
    done
    kill "$srv"; wait "$srv" 2>/dev/null; srv=""
    printf 'q2\tchina\nq3\trailway\n' >&3 2>/dev/null
    exec 3>&-
    wait "$qpid"; rc=$?; qpid=""
    out=$(cat "$tmp/out"); err=$(cat "$tmp/err")
}

# Without --allow-partial: exit 2, naming the remote shard.
batch_with_stop
check "stopped mid-batch: exit 2 (rc $rc)" test $rc -eq 2
check "stopped mid-batch: names the remote shard ($err)" \
    has "$err" "the remote shard 127.0.0.1:$port failed during the search for query q2"
check "stopped mid-batch: no local shard blamed" hasnt "$err" "shard-0"
check "stopped mid-batch: q1 was answered" has "$out" '"qid":"q1"'

# With --allow-partial: every query answered; q2 and q3 say what is left out.
batch_with_stop --allow-partial
check "partial mid-batch: exit 0 (rc $rc: $err)" test $rc -eq 0
n=$(grep -c '"type":"summary"' <<<"$out")
check "partial mid-batch: three summaries ($n)" test "$n" -eq 3
s1=$(grep '"type":"summary"' <<<"$out" | sed -n 1p)
s2=$(grep '"type":"summary"' <<<"$out" | sed -n 2p)
s3=$(grep '"type":"summary"' <<<"$out" | sed -n 3p)
check "partial mid-batch: q1 complete ($s1)" has "$s1" '"partial":false,"missing":[]'
check "partial mid-batch: q2 says so ($s2)" has "$s2" "\"partial\":true,\"missing\":[\"127.0.0.1:$port\"]"
check "partial mid-batch: q3 says so" has "$s3" "\"partial\":true,\"missing\":[\"127.0.0.1:$port\"]"
check "partial mid-batch: q2 has hits from the rest" \
    test "$(grep -c '"qid":"q2"' <<<"$out")" -gt 1

# A malformed stub line: named; --allow-partial leaves it out.
printf 'auto sh/shard-0\nauto sh/shard-1\nauto\nbogus line\n' >"$tmp/bad.stub"
err=$("$q_bin" -i "$tmp/bad.stub" china 2>&1 >/dev/null); rc=$?
check "malformed stub line: exit 2" test $rc -eq 2
check "malformed stub line: named ($err)" has "$err" "$tmp/bad.stub line 3 is not a shard ('auto'"
check "malformed stub line: names --allow-partial" has "$err" "--allow-partial"
check "malformed stub line: no 'silk-index -i STUB' advice" hasnt "$err" "silk-index -i"
out=$("$q_bin" -i "$tmp/bad.stub" --allow-partial --json china 2>/dev/null); rc=$?
check "malformed stub line, --allow-partial: exit 0 (rc $rc)" test $rc -eq 0
check "malformed stub line, --allow-partial: left out, named" \
    has "$out" "\"partial\":true,\"missing\":[\"$tmp/bad.stub line 3\",\"$tmp/bad.stub line 4\"]"
# A file that is no stub at all is still "not a silk index" (X3).
printf 'not a database\n' >"$tmp/afile"
err=$("$q_bin" -i "$tmp/afile" china 2>&1 >/dev/null); rc=$?
check "not a stub: exit 2" test $rc -eq 2
check "not a stub: not a silk index ($err)" has "$err" "is not a silk index"

exit $fail
