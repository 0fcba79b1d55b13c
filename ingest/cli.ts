#!/usr/bin/env node
/**
 * `lede`: the command line. Argument parsing and dispatch only; each command is a module of
 * ingest/commands/, loaded when it runs, so `lede --help` or `lede watchlist list` does not load
 * the enrichment data, cheerio or the Meilisearch client.
 *
 *   lede extract [--explain] [--follow] INPUT...        articles as NDJSON on stdout
 *   lede ingest [--follow] [--watch [--interval S]] INPUT...
 *   lede index setup                                     apply index-config/ and create the search key
 *   lede export [--out FILE]                             every indexed article as NDJSON
 *   lede reindex                                         rebuild with current settings + enrichment, swap in
 *   lede retag [--dry-run] [--index NAME]                enrichment again over the stored articles
 *   lede resolve [--dry-run] [--index NAME]              the archive resolution pass for pending surnames
 *   lede watchlist import FILE.csv | list | remove NAME  the newsroom's watchlist
 *   lede backup                                          a Meilisearch dump, and where it is
 *   lede batch FILE.csv [--out FILE]                     one CSV row of counts per query of FILE.csv
 */
import 'dotenv/config';
import { parseArgs } from 'node:util';
import type { Config } from '../src/config.ts';
import { errorLine, exitCodeFor, isUsageError } from '../src/error-exit.ts';
import { LedeError } from '../src/errors.ts';
import { positiveInt, refuseCluster, withIndex } from './commands/common.ts';

const USAGE = `Usage:
  lede extract [--explain] [--follow] INPUT...   print articles as NDJSON (problems as NDJSON on stderr)
  lede ingest [options] INPUT...                 parse, enrich and index articles into Meilisearch
      --follow              fetch the page of feed items that carry no full text
      --watch               keep polling the given feeds and index new items only
      --interval SECONDS    polling interval for --watch (default 300)
      --dead-letter FILE    failures as NDJSON (default ./lede-dead-letter.ndjson)
      --concurrency N       documents parsed at once (default 8)
      --source NAME         source name for articles whose input names none (default: host or folder name)
      --report FILE         also write the full report as JSON
      --batch-size N        documents per Meilisearch batch (default 1000)
      --no-resume           start over instead of resuming an unfinished run of the same ingest
                            (its journal is in MEILI_DATA_DIR/journals/)
      --allow-private-network
                            also fetch URLs on loopback, private and link-local addresses
                            (refused by default; same as LEDE_ALLOW_PRIVATE_NETWORK=true)
  lede index setup                               apply index-config/ settings, create the search-only key
  lede cluster up [--nodes N] [--base-port P] [--data-dir DIR]
                                                 run a local sharded cluster (default 3 nodes, 7701, ./data/cluster)
  lede cluster down [--data-dir DIR]             stop it
  lede export [--out FILE]                       every indexed article as NDJSON (stdout by default)
  lede reindex                                   rebuild the index with the current settings and enrichment,
                                                 then swap it in atomically (searches keep working)
  lede retag [--dry-run] [--index NAME] [--batch-size N] [--report FILE]
                                                 enrichment again over the stored articles (after editing
                                                 index-config/entities/ or the watchlist); writes only the
                                                 documents whose entity or topic fields change
  lede resolve [--dry-run] [--index NAME]        resolve surnames left pending ("Mr Blair") from the archive
                                                 (runs after every ingest and retag by itself)
  lede watchlist import FILE.csv                 add or update persons/organizations (header name,type,aliases)
  lede watchlist list                            show the watchlist
  lede watchlist remove NAME                     remove an entry
  lede backup                                    ask Meilisearch for a dump and print where it is
  lede batch FILE.csv [--out FILE] [--filters QS] [--concurrency N]
                                                 run every query of FILE.csv's "query" column: total, first and
                                                 last date, top countries/persons/organizations, first ids (CSV);
                                                 --filters applies search filters to all, e.g. "country=Albania"

INPUT: files (.txt .html .json .ndjson .rss .atom .xml, optionally .gz), folders (recursive) or http(s) URLs.
Watchlist: LEDE_WATCHLIST, else watchlist.json in MEILI_DATA_DIR; used by extract, ingest and retag (docs/entities.md).
Meilisearch: MEILI_URL (+ MEILI_MASTER_KEY) to use a server; otherwise Lede runs its own (see docs/operations.md).
Exit codes: 0 all inputs worked, 1 some failed, 2 bad usage, 130 interrupted.`;

