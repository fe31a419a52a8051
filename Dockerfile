# The production image: the standalone server (.next/standalone) and the operator commands
# bundled beside it (cli/), on a slim Node with no devDependencies, run as a non-root user.
#   docker build -t glyphic-api-keys --build-arg NEXT_SERVER_ACTIONS_ENCRYPTION_KEY="$(openssl rand -base64 32)" .
#   docker run --env-file .env.production -p 3000:3000 glyphic-api-keys
#   docker run --env-file .env.production glyphic-api-keys node cli/db-migrate.mjs
#   docker run --env-file .env.production glyphic-api-keys node cli/job.mjs maintenance
# docs/deploying.md says which variables each needs.
ARG NODE_IMAGE=node:20-bookworm-slim

FROM ${NODE_IMAGE} AS build
WORKDIR /app
ENV NEXT_TELEMETRY_DISABLED=1
# Dependencies first, so a source change does not reinstall them. The project's postinstall
# (Prisma client generation) needs the schema, so it runs after the sources are copied.
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund --ignore-scripts
COPY . .
# Images built separately (several replicas, a rebuild) must share this key, or a page served by
# one build cannot call the server actions of another ("Failed to find Server Action").
ARG NEXT_SERVER_ACTIONS_ENCRYPTION_KEY
ENV NEXT_SERVER_ACTIONS_ENCRYPTION_KEY=${NEXT_SERVER_ACTIONS_ENCRYPTION_KEY}
RUN npm run db:generate && npm run build

FROM ${NODE_IMAGE} AS runtime
WORKDIR /app
ENV NODE_ENV=production NEXT_TELEMETRY_DISABLED=1 PORT=3000 HOSTNAME=0.0.0.0
RUN groupadd --system --gid 1001 glyphic && useradd --system --uid 1001 --gid glyphic --no-create-home glyphic
# server.js, the traced node_modules, .next (with static/), prisma/migrations and cli/.
COPY --from=build --chown=root:root /app/.next/standalone ./
USER glyphic
EXPOSE 3000
# Liveness only (docs/operations.md, "Health checks"): a database outage is not cured by a restart.
HEALTHCHECK --interval=15s --timeout=3s --start-period=20s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 3000) + '/api/health').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
CMD ["node", "server.js"]
