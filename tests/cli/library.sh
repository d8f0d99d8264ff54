#!/usr/bin/env bash
# tests/cli/library.sh: libsilk as a user of the installed library meets it —
# `cmake --install` into a temporary prefix, docs/example.c built with
# `pkg-config --cflags --libs silk` (shared) and with --static against
# libsilk.a, run on an index of the bundled corpus: the hits it prints (id,
# score, citation) and its facet counts are those silk-query --json gives.
# Exits 77 (skipped) without a C compiler or pkg-config.
source "$(dirname "$0")/lib/common.sh"
build=$(dirname "$BIN")
cc=${CC:-cc}
if ! command -v "$cc" >/dev/null || ! command -v pkg-config >/dev/null; then
    echo "SKIP: no C compiler or pkg-config"
    exit 77
fi
p=$tmp/prefix
if ! cmake --install "$build" --prefix "$p" >"$tmp/install.log" 2>&1; then
    cat "$tmp/install.log"
    echo "FAIL: cmake --install $build --prefix $p"
    exit 1
fi
libdir=$(dirname "$(find "$p" -name silk.pc | head -1)")/..
export PKG_CONFIG_PATH=$libdir/pkgconfig
check "silk.pc installed" test -s "$libdir/pkgconfig/silk.pc"
check "libsilk.a installed" test -s "$libdir/libsilk.a"
check "libsilk.so with its SOVERSION" test -L "$libdir/libsilk.so.0"
check "silk.h installed" test -s "$p/include/silk.h"
# libsilk.so exports what silk.h declares, and nothing else (no module
# internals, no C++ template code): its functions, from the preprocessed
# header, against the library's defined dynamic symbols.
api=$("$cc" -E -P -x c "$p/include/silk.h" | grep -o 'silk_[a-z0-9_]*[ ]*(' | tr -d ' (' | sort -u)
exported=$(nm -D --defined-only "$libdir/libsilk.so.0" | awk '{print $3}' | sort -u)
check "silk.h declares at least 30 functions" test "$(wc -l <<<"$api")" -ge 30
check "libsilk.so exports exactly silk.h's functions" test "$exported" = "$api"
check "pkg-config knows silk's version" \
    test "$(pkg-config --modversion silk)" = "$("$BIN/silk-query" -V | awk '{print $2}')"
# The header stands alone, in C11 and in C++.
echo '#include <silk.h>' >"$tmp/h.c"
check "silk.h compiles alone (C11, pedantic)" \
    "$cc" -std=c11 -Wall -Wextra -pedantic -Werror -fsyntax-only \
    $(pkg-config --cflags silk) "$tmp/h.c"
if command -v c++ >/dev/null; then
    check "silk.h compiles alone (C++)" c++ -x c++ -Wall -Wextra -Werror \
        -fsyntax-only $(pkg-config --cflags silk) "$tmp/h.c"
fi

ex=$SRC/docs/example.c
# A sanitized build (SILK_SANITIZE) installs a sanitized library: its
# programs are built the same way.
san=""
grep -q '^SILK_SANITIZE:BOOL=ON' "$build/CMakeCache.txt" 2>/dev/null &&
    san="-fsanitize=address,undefined"
if ! "$cc" $san -Wall -Wextra -o "$tmp/ex" "$ex" $(pkg-config --cflags --libs silk) 2>"$tmp/cc.err"; then
    cat "$tmp/cc.err"; echo "FAIL: cc example.c \$(pkg-config --cflags --libs silk)"; exit 1
fi
if ! "$cc" $san -o "$tmp/ex-static" "$ex" $(pkg-config --cflags silk) "$libdir/libsilk.a" \
        $(pkg-config --static --libs silk | sed 's/-lsilk\b//') 2>"$tmp/cc.err"; then
    cat "$tmp/cc.err"; echo "FAIL: cc example.c libsilk.a \$(pkg-config --static --libs silk)"; exit 1
fi
check "the static program needs no libsilk.so" \
    bash -c '! ldd "$0" | grep -q libsilk' "$tmp/ex-static"

"$idx_bin" -q -i "$tmp/idx" "$SRC/corpus" >/dev/null 2>"$tmp/idx.err" ||
    { cat "$tmp/idx.err"; echo "FAIL: indexing the bundled corpus"; exit 1; }

q="china laos"
json=$("$q_bin" -i "$tmp/idx" --json --limit 5 --facets year,country "$q")
want_ids=$(grep '"type":"hit"' <<<"$json" | sed 's/.*"id":"\([^"]*\)".*/\1/')
want_start=$(grep '"type":"hit"' <<<"$json" | head -1 | sed 's/.*"start":\([0-9]*\).*/\1/')
want_year=$(grep '"field":"year"' <<<"$json" |
    sed 's/.*"value":"\([^"]*\)","count":\([0-9]*\).*/\1=\2/' | tr '\n' ' ')
want_total=$(sed -n 's/.*"type":"summary".*"total":\([0-9]*\).*/\1/p' <<<"$json")

for prog in ex ex-static; do
    out=$(LD_LIBRARY_PATH=$libdir "$tmp/$prog" "$tmp/idx" "$q"); rc=$?
    check "$prog: exit 0 when something matched" test $rc -eq 0
    got_ids=$(sed -n 's/^[0-9]*\. \([^ ]*\) (score .*/\1/p' <<<"$out")
    check "$prog: the hits silk-query --json returns, in its order" \
        test -n "$want_ids" -a "$got_ids" = "$want_ids"
    check "$prog: the total silk-query counts" \
        has "$out" "$want_total passages in 5 articles for china laos"
    check "$prog: the first hit's citation (file, byte span)" \
        has "$out" "$SRC/corpus/"
    check "$prog: the first hit starts where silk-query says" \
        grep -q " bytes $want_start-" <<<"$out"
    check "$prog: the year counts silk-query --json gives" \
        test "$(sed -n 's/^year: //p' <<<"$out") " = "$want_year"
    check "$prog: country counts by code" has "$out" "country: CN="
done

out=$(LD_LIBRARY_PATH=$libdir "$tmp/ex" "$tmp/idx" "zzqxnotaword" 2>&1); rc=$?
check "nothing matched: exit 1" test $rc -eq 1
check "nothing matched: 0 passages" has "$out" "0 passages in 0 articles"
out=$(LD_LIBRARY_PATH=$libdir "$tmp/ex" "$tmp/none" x 2>&1); rc=$?
check "no index: exit 2" test $rc -eq 2
check "no index: silk's message, naming it" \
    has "$out" "example: cannot open the index: no index at $tmp/none"
out=$(LD_LIBRARY_PATH=$libdir "$tmp/ex" "$tmp/idx" x bogus 2>&1); rc=$?
check "unknown facet field: exit 2 and named" \
    bash -c '[ $0 -eq 2 ] && grep -q "unknown facet field .bogus." <<<"$1"' "$rc" "$out"
exit $fail
