#!/usr/bin/env bash
# bench/shards.sh: the scaling figures of docs/scaling.md — indexing with
# --shards 2 vs 1 (wall, CPU, peak RSS via /usr/bin/time -v), compaction
# time and compacted size against the text, and query p50 on one index vs 4
# local shards vs 2 remote shards over loopback (xapian-tcpsrv).
#
#   bench/shards.sh [--bin DIR] [--data DIR] [--times N] [--work DIR]
#
# --bin: silk's binaries (default build/bin); --data: ../shared/data;
# --times N: also the N-times corpus (new ids, same text; bench/figures.py
# scale), default 1 (Reuters alone). Prints one "name<TAB>value" line per
# figure on stdout; docs/BENCHMARKS.md and docs/scaling.md record a run.
set -u
here=$(cd "$(dirname "$0")" && pwd)
repo=$(dirname "$here")
bin="$repo/build/bin"
data="$repo/../shared/data"
times=1
work=""
while [ $# -gt 0 ]; do
    case "$1" in
    --bin) bin=$2; shift 2 ;;
    --data) data=$2; shift 2 ;;
    --times) times=$2; shift 2 ;;
    --work) work=$2; shift 2 ;;
    *) echo "usage: bench/shards.sh [--bin DIR] [--data DIR] [--times N] [--work DIR]" >&2; exit 2 ;;
    esac
done
docs="$data/reuters21578/docs.jsonl"
[ -f "$docs" ] || { echo "bench/shards.sh: no $docs (give --data DIR)" >&2; exit 2; }
[ -x "$bin/silk-index" ] || { echo "bench/shards.sh: no $bin/silk-index (give --bin DIR)" >&2; exit 2; }
[ -x /usr/bin/time ] || { echo "bench/shards.sh: needs /usr/bin/time (apt-get install time)" >&2; exit 2; }
if [ -z "$work" ]; then work=$(mktemp -d); trap 'rm -rf "$work"' EXIT; fi
srvs=()
cleanup_srv() { for p in "${srvs[@]}"; do kill "$p" 2>/dev/null; wait "$p" 2>/dev/null; done; srvs=(); }
trap 'cleanup_srv; [ -n "${work:-}" ] && case "$work" in /tmp/tmp.*) rm -rf "$work";; esac' EXIT

out() { printf '%s\t%s\n' "$1" "$2"; }
text_mb() {  # text bytes (title + body) of a JSONL corpus, in MB
    python3 -c 'import json,sys; print(round(sum(len(d.get("title","").encode())+len(d["body"].encode()) for d in map(json.loads, open(sys.argv[1]))) / 1e6, 3))' "$1"
}
# timed NAME CMD...: run CMD under /usr/bin/time -v; print wall, CPU, RSS.
timed() {
    local name=$1; shift
    /usr/bin/time -v "$@" >"$work/$name.out" 2>"$work/$name.time" || {
        echo "bench/shards.sh: $name failed: $(tail -3 "$work/$name.time")" >&2; return 1; }
    awk -v n="$name" -F': ' '
        /Elapsed \(wall clock\)/ { split($2, t, ":"); w = (length(t) == 3) ? t[1]*3600 + t[2]*60 + t[3] : t[1]*60 + t[2] }
        /User time/ { u = $2 } /System time/ { s = $2 }
        /Maximum resident/ { r = $2 }
        END { printf "%s.wall_s\t%.2f\n%s.cpu_s\t%.2f\n%s.peak_rss_mb\t%.1f\n", n, w, n, u + s, n, r / 1024 }' \
        "$work/$name.time"
}
du_mb() { du -sb "$1" | awk '{ printf "%.1f", $1 / 1e6 }'; }
p50() {  # p50 of the JSON summaries' total_ms in a --batch run
    grep '"type":"summary"' | grep -o '"total_ms":[0-9.]*' | cut -d: -f2 | sort -g |
        awk '{ v[NR] = $1 } END { if (NR) printf "%.3f", v[int((NR + 1) / 2)]; else print "nan" }'
}
serve() {  # serve DIR: xapian-tcpsrv on a free loopback port; sets port
    local tries i
    for tries in 1 2 3 4 5 6 7 8; do
        port=$((20000 + (RANDOM * 7 + $$ + tries * 977) % 40000))
        setsid xapian-tcpsrv --port "$port" --interface 127.0.0.1 --quiet "$1" >/dev/null 2>&1 &
        local pid=$!
        for i in $(seq 1 50); do
            sleep 0.1
            kill -0 "$pid" 2>/dev/null || break
            if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then srvs+=("$pid"); return 0; fi
        done
        kill "$pid" 2>/dev/null
    done
    return 1
}

python3 "$here/make_queries.py" --count 2000 "$docs" >"$work/q.tsv"
for n in 1 $([ "$times" -gt 1 ] && echo "$times"); do
    corpus=$docs
    if [ "$n" -gt 1 ]; then
        corpus="$work/x$n.jsonl"
        python3 "$here/figures.py" scale "$n" "$docs" "$corpus"
    fi
    tag="x$n"
    out "$tag.text_mb" "$(text_mb "$corpus")"
    for s in 1 2; do
        rm -rf "$work/idx-$s"
        timed "$tag.index.shards$s" "$bin/silk-index" -q -i "$work/idx-$s" --shards "$s" "$corpus"
        out "$tag.index.shards$s.size_mb" "$(du_mb "$work/idx-$s")"
    done
    timed "$tag.compact" "$bin/silk-index" -q --compact -i "$work/idx-2" --output "$work/compact"
    out "$tag.compact.size_mb" "$(du_mb "$work/compact")"
    # Queries: one index, 4 local shards, 2 remote shards over loopback.
    rm -rf "$work/idx-4"
    "$bin/silk-index" -q -i "$work/idx-4" --shards 4 "$corpus"
    for f in "" "--facets all"; do
        fx=$([ -n "$f" ] && echo ".facets" || echo "")
        # shellcheck disable=SC2086
        out "$tag.query$fx.p50_ms.one" "$("$bin/silk-query" -i "$work/compact" --json $f --batch "$work/q.tsv" | p50)"
        # shellcheck disable=SC2086
        out "$tag.query$fx.p50_ms.shards4" "$("$bin/silk-query" -i "$work/idx-4" --json $f --batch "$work/q.tsv" | p50)"
    done
    if command -v xapian-tcpsrv >/dev/null 2>&1; then
        : >"$work/remote.stub"
        for k in 0 1; do
            serve "$work/idx-2/shard-$k" && echo "remote 127.0.0.1:$port" >>"$work/remote.stub"
        done
        for f in "" "--facets all"; do
            fx=$([ -n "$f" ] && echo ".facets" || echo "")
            # shellcheck disable=SC2086
            out "$tag.query$fx.p50_ms.remote2" "$("$bin/silk-query" -i "$work/remote.stub" --json $f --batch "$work/q.tsv" | p50)"
        done
        cleanup_srv
    fi
    rm -rf "$work/idx-1" "$work/idx-2" "$work/idx-4" "$work/compact"
done
