/**
 * Helpers for the API tests: articles written for the tests, a per-file index with Lede's
 * settings and a search-only key, and the app listening on a free port.
 */
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { Meilisearch } from 'meilisearch';
import { articleId, periodsOf, type Article } from '../../src/article.ts';
import { createMeiliClient } from '../../src/meili/client.ts';
import { ensureSearchKey } from '../../src/meili/keys.ts';
import { applySettings } from '../../src/meili/settings.ts';
import { createApp, type AppOptions } from '../../src/server/app.ts';

/** A complete Article from the fields a test cares about; dates and periods derived. */
export function makeArticle(fields: Partial<Article> & { title: string }): Article {
  const url =
    fields.url === undefined ? `https://news.example/${encodeURIComponent(fields.title.toLowerCase().replace(/\W+/g, '-'))}` : fields.url;
  const source = fields.source ?? 'Example News';
  const body = fields.body ?? '';
  const publishedAt = fields.publishedAt === undefined ? '2024-05-01T10:00:00.000Z' : fields.publishedAt;
  const ts = publishedAt ? Math.floor(Date.parse(publishedAt) / 1000) : null;
  const periods = ts !== null ? periodsOf(ts) : null;
  const id = fields.id ?? articleId({ url, source, title: fields.title, body });
  return {
    url,
    source,
    standfirst: '',
    body,
    authors: [],
    modifiedAt: null,
    dateSource: publishedAt ? 'input' : 'none',
    language: 'en',
    countries: [],
    countryCodes: [],
    persons: [],
    organizations: [],
    topics: [],
    personKeys: [],
    organizationKeys: [],
    countryKeys: [],
    entityAliases: [],
    pendingPersons: [],
    pendingOrganizations: [],
    ...fields,
    id,
    publishedAt,
    publishedTs: ts,
    publishedDay: periods?.day ?? null,
    publishedWeek: periods?.week ?? null,
    publishedMonth: periods?.month ?? null,
    cluster: fields.cluster ?? id,
  };
}

/** Creates `indexUid` with Lede's settings, adds the articles and returns a search-only key for it. */
export async function seedIndex(meiliUrl: string, masterKey: string, indexUid: string, articles: Article[]): Promise<string> {
  const admin = createMeiliClient(meiliUrl, masterKey);
  await applySettings(admin, indexUid);
  const task = await admin.index(indexUid).addDocuments(articles, { primaryKey: 'id' }).waitTask({ timeout: 60_000 });
  if (task.status !== 'succeeded') throw new Error(`indexing failed: ${task.error?.message}`);
  return ensureSearchKey(admin, indexUid);
}

export async function deleteIndex(meiliUrl: string, masterKey: string, indexUid: string): Promise<void> {
  await new Meilisearch({ host: meiliUrl, apiKey: masterKey })
    .deleteIndex(indexUid)
    .waitTask()
    .catch(() => undefined);
}

export interface RunningApp {
  url: string;
  close(): Promise<void>;
}

/** Starts createApp(options) on a free port of 127.0.0.1. */
export async function startApp(options: AppOptions): Promise<RunningApp> {
  const app = createApp({ log: () => {}, ...options });
  const server: Server = await new Promise((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export interface Fetched {
  status: number;
  headers: Headers;
  text: string;
  json<T = Record<string, unknown>>(): T;
}

/** GET a path (already encoded as it should go on the wire) and read the whole body. */
export async function get(base: string, path: string, init: RequestInit = {}): Promise<Fetched> {
  const response = await fetch(base + path, init);
  const text = await response.text();
  return { status: response.status, headers: response.headers, text, json: <T>() => JSON.parse(text) as T };
}