/** The configuration from the environment (loaded only by the commands that need it). */
async function loadConfig(): Promise<Config> {
  return (await import('../src/config.ts')).loadConfig();
}

async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      explain: { type: 'boolean' },
      follow: { type: 'boolean' },
      watch: { type: 'boolean' },
      interval: { type: 'string' },
      'dead-letter': { type: 'string' },
      nodes: { type: 'string' },
      'base-port': { type: 'string' },
      'data-dir': { type: 'string' },
      concurrency: { type: 'string' },
      source: { type: 'string' },
      report: { type: 'string' },
      'batch-size': { type: 'string' },
      out: { type: 'string' },
      'dry-run': { type: 'boolean' },
      index: { type: 'string' },
      'allow-private-network': { type: 'boolean' },
      'no-resume': { type: 'boolean' },
      filters: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  const [command, ...rest] = positionals;
  if (values.help || !command) {
    process.stdout.write(`${USAGE}\n`);
    return values.help ? 0 : 2;
  }
  switch (command) {
    case 'extract':
      if (!rest.length) throw new LedeError('usage', 'extract needs at least one INPUT');
      return (await import('./commands/extract.ts')).runExtract(rest, values);
    case 'ingest':
      if (!rest.length) throw new LedeError('usage', 'ingest needs at least one INPUT');
      return (await import('./commands/ingest.ts')).runIngest(rest, values, await loadConfig());
    case 'index': {
      if (rest[0] !== 'setup') throw new LedeError('usage', 'the index command is `lede index setup`');
      return (await import('./commands/index-setup.ts')).runIndexSetup(await loadConfig());
    }
    case 'cluster': {
      const dataDir = String(values['data-dir'] ?? './data/cluster');
      const { clusterDown, clusterUp } = await import('./ops/cluster.ts');
      if (rest[0] === 'down') return clusterDown({ dataDir });
      if (rest[0] !== 'up') throw new LedeError('usage', 'the cluster command is `lede cluster up` or `lede cluster down`');
      const basePort = Number(values['base-port'] ?? 7701);
      if (!Number.isInteger(basePort) || basePort < 0 || basePort > 65535)
        throw new LedeError('usage', `--base-port must be a port number, got "${values['base-port']}"`);
      return clusterUp({ nodes: positiveInt(values['nodes'], 'nodes', 3), basePort, dataDir }, await loadConfig());
    }
    case 'export':
      if (rest.length) throw new LedeError('usage', 'export takes no INPUT (use --out FILE for a file)');
      return (await import('./commands/export.ts')).runExport(values, await loadConfig());
    case 'reindex':
      if (rest.length) throw new LedeError('usage', 'reindex takes no arguments');
      return (await import('./commands/reindex.ts')).runReindex(await loadConfig());
    case 'retag': {
      if (rest.length) throw new LedeError('usage', 'retag takes no arguments (use --index NAME for another index)');
      const config = withIndex(await loadConfig(), values);
      refuseCluster(config, 'lede retag');
      return (await import('./commands/retag.ts')).runRetag(values, config);
    }
    case 'resolve': {
      if (rest.length) throw new LedeError('usage', 'resolve takes no arguments (use --index NAME for another index)');
      const config = withIndex(await loadConfig(), values);
      refuseCluster(config, 'lede resolve');
      return (await import('./commands/retag.ts')).runResolve(values, config);
    }
    case 'watchlist':
      return (await import('./commands/watchlist.ts')).runWatchlist(rest);
    case 'backup':
      if (rest.length) throw new LedeError('usage', 'backup takes no arguments');
      return (await import('./commands/backup.ts')).runBackup(await loadConfig());
    case 'batch':
      if (rest.length !== 1) throw new LedeError('usage', 'batch needs one FILE.csv with a "query" column');
      return (await import('./commands/batch.ts')).runBatchFile(rest[0]!, values, withIndex(await loadConfig(), values));
    default:
      throw new LedeError('usage', `unknown command "${command}"`);
  }
}

/**
 * Exits once stdout and stderr are flushed: writes to pipes are asynchronous, and process.exit()
 * right after a large `lede export` or `lede extract` would cut the output short.
 */
function exitAfterFlush(code: number): void {
  let pending = 2;
  const done = () => {
    if (--pending === 0) process.exit(code);
  };
  process.stdout.write('', done);
  process.stderr.write('', done);
}

main(process.argv.slice(2)).then(exitAfterFlush, (error: unknown) => {
  process.stderr.write(`${errorLine('lede', error)}\n${isUsageError(error) ? `\n${USAGE}\n` : ''}`);
  exitAfterFlush(exitCodeFor(error));
});
