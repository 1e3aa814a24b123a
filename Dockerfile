# The cpcase worker image (used by docker-compose.yml). Build: docker build -t cpcase-worker .
# Node 24 LTS; no native addon to compile (the SQLite ledger is Node's own node:sqlite), so no build tools.
FROM node:24-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
# Production dependencies only in what ships: no maildev, no Temporal test servers, no test helpers.
RUN npm run build && npm prune --omit=dev

FROM node:24-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production CPCASE_DATA_DIR=/data
# The data folder (sent-message record, SQLite ledger, imported calendars) belongs to the user the worker runs as.
RUN mkdir -p /data && chown node:node /data
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY package.json ./
COPY bin ./bin
COPY config ./config
USER node
VOLUME ["/data"]
# Healthy while the worker beats: it touches /data/worker-heartbeat every 15 s while it polls Temporal.
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 CMD ["node", "dist/src/worker/health.js"]
CMD ["node", "dist/src/worker/main.js"]
