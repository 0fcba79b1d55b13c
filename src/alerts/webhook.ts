/**
 * Webhook delivery: the JSON body, its signature (`X-Lede-Signature: sha256=<hex HMAC-SHA256 of
 * the raw body>`), and one POST. Deliberately NOT the ingest fetcher: its SSRF guard refuses
 * loopback and private addresses, and a webhook on the newsroom's own network is the operator's
 * choice, made by whoever holds the admin token.
 */
import { createHmac, randomUUID } from 'node:crypto';

/** What an alert says about one article. */
export interface AlertArticle {
  id: string;
  title: string;
  url: string | null;
  source: string;
  publishedAt: string | null;
  countries: string[];
  persons: string[];
  organizations: string[];
  topics: string[];
}

export const ALERT_ARTICLE_FIELDS = [
  'id',
  'title',
  'url',
  'source',
  'publishedAt',
  'countries',
  'persons',
  'organizations',
  'topics',
] as const;

export interface AlertPayload {
  savedSearch: { id: string; name: string };
  articles: AlertArticle[];
}

export const SIGNATURE_HEADER = 'X-Lede-Signature';

/** `sha256=<hex>`: the HMAC-SHA256 of the raw body with the saved search's secret. */
export function signBody(body: string, secret: string): string {
  return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
}

export class WebhookError extends Error {
  override name = 'WebhookError';
}

/** Sends one payload; resolves on a 2xx answer, else throws a WebhookError saying what happened. */
export type WebhookSender = (url: string, payload: AlertPayload, secret: string) => Promise<void>;

export function createWebhookSender(options: { timeoutMs?: number } = {}): WebhookSender {
  const timeoutMs = options.timeoutMs ?? 10_000;
  return async (url, payload, secret) => {
    const body = JSON.stringify(payload);
    let response: Response;
    try {
      response = await fetch(url, {
        method: 'POST',
        body,
        redirect: 'manual',
        signal: AbortSignal.timeout(timeoutMs),
        headers: {
          'content-type': 'application/json',
          'user-agent': 'Lede-Alerts/1',
          'x-lede-delivery': randomUUID(),
          [SIGNATURE_HEADER.toLowerCase()]: signBody(body, secret),
        },
      });
    } catch (error) {
      const cause = (error as { cause?: { code?: string; message?: string } }).cause;
      throw new WebhookError(`POST ${url} failed: ${cause?.code ?? cause?.message ?? (error as Error).message}`, { cause: error });
    }
    await response.body?.cancel().catch(() => undefined);
    if (response.status < 200 || response.status > 299) throw new WebhookError(`POST ${url} answered HTTP ${response.status}`);
  };
}
