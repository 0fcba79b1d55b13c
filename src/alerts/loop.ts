/**
 * The alert loop of the server: every few seconds, for each saved search with a webhook, the
 * articles indexed since its checkpoint (by `indexedTs`) that match it and were never delivered
 * for it are POSTed to the webhook in batches. It reads only Meilisearch, so it sees articles
 * whoever wrote them (any number of `lede ingest` processes) and picks up where it was after a
 * restart: the checkpoint, the retry state and the delivery records live in the saved-searches
 * index.
 *
 * Guarantees: at least once (a crash between a webhook's 2xx and the write that records it sends
 * that batch again); never twice for an article re-ingested unchanged (delivery records name the
 * saved search and the article ids of one webhook request, so an article counts once per saved
 * search, even if its text changed). The checkpoint advances only to a point before which every
 * article was searchable: the enqueue time of the oldest article write still waiting in
 * Meilisearch's queue, less `overlapMs` for clock skew between writers and requests in flight;
 * the overlap window is read again every round.
 *
 * What a round costs. One scan lists the (id, indexedTs) of every article in the window (from the
 * oldest due checkpoint, less the overlap); the pairs the previous round's scan did not see are
 * what is new, late writes into the overlap included. A saved search checked in the previous round
 * (same version, complete) asks only for its matches from the oldest new pair after its own
 * window start, and nothing at all when there is none: an idle round is the scan, the list of
 * saved searches and no per-search query. A saved search this process has not followed (after a
 * restart, a retry, an edit, a truncated round) reads its whole window, as the first round does.
 * Matches this process delivered recently are dropped in memory (`recent`); the rest are looked
 * up in the delivery records in one query for the round, and the alert fields of the undelivered
 * ones are read in one more. The scan compares ids and indexedTs only: a partial update
 * (`lede retag`) that makes an article of the overlap match is not seen, as for older articles.
 *
 * A failed webhook is retried with exponential backoff (the checkpoint stays, so the retry sends
 * those articles and any newer ones); after `giveUpAfterMs` of failures the pending articles are
 * recorded as abandoned, the checkpoint moves on, and that is logged.
 */
import type { Meilisearch } from 'meilisearch';
import PQueue from 'p-queue';
import type { MatchBackend, MatchRequest } from '../analysis/planned.ts';
import { savedToSearchParams } from '../saved/schema.ts';
import { deliveryRecords, type Delivery, type SavedSearch, type SavedSearchStore, type StoreWrite } from '../saved/store.ts';
import { quote } from '../search/filters.ts';
import type { SearchParams } from '../search/params.ts';
import { planSearch } from '../search/plan.ts';
import { exactQuery } from '../search/exact-first.ts';
import { ALERT_ARTICLE_FIELDS, createWebhookSender, type AlertArticle, type WebhookSender } from './webhook.ts';

export interface AlertLoopOptions {
  store: SavedSearchStore;
  /** Where the articles index is searched (one node with the search-only key, or every shard of a cluster). */
  articles: MatchBackend;
  /**
   * Clients that can read the articles index's tasks: the node's, or every node's of a cluster
   * (forwarded shares are tasks of the node that holds them). Without any, the overlap alone
   * covers late writes.
   */
  tasks?: Meilisearch | readonly Meilisearch[] | undefined;
  /** Time between rounds, ms. Default: 10,000. */
  intervalMs?: number;
  /** Window read again every round (clock skew between writers, writes in flight), ms. Default: 60,000. */
  overlapMs?: number;
  /** Articles per webhook request. Default: 100. */
  batchSize?: number;
  /** First retry delay after a failure, doubled per failure up to `maxBackoffMs`. Default: 5,000. */
  backoffMs?: number;
  /** Default: 15 minutes. */
  maxBackoffMs?: number;
  /** After failing this long, pending articles are abandoned (logged). Default: 24 hours. */
  giveUpAfterMs?: number;
  /** Saved searches delivered to at once. Default: 4. */
  concurrency?: number;
  /** An idle saved search's checkpoint is written at most this often, ms. Default: 10 minutes. */
  idleCheckpointMs?: number;
  send?: WebhookSender;
  /** Called with the report of every round run by start(). */
  onRound?: (report: RoundReport) => void;
  now?: () => number;
  log?: (line: string) => void;
}

