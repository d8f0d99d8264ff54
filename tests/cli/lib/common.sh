# tests/cli/lib/common.sh: what the end-to-end scripts that search share —
# the tools, a temporary directory removed at exit (with the xapian-tcpsrv
# of $srv, if one was started), and check/has/hasnt. Source it after
# the script's own header; the script exits with $fail.
set -u
idx_bin="$BIN/silk-index"
q_bin="$BIN/silk-query"
fail=0
tmp=$(mktemp -d)
srv=""
cleanup() {
    if [ -n "$srv" ]; then kill "$srv" 2>/dev/null; wait "$srv" 2>/dev/null; fi
    rm -rf "$tmp"
}
trap cleanup EXIT
check() {  # check DESCRIPTION COMMAND...: the command must succeed
    local what=$1; shift
    if ! "$@"; then echo "FAIL: $what"; fail=1; fi
}
has() {  # has TEXT PATTERN: TEXT contains the fixed string PATTERN
    grep -qF -- "$2" <<<"$1"
}
hasnt() { ! has "$@"; }
