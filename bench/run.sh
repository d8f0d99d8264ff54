#!/usr/bin/env bash
# bench/run.sh: measure silk, stock Xapian and SQLite FTS5 in one run on the
# same data — relevance (Cranfield; and the six relevance collections side by
# side, with stock Xapian + pseudo-relevance feedback as a fourth engine),
# indexing speed and size, query latency, growth (Reuters-21578) — and
# silk's known-item search (Reuters, BBC), and print one line per figure
# with the ratio, then issue 14's goals (each ratio against its goal), then
# the relevance table.
#
#   bench/run.sh [--quick] [--relevance] [--data DIR] [--build DIR | --bin DIR] [--work DIR]
#
#   --quick      a small subset (2,000 Reuters articles, 200 queries, growth
#                3x, 20 one-shot runs, 50 known items per corpus and kind;
#                Cranfield in full; the relevance table without NPL and
#                LISA): about a minute, for CI
#   --relevance  only the relevance figures (Cranfield rows, the six-collection
#                table): under a minute, for tuning
#   --data DIR   the data sets (default: ../shared/data beside the repository)
#   --build DIR  where to configure and build silk and the peers
#                (default: build-bench in the repository)
#   --bin DIR    use already built silk-index, silk-query, xapian-peer and
#                fts5-peer from DIR instead of building
#   --work DIR   keep indexes, runs and logs in DIR (default: a temporary
#                directory, removed at exit)
#
# Exit status: 0 when every figure that could be measured was; 1 when a step
# failed (its figures show "-" and stderr says which); 2 on bad usage or
# missing data. Results: the table on stdout and in bench/results/latest.tsv.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/.." && pwd)
data="$repo/../shared/data"
build=""
bin=""
work=""
quick=0
relevance_only=0

# Sizes of the --quick subset: small enough for CI, big enough to be a test.
QUICK_ARTICLES=2000
QUICK_QUERIES=200
# Query-set size of the full run (issue 5).
FULL_QUERIES=2000
# One-shot silk-query processes timed (start to exit).
QUICK_ONESHOT_RUNS=20
FULL_ONESHOT_RUNS=50
# Queries asked both through silk-query --serve and as one-shot processes
# (bench/serve.py; twice each in a full run).
QUICK_SERVE_QUERIES=50
FULL_SERVE_QUERIES=200
# The growth corpus is this many copies of the indexed articles (fewer in
# --quick, where the 10x index would take most of the minute).
FULL_GROWTH_TIMES=10
QUICK_GROWTH_TIMES=3
# Articles sampled per corpus and query kind by the known-item step (issue
# 10 asks for 200).
FULL_KNOWN=200
QUICK_KNOWN=50

# The relevance collections of the six-collection table (issue 12), each a
# folder of the data directory with docs.jsonl, queries.tsv and qrels.txt;
# one that is missing is skipped with a message. --quick leaves out the two
# largest (NPL: 11,429 abstracts; LISA: 5,999).
FULL_COLLECTIONS="cranfield med cacm npl lisa adi"
QUICK_COLLECTIONS="cranfield med cacm adi"
# The long-article stand-in (issue 12's unseen collection: long stories with
# no paragraph marks, where a passage sees a fraction of its article): these
# collections again with every body re-cut into lines of CUT_WORDS words
# (figures.py cut), so that silk makes 3-5 passages of an abstract; rows
# NAME-cut. 40 words: a fifth to a third of a Cranfield or LISA abstract,
# about the share of a 1,000-word story that one 250-word passage holds.
CUT_COLLECTIONS="cranfield lisa"
CUT_WORDS=40

# usage [STATUS]: the option summary above, on stderr; exits STATUS (2).
usage() { sed -n '9,23p' "$0" | sed 's/^# \{0,1\}//' >&2; exit "${1:-2}"; }
die() { echo "bench: $*" >&2; exit 2; }
say() { echo "bench: $*" >&2; }
failed=0
fail() { echo "bench: FAILED: $*" >&2; failed=1; }

while [ $# -gt 0 ]; do
    case $1 in
        --quick) quick=1 ;;
        --relevance) relevance_only=1 ;;
        --data) [ $# -ge 2 ] || usage; data=$2; shift ;;
        --build) [ $# -ge 2 ] || usage; build=$2; shift ;;
        --bin) [ $# -ge 2 ] || usage; bin=$2; shift ;;
        --work) [ $# -ge 2 ] || usage; work=$2; shift ;;
        -h|--help) usage 0 ;;
        *) echo "bench: unknown option '$1'" >&2; usage ;;
    esac
    shift
done

reuters="$data/reuters21578/docs.jsonl"
cran="$data/cranfield"
# --relevance needs only the collections it finds (each is checked below).
[ "$relevance_only" -eq 1 ] && required="" ||
    required="$reuters $cran/docs.jsonl $cran/queries.tsv $cran/qrels.txt"