export interface RoundReport {
  /** Saved searches with a webhook that were due. */
  checked: number;
  /** Saved searches whose query ran (the others had nothing new to look at). */
  queried: number;
  /** Distinct queries sent for them (saved searches asking the same share one). */
  queries: number;
  /** Articles POSTed (counted once per saved search). */
  delivered: number;
  /** Matches skipped because they had been delivered before. */
  duplicatesSkipped: number;
  failures: number;
  abandoned: number;
  /** Documents written to the saved-searches index (delivery records and saved-search states). */
  writes: number;
  durationMs: number;
  /**
   * Where the time went, ms: `watermark`, `list`, `scan`, `findMatches`, `delivered`, `withFields`,
   * `send` (summed over the saved searches delivered to at once), `apply` (the write, waited for)
   * and `applyTask` (Meilisearch's processing time of it).
   */
  phases: Record<string, number>;
}

/** Matches per query page; Meilisearch's maxTotalHits (10,000) bounds one round per saved search. */
const PAGE = 1000;
const MAX_PER_ROUND = 10_000;
/** Queries per multi-search request. */
const QUERIES_PER_REQUEST = 50;
/** The articles index's maxTotalHits: a scan that reaches it is incomplete, and every saved search reads its whole window. */
const SCAN_LIMIT = 10_000;
/** Article ids per `IN [...]` filter. */
const IDS_PER_QUERY = 500;

type Match = AlertArticle & { indexedTs: number };

/** The previous round's scan: every article visible then with an indexedTs after `since`. */
interface Scan {
  round: number;
  since: number;
  seen: Map<string, number>;
}

/** What this process knows about a saved search beyond the store. */
interface Followed {
  /** Its checkpoint as this process moved it (an idle one is written to the store only now and then). */
  checkpointTs: number;
  /** The round whose scan it was checked against completely, and the version (updatedTs) checked. */
  round: number;
  updatedTs: number;
}

interface Planned {
  search: SavedSearch;
  since: number;
  /** The indexedTs its query starts at; undefined: nothing new, no query. */
  from: number | undefined;
  request: MatchRequest | undefined;
}

export class AlertLoop {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<RoundReport> | undefined;
  /**
   * Per saved search, the articles this process delivered (or found delivered) recently: the
   * overlap window read again is checked here first, without a Meilisearch lookup.
   * A cache only: after a restart the delivery records answer.
   */
  private readonly recent = new Map<string, Map<string, number>>();
  private readonly followed = new Map<string, Followed>();
  private lastScan: Scan | undefined;
  private rounds = 0;
  private stopped = false;
  private readonly o: Required<Omit<AlertLoopOptions, 'tasks'>> & Pick<AlertLoopOptions, 'tasks'>;

  constructor(options: AlertLoopOptions) {
    this.o = {
      intervalMs: 10_000,
      overlapMs: 60_000,
      batchSize: 100,
      backoffMs: 5_000,
      maxBackoffMs: 15 * 60_000,
      giveUpAfterMs: 24 * 3_600_000,
      concurrency: 4,
      idleCheckpointMs: 10 * 60_000,
      send: createWebhookSender(),
      onRound: () => undefined,
      now: Date.now,
      log: (line) => process.stderr.write(`${line}\n`),
      ...options,
    };
  }

  /** Runs rounds every `intervalMs` until stop(); a failing round is logged and the next one tries again. */
  start(): void {
    this.stopped = false;
    const schedule = () => {
      if (this.stopped) return;
      this.timer = setTimeout(() => {
        void this.round()
          .then((report) => this.o.onRound(report))
          .catch((error: unknown) => this.o.log(`Alerts: round failed: ${(error as Error).message}`))
          .finally(schedule);
      }, this.o.intervalMs);
      this.timer.unref();
    };
    schedule();
  }

