#!/usr/bin/env python3
"""oneshot.py: the cost of one whole silk-query process, start to exit.

    oneshot.py --runs N -- COMMAND [ARGS...]

Runs COMMAND N times (stdout and stderr to /dev/null), each started with
posix_spawn and reaped with wait4, and prints "name<TAB>value" lines:

    runs          N
    p50_ms        median wall milliseconds, spawn to reaped
    p99_ms        nearest-rank 99th percentile of the same
    cpu_p50_ms    median user + system CPU milliseconds of the process
                  (its own rusage from wait4: what the shared machine
                  disturbs least)
    empty_p50_ms  the median wall time of /bin/true spawned the same way,
                  alternating with COMMAND: what starting any process costs
                  on this machine at this moment, for reading p50_ms

Spawning from Python costs far less than a shell's $(date) around the
command, which forked two more processes inside the interval it timed.
An exit status other than 0 or 1 (no match) is an error (exit 1).
"""
import os
import sys
import time


def spawn(argv, devnull):
    """Wall ms and CPU ms of one run of argv; its exit status."""
    t0 = time.perf_counter_ns()
    pid = os.posix_spawn(argv[0], argv, os.environ,
                         file_actions=[(os.POSIX_SPAWN_DUP2, devnull, 1),
                                       (os.POSIX_SPAWN_DUP2, devnull, 2)])
    _, status, ru = os.wait4(pid, 0)
    wall = (time.perf_counter_ns() - t0) / 1e6
    return wall, (ru.ru_utime + ru.ru_stime) * 1000, os.waitstatus_to_exitcode(status)


def nearest_rank(values, p):
    values = sorted(values)
    return values[max(1, -(-len(values) * p // 100)) - 1]


def main(argv):
    if len(argv) < 4 or argv[0] != "--runs" or not argv[1].isdigit() or \
            int(argv[1]) < 1 or argv[2] != "--":
        print(__doc__.strip().split("\n\n")[1], file=sys.stderr)
        return 2
    runs, cmd = int(argv[1]), argv[3:]
    cmd[0] = cmd[0] if os.sep in cmd[0] else (
        next((os.path.join(d, cmd[0]) for d in os.environ.get("PATH", "").split(os.pathsep)
              if os.access(os.path.join(d, cmd[0]), os.X_OK)), cmd[0]))
    empty = ["/bin/true"]
    devnull = os.open(os.devnull, os.O_WRONLY)
    walls, cpus, empties = [], [], []
    try:
        spawn(cmd, devnull)  # warm the page cache; not counted
        for _ in range(runs):
            wall, cpu, code = spawn(cmd, devnull)
            if code not in (0, 1):
                print(f"oneshot.py: {' '.join(cmd)} exited {code}", file=sys.stderr)
                return 1
            walls.append(wall)
            cpus.append(cpu)
            empties.append(spawn(empty, devnull)[0])
    except OSError as e:
        print(f"oneshot.py: {e}", file=sys.stderr)
        return 1
    print(f"runs\t{runs}\np50_ms\t{nearest_rank(walls, 50):.3f}\n"
          f"p99_ms\t{nearest_rank(walls, 99):.3f}\n"
          f"cpu_p50_ms\t{nearest_rank(cpus, 50):.3f}\n"
          f"empty_p50_ms\t{nearest_rank(empties, 50):.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
