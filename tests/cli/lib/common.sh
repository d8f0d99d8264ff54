# tests/cli/lib/common.sh: what the end-to-end scripts that search share —
# the tools, a temporary directory removed at exit (with the xapian-tcpsrv
# of $srv, if one was started), check/has/hasnt and first_hit. Source it after
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
# first_hit INDEX QUERY...: "article<TAB>year" of the first hit
first_hit() {
    local i=$1; shift
    "$q_bin" -i "$i" --json --limit 1 "$@" | head -1 |
        sed -n 's/.*"article":"\([^"]*\)".*"year":\([0-9a-z]*\).*/\1\t\2/p'
}

# tie_corpus N: JSON Lines of N generated articles (ids g001..) made of six
# sentences about six countries, so that many passages tie exactly and the
# order of ties is put to the test; dates, years and sources vary.
tie_corpus() {
    awk -v n="$1" 'BEGIN {
        split("China|Laos|France|Kenya|Brazil|Japan", c, "|");
        split("Trade News|Daily Wire|Port Gazette", src, "|");
        p[0] = "Exports of rice and rubber grew as the railway opened to freight trains.";
        p[1] = "The ministry of commerce said trade with partner countries hit a record this year.";
        p[2] = "Officials from %s met investors to discuss the new port and a rail link.";
        p[3] = "Prices of coffee and cocoa fell on weak demand from buyers in %s.";
        p[4] = "The central bank of %s kept interest rates unchanged, citing inflation.";
        p[5] = "Railway freight between %s and %s rose by a fifth, the operator said.";
        for (i = 1; i <= n; i++) {
            a = c[1 + i % 6]; b = c[1 + int(i / 6) % 6];
            body = "";
            for (k = 0; k < 2 + i % 3; k++) {
                t = sprintf(p[(i + k * 2) % 6], a, b);
                body = body (k ? "\\n\\n" : "") t;
            }
            printf "{\"id\": \"g%03d\", \"title\": \"%s trade update %d\", \"date\": \"%d-0%d-1%d\", \"source\": \"%s\", \"body\": \"%s\"}\n",
                i, a, i % 7, 2015 + i % 8, 1 + i % 9, i % 10, src[1 + i % 3], body;
        }
    }'
}
