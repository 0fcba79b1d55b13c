/**
 * The alert loop of the server: every few seconds, for each saved search with a webhook, the
 * articles indexed since its checkpoint (by `indexedTs`) that match it and were never delivered
 * for it are POSTed to the webhook in batches. It reads only Meilisearch, so it sees articles
 * whoever wrote them (any number of `lede ingest` processes) and picks up where it was after a
 * restart: the checkpoint, the retry state and the delivery records live in the saved-searches
 * index.
 *
 * Guarantees: at least once (a crash between a webhook's 2xx and the write that records it sends
 * that batch again); never twice for an article re-ingested unchanged (delivery records are keyed
 * by saved search and article id, so an article counts once per saved search, even if its text
 * changed). The checkpoint advances only to a point before which every article was searchable:
 * the enqueue time of the oldest article write still waiting in Meilisearch's queue, less
 * `overlapMs` for clock skew between writers and requests in flight; the overlap is read again
 * every round and deduplicated by the delivery records.
 *
 * A failed webhook is retried with exponential backoff (the checkpoint stays, so the retry sends
 * those articles and any newer ones); after `giveUpAfterMs` of failures the pending articles are
 * recorded as abandoned, the checkpoint moves on, and that is logged.
 */
import type { Meilisearch } from 'meilisearch';
import PQueue from 'p-queue';
import { type MatchRequest, sendMatches } from '../analysis/planned.ts';
import { savedToSearchParams } from '../saved/schema.ts';
import { deliveryId, type Delivery, type SavedSearch, type SavedSearchStore, type StoreWrite } from '../saved/store.ts';
import { quote } from '../search/filters.ts';
import { callMeili } from '../search/meili-call.ts';
import type { SearchParams } from '../search/params.ts';
import { planSearch } from '../search/plan.ts';
import { ALERT_ARTICLE_FIELDS, createWebhookSender, type AlertArticle, type WebhookSender } from './webhook.ts';

export interface AlertLoopOptions {
  store: SavedSearchStore;
  /** A client that can search the articles index (the search-only key). */
  articles: Meilisearch;
  /** The articles index. */
  index: string;
  /** A client that can read the articles index's tasks; without it the overlap alone covers late writes. */
  tasks?: Meilisearch | undefined;
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
  /** Saved searches checked at once. Default: 4. */
  concurrency?: number;
  /** An idle saved search's checkpoint is written at most this often, ms. Default: 10 minutes. */
  idleCheckpointMs?: number;
  send?: WebhookSender;
  now?: () => number;
  log?: (line: string) => void;
}

export interface RoundReport {
  /** Saved searches with a webhook that were due. */
  checked: number;
  /** Articles POSTed (counted once per saved search). */
  delivered: number;
  /** Matches skipped because they had been delivered before. */
  duplicatesSkipped: number;
  failures: number;
  abandoned: number;
  durationMs: number;
}

/** Matches per query page; Meilisearch's maxTotalHits (10,000) bounds one round per saved search. */
const PAGE = 1000;
const MAX_PER_ROUND = 10_000;
/** Queries per multi-search request. */
const QUERIES_PER_REQUEST = 50;

type Match = AlertArticle & { indexedTs: number };