for f in $required; do
    [ -r "$f" ] || die "no benchmark data: $f is missing. Pass --data DIR with
       reuters21578/docs.jsonl and cranfield/{docs.jsonl,queries.tsv,qrels.txt}
       (the project's shared/data)."
done
data=$(cd "$data" && pwd)
for tool in python3 xapian-compact /usr/bin/time; do
    command -v "$tool" >/dev/null || die "$tool is missing: run scripts/deps.sh"
done

if [ -n "$work" ]; then
    mkdir -p "$work"
    work=$(cd "$work" && pwd)
else
    work=$(mktemp -d "${TMPDIR:-/tmp}/silk-bench.XXXXXX")
    trap 'rm -rf "$work"' EXIT
fi
figs="$work/figures.tsv"
goals="$work/goals.tsv"
: >"$figs"
: >"$goals"

# ---------------------------------------------------------------- build
peers=""
if [ -z "$bin" ]; then
    build=${build:-$repo/build-bench}
    mkdir -p "$build"
    log="$build/bench-build.log"
    say "building in $build (log: $log)"
    if cmake -S "$repo" -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo \
            -DSILK_BENCH=ON -DSILK_TESTS=OFF >"$log" 2>&1; then
        cmake --build "$build" -j"$(nproc)" --target silk-index silk-query >>"$log" 2>&1 \
            || fail "silk does not build (see $log): its figures are '-'"
        cmake --build "$build" -j"$(nproc)" --target xapian-peer fts5-peer >>"$log" 2>&1 \
            && peers="$build/bin"
        if [ -n "$peers" ] && [ -f "$here/facets/CMakeLists.txt" ]; then
            cmake --build "$build" -j"$(nproc)" --target silk-facet-eval >>"$log" 2>&1 \
                || fail "silk-facet-eval does not build (see $log)"
        fi
        if [ -n "$peers" ]; then
            cmake --build "$build" -j"$(nproc)" --target silk-floor >>"$log" 2>&1 \
                || fail "silk-floor does not build (see $log)"
        fi
    else
        fail "the top-level configure failed (see $log): silk's figures are '-'"
    fi
    if [ -z "$peers" ]; then
        # The top level does not include bench/ (no SILK_BENCH): build the
        # peers on their own.
        cmake -S "$here" -B "$build/peers" -DCMAKE_BUILD_TYPE=RelWithDebInfo >>"$log" 2>&1 \
            && cmake --build "$build/peers" -j"$(nproc)" >>"$log" 2>&1 \
            || die "the peers do not build (see $log)"
        peers="$build/peers/bin"
    fi
    bin="$build/bin"
fi
[ -d "$bin" ] || die "no directory $bin (--bin)"
bin=$(cd "$bin" && pwd)
peers=${peers:-$bin}
for p in xapian-peer fts5-peer; do
    [ -x "$peers/$p" ] || die "$peers/$p is missing (build with -DSILK_BENCH=ON)"
done
have_silk=0
if [ -x "$bin/silk-index" ] && [ -x "$bin/silk-query" ]; then
    have_silk=1
else
    fail "no silk-index/silk-query in $bin: silk's figures are '-'"
fi

# ---------------------------------------------------------------- helpers
# kv FILE KEY: the value of a "key<TAB>value" line, or "-".
kv() {
    local v=""
    [ -r "$1" ] && v=$(awk -F'\t' -v k="$2" '$1 == k { print $2; exit }' "$1")
    echo "${v:--}"
}
# calc EXPR A B C: awk arithmetic on a, b, c; "-" when an operand is "-" or
# empty, or the arithmetic fails (a division by zero).
calc() {
    local expr=$1 r=""; shift
    for v in "$@"; do [ -n "$v" ] && [ "$v" != "-" ] || { echo "-"; return; }; done
    r=$(awk -v a="${1:-0}" -v b="${2:-0}" -v c="${3:-0}" \
        "BEGIN { printf \"%.6g\\n\", $expr }" 2>/dev/null) || r=""
    echo "${r:--}"
}
# row FIGURE SILK XAPIAN FTS5 hi|lo: one line of the table.
row() { printf '%s\t%s\t%s\t%s\t%s\n' "$1" "${2:--}" "${3:--}" "${4:--}" "$5" >>"$figs"; }
# goal NAME VALUE ge|le|report TARGET WHAT: one line of issue 14's goals
# table (figures.py goals): VALUE against TARGET (">= TARGET" or "<=");
# "report" rows have no goal, only the figure the issue asks to see.
goal() { printf '%s\t%s\t%s\t%s\t%s\n' "$1" "${2:--}" "$3" "${4:--}" "$5" >>"$goals"; }
# timed TAG CMD...: runs CMD with stdout/stderr in $work/TAG.out/.err and its
# wall, user and system seconds and peak RSS (KB) in $work/TAG.time. An exit
# status up to $ok_max (default 0) counts as success: silk-index exits 1 when
# it skipped or repaired some input, and says what in its summary.
ok_max=0
timed() {
    local tag=$1 st=0; shift
    /usr/bin/time -f 'wall\t%e\nuser\t%U\nsys\t%S\nrss_kb\t%M' -o "$work/$tag.time" \
        "$@" >"$work/$tag.out" 2>"$work/$tag.err" || st=$?
    [ "$st" -le "$ok_max" ] && return 0
    fail "$tag: $* exited $st: $(tail -n 3 "$work/$tag.err" | tr '\n' ' ')"
    rm -f "$work/$tag.time"
    return 1
}
# bytes_on_disk PATH: disk usage in bytes, or "-".
bytes_on_disk() { [ -e "$1" ] && du -sB1 "$1" | cut -f1 || echo "-"; }
# index_figures TAG TEXT_BYTES ARTICLES PASSAGES SIZE COMPACT_SIZE: the
# indexing figures of a timed run, as key/value lines in $work/TAG.fig.
index_figures() {
    local t="$work/$1.time" wall user sys rss
    wall=$(kv "$t" wall); user=$(kv "$t" user); sys=$(kv "$t" sys); rss=$(kv "$t" rss_kb)
    {
        printf 'wall_s\t%s\n' "$wall"
        printf 'cpu_s\t%s\n' "$(calc 'a + b' "$user" "$sys")"
        printf 'mb_per_s\t%s\n' "$(calc 'a / 1e6 / b' "$2" "$wall")"
        printf 'cpu_mb_per_s\t%s\n' "$(calc 'a / 1e6 / (b + c)' "$2" "$user" "$sys")"
        printf 'articles_per_s\t%s\n' "$(calc 'a / b' "$3" "$wall")"
        printf 'passages_per_s\t%s\n' "$(calc 'a / b' "$4" "$wall")"
        printf 'peak_rss_mb\t%s\n' "$(calc 'a / 1024' "$rss")"
        printf 'size_mb\t%s\n' "$(calc 'a / 1e6' "$5")"
        printf 'compact_mb\t%s\n' "$(calc 'a / 1e6' "$6")"
        printf 'compact_x_text\t%s\n' "$(calc 'a / b' "$6" "$2")"
    } >"$work/$1.fig"
}
# evaluate TAG RUN: relevance figures of a TREC run, in $work/TAG.eval.
evaluate() {
    python3 "$here/eval.py" "$cran/qrels.txt" "$2" >"$work/$1.eval" \
        || { fail "evaluating $2"; rm -f "$work/$1.eval"; }
}
# silk_index TAG DOCS IDX: a timed silk-index run into a fresh IDX.
silk_index() {
    local st=0
    rm -rf "$3"
    ok_max=1
    timed "$1" "$bin/silk-index" -i "$3" "$2" || st=$?
    ok_max=0
    return "$st"
}
# silk_latency TAG IDX QUERIES [ARGS...]: silk-query --batch --json latency
# figures in $work/TAG.lat.
silk_latency() {
    local tag=$1 idx=$2 q=$3; shift 3
    local st=0
    "$bin/silk-query" -i "$idx" --batch "$q" --json "$@" >"$work/$tag.jsonl" 2>"$work/$tag.err" || st=$?
    if [ "$st" -gt 1 ]; then
        fail "$tag: silk-query exit $st: $(tail -n 3 "$work/$tag.err" | tr '\n' ' ')"
        return
    fi
    python3 "$here/figures.py" silk-latency "$work/$tag.jsonl" >"$work/$tag.lat" \
        || fail "$tag: reading silk's summaries"
}

# ---------------------------------------------------------------- data
say "work directory: $work"
if [ "$quick" -eq 1 ]; then
    [ "$relevance_only" -eq 1 ] || head -n "$QUICK_ARTICLES" "$reuters" >"$work/reuters.jsonl"
    nq=$QUICK_QUERIES; oneshot_runs=$QUICK_ONESHOT_RUNS; growth_times=$QUICK_GROWTH_TIMES
    serve_queries=$QUICK_SERVE_QUERIES; serve_rounds=1
else
    [ "$relevance_only" -eq 1 ] || ln -s "$reuters" "$work/reuters.jsonl"
    nq=$FULL_QUERIES; oneshot_runs=$FULL_ONESHOT_RUNS; growth_times=$FULL_GROWTH_TIMES
    serve_queries=$FULL_SERVE_QUERIES; serve_rounds=2
fi
collections=$([ "$quick" -eq 1 ] && echo "$QUICK_COLLECTIONS" || echo "$FULL_COLLECTIONS")
docs="$work/reuters.jsonl"
text_bytes=-; articles=-
if [ "$relevance_only" -eq 0 ]; then
    python3 "$here/make_queries.py" --count "$nq" "$docs" >"$work/queries.tsv"
    python3 "$here/figures.py" textbytes "$docs" >"$work/reuters.text"
    text_bytes=$(kv "$work/reuters.text" bytes)
    articles=$(kv "$work/reuters.text" articles)
    say "Reuters: $articles articles, $text_bytes bytes of text, $(wc -l <"$work/queries.tsv") queries"
fi

# ---------------------------------------------------------------- relevance
if [ -r "$cran/qrels.txt" ]; then
say "relevance: Cranfield"
if [ "$have_silk" -eq 1 ] && silk_index cran-silk "$cran/docs.jsonl" "$work/cran-silk"; then
    st=0
    "$bin/silk-query" -i "$work/cran-silk" --batch "$cran/queries.tsv" --format trec \
        >"$work/cran-silk.run" 2>"$work/cran-silk.qerr" || st=$?
    if [ "$st" -le 1 ]; then evaluate cran-silk "$work/cran-silk.run"
    else fail "silk-query on Cranfield: exit $st: $(tail -n 3 "$work/cran-silk.qerr" | tr '\n' ' ')"; fi
fi
for level in article paragraph; do
    tag=cran-xap-$level
    if timed "$tag" "$peers/xapian-peer" index --level $level "$cran/docs.jsonl" "$work/$tag" \
        && "$peers/xapian-peer" search "$work/$tag" "$cran/queries.tsv" --trec >"$work/$tag.run"; then
        evaluate "$tag" "$work/$tag.run"
    else
        fail "xapian-peer ($level) on Cranfield"
    fi
done
if timed cran-fts "$peers/fts5-peer" index "$cran/docs.jsonl" "$work/cran-fts.db" \
    && "$peers/fts5-peer" search "$work/cran-fts.db" "$cran/queries.tsv" --trec >"$work/cran-fts.run"; then
    evaluate cran-fts "$work/cran-fts.run"
else
    fail "fts5-peer on Cranfield"
fi
for m in ndcg@10 map p@10 recall@100; do
    row "cranfield.$m" "$(kv "$work/cran-silk.eval" $m)" "$(kv "$work/cran-xap-article.eval" $m)" \
        "$(kv "$work/cran-fts.eval" $m)" hi
done
for m in ndcg@10 map; do
    row "cranfield.$m[para]" "$(kv "$work/cran-silk.eval" $m)" "$(kv "$work/cran-xap-paragraph.eval" $m)" - hi
done
fi

# ---------------------------------------------------------------- six collections
# Each collection: silk (best passage per article), stock Xapian (article
# level) with and without one round of its pseudo-relevance feedback, FTS5;
# relevance.py prints the table (binary gains, top 100, query halves).
rel_done=""
rel_list=$collections
for c in $CUT_COLLECTIONS; do
    [ -r "$data/$c/docs.jsonl" ] || continue
    mkdir -p "$work/$c-cut"
    python3 "$here/figures.py" cut "$CUT_WORDS" "$data/$c/docs.jsonl" "$work/$c-cut/docs.jsonl"
    ln -sf "$data/$c/queries.tsv" "$data/$c/qrels.txt" "$work/$c-cut/"
    rel_list="$rel_list $c-cut"
done
for c in $rel_list; do
    cd_=$data/$c
    case $c in *-cut) cd_=$work/$c ;; esac
    if ! { [ -r "$cd_/docs.jsonl" ] && [ -r "$cd_/queries.tsv" ] && [ -r "$cd_/qrels.txt" ]; }; then
        say "relevance: $c skipped ($cd_ lacks docs.jsonl, queries.tsv or qrels.txt)"
        continue
    fi
    say "relevance: $c"
    r="$work/rel-$c"
    if [ "$have_silk" -eq 1 ] && silk_index "rel-$c-silk" "$cd_/docs.jsonl" "$r-silk.idx"; then
        st=0
        "$bin/silk-query" -i "$r-silk.idx" --batch "$cd_/queries.tsv" --format trec --limit 100 \
            >"$r-silk.run" 2>"$r-silk.qerr" || st=$?
        [ "$st" -le 1 ] || { fail "silk-query on $c: exit $st"; rm -f "$r-silk.run"; }
    fi
    if "$peers/xapian-peer" index "$cd_/docs.jsonl" "$r-xap.idx" >/dev/null 2>"$r-xap.err"; then
        "$peers/xapian-peer" search "$r-xap.idx" "$cd_/queries.tsv" --trec >"$r-xapian.run" \
            || { fail "xapian-peer on $c"; rm -f "$r-xapian.run"; }
        "$peers/xapian-peer" search "$r-xap.idx" "$cd_/queries.tsv" --trec --prf >"$r-prf.run" \
            || { fail "xapian-peer --prf on $c"; rm -f "$r-prf.run"; }
    else
        fail "xapian-peer index on $c"
    fi
    if "$peers/fts5-peer" index "$cd_/docs.jsonl" "$r-fts.db" >/dev/null 2>"$r-fts.err"; then
        "$peers/fts5-peer" search "$r-fts.db" "$cd_/queries.tsv" --trec >"$r-fts5.run" \
            || { fail "fts5-peer on $c"; rm -f "$r-fts5.run"; }
    else
        fail "fts5-peer index on $c"
    fi
    rm -rf "$r-silk.idx" "$r-xap.idx" "$r-fts.db"
    rel_done="$rel_done $c=$cd_"
