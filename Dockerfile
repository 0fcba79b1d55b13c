# Lede search service (and the `lede` CLI), compiled JavaScript on Node 20.
# Meilisearch runs in its own container (docker-compose.yml); set MEILI_URL and MEILI_MASTER_KEY.
#
#   docker build -t lede .
#   docker run --rm -p 3000:3000 -e MEILI_URL=... -e MEILI_MASTER_KEY=... lede
#   docker compose run --rm lede node bin/lede.mjs ingest /data/articles   # the CLI, same image

# 1. Build: every dependency, TypeScript compiled to dist/. Scripts are off: `prepare` would build
#    before the sources are copied, and nothing else here needs an install script.
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=optional --ignore-scripts --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
COPY ingest ./ingest
COPY start ./start
RUN npm run build

# 2. Production dependencies only (no tsx, TypeScript, test or lint tools; no bundled Meilisearch).
FROM node:20-bookworm-slim AS deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --omit=optional --ignore-scripts --no-audit --no-fund

# 3. Runtime: dist/, production node_modules and the data files the code reads at run time
#    (found from the project root, the folder of package.json: see src/project-files.ts).
FROM node:20-bookworm-slim AS runtime
ENV NODE_ENV=production HOST=0.0.0.0 PORT=3000
WORKDIR /app
COPY package.json ./
COPY --from=deps /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY bin ./bin
COPY index-config/settings.json index-config/synonyms.json index-config/topics.json index-config/topic-model.json ./index-config/
COPY ingest/samples ./ingest/samples
COPY ingest/enrich/model/ner-model.bin.gz ./ingest/enrich/model/
COPY ingest/enrich/gazetteer/country-data.json ./ingest/enrich/gazetteer/
COPY src/server/page/assets ./src/server/page/assets
# The code stays root-owned and read-only to the service; the working directory is writable for
# what `lede` writes there (dead-letter and report files).
RUN chown node:node /app
USER node
EXPOSE 3000
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
  CMD ["node", "-e", "fetch(`http://127.0.0.1:${process.env.PORT || 3000}/api/health`).then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# node itself is PID 1 (no npm/npx in between): it receives SIGTERM and stops cleanly
# (start/main.ts closes the server); it starts no child processes when MEILI_URL is set.
CMD ["node", "dist/start/main.js"]
