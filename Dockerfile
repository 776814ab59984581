# syntax=docker/dockerfile:1
#
# One image for every app of the monorepo; the command picks the app:
#   node dist/apps/platform/src/main.js        (default: all-in-one; needs DATABASE_URL and KAFKA_BROKERS here,
#                                                 the image has no Java for a local broker)
#   node dist/apps/sales-service/src/main.js
#   node dist/apps/projector/src/main.js
#   node dist/apps/reporting-api/src/main.js
#   node dist/scripts/migrate.js [--wait] [postgres] [clickhouse]   (migration only: the Kubernetes Job,
#                                                 and with --wait the apps' init containers; `npm run build`
#                                                 compiles scripts/ into dist/scripts/ with the apps)
# docker-compose.yml runs the distributed form. No HEALTHCHECK here: the orchestrator (compose,
# Kubernetes) probes GET /health itself.

# glibc, not alpine: chdb (embedded ClickHouse) ships glibc-only native libraries.
FROM node:20-bookworm-slim AS base
WORKDIR /app
# swagger-ui-dist pulls in @scarf/scarf, whose install script phones home; npm 10 in this image
# runs install scripts without the package.json `allowScripts` approvals npm 11 uses.
ENV SCARF_ANALYTICS=false \
    DO_NOT_TRACK=1 \
    NPM_CONFIG_UPDATE_NOTIFIER=false

# `npm ci` below is the npm 10 that comes with the Node 20 image. The lock is written on machines
# whose registry mirror lacks other platforms' optional packages (docs/adr/0005-tooling.md); npm 10
# accepts that, npm 11's `npm ci` does not. With an npm 11 image, install as .ci/run does:
# `npm install` and fail if the lock changed.

# ---- build: all dependencies, then `nest build platform` (tsc over every app and lib into dist/)
FROM base AS build
COPY package.json package-lock.json ./
RUN --mount=type=cache,target=/root/.npm npm ci --no-audit --no-fund
COPY nest-cli.json tsconfig.json tsconfig.build.json ./
COPY apps ./apps
COPY libs ./libs
RUN npm run build

# ---- production dependencies only (same lockfile, no dev tooling)
FROM base AS prod-deps
COPY package.json package-lock.json ./
RUN --mount=type=cache,target=/root/.npm npm ci --omit=dev --no-audit --no-fund

# ---- runtime
FROM base AS runtime
ENV NODE_ENV=production \
    NODE_OPTIONS=--enable-source-maps \
    HOST=0.0.0.0 \
    PORT=3000
COPY --from=prod-deps /app/node_modules ./node_modules
# nest-cli.json marks the repository root: repoRoot() walks up from dist/ to find it.
COPY package.json nest-cli.json ./
# The projector reads and applies these at start (MIGRATIONS_DIR = <root>/libs/clickhouse/migrations).
COPY libs/clickhouse/migrations ./libs/clickhouse/migrations
# The dashboard's page, modules and stylesheet (served from the source tree, not from dist/).
COPY libs/reporting/web ./libs/reporting/web
COPY --from=build /app/dist ./dist
# Code stays root-owned and read-only to the app; only .data (embedded Postgres/ClickHouse of the
# all-in-one platform app, when no external ones are configured) is writable.
RUN mkdir -p /app/.data && chown 1000:1000 /app/.data
# The image's `node` user, numeric so Kubernetes `runAsNonRoot` can verify it.
USER 1000:1000
EXPOSE 3000
CMD ["node", "dist/apps/platform/src/main.js"]