done

if [ "$relevance_only" -eq 0 ]; then
# ---------------------------------------------------------------- indexing
say "indexing: Reuters"
if [ "$have_silk" -eq 1 ] && silk_index idx-silk "$docs" "$work/idx-silk"; then
    passages=$(python3 "$here/figures.py" passages "$work/idx-silk.out" "$work/idx-silk.err")
    rm -rf "$work/idx-silk.compact"
    xapian-compact "$work/idx-silk" "$work/idx-silk.compact" >/dev/null 2>"$work/compact-silk.err" \
        || fail "xapian-compact of silk's index: $(tail -n 2 "$work/compact-silk.err" | tr '\n' ' ')"
    index_figures idx-silk "$text_bytes" "$articles" "$passages" \
        "$(bytes_on_disk "$work/idx-silk")" "$(bytes_on_disk "$work/idx-silk.compact")"
fi
for level in article paragraph; do
    tag=idx-xap-$level
    if timed "$tag" "$peers/xapian-peer" index --level $level "$docs" "$work/$tag"; then
        rm -rf "$work/$tag.compact"
        xapian-compact "$work/$tag" "$work/$tag.compact" >/dev/null 2>&1 || fail "xapian-compact $tag"
        index_figures "$tag" "$text_bytes" "$articles" "$(kv "$work/$tag.out" passages)" \
            "$(bytes_on_disk "$work/$tag")" "$(bytes_on_disk "$work/$tag.compact")"
    fi
