#!/usr/bin/env bash
# Quick start: install what is missing, build, index corpus/ into
# .silk-index (re-using it when it is current) and answer a query.
#   ./run.sh                       # searches: China-Laos Railway
#   ./run.sh 'country:Laos railway'
set -euo pipefail
cd "$(dirname "$0")"
scripts/deps.sh
cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build build -j"$(nproc)" -- --no-print-directory >/dev/null
build/bin/silk-index --quiet -i .silk-index corpus
if [ $# -eq 0 ]; then set -- 'China-Laos Railway'; fi
build/bin/silk-query -i .silk-index "$@"
