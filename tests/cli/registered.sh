#!/bin/bash
# tests/cli/registered.sh: every suite file is a test, and every test's
# suite file exists — so that a suite added without registering it, or
# removed while its test stays listed, cannot vanish from ctest silently.
#   tests/check_NAME.c  must be run by a registered test (silk_check in
#                       tests/CMakeLists.txt);
#   tests/cli/NAME.sh   must be the registered test cli_NAME (globbed when
#                       cmake runs: re-run it after adding a script);
#   every registered test running tests/check_NAME or tests/cli/NAME.sh
#                       must find that source in the tree.
set -u
: "${BUILD:?BUILD (the build tree) is not set}" "${SRC:?SRC is not set}"

if ! listing=$(ctest --test-dir "$BUILD" -N -V 2>&1); then
    echo "FAIL: ctest --test-dir $BUILD -N -V: $(tail -n 1 <<<"$listing")"
    exit 1
fi
# "NN: Test command: /path/prog args..." and "  Test  #NN: name".
names=$(sed -n 's/^ *Test *#[0-9]*: //p' <<<"$listing" | sort -u)
commands=$(sed -n 's/^[0-9]*: Test command: //p' <<<"$listing")
if [ -z "$names" ]; then
    echo "FAIL: ctest lists no tests in $BUILD"
    exit 1
fi

fail=0
# Suites run by a test: the basenames of the programs named check_*.
suites=$(awk '{ n = split($1, p, "/"); print p[n] }' <<<"$commands" |
         grep '^check_' | sort -u)
for f in "$SRC"/tests/check_*.c; do
    [ -e "$f" ] || continue
    n=$(basename "$f" .c)
    if ! grep -qxF "$n" <<<"$suites"; then
        echo "FAIL: tests/$n.c is not registered as a test (add silk_check($n ...) to tests/CMakeLists.txt)"
        fail=1
    fi
done
for n in $suites; do
    if [ ! -e "$SRC/tests/$n.c" ]; then
        echo "FAIL: a registered test runs $n, but tests/$n.c does not exist"
        fail=1
    fi
done

for f in "$SRC"/tests/cli/*.sh; do
    [ -e "$f" ] || continue
    n=cli_$(basename "$f" .sh)
    if ! grep -qxF "$n" <<<"$names"; then
        echo "FAIL: tests/cli/$(basename "$f") is not registered as the test $n (re-run cmake)"
        fail=1
    fi
done
# The scripts registered tests run: "bash /path/tests/cli/NAME.sh".
while read -r script; do
    [ -n "$script" ] || continue
    if [ ! -e "$script" ]; then
        echo "FAIL: a registered test runs $script, which does not exist"
        fail=1
    fi
done < <(grep -o '"[^"]*/tests/cli/[^"/]*\.sh"' <<<"$commands" | tr -d '"')

n_suites=$(wc -w <<<"$suites")
n_cli=$(grep -c '^cli_' <<<"$names")
[ "$fail" = 0 ] && echo "ok: $n_suites suites and $n_cli cli scripts, each registered, each with its source"
exit "$fail"
