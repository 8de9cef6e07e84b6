# syntax=docker/dockerfile:1
#
# Nestflow image: one `node dist/main.js` process per container.
#   docker build -t nestflow .
#   docker run -p 7860:7860 -e LANGFLOW_SUPERUSER=admin -e LANGFLOW_SUPERUSER_PASSWORD=... nestflow
# The role comes from NESTFLOW_PROCESS_ROLE (both | api | worker); see README "Deploying".

ARG NODE_IMAGE=node:20-bookworm-slim

# ---- build: dev dependencies, nest build, then drop the dev dependencies ----
FROM ${NODE_IMAGE} AS build
# better-sqlite3 compiles from source when no prebuilt binary matches.
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 make g++ \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /app
ENV npm_config_audit=false npm_config_fund=false npm_config_update_notifier=false SCARF_ANALYTICS=false
COPY package.json package-lock.json ./
RUN npm ci
COPY tsconfig.json tsconfig.build.json nest-cli.json ./
COPY src ./src
# dist/ needs only runtime dependencies; pruning keeps the native modules built above for this
# same base image (the runtime stage does not need a compiler).
RUN npm run build && npm prune --omit=dev

# ---- runtime: production dependencies and dist/ only, non-root ----
FROM ${NODE_IMAGE} AS runtime
ENV NODE_ENV=production \
    NO_COLOR=1 \
    LANGFLOW_HOST=0.0.0.0 \
    LANGFLOW_PORT=7860 \
    LANGFLOW_AUTO_LOGIN=false \
    LANGFLOW_CONFIG_DIR=/app/data
# LANGFLOW_AUTO_LOGIN=false: auto-login on a non-loopback host is refused at start. Set
# LANGFLOW_SUPERUSER / LANGFLOW_SUPERUSER_PASSWORD (and LANGFLOW_SECRET_KEY when running replicas).
WORKDIR /app
# package.json is read at run time for the version (GET /api/v1/version).
COPY --from=build /app/package.json ./package.json
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
# The config dir (SQLite database, secret key, local files, knowledge bases) is the only place the
# server writes; mount a volume here. Owned by the image's unprivileged "node" user (uid 1000).
RUN mkdir -p /app/data && chown node:node /app/data
USER node
EXPOSE 7860
# Liveness only (GET /health answers without touching the database). A worker
# (NESTFLOW_PROCESS_ROLE=worker) serves no HTTP: disable this check for it (docker-compose.yml does).
HEALTHCHECK --interval=15s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.LANGFLOW_PORT || 7860) + '/health').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
CMD ["node", "dist/main.js"]
