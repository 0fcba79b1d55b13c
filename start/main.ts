/**
 * `npm start`: config → Meilisearch (managed or MEILI_URL) → index settings and search key →
 * demo articles when the index is empty → the search service on PORT. Wiring only.
 */
import 'dotenv/config';
import type { Server } from 'node:http';
import { loadKnowledge } from '../ingest/enrich/knowledge.ts';
import { ingest } from '../ingest/ingest.ts';
import { resolvePending } from '../ingest/ops/resolve-pending.ts';
import { formatReport, formatResolveReport } from '../ingest/report.ts';
import { loadConfig } from '../src/config.ts';
import { errorLine } from '../src/error-exit.ts';
import { DEMO_DIR } from './demo.ts';
import { connectConfigured } from '../src/meili/cluster-connect.ts';
import { shardSizes } from '../src/meili/cluster.ts';
import { setupConfiguredIndex } from '../src/meili/setup.ts';
import { federatedSearcherFor, federatedTransportFor } from '../src/search/federated.ts';
import { clusterBackend } from '../src/analysis/cluster-backend.ts';
import { singleNodeBackend } from '../src/analysis/planned.ts';
import { createApp } from '../src/server/app.ts';
import { AlertLoop } from '../src/alerts/loop.ts';
import { createMeiliClient } from '../src/meili/client.ts';
import { savedSearchIndex } from '../src/meili/saved-index.ts';
import { clusterSavedSearchStore, SavedSearchStore } from '../src/saved/store.ts';
import { ensureAdminToken } from '../src/server/admin-token.ts';

const log = (line: string) => process.stderr.write(`${line}\n`);

async function main(): Promise<void> {
  const config = loadConfig();
  const meili = await connectConfigured(config, log);
  const cluster = meili.cluster;
  let server: Server | undefined;
  let alerts: AlertLoop | undefined;
  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log(`${signal}: stopping.`);
    await alerts?.stop();
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
    server?.closeAllConnections();
    await meili.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));

  const setup = await setupConfiguredIndex(config, meili);
  if (setup.changed.length) log(`Index "${config.index}": settings applied (${setup.changed.join(', ')}).`);

  const documents = cluster
    ? Object.values(await shardSizes(cluster.nodes, config.index)).reduce((a, b) => a + b, 0)
    : (await meili.admin.index(config.index).getStats()).numberOfDocuments;
  if (config.demo && documents === 0) {
    log('The index is empty: indexing the demo articles…');
    const knowledge = loadKnowledge({ watchlistFile: config.watchlistFile });
    const report = await ingest([DEMO_DIR], { client: meili.admin, index: config.index, pipeline: { knowledge } });
    log(formatReport(report));
    // On a cluster the pass would see one shard only (see `lede resolve`).
    if (!cluster) {
      await resolvePending(meili.admin, config.index, { knowledge }).then(
        (resolved) => resolved.documents && log(formatResolveReport(resolved)),
        (error: unknown) => log(`Resolution pass failed: ${(error as Error).message} (\`lede resolve\` runs it again).`),
      );
    }
  }

  const admin = ensureAdminToken(config.meili.dataDir, config.adminToken);
  log(
    admin.file
      ? `Admin token (for endpoints that change data): ${admin.file}${admin.generated ? ' (generated now)' : ''}`
      : 'Admin token: LEDE_ADMIN_TOKEN.',
  );
  // Saved searches with their own key (search + writes on their index only): never the master key.
  // On a cluster, each node's own such key, reads from every shard, writes through the cluster writer.
  const savedSearches = cluster
    ? clusterSavedSearchStore(config.cluster!, cluster, config.index)
    : setup.savedSearches
      ? new SavedSearchStore(createMeiliClient(meili.url, setup.savedSearches.alertsKey), savedSearchIndex(config.index))
      : undefined;
  // One transport (one set of circuit breakers) for the search and the analyses of a cluster.
  const transport = cluster ? federatedTransportFor(cluster, config.index, { allowPartial: config.allowPartial }) : undefined;
  const analysis = transport ? clusterBackend(transport) : singleNodeBackend(createMeiliClient(meili.url, setup.searchKey), config.index);
  if (savedSearches) {
    alerts = new AlertLoop({
      store: savedSearches,
      articles: analysis,
      // Every node's queue: a forwarded share is a task of the node that holds it.
      tasks: cluster
        ? cluster.nodes.map((node) => createMeiliClient(node.url, node.savedSearches.tasksKey))
        : createMeiliClient(meili.url, setup.savedSearches?.tasksKey),
      intervalMs: config.alerts.intervalSeconds * 1000,
      giveUpAfterMs: config.alerts.giveUpHours * 3_600_000,
      log,
    });
  }

  const federated = cluster && transport ? federatedSearcherFor(cluster, config.index, { transport }) : undefined;
  const app = createApp({
    ...(federated
      ? { searcher: federated, health: federated.health, analysis }
      : { meili: { url: meili.url, searchKey: setup.searchKey }, analysis }),
    index: config.index,
    corsOrigin: config.corsOrigin,
    rateLimitPerMinute: config.rateLimitPerMinute,
    trustProxy: config.trustProxy,
    adminToken: admin.token,
    facetLanes: config.facetLanes,
    savedSearches,
    log,
  });
  server = app.listen(config.port, config.host, () => {
    log(`Lede is ready: http://${config.host === '0.0.0.0' ? 'localhost' : config.host}:${config.port}/`);
    alerts?.start();
  });
  server.on('error', (error: NodeJS.ErrnoException) => {
    log(
      error.code === 'EADDRINUSE'
        ? `Port ${config.port} is already in use: set PORT to a free port (e.g. PORT=3001 npm start).`
        : `Cannot listen on ${config.host}:${config.port}: ${error.message}`,
    );
    void meili.close().then(() => process.exit(1));
  });
}

main().catch((error: unknown) => {
  log(errorLine('start', error));
  process.exit(1);
});
