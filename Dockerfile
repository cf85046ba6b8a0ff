# One base image, both stages: Node 22 on Debian bookworm (slim), from Docker Hub by its full name, which docker and
# podman both resolve. From a mirror: `--build-arg NODE_IMAGE=mirror.example.com/library/node` (the tag,
# `${NODE_VERSION}-bookworm-slim`, stays). Any other image: `--build-arg BUILD_IMAGE=… --build-arg RUNTIME_IMAGE=…`;
# both must carry the same Node, and the build stage npm.
ARG NODE_VERSION=22
ARG NODE_IMAGE=docker.io/library/node
ARG BUILD_IMAGE=${NODE_IMAGE}:${NODE_VERSION}-bookworm-slim
ARG RUNTIME_IMAGE=${NODE_IMAGE}:${NODE_VERSION}-bookworm-slim

# Build stage. On Node 22.13+ the SQLite store uses the built-in node:sqlite, so the optional better-sqlite3 is left
# out and nothing is compiled (no C++ toolchain). On an older Node it is installed, and needs python3, make and g++.
FROM ${BUILD_IMAGE} AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN omit=$(node --no-warnings -p "process.getBuiltinModule?.('node:sqlite') ? '--omit=optional' : ''") \
  && npm ci --no-audit --no-fund $omit
COPY tsconfig.json tsconfig.build.json codegen.yml ./
COPY schema ./schema
COPY src ./src
RUN npm run build && npm prune --omit=dev --no-audit --no-fund

# Runtime stage: production dependencies only (installed above for this same Node), non-root.
FROM ${RUNTIME_IMAGE}
ENV NODE_ENV=production HOST=0.0.0.0 PORT=4000 DATA_DIR=/app/data
WORKDIR /app
COPY --from=build /app/package.json ./package.json
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY schema ./schema
RUN mkdir -p /app/data && chown node:node /app/data
USER node
VOLUME /app/data
EXPOSE 4000
# Kept by docker; podman keeps it only in the docker image format (`podman build --format docker`).
HEALTHCHECK --interval=30s --timeout=3s CMD node -e "fetch('http://127.0.0.1:'+(process.env.PORT||4000)+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
# The sandbox by default; configuration by environment (see README).
CMD ["node", "dist/src/main.js"]
