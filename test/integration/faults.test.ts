/**
 * Faults during an ingest of bbc-dev (1,337 articles), each test with its own managed
 * Meilisearch: the server killed mid-run (restarted, batches retried, every document indexed
 * once), the server staying down (a clear report and a resumable file, then a complete index
 * after `ingest(resumeFile)`), and Ctrl-C during `lede ingest` (consistent index, report on
 * stderr, no orphan server).
 *
 * The in-process runs use a stand-in enrichment (facets from nothing): faults are about getting
 * documents into Meilisearch, and the real enrichment would only make the tests slower. The
 * Ctrl-C test runs the real CLI with the real enrichment.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Meilisearch } from 'meilisearch';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { ingest } from '../../ingest/ingest.ts';
import { formatReport } from '../../ingest/report.ts';
import { createMeiliClient } from '../../src/meili/client.ts';
import { processAlive, startManagedMeili, type ManagedMeili } from '../../src/meili/managed.ts';
import { applySettings } from '../../src/meili/settings.ts';
import { startLede } from '../support/lede-cli.ts';
import { hasSharedData, sharedPath } from '../support/shared-data.ts';
import { indexDocuments, type StoredDocument } from '../../ingest/ops/documents.ts';
import { noEnrichment } from '../../ingest/enrich/enrich.ts';

const BBC_DEV = sharedPath('corpora/bbc-dev');
const BBC_ARTICLES = 1337;
/** 24 bbc-dev files repeat another one of their section word for word: same id, one document. */
const BBC_DISTINCT = 1313;
const INDEX = 'faults';

const dirs: string[] = [];
const servers: ManagedMeili[] = [];
afterAll(async () => {
  await Promise.all(servers.map((server) => server.stop()));
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

function tempDir(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'lede-faults-'));
  dirs.push(dir);
  return dir;
}

async function startServer(dataDir: string, options: { restartOnCrash?: boolean; log?: (line: string) => void } = {}) {
  const server = await startManagedMeili({ bin: inject('meiliBin'), dataDir, port: 0, ...options });
  servers.push(server);
  return { server, client: createMeiliClient(server.url, server.masterKey) };
}

function serverPid(dataDir: string): number | undefined {
  try {
    return (JSON.parse(readFileSync(path.join(dataDir, 'lede-server.json'), 'utf8')) as { pid: number }).pid;
  } catch {
    return undefined;
  }
}

async function documentCount(client: Meilisearch, index = INDEX): Promise<number> {
  return (await client.index(index).getStats()).numberOfDocuments;
}

