#!/usr/bin/env bash
# tests/cli/mcp.sh: end-to-end test of silk-query --mcp on the bundled
# corpus with the real MCP client — the official TypeScript SDK
# (@modelcontextprotocol/sdk, pinned in tests/mcp/package.json and its
# lock), installed by npm ci into the build tree ($BIN/../mcp-client, not
# the source tree); tests/mcp/client.mjs lists the tools and calls each,
# checking the passages, citations and counts against silk-query --json,
# and the errors. Then the raw protocol: version negotiation, a line that
# is not JSON, a batch, a notification (no answer), EOF (exit 0).
# Skipped (77) only when npm cannot reach the registry.
# Environment (from ctest): BIN, SRC.
set -u
: "${BIN:?}" "${SRC:?}"
command -v python3 >/dev/null || { echo "skip: python3 needed to read JSON"; exit 77; }
for t in node npm; do
    command -v $t >/dev/null || { echo "FAIL: $t not installed (scripts/deps.sh installs nodejs and npm)"; exit 1; }
done
. "$(dirname "$0")/lib/common.sh"

"$idx_bin" -q -i "$tmp/idx" "$SRC/corpus" || { echo "FAIL: indexing"; exit 1; }

# The SDK, once per build tree (again when the pinned versions change).
client=$(cd "$BIN/.." && pwd)/mcp-client
mkdir -p "$client"
if ! cmp -s "$SRC/tests/mcp/package-lock.json" "$client/package-lock.json" ||
   [ ! -d "$client/node_modules/@modelcontextprotocol/sdk" ]; then
    cp "$SRC/tests/mcp/package.json" "$SRC/tests/mcp/package-lock.json" "$client/"
    if ! (cd "$client" && timeout 600 npm ci --no-audit --no-fund --silent) >"$tmp/npm.log" 2>&1; then
        if ! timeout 60 npm ping >/dev/null 2>&1; then
            echo "skip: npm cannot reach its registry to install @modelcontextprotocol/sdk ($(tail -n 1 "$tmp/npm.log"))"
            exit 77
        fi
        cat "$tmp/npm.log"
        echo "FAIL: npm ci of tests/mcp/package.json"
        exit 1
    fi
fi
cp "$SRC/tests/mcp/client.mjs" "$client/"
(cd "$client" && timeout 120 node client.mjs "$q_bin" "$tmp/idx") || fail=1

# The raw protocol, as a client other than the SDK may speak it.
out=$(printf '%s\n' \
    '{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2024-11-05","capabilities":{},"clientInfo":{"name":"t","version":"1"}}}' \
    '{"jsonrpc":"2.0","id":"two","method":"initialize","params":{"protocolVersion":"1999-01-01"}}' \
    '{"jsonrpc":"2.0","method":"notifications/initialized"}' \
    'this is not json' \
    '[{"jsonrpc":"2.0","id":3,"method":"ping"}]' \
    '{"jsonrpc":"2.0","id":4,"method":"ping"}' |
    "$q_bin" -i "$tmp/idx" --mcp 2>"$tmp/err"); rc=$?
check "EOF: exit 0" test "$rc" -eq 0
check "nothing on stderr" test ! -s "$tmp/err"
python3 - "$out" <<'PY' || fail=1
import json, sys
msgs = [json.loads(l) for l in sys.argv[1].splitlines()]
bad = 0
def want(ok, m):
    global bad
    if not ok:
        print("FAIL:", m); bad = 1
want(len(msgs) == 5, "five answers (none to the notification), got %d" % len(msgs))
want(msgs[0]["id"] == 1 and msgs[0]["result"]["protocolVersion"] == "2024-11-05",
     "initialize 2024-11-05: served as asked")
want(msgs[1]["id"] == "two" and msgs[1]["result"]["protocolVersion"] == "2025-11-25",
     "initialize with an unknown version: the newest served")
want(msgs[2]["id"] is None and msgs[2]["error"]["code"] == -32700, "not JSON: -32700")
want(msgs[3]["error"]["code"] == -32600, "a batch: -32600")
want(msgs[4] == {"jsonrpc": "2.0", "id": 4, "result": {}}, "ping after all that")
sys.exit(bad)
PY
err=$("$q_bin" -i "$tmp/idx" --mcp --serve 2>&1 </dev/null); rc=$?
check "--mcp --serve: exit 2" test "$rc" -eq 2
check "--mcp --serve: says why" has "$err" "either --serve or --mcp"
exit $fail