done
if timed idx-fts "$peers/fts5-peer" index "$docs" "$work/idx-fts.db"; then
    size=$(bytes_on_disk "$work/idx-fts.db")
    cp "$work/idx-fts.db" "$work/idx-fts.compact.db"
    "$peers/fts5-peer" compact "$work/idx-fts.compact.db" || fail "fts5-peer compact"
    index_figures idx-fts "$text_bytes" "$articles" "$(kv "$work/idx-fts.out" passages)" \
        "$size" "$(bytes_on_disk "$work/idx-fts.compact.db")"
fi
# figure, better: the indexing rows, silk against the article-level peers and
# then against stock Xapian's paragraph index (the passage comparison).
index_rows="wall_s lo
cpu_s lo
mb_per_s hi
cpu_mb_per_s hi
articles_per_s hi
passages_per_s hi
peak_rss_mb lo
size_mb lo
compact_mb lo
compact_x_text lo"
while read -r f better; do
    row "index.$f" "$(kv "$work/idx-silk.fig" "$f")" "$(kv "$work/idx-xap-article.fig" "$f")" \
        "$(kv "$work/idx-fts.fig" "$f")" "$better"
done <<<"$index_rows"
while read -r f better; do
    row "index.$f[para]" "$(kv "$work/idx-silk.fig" "$f")" "$(kv "$work/idx-xap-paragraph.fig" "$f")" - "$better"
