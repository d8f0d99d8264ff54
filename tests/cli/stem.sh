#!/usr/bin/env bash
# tests/cli/stem.sh: end-to-end test of silk-stem — stems, compounds, JSON,
# options, and the one-line errors with exit 2.
set -u
stem="$BIN/silk-stem"
fail=0
check() {  # check DESCRIPTION COMMAND...: the command must succeed
    local what=$1; shift
    if ! "$@"; then echo "FAIL: $what"; fail=1; fi
}

json=$(echo "The railways of China-Laos" | "$stem" --json)
check "json exits 0" test $? -eq 0
check "railway stem" grep -q '"text":"railways","norm":"railways","stem":"railway"' <<<"$json"
check "China part" grep -q '"pos":3,"start":16,"end":21,"text":"China","norm":"china","stem":"china","flags":\[\]' <<<"$json"
check "Laos part joined" grep -q '"pos":4,"start":22,"end":26,"text":"Laos",.*"flags":\["joined"\]' <<<"$json"
check "one object per token" test "$(wc -l <<<"$json")" -eq 5

text=$("$stem" "China's" "US\$7.8")
check "words joined by spaces" test "$text" = $'0\t0-7\tChina\'s\tchina\'s\tchina\t-\n1\t8-10\tUS\tus\tus\t-\n2\t11-14\t7.8\t7.8\t7.8\tnumber'

check "--lang none" test "$("$stem" --lang none railways | cut -f5)" = railways
check "--lang=fr" test "$("$stem" --lang=fr chemins | cut -f5)" = chemin
check "empty input" test -z "$("$stem" </dev/null)"
printf 'ab\xff\xc3' | "$stem" >/dev/null
check "invalid UTF-8 exits 0" test $? -eq 0

out=$("$stem" --version)
check "--version" grep -qx 'silk-stem [0-9][0-9.]*' <<<"$out"
check "--help" bash -c '"$0" --help | grep -q "^Usage: silk-stem"' "$stem"
langs=$("$stem" --list-languages)
check "--list-languages has english" grep -qx english <<<"$langs"
check "--list-languages has none" grep -qx none <<<"$langs"

for bad in "--lang klingon" "--bogus" "--lang"; do
    # shellcheck disable=SC2086
    err=$("$stem" $bad 2>&1 >/dev/null </dev/null)
    rc=$?
    check "$bad exits 2" test $rc -eq 2
    check "$bad: one stderr line" test "$(wc -l <<<"$err")" -eq 1
    check "$bad: message names silk-stem" grep -q '^silk-stem: ' <<<"$err"
done
# "-" alone is standard input, as with no words; among words it is a word.
out=$(echo "Railways" | "$stem" --json -)
check "- reads standard input" grep -q '"stem":"railway"' <<<"$out"
out=$(echo "Railways" | "$stem" --json - trains)
check "- among words is a word" grep -q '"stem":"train"' <<<"$out"
check "- among words: stdin not read" bash -c '! grep -q railway <<<"$0"' "$out"
err=$("$stem" --lang klingon word 2>&1 >/dev/null)
check "unknown language named" grep -q "klingon" <<<"$err"

exit $fail
