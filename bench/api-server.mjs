/**
 * The Lede API as a child process of the benchmark, so the load generator never shares its
 * event loop. Plain JavaScript running the compiled runtime (dist/, as `npm start` does; the
 * parent brings it up to date first), so its CPU and RSS are those of production, not of a
 * TypeScript loader. Wired like start/main.ts (createApp with a search-only key) except that the rate
 * limit is off. Started with `fork()`; reports `{ port }` over IPC, stops on a 'stop' message
 * (a normal exit, so `--cpu-prof` writes its profile).
 *
 * Arguments: --meili-url URL --index UID [--search-key KEY] [--facet-lanes false]
 */
import { createApp } from '../dist/src/server/app.js';

/** @param {string} name */
function arg(name) {
  const at = process.argv.indexOf(`--${name}`);
  return at === -1 ? undefined : process.argv[at + 1];
}

const url = arg('meili-url');
const index = arg('index');
if (!url || !index || !process.send) {
  console.error('Usage: fork bench/api-server.mjs --meili-url URL --index UID [--search-key KEY]');
  process.exit(2);
}

const app = createApp({
  meili: { url, searchKey: arg('search-key') },
  index,
  rateLimitPerMinute: 0,
  facetLanes: arg('facet-lanes') !== 'false',
  log: () => {},
});
const server = app.listen(0, '127.0.0.1', () => {
  process.send?.({ port: server.address().port });
});
server.keepAliveTimeout = 60_000;

process.on('message', (message) => {
  if (message === 'stop') {
    server.closeAllConnections();
    server.close(() => process.exit(0));
  }
});
process.on('disconnect', () => process.exit(0));