  /** Stops the timer and waits for a round in progress. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running?.catch(() => undefined);
  }

  /** One round over every due saved search (rounds never overlap). */
  round(): Promise<RoundReport> {
    this.running ??= this.runRound().finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  private async runRound(): Promise<RoundReport> {
    const started = this.o.now();
    const round = ++this.rounds;
    const previous = this.lastScan;
    // A failed round leaves no scan: the next one reads every window in full.
    this.lastScan = undefined;
    const report: RoundReport = {
      checked: 0,
      queried: 0,
      queries: 0,
      delivered: 0,
      duplicatesSkipped: 0,
      failures: 0,
      abandoned: 0,
      writes: 0,
      durationMs: 0,
      phases: {},
    };
    const time = timer(report);
    const watermark = await time('watermark', () => this.watermark(started));
    const all = await time('list', () => this.o.store.list());
    const due = all.filter((s) => s.webhook && s.secret && (!s.retry || s.retry.nextAttemptTs <= started));
    const ids = new Set(all.map((s) => s.id));
    for (const state of [this.recent, this.followed]) for (const id of state.keys()) if (!ids.has(id)) state.delete(id);
    report.checked = due.length;

    // Which saved searches were checked against the previous scan, and the window to scan now.
    const windows = due.map((search) => {
      const f = this.followed.get(search.id);
      const covered = previous !== undefined && f?.round === previous.round && f.updatedTs === search.updatedTs;
      return { search, since: this.since(search), covered };
    });
    // From the oldest window start of the covered saved searches (of all, when none is): the others read their whole window anyway.
    const starts = (windows.some((w) => w.covered) ? windows.filter((w) => w.covered) : windows).map((w) => w.since);
    const from = starts.reduce((a, b) => Math.min(a, b), Number.POSITIVE_INFINITY);
    const scan = starts.length ? await time('scan', () => this.scan(round, from)) : undefined;
    const fresh = scan ? newSince(scan, previous) : [];
    const planned: Planned[] = windows.map(({ search, since, covered }) => {
      // A covered saved search has seen everything of the previous scan: only the new pairs after its window start matter.
      const from = covered && scan ? firstAfter(fresh, since) : since + 1;
      return { search, since, from, request: from === undefined ? undefined : this.matchRequest(search, from, 0) };
    });
    report.queried = planned.filter((p) => p.request).length;
    const { found: matches, queries } = await time('findMatches', () => this.findMatches(planned));
    report.queries = queries;

    // Known matches go first (in memory), then one lookup of the delivery records, then the fields of what is left.
    const unknown = new Map<string, Match[]>();
    for (const { search } of planned) {
      const known = this.recent.get(search.id);
      unknown.set(
        search.id,
        (matches.get(search.id) ?? []).filter((c) => !known?.has(c.id)),
      );
    }
    const seen = await time('delivered', () => this.o.store.delivered(unique([...unknown.values()].flat().map((c) => c.id))));
    const undelivered = new Map([...unknown].map(([id, list]) => [id, list.filter((c) => !seen.get(id)?.has(c.id))]));
    const fields = await time('withFields', () => this.withFields(unique([...undelivered.values()].flat().map((c) => c.id))));

    const writes: StoreWrite[] = [];
    const outcomes: Array<{ search: SavedSearch; checkpointTs: number; covered: boolean }> = [];
    const queue = new PQueue({ concurrency: this.o.concurrency });
    for (const p of planned) {
      const candidates = matches.get(p.search.id) ?? [];
      const toSend = (undelivered.get(p.search.id) ?? []).flatMap((c) => fields.get(c.id) ?? []);
      void queue.add(async () => {
        const outcome = await this.deliver(p.search, candidates, toSend, seen.get(p.search.id), watermark, report, time);
        writes.push(...outcome.writes);
        outcomes.push({
          search: p.search,
          checkpointTs: outcome.checkpointTs,
          // Checked against this scan completely: the query covered every pair of it after its window start.
          covered: outcome.complete && (p.request !== undefined || p.from === undefined) && scan !== undefined && p.since >= scan.since,
        });
      });
    }
    await queue.onIdle();
    const task = await time('apply', () => this.o.store.apply(writes));
    report.phases['applyTask'] = task;
    report.writes = writes.length;
    // Recorded: what this process now knows holds.
    for (const { search, checkpointTs, covered } of outcomes) {
      this.followed.set(search.id, { checkpointTs, round: covered ? round : 0, updatedTs: search.updatedTs });
    }
    this.lastScan = scan;
    report.durationMs = this.o.now() - started;
    return report;
  }

  /** Up to here every article write had been processed (see the module comment); the oldest pending write over every node. */
  private async watermark(now: number): Promise<number> {
    const clients = this.o.tasks === undefined ? [] : Array.isArray(this.o.tasks) ? this.o.tasks : [this.o.tasks as Meilisearch];
    try {
      const oldest = await Promise.all(
        clients.map(async (client) => {
          const { results } = await client.tasks.getTasks({
            indexUids: [this.o.articles.index],
            statuses: ['enqueued', 'processing'],
            types: ['documentAdditionOrUpdate'],
            reverse: true,
            limit: 1,
          });
          const ts = results[0] ? Date.parse(results[0].enqueuedAt) : Number.NaN;
          return Number.isNaN(ts) ? now : ts;
        }),
      );
      return Math.min(now, ...oldest);
    } catch {
      return now;
    }
  }

  /** The stored checkpoint, or the one this process moved it to since. */
  private checkpoint(search: SavedSearch): number {
    return Math.max(search.checkpointTs, this.followed.get(search.id)?.checkpointTs ?? Number.NEGATIVE_INFINITY);
  }

  /** Articles indexed after this are read this round: the checkpoint less the overlap (never before the saved search was created). */
  private since(search: SavedSearch): number {
    const checkpoint = this.checkpoint(search);
    return Math.trunc(checkpoint === search.createdTs ? search.createdTs : Math.max(search.createdTs, checkpoint - this.o.overlapMs));
  }

  /** Every article visible now with an indexedTs after `since`, as id → indexedTs; undefined when too many to list. */
  private async scan(round: number, since: number): Promise<Scan | undefined> {
    const page = await this.o.articles.search('alert scan', {
      q: '',
      filter: `indexedTs > ${since}`,
      sort: ['indexedTs:asc'],
      attributesToRetrieve: ['id', 'indexedTs'],
      limit: SCAN_LIMIT,
    });
    if (page.hits.length >= SCAN_LIMIT) return undefined;
    return { round, since, seen: new Map(page.hits.map((h) => [String(h['id']), Number(h['indexedTs'])])) };
  }

  /** The request of a saved search's matches indexed from `from` on; undefined when it no longer plans. */
  private matchRequest(search: SavedSearch, from: number, offset: number): MatchRequest | undefined {
    let params: SearchParams;
    try {
      const saved = savedToSearchParams(search.params);
      // The words exactly, as the search page shows the saved search when anything matches them.
      params = { ...saved, q: exactQuery(saved.q) ?? saved.q };
      planSearch(params);
    } catch (error) {
      this.o.log(`Alerts: saved search "${search.name}" (${search.id}) cannot be run: ${(error as Error).message}`);
      return undefined;
    }
    return {
      params,
      extra: {
        filter: [`indexedTs >= ${from}`],
        sort: ['indexedTs:asc'],
        // Ids only: some matches were delivered before (the overlap); fields come for the new ones.
        attributesToRetrieve: ['id', 'indexedTs'],
        limit: PAGE,
        offset,
      },
    };
  }

  /**
   * Every queried saved search's candidate articles, the first pages in shared multi-search
   * requests; saved searches asking the same (same parameters, same window) share one query.
   */
  private async findMatches(planned: Planned[]): Promise<{ found: Map<string, Match[]>; queries: number }> {
    const groups = new Map<string, { ids: string[]; request: MatchRequest }>();
    for (const { search, request } of planned) {
      if (!request) continue;
      const key = JSON.stringify(request);
      const group = groups.get(key) ?? { ids: [], request };
      group.ids.push(search.id);
      groups.set(key, group);
    }
    const found = new Map<string, Match[]>();
    let pending = [...groups.values()].map(({ ids, request }) => ({ ids, offset: 0, request }));
    while (pending.length > 0) {
      const next: typeof pending = [];
      for (let at = 0; at < pending.length; at += QUERIES_PER_REQUEST) {
        const chunk = pending.slice(at, at + QUERIES_PER_REQUEST);
        const answers = await this.o.articles.sendMatches(
          'alert check',
          chunk.map((c) => c.request),
        );
        chunk.forEach(({ ids, offset, request }, i) => {
          const hits = (answers[i]?.hits ?? []) as unknown as Match[];
          for (const id of ids) found.set(id, [...(found.get(id) ?? []), ...hits]);
          if (hits.length === PAGE && offset + PAGE < MAX_PER_ROUND) {
            next.push({ ids, offset: offset + PAGE, request: { ...request, extra: { ...request.extra, offset: offset + PAGE } } });
          }
        });
      }
      pending = next;
    }
    return { found, queries: groups.size };
  }

  /** The alert fields of articles by id; articles deleted since are left out. */
  private async withFields(ids: string[]): Promise<Map<string, Match>> {
    const byId = new Map<string, Match>();
    for (let at = 0; at < ids.length; at += IDS_PER_QUERY) {
      const chunk = ids.slice(at, at + IDS_PER_QUERY);
      const filter = `id IN [${chunk.map(quote).join(', ')}]`;
      const page = await this.o.articles.search('alert articles', {
        q: '',
        filter,
        limit: chunk.length,
        attributesToRetrieve: [...ALERT_ARTICLE_FIELDS, 'indexedTs'],
      });
      for (const hit of page.hits as unknown as Match[]) byId.set(hit.id, hit);
    }
    return byId;
  }

  /**
   * Sends one saved search's undelivered matches (`toSend`, with their fields); returns the writes
   * that record the outcome, the checkpoint it reached, and whether it was checked completely.
   */
  private async deliver(
    search: SavedSearch,
    candidates: Match[],
    toSend: Match[],
    seen: ReadonlySet<string> | undefined,
    watermark: number,
    report: RoundReport,
    time: Timer,
  ): Promise<{ writes: StoreWrite[]; checkpointTs: number; complete: boolean }> {
    const now = this.o.now();
    const checkpoint = this.checkpoint(search);
    const truncated = candidates.length >= MAX_PER_ROUND;
    // Where the checkpoint may go: everything below the watermark was searchable; a truncated round stops at its last match.
    const reach = truncated ? candidates[candidates.length - 1]!.indexedTs : Math.max(checkpoint, watermark);
    const known = this.recent.get(search.id) ?? new Map<string, number>();
    this.recent.set(search.id, known);
    for (const c of candidates) if (known.has(c.id) || seen?.has(c.id)) known.set(c.id, c.indexedTs);
    // Older than the window the next round reads again: not needed any more.
    const keepFrom = Math.min(checkpoint, reach) - this.o.overlapMs;
    for (const [id, ts] of known) if (ts < keepFrom) known.delete(id);
    report.duplicatesSkipped += candidates.length - toSend.length;
    const writes: StoreWrite[] = [];
    const record = (articles: Match[], status: Delivery['status']) => writes.push(...deliveryRecords(search.id, articles, now, status));
    for (let at = 0; at < toSend.length; at += this.o.batchSize) {
      const batch = toSend.slice(at, at + this.o.batchSize);
      try {
        await time('send', () =>
          this.o.send(
            search.webhook!,
            { savedSearch: { id: search.id, name: search.name }, articles: batch.map(toAlertArticle) },
            search.secret!,
          ),
        );
        record(batch, 'delivered');
        for (const a of batch) known.set(a.id, a.indexedTs);
        report.delivered += batch.length;
      } catch (error) {
        report.failures++;
        const outcome = this.failed(search, toSend.slice(at), (error as Error).message, reach, now, report, record);
        return { writes: [...writes, ...outcome.writes], checkpointTs: outcome.checkpointTs, complete: false };
      }
    }
    const moved =
      reach > search.checkpointTs &&
      (toSend.length > 0 || search.retry !== null || reach - search.checkpointTs >= this.o.idleCheckpointMs || candidates.length > 0);
    if (moved || search.retry) writes.push({ id: search.id, checkpointTs: Math.max(search.checkpointTs, reach), retry: null });
    return { writes, checkpointTs: Math.max(checkpoint, reach), complete: !truncated };
  }

  private failed(
    search: SavedSearch,
    pending: Match[],
    reason: string,
    reach: number,
    now: number,
    report: RoundReport,
    record: (articles: Match[], status: Delivery['status']) => void,
  ): { writes: StoreWrite[]; checkpointTs: number } {
    const first = search.retry?.firstFailureTs ?? now;
    if (now - first >= this.o.giveUpAfterMs) {
      record(pending, 'abandoned');
      report.abandoned += pending.length;
      this.o.log(
        `Alerts: giving up on ${pending.length} article(s) for saved search "${search.name}" (${search.id}) after ${Math.round((now - first) / 60_000)} min of failures: ${reason}`,
      );
      const checkpointTs = Math.max(search.checkpointTs, reach);
      return { writes: [{ id: search.id, checkpointTs, retry: null }], checkpointTs };
    }
    const attempts = (search.retry?.attempts ?? 0) + 1;
    const delay = Math.min(this.o.maxBackoffMs, this.o.backoffMs * 2 ** (attempts - 1));
    this.o.log(
      `Alerts: webhook of saved search "${search.name}" (${search.id}) failed (attempt ${attempts}, next in ${Math.round(delay / 1000)} s): ${reason}`,
    );
    return {
      writes: [{ id: search.id, retry: { attempts, firstFailureTs: first, nextAttemptTs: now + delay, lastError: reason.slice(0, 500) } }],
      checkpointTs: this.checkpoint(search),
    };
  }
}

/** The indexedTs of the pairs of `scan` that `previous` did not see (same id, same indexedTs), ascending. */
function newSince(scan: Scan, previous: Scan | undefined): number[] {
  const out: number[] = [];
  for (const [id, ts] of scan.seen) if (previous?.seen.get(id) !== ts) out.push(ts);
  return out.sort((a, b) => a - b);
}

/** The first value of an ascending list above `since`; undefined when none. */
function firstAfter(sorted: readonly number[], since: number): number | undefined {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid]! > since) hi = mid;
    else lo = mid + 1;
  }
  return sorted[lo];
}

const unique = (ids: string[]) => [...new Set(ids)];

type Timer = <T>(phase: string, run: () => Promise<T>) => Promise<T>;

/** Adds the time of each phase (summed when phases run at once) to the report. */
function timer(report: RoundReport): Timer {
  return async (phase, run) => {
    const started = performance.now();
    try {
      return await run();
    } finally {
      report.phases[phase] = (report.phases[phase] ?? 0) + Math.round(performance.now() - started);
    }
  };
}

function toAlertArticle(match: Match): AlertArticle {
  return {
    id: match.id,
    title: match.title ?? '',
    url: match.url ?? null,
    source: match.source ?? '',
    publishedAt: match.publishedAt ?? null,
    countries: match.countries ?? [],
    persons: match.persons ?? [],
    organizations: match.organizations ?? [],
    topics: match.topics ?? [],
  };
}