done <<<"$index_rows"

# The two lower bounds of silk's indexing speed (bench/floor/): silk's
# reader + analyser alone, and the floor of a Xapian 1.4 indexer of silk's
# passages (reader + passage split + analyser + one document per passage
# with only its body stems at positions). CPU MB/s over the same text bytes.
if [ -x "$bin/silk-floor" ]; then
    say "indexing floor: silk-floor analyse, silk-floor index"
    timed floor-analyse "$bin/silk-floor" analyse "$docs" || true
    rm -rf "$work/floor-idx"
    timed floor-index "$bin/silk-floor" index "$work/floor-idx" "$docs" || true
    rm -rf "$work/floor-idx"
else
    say "indexing floor: skipped (no silk-floor in $bin)"
fi
for f in analyse index; do
    t="$work/floor-$f.time"
    cpu=$(calc 'a + b' "$(kv "$t" user)" "$(kv "$t" sys)")
    row "floor.$f.cpu_s" "$cpu" - - lo
    row "floor.$f.cpu_mb_per_s" "$(calc 'a / 1e6 / b' "$text_bytes" "$cpu")" - - hi
done

# ---------------------------------------------------------------- queries
say "queries: $nq Reuters title queries, one process each"
q="$work/queries.tsv"
if [ -d "$work/idx-silk" ]; then
    silk_latency lat-silk "$work/idx-silk" "$q"
    silk_latency lat-silk-facets "$work/idx-silk" "$q" --facets all