async function allDocuments(client: Meilisearch): Promise<StoredDocument[]> {
  const docs: StoredDocument[] = [];
  for await (const doc of indexDocuments(client, INDEX)) docs.push(doc);
  return docs;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe.skipIf(!hasSharedData(BBC_DEV))('faults during an ingest', () => {
  it('Meilisearch killed mid-ingest: it is restarted, the batches are retried and every document is indexed once', async () => {
    const dataDir = tempDir();
    const log: string[] = [];
    const { client } = await startServer(dataDir, { log: (line) => log.push(line) });
    await applySettings(client, INDEX);

    let killed: { pid: number; indexed: number } | undefined;
    const report = await ingest([BBC_DEV], {
      client,
      index: INDEX,
      pipeline: { enrich: noEnrichment },
      sink: { batchSize: 100, backoffMs: 200 },
      onProgress: ({ indexed }) => {
        if (killed || indexed < 300) return;
        const pid = serverPid(dataDir)!;
        process.kill(pid, 'SIGKILL');
        killed = { pid, indexed };
      },
    });

    expect(killed).toBeDefined();
    expect(killed!.indexed).toBeLessThan(BBC_ARTICLES / 2);
    expect(log.some((line) => /exited \(SIGKILL\); restarting/.test(line))).toBe(true);
    expect(serverPid(dataDir)).not.toBe(killed!.pid);

    expect(report).toMatchObject({
      read: BBC_ARTICLES,
      indexed: BBC_ARTICLES,
      duplicates: BBC_ARTICLES - BBC_DISTINCT,
      unindexed: 0,
      failed: [],
    });
    expect(await documentCount(client)).toBe(BBC_DISTINCT);
    const ids = (await allDocuments(client)).map((doc) => doc['id']);
    expect(new Set(ids).size).toBe(BBC_DISTINCT);
  }, 120_000); // ~45 s alone on a shared 2-core machine, past 60 s while the suite runs beside it

  it('Meilisearch that stays down: the run ends with what was not indexed in a resumable file; the resume completes the index', async () => {
    const dataDir = tempDir();
    const first = await startServer(dataDir, { restartOnCrash: false });
    await applySettings(first.client, INDEX);
    const resumeFile = path.join(dataDir, 'unindexed.ndjson');

    let killedAt: number | undefined;
    const report = await ingest([BBC_DEV], {
      client: first.client,
      index: INDEX,
      pipeline: { enrich: noEnrichment },
      resumeFile,
      sink: { batchSize: 100, attempts: 3, backoffMs: 50 },
      onProgress: ({ indexed }) => {
        if (killedAt !== undefined || indexed < 300) return;
        killedAt = indexed;
        process.kill(serverPid(dataDir)!, 'SIGKILL');
      },
    });

    // Never a silent partial success: every article read is either indexed or in the resume file.
    expect(killedAt).toBeDefined();
    expect(report.failed).toEqual([]);
    expect(report.unindexed).toBeGreaterThan(BBC_ARTICLES / 2);
    expect(report.indexed + report.unindexed).toBe(BBC_ARTICLES);
    expect(report.unreachableReason).toMatch(/unreachable after 3 attempts/);
    expect(report.resumeFile).toBe(resumeFile);
    expect(readFileSync(resumeFile, 'utf8').trim().split('\n')).toHaveLength(report.unindexed);
    const summary = formatReport(report);
    expect(summary).toContain(`NOT INDEXED: ${report.unindexed} articles`);
    expect(summary).toContain(`lede ingest ${resumeFile}`);

    await first.server.stop();
    const second = await startServer(dataDir);
    const resumed = await ingest([resumeFile], { client: second.client, index: INDEX, pipeline: { enrich: noEnrichment } });
    expect(resumed).toMatchObject({ read: report.unindexed, indexed: report.unindexed, unindexed: 0, failed: [] });
    expect(await documentCount(second.client)).toBe(BBC_DISTINCT);

    // The resumed articles kept their ids: ingesting the whole corpus again adds nothing.
    const again = await ingest([BBC_DEV], { client: second.client, index: INDEX, pipeline: { enrich: noEnrichment } });
    expect(again.indexed).toBe(BBC_ARTICLES);
    expect(await documentCount(second.client)).toBe(BBC_DISTINCT);
  }, 60_000);

  it('Ctrl-C during `lede ingest`: exit 130, the report on stderr, a consistent index and no orphan Meilisearch', async () => {
    const cwd = tempDir();
    const dataDir = path.join(cwd, 'meili');
    // detached: the CLI leads its own process group, so the signal goes to the group as Ctrl-C does.
    const run = startLede(['ingest', BBC_DEV, '--batch-size', '100'], {
      cwd,
      detached: true,
      env: { MEILI_DATA_DIR: dataDir, MEILI_PORT: '0', MEILI_BIN: inject('meiliBin'), LEDE_INDEX: INDEX },
    });
    const pids = new Set<number>();
    let interrupted = false;
    const exited = run.done.finally(() => (interrupted = true));
    while (!interrupted) {
      const pid = serverPid(dataDir);
      if (pid) pids.add(pid);
      if (pid && existsSync(path.join(dataDir, 'master-key'))) {
        const client = createMeiliClient(
          JSON.parse(readFileSync(path.join(dataDir, 'lede-server.json'), 'utf8')).url,
          readFileSync(path.join(dataDir, 'master-key'), 'utf8').trim(),
        );
        const count = await documentCount(client).catch(() => 0);
        if (count >= 100) {
          process.kill(-run.child.pid!, 'SIGINT');
          break;
        }
      }
      await sleep(50);
    }
    const watcher = setInterval(() => {
      const pid = serverPid(dataDir);
      if (pid) pids.add(pid);
    }, 50);
    const { code, stdout, stderr } = await exited;
    clearInterval(watcher);

    expect(code).toBe(130);
    expect(stderr).toContain('INTERRUPTED');
    const counts = /Read (\d+) articles?, indexed (\d+), failed 0(?:, (\d+) repeated)?/.exec(stderr);
    expect(counts, stderr).not.toBeNull();
    const [read, indexed, duplicates] = [Number(counts![1]), Number(counts![2]), Number(counts![3] ?? 0)];
    expect(indexed).toBe(read);
    expect(read).toBeLessThan(BBC_ARTICLES);

    // No orphan: every server process the run started is gone, and so is its state file.
    expect(pids.size).toBeGreaterThan(0);
    for (const pid of pids) expect(processAlive(pid), `pid ${pid}`).toBe(false);
    expect(existsSync(path.join(dataDir, 'lede-server.json'))).toBe(false);

    // The index holds exactly what the report says, every document complete.
    const { client } = await startServer(dataDir);
    expect(await documentCount(client)).toBe(indexed - duplicates);
    for (const doc of await allDocuments(client)) {
      expect(doc).toMatchObject({
        id: expect.any(String),
        title: expect.any(String),
        body: expect.any(String),
        topics: expect.any(Array),
        cluster: expect.any(String),
      });
      expect((doc['body'] as string).length).toBeGreaterThan(0);
    }

    const key = readFileSync(path.join(dataDir, 'master-key'), 'utf8').trim();
    expect(stdout).not.toContain(key);
    expect(stderr).not.toContain(key);
  }, 60_000);
});