export class AlertLoop {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<RoundReport> | undefined;
  /**
   * Per saved search, the articles this process delivered (or found delivered) recently: the
   * overlap window read again every round is checked here first, without a Meilisearch lookup.
   * A cache only: after a restart the delivery records answer.
   */
  private readonly recent = new Map<string, Map<string, number>>();
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
    const report: RoundReport = { checked: 0, delivered: 0, duplicatesSkipped: 0, failures: 0, abandoned: 0, durationMs: 0 };
    const watermark = await this.watermark(started);
    const due = (await this.o.store.list()).filter((s) => s.webhook && s.secret && (!s.retry || s.retry.nextAttemptTs <= started));
    report.checked = due.length;
    const matches = await this.findMatches(due);
    const writes: StoreWrite[] = [];
    const queue = new PQueue({ concurrency: this.o.concurrency });
    for (const search of due) {
      void queue.add(async () => writes.push(...(await this.deliver(search, matches.get(search.id) ?? [], watermark, report))));
    }
    await queue.onIdle();
    await this.o.store.apply(writes);
    report.durationMs = this.o.now() - started;
    return report;
  }

  /** Up to here every article write had been processed (see the module comment). */
  private async watermark(now: number): Promise<number> {
    if (!this.o.tasks) return now;
    try {
      const { results } = await this.o.tasks.tasks.getTasks({
        indexUids: [this.o.index],
        statuses: ['enqueued', 'processing'],
        types: ['documentAdditionOrUpdate'],
        reverse: true,
        limit: 1,
      });
      const oldest = results[0] ? Date.parse(results[0].enqueuedAt) : Number.NaN;
      return Number.isNaN(oldest) ? now : Math.min(now, oldest);
    } catch {
      return now;
    }
  }

  /** The request of a saved search's new matches (its search, plus the indexedTs window); undefined when it no longer plans. */
  private matchRequest(search: SavedSearch, offset: number): MatchRequest | undefined {
    let params: SearchParams;
    try {
      params = savedToSearchParams(search.params);
      planSearch(params);
    } catch (error) {
      this.o.log(`Alerts: saved search "${search.name}" (${search.id}) cannot be run: ${(error as Error).message}`);
      return undefined;
    }
    const since =
      search.checkpointTs === search.createdTs ? search.createdTs : Math.max(search.createdTs, search.checkpointTs - this.o.overlapMs);
    return {
      params,
      extra: {
        filter: [`indexedTs > ${Math.trunc(since)}`],
        sort: ['indexedTs:asc'],
        // Ids only: most of a round's matches were delivered before (the overlap); fields come for the new ones.
        attributesToRetrieve: ['id', 'indexedTs'],
        limit: PAGE,
        offset,
      },
    };
  }

  /** Every saved search's candidate articles, the first pages in shared multi-search requests. */
  private async findMatches(searches: SavedSearch[]): Promise<Map<string, Match[]>> {
    const found = new Map<string, Match[]>();
    let pending = searches.flatMap((search) => {
      const request = this.matchRequest(search, 0);
      return request ? [{ search, offset: 0, request }] : [];
    });
    while (pending.length > 0) {
      const next: typeof pending = [];
      for (let at = 0; at < pending.length; at += QUERIES_PER_REQUEST) {
        const chunk = pending.slice(at, at + QUERIES_PER_REQUEST);
        const answers = await sendMatches(
          this.o.articles,
          this.o.index,
          'alert check',
          chunk.map((c) => c.request),
        );
        chunk.forEach(({ search, offset, request }, i) => {
          const hits = (answers[i]?.hits ?? []) as unknown as Match[];
          found.set(search.id, [...(found.get(search.id) ?? []), ...hits]);
          if (hits.length === PAGE && offset + PAGE < MAX_PER_ROUND) {
            next.push({ search, offset: offset + PAGE, request: { ...request, extra: { ...request.extra, offset: offset + PAGE } } });
          }
        });
      }
      pending = next;
    }
    return found;
  }

  /** The alert fields of matches found by id (in their order); articles deleted since are left out. */
  private async withFields(matches: Match[]): Promise<Match[]> {
    const byId = new Map<string, Match>();
    for (let at = 0; at < matches.length; at += 500) {
      const chunk = matches.slice(at, at + 500);
      const filter = `id IN [${chunk.map((m) => quote(m.id)).join(', ')}]`;
      const page = await callMeili('alert articles', () =>
        this.o.articles
          .index(this.o.index)
          .search('', { filter, limit: chunk.length, attributesToRetrieve: [...ALERT_ARTICLE_FIELDS, 'indexedTs'] }),
      );
      for (const hit of page.hits as unknown as Match[]) byId.set(hit.id, hit);
    }
    return matches.flatMap((m) => {
      const found = byId.get(m.id);
      return found ? [found] : [];
    });
  }

  /** Sends one saved search's undelivered matches; returns the writes that record the outcome. */
  private async deliver(search: SavedSearch, candidates: Match[], watermark: number, report: RoundReport): Promise<StoreWrite[]> {
    const now = this.o.now();
    const truncated = candidates.length >= MAX_PER_ROUND;
    // Where the checkpoint may go: everything below the watermark was searchable; a truncated round stops at its last match.
    const reach = truncated ? candidates[candidates.length - 1]!.indexedTs : Math.max(search.checkpointTs, watermark);
    const known = this.recent.get(search.id) ?? new Map<string, number>();
    this.recent.set(search.id, known);
    const unknown = candidates.filter((c) => !known.has(c.id));
    const seen = unknown.length
      ? await this.o.store.delivered(
          search.id,
          unknown.map((c) => c.id),
        )
      : new Set<string>();
    const fresh = await this.withFields(unknown.filter((c) => !seen.has(c.id)));
    for (const c of candidates) if (known.has(c.id) || seen.has(c.id)) known.set(c.id, c.indexedTs);
    // Older than the window the next round reads again: not needed any more.
    const keepFrom = Math.min(search.checkpointTs, reach) - this.o.overlapMs;
    for (const [id, ts] of known) if (ts < keepFrom) known.delete(id);
    report.duplicatesSkipped += candidates.length - fresh.length;
    const writes: StoreWrite[] = [];
    const record = (articles: Match[], status: Delivery['status']) => {
      for (const a of articles)
        writes.push({
          id: deliveryId(search.id, a.id),
          kind: 'delivery',
          savedSearchId: search.id,
          articleId: a.id,
          deliveredTs: now,
          status,
        });
    };
    for (let at = 0; at < fresh.length; at += this.o.batchSize) {
      const batch = fresh.slice(at, at + this.o.batchSize);
      try {
        await this.o.send(
          search.webhook!,
          { savedSearch: { id: search.id, name: search.name }, articles: batch.map(toAlertArticle) },
          search.secret!,
        );
        record(batch, 'delivered');
        for (const a of batch) known.set(a.id, a.indexedTs);
        report.delivered += batch.length;
      } catch (error) {
        report.failures++;
        const outcome = this.failed(search, fresh.slice(at), (error as Error).message, reach, now, report, record);
        return [...writes, ...outcome];
      }
    }
    const moved =
      reach > search.checkpointTs &&
      (fresh.length > 0 || search.retry !== null || reach - search.checkpointTs >= this.o.idleCheckpointMs || candidates.length > 0);
    if (moved || search.retry) writes.push({ id: search.id, checkpointTs: Math.max(search.checkpointTs, reach), retry: null });
    return writes;
  }

  private failed(
    search: SavedSearch,
    pending: Match[],
    reason: string,
    reach: number,
    now: number,
    report: RoundReport,
    record: (articles: Match[], status: Delivery['status']) => void,
  ): StoreWrite[] {
    const first = search.retry?.firstFailureTs ?? now;
    if (now - first >= this.o.giveUpAfterMs) {
      record(pending, 'abandoned');
      report.abandoned += pending.length;
      this.o.log(
        `Alerts: giving up on ${pending.length} article(s) for saved search "${search.name}" (${search.id}) after ${Math.round((now - first) / 60_000)} min of failures: ${reason}`,
      );
      return [{ id: search.id, checkpointTs: Math.max(search.checkpointTs, reach), retry: null }];
    }
    const attempts = (search.retry?.attempts ?? 0) + 1;
    const delay = Math.min(this.o.maxBackoffMs, this.o.backoffMs * 2 ** (attempts - 1));
    this.o.log(
      `Alerts: webhook of saved search "${search.name}" (${search.id}) failed (attempt ${attempts}, next in ${Math.round(delay / 1000)} s): ${reason}`,
    );
    return [{ id: search.id, retry: { attempts, firstFailureTs: first, nextAttemptTs: now + delay, lastError: reason.slice(0, 500) } }];
  }
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