fi
for level in article paragraph; do
    [ -d "$work/idx-xap-$level" ] || continue
    "$peers/xapian-peer" search "$work/idx-xap-$level" "$q" --latency >"$work/lat-xap-$level.lat" \
        || fail "xapian-peer ($level) latency"
done
if [ -f "$work/idx-fts.db" ]; then
    "$peers/fts5-peer" search "$work/idx-fts.db" "$q" --latency >"$work/lat-fts.lat" \
        || fail "fts5-peer latency"
fi
lat_rows="p50_ms lo
p99_ms lo
qps hi"
while read -r m better; do
    row "query.$m" "$(kv "$work/lat-silk.lat" "$m")" "$(kv "$work/lat-xap-article.lat" "$m")" \
        "$(kv "$work/lat-fts.lat" "$m")" "$better"
done <<<"$lat_rows"
while read -r m better; do
    row "query.$m[para]" "$(kv "$work/lat-silk.lat" "$m")" "$(kv "$work/lat-xap-paragraph.lat" "$m")" - "$better"
done <<<"$lat_rows"
while read -r m better; do
    row "query.facets_all.$m" "$(kv "$work/lat-silk-facets.lat" "$m")" - - "$better"
done <<<"$lat_rows"

# One silk-query process on the bundled corpus, start to exit.
if [ "$have_silk" -eq 1 ] && silk_index oneshot-idx "$repo/corpus" "$work/oneshot-idx"; then
    say "one-shot: $oneshot_runs silk-query processes on corpus/"
    python3 "$here/oneshot.py" --runs "$oneshot_runs" -- \
        "$bin/silk-query" -i "$work/oneshot-idx" 'China-Laos Railway' >"$work/oneshot.lat" \
        || fail "bench/oneshot.py"
fi
for m in p50_ms p99_ms cpu_p50_ms empty_p50_ms; do
    row "oneshot.$m" "$(kv "$work/oneshot.lat" $m)" - - lo
done

# Serve mode against one-shot processes, the same Reuters queries both
# ways, alternating (bench/serve.py).
if [ "$have_silk" -eq 1 ] && [ -d "$work/idx-silk" ]; then
    say "serve: $serve_queries queries x $serve_rounds, silk-query --serve and one-shot"
    python3 "$here/serve.py" --bin "$bin" --index "$work/idx-silk" --queries "$q" \
        --count "$serve_queries" --rounds "$serve_rounds" >"$work/serve.lat" \
        || fail "bench/serve.py"
fi
for m in serve.rps:hi serve.p50_ms:lo serve.p99_ms:lo oneshot.rps:hi \
         oneshot.p50_ms:lo oneshot.p99_ms:lo serve.cpu_ms:lo oneshot.cpu_ms:lo cpu_ratio:hi; do
    k=${m%%:*}
    row "serve.${k#serve.}" "$(kv "$work/serve.lat" "$k")" - - "${m##*:}"
done

# ---------------------------------------------------------------- growth
say "growth: ${growth_times}x the Reuters articles"
big="$work/reuters-x$growth_times.jsonl"
python3 "$here/figures.py" scale "$growth_times" "$docs" "$big"
if [ "$have_silk" -eq 1 ] && silk_index grow-silk "$big" "$work/grow-silk"; then
    silk_latency grow-lat-silk "$work/grow-silk" "$q"
fi
rm -rf "$work/grow-silk"
if timed grow-xap "$peers/xapian-peer" index "$big" "$work/grow-xap"; then
    "$peers/xapian-peer" search "$work/grow-xap" "$q" --latency >"$work/grow-lat-xap.lat" \
        || fail "xapian-peer latency at ${growth_times}x"
fi
rm -rf "$work/grow-xap"
if timed grow-fts "$peers/fts5-peer" index "$big" "$work/grow-fts.db"; then
    "$peers/fts5-peer" search "$work/grow-fts.db" "$q" --latency >"$work/grow-lat-fts.lat" \
        || fail "fts5-peer latency at ${growth_times}x"
