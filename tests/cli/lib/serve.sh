# tests/cli/lib/serve.sh: sourced by the CLI tests that need a remote shard
# (remote.sh, shards.sh). Not a test itself (tests/CMakeLists.txt registers
# tests/cli/*.sh only). Needs $tmp (a scratch directory).

# serve DIR: start xapian-tcpsrv for DIR on a free port of 127.0.0.1; sets
# srv (its pid) and port. A port taken meanwhile makes tcpsrv exit: try
# another. Each wait is bounded. setsid: on SIGTERM xapian-tcpsrv signals
# its whole process group, which must not be this script's.
serve() {
    local tries i
    for tries in 1 2 3 4 5 6 7 8; do
        port=$((20000 + (RANDOM * 7 + $$ + tries * 977) % 40000))
        setsid xapian-tcpsrv --port "$port" --interface 127.0.0.1 --quiet "$1" \
            >"$tmp/srv.log" 2>&1 &
        srv=$!
        for i in $(seq 1 50); do
            sleep 0.1
            kill -0 "$srv" 2>/dev/null || break  # the port was taken
            if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
                sleep 0.1
                kill -0 "$srv" 2>/dev/null && return 0
                break
            fi
        done
        kill "$srv" 2>/dev/null; wait "$srv" 2>/dev/null; srv=""
    done
    echo "FAIL: xapian-tcpsrv did not start: $(cat "$tmp/srv.log")"
    return 1
}
