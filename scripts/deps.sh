#!/usr/bin/env bash
# Install the Debian 12 packages silk needs to build, test and benchmark —
# only those that are missing, so a second run costs nothing.
set -euo pipefail

pkgs=(cmake make gcc g++ pkg-config clang libclang-rt-14-dev
      libxapian-dev xapian-tools libstemmer-dev libutf8proc-dev
      libjansson-dev libcsv-dev libxml2-dev libxxhash-dev zlib1g-dev libjemalloc-dev check iso-codes
      scdoc man-db
      sqlite3 libsqlite3-dev valgrind python3 time)
# Debian's nodejs and npm: tests/cli/mcp.sh installs the MCP client it tests
# silk-query --mcp with (@modelcontextprotocol/sdk, pinned in
# tests/mcp/package-lock.json) by npm ci into the build tree. Only when
# there is no node or npm: a Node installed otherwise (with its own npm)
# is kept, as Debian's npm would conflict with it.
if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
    pkgs+=(nodejs npm)
fi

missing=()
for p in "${pkgs[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' \
        || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

echo "silk: installing ${missing[*]}" >&2
sudo=()
[ "$(id -u)" -eq 0 ] || sudo=(sudo)
export DEBIAN_FRONTEND=noninteractive
"${sudo[@]}" apt-get update -qq
"${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
