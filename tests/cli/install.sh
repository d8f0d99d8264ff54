#!/usr/bin/env bash
# tests/cli/install.sh: `cmake --install` into a temporary prefix puts the
# tools, man pages, completions and docs where Debian looks for them; the
# installed man pages render with man(1) and name every option each tool's
# --help lists (so that a page cannot silently fall behind its tool).
# Exits 77 (skipped) after the other checks when the build had no scdoc.
set -u
build=$(dirname "$BIN")
fail=0
check() {  # check DESCRIPTION COMMAND...: the command must succeed
    local what=$1; shift
    if ! "$@"; then echo "FAIL: $what"; fail=1; fi
}
p=$(mktemp -d "${TMPDIR:-/tmp}/silk-install.XXXXXX")
trap 'rm -rf "$p"' EXIT

if ! cmake --install "$build" --prefix "$p" >"$p.log" 2>&1; then
    cat "$p.log"; rm -f "$p.log"
    echo "FAIL: cmake --install $build --prefix $p"
    exit 1
fi
rm -f "$p.log"

for t in silk-index silk-query silk-stem; do
    check "bin/$t is installed and runs" \
        bash -c '"$0" --version | grep -q "^$1 [0-9][0-9.]*"' "$p/bin/$t" "$t"
    check "bash completion for $t" test -s "$p/share/bash-completion/completions/$t"
done
check "zsh completion" grep -q '^#compdef silk-index silk-query silk-stem' \
    "$p/share/zsh/site-functions/_silk"
check "README in share/doc/silk" test -s "$p/share/doc/silk/README.md"
for d in silk-index silk-query query-syntax analysis json-output; do
    check "docs/$d.md in share/doc/silk/docs" test -s "$p/share/doc/silk/docs/$d.md"
done

if [ ! -e "$build/man/silk-query.1" ]; then
    echo "SKIP: man pages: the build found no scdoc (apt-get install scdoc)"
    [ $fail -eq 0 ] && exit 77
    exit 1
fi

# page SECTION NAME: the installed page as plain text (man(1) when present,
# else the roff with its escapes removed), one line per paragraph line.
page() {
    local f="$p/share/man/man$1/$2.$1"
    [ -s "$f" ] || return 1
    if command -v man >/dev/null; then
        MANWIDTH=1000 man -M "$p/share/man" -P cat "$1" "$2" 2>/dev/null
    else
        sed -e 's/\\-/-/g' -e 's/\\f[BIRP]//g' "$f"
    fi
}
for s_n in 1:silk-index 1:silk-query 1:silk-stem 7:silk-query-syntax; do
    check "man page ${s_n#*:}(${s_n%%:*}) renders" \
        grep -q "^ *${s_n#*:} - " <<<"$(page "${s_n%%:*}" "${s_n#*:}")"
done
if command -v man >/dev/null; then
    check "man -M PREFIX/share/man silk-query" grep -q "silk-query - search a silk index" \
        <<<"$(man -M "$p/share/man" -P cat silk-query 2>&1)"
fi

# Every option named on an option line of --help ("  -i, --index PATH  ...")
# appears in the tool's page as a whole word.
for t in silk-index silk-query silk-stem; do
    text=$(page 1 "$t")
    opts=$("$p/bin/$t" --help | sed -nE 's/^ +(-.*)/\1/p' | sed -E 's/  .*//' |
           grep -oE -- '--?[A-Za-z][-A-Za-z]*')
    check "$t --help lists options" test -n "$opts"
    for o in $opts; do
        grep -qE -- "(^|[^-A-Za-z])$o([^-A-Za-z]|$)" <<<"$text" ||
            { echo "FAIL: $t(1) does not name $o (in $t --help)"; fail=1; }
    done
done
for t in silk-index silk-query; do
    check "$t(1) documents SILK_INDEX" grep -q SILK_INDEX <<<"$(page 1 "$t")"
done
exit $fail
