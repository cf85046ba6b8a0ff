#!/usr/bin/env bash
# The SQLite store's checks on another Node.js major (22, 24), where the store runs on the built-in node:sqlite rather
# than on better-sqlite3 (this machine's Node 20): the driver and store test suites, run by that Node; then a database
# file written by this machine's Node (better-sqlite3) is opened by that Node (node:sqlite), as after an upgrade.
# Usage: scripts/store-node.sh 24   (after npm ci and npm run build)
set -euo pipefail
version="$1"
root="$(cd "$(dirname "$0")/.." && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
arch="$(uname -m | sed 's/x86_64/x64/; s/aarch64/arm64/')"
(cd "$work" && npm pack "node-linux-${arch}@${version}" --silent >/dev/null && mkdir node && tar xzf node-linux-*.tgz -C node --strip-components=1)
node_bin="$work/node/bin/node"
cd "$root"
echo "store on node ${version}: $("$node_bin" --version)"
"$node_bin" node_modules/jest/bin/jest.js --runInBand test/connections/sqlite-driver.test.ts test/connections/store.test.ts

# One file, both drivers: an API key written here (better-sqlite3) is found there (node:sqlite), after its migrations.
file="$work/data/wrike-subgraph.db"
store="$root/dist/src/connections/sqlite-store.js"
node -e '
  const { SqliteStore } = require(process.argv[1]);
  const store = new SqliteStore(process.argv[2]);
  store.migrate()
    .then(() => store.ensureTenant("acme", "Acme"))
    .then(() => store.insertApiKey({ id: "key_1", tenantId: "acme", keyHash: "f".repeat(64), label: null, createdAt: new Date().toISOString(), revokedAt: null }))
    .then(() => { console.log(`written by ${store.driver} on Node ${process.versions.node}`); return store.close(); });
' "$store" "$file"
"$node_bin" -e '
  const { SqliteStore } = require(process.argv[1]);
  const store = new SqliteStore(process.argv[2]);
  store.migrate()
    .then(() => store.tenantOfKeyHash("f".repeat(64)))
    .then((tenant) => {
      if (tenant !== "acme") throw new Error(`the key written by the other driver was not found (tenant: ${tenant})`);
      console.log(`read by ${store.driver} on Node ${process.versions.node}`);
      return store.close();
    })
    .catch((e) => { console.error(e.message); process.exit(1); });
' "$store" "$file" 2>"$work/stderr" || { cat "$work/stderr" >&2; echo "store on node ${version}: FAIL" >&2; exit 1; }
# Nothing on stderr: in particular not Node 22's "SQLite is an experimental feature".
[ ! -s "$work/stderr" ] || { cat "$work/stderr" >&2; echo "store on node ${version}: FAIL: it printed to stderr" >&2; exit 1; }
echo "store on node ${version}: ok"