fi
rm -f "$work/grow-fts.db" "$big"
# Per engine: wall seconds and query p50 at 1x and at growth_times x.
x=$growth_times
wall1() { kv "$work/idx-$1.fig" wall_s; }
wallx() { kv "$work/grow-$1.time" wall; }
p501() { kv "$work/lat-$1.lat" p50_ms; }
p50x() { kv "$work/grow-lat-$1.lat" p50_ms; }
cpu1() { kv "$work/idx-$1.fig" cpu_s; }
cpux() { calc 'a + b' "$(kv "$work/grow-$1.time" user)" "$(kv "$work/grow-$1.time" sys)"; }
row "growth.index_wall_s@${x}x" "$(wallx silk)" "$(wallx xap)" "$(wallx fts)" lo
row "growth.index_cpu_s@${x}x" "$(cpux silk)" "$(cpux xap)" "$(cpux fts)" lo
row "growth.index_cpu_factor" "$(calc 'a / b' "$(cpux silk)" "$(cpu1 silk)")" \
    "$(calc 'a / b' "$(cpux xap)" "$(cpu1 xap-article)")" \
    "$(calc 'a / b' "$(cpux fts)" "$(cpu1 fts)")" lo
row "growth.index_factor" "$(calc 'a / b' "$(wallx silk)" "$(wall1 silk)")" \
    "$(calc 'a / b' "$(wallx xap)" "$(wall1 xap-article)")" \
    "$(calc 'a / b' "$(wallx fts)" "$(wall1 fts)")" lo
row "growth.p50_ms@${x}x" "$(p50x silk)" "$(p50x xap)" "$(p50x fts)" lo
row "growth.p50_factor" "$(calc 'a / b' "$(p50x silk)" "$(p501 silk)")" \
    "$(calc 'a / b' "$(p50x xap)" "$(p501 xap-article)")" \
    "$(calc 'a / b' "$(p50x fts)" "$(p501 fts)")" lo

# ---------------------------------------------------------------- facets
# silk-facet-eval (bench/facets/, its own module): the country facets against
# Reuters' PLACES labels, on the whole of Reuters even in --quick (it runs
# only the extractor). Its lines "facet-KIND LABELS P p R r F1 f (...)"
# become rows facet.KIND.LABELS.{p,r,f1} (silk only).
if [ "$have_silk" -eq 1 ] && [ -x "$bin/silk-facet-eval" ]; then
    say "facet accuracy: silk-facet-eval"
    if "$bin/silk-facet-eval" --data "$data" >"$work/facets.out" 2>"$work/facets.err"; then
        awk '$1 ~ /^facet-/ && $3 == "P" && $5 == "R" && $7 == "F1" {
                k = substr($1, 7) "." $2
                printf "facet.%s.p\t%s\t-\t-\thi\n", k, $4
                printf "facet.%s.r\t%s\t-\t-\thi\n", k, $6
                printf "facet.%s.f1\t%s\t-\t-\thi\n", k, $8 }' "$work/facets.out" >>"$figs"
    else
        fail "silk-facet-eval: $(tail -n 3 "$work/facets.err" | tr '\n' ' ')"
    fi
else
    say "facet accuracy: skipped (no silk-facet-eval in $bin)"
fi

# ---------------------------------------------------------------- known items
# bench/known_item.py (issue 10): a seeded sample of articles, each searched
# by its headline and by an 8-word span of its body, --per-article 1. BBC as
# downloaded (bbc/raw, the folder) and through bbc/docs.jsonl, and the
# Reuters articles indexed above. Rows known.CORPUS.FIGURE (silk only).
known_n=$([ "$quick" -eq 1 ] && echo "$QUICK_KNOWN" || echo "$FULL_KNOWN")
# known TAG IDX INPUT-OPTION PATH: the figures of one corpus in $work/TAG.known.
known() {
    python3 "$here/known_item.py" run --bin "$bin" --index "$2" "$3" "$4" --count "$known_n" \
        --work "$work/$1" --misses "$work/$1.misses" >"$work/$1.known" 2>"$work/$1.kerr" \
        || { fail "known items ($1): $(tail -n 2 "$work/$1.kerr" | tr '\n' ' ')"; rm -f "$work/$1.known"; }
}
if [ "$have_silk" -eq 1 ]; then
    say "known items: $known_n headlines and spans per corpus"
    if [ -d "$work/idx-silk" ]; then known known-reuters "$work/idx-silk" --jsonl "$docs"; fi
    if [ -d "$data/bbc/raw" ] && silk_index known-bbc-idx "$data/bbc/raw" "$work/known-bbc-idx"; then
        known known-bbc "$work/known-bbc-idx" --dir "$data/bbc/raw"
    fi
    if [ -r "$data/bbc/docs.jsonl" ] &&
        silk_index known-bbcjsonl-idx "$data/bbc/docs.jsonl" "$work/known-bbcjsonl-idx"; then
        known known-bbcjsonl "$work/known-bbcjsonl-idx" --jsonl "$data/bbc/docs.jsonl"
    fi
    [ -d "$data/bbc/raw" ] || say "known items: no $data/bbc/raw: BBC skipped"
fi
for c in reuters bbc bbcjsonl; do
    for f in articles indexed searchable headline.rank1 headline.top10 span.rank1 span.top10; do
        row "known.$c.$f" "$(kv "$work/known-$c.known" "$f")" - - hi
    done
done

# ---------------------------------------------------------------- issue 14 goals
# Each ratio of issue 14 from the figures above, against its goal (the
# goals table, bench/README.md). Speeds and costs are CPU seconds (user +
# system, every thread and child), which the shared machine disturbs least.
fig() { kv "$work/$1" "$2"; }
goal index.cpu_xapian_para/silk \
    "$(calc 'a / b' "$(fig idx-xap-paragraph.fig cpu_s)" "$(fig idx-silk.fig cpu_s)")" ge 3 \
    "indexing CPU: stock Xapian (paragraph level) / silk"
goal index.compact/text "$(fig idx-silk.fig compact_x_text)" le 4 \
    "compacted index / text bytes"
goal query.p50_silk/xapian \
    "$(calc 'a / b' "$(fig lat-silk.lat p50_ms)" "$(fig lat-xap-article.lat p50_ms)")" le 1.5 \
    "query p50: silk / stock Xapian (article level)"
goal query.p99_silk/xapian \
    "$(calc 'a / b' "$(fig lat-silk.lat p99_ms)" "$(fig lat-xap-article.lat p99_ms)")" le 2 \
    "query p99: silk / stock Xapian (article level)"
goal query.qps_silk/fts5 \
    "$(calc 'a / b' "$(fig lat-silk.lat qps)" "$(fig lat-fts.lat qps)")" ge 10 \
    "batch queries a second: silk / FTS5"
goal query.facets_all.p50_ms "$(fig lat-silk-facets.lat p50_ms)" le 1.5 \
    "--facets all p50 (ms)"
goal oneshot.p50_ms "$(fig oneshot.lat p50_ms)" le 3 \
    "one-shot silk-query on corpus/, spawn to exit (ms)"
goal "growth.index_cpu@${x}x/1x" "$(calc 'a / b' "$(cpux silk)" "$(cpu1 silk)")" \
    le "$(calc '1.1 * a' "$x")" "indexing CPU at ${x}x / at 1x (linear + 10%)"
goal "growth.p50@${x}x/1x" "$(calc 'a / b' "$(p50x silk)" "$(p501 silk)")" le 2 \
    "query p50 at ${x}x / at 1x"
silk_mbs=$(fig idx-silk.fig cpu_mb_per_s)
goal index.mbs_silk/analyser \
    "$(calc 'a / b' "$silk_mbs" "$(calc 'a / 1e6 / (b + c)' "$text_bytes" \
        "$(fig floor-analyse.time user)" "$(fig floor-analyse.time sys)")")" report - \
    "indexing CPU MB/s: silk / its reader + analyser alone"
goal index.mbs_silk/floor \
    "$(calc 'a / b' "$silk_mbs" "$(calc 'a / 1e6 / (b + c)' "$text_bytes" \
        "$(fig floor-index.time user)" "$(fig floor-index.time sys)")")" report - \
    "indexing CPU MB/s: silk / the Xapian 1.4 floor (body postings + positions)"
goal index.mbs_silk/fts5 "$(calc 'a / b' "$silk_mbs" "$(fig idx-fts.fig cpu_mb_per_s)")" report - \
    "indexing CPU MB/s: silk / FTS5"
goal serve.rps_serve/oneshot "$(fig serve.lat speedup)" report - \
    "requests a second: silk-query --serve / one-shot processes"

fi # relevance_only

# ---------------------------------------------------------------- report
mkdir -p "$here/results"
echo "# silk bench $(date -u +%Y-%m-%dT%H:%MZ), $([ "$quick" -eq 1 ] && echo quick || echo full) run," \
     "$(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')"
echo "# $articles Reuters articles ($(calc 'a / 1e6' "$text_bytes") MB of text), $nq queries;" \
     "ratio > 1 = silk ahead of the best peer"
python3 "$here/figures.py" table "$figs" "$here/results/latest.tsv"
if [ -s "$goals" ]; then
    echo
    python3 "$here/figures.py" goals "$goals" "$here/results/goals.tsv"
fi
if [ -n "$rel_done" ]; then
    echo
    # shellcheck disable=SC2086 # the collection names are words
    python3 "$here/relevance.py" "$work" "$data" $rel_done || fail "the relevance table"
    cp "$work/relevance.tsv" "$here/results/relevance.tsv" 2>/dev/null || true
fi
[ "$failed" -eq 0 ] || say "some steps failed: see the messages above"
exit "$failed"
