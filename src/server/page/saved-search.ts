/** The page of one saved search: what matched since the last visit, newest first. */
import type { SavedSearch } from '../../saved/store.ts';
import { FILTER_NAMES } from '../../search/params.ts';
import { html, type SafeHtml } from './html.ts';
import { FACET_LABELS, formatCount, formatDate } from './labels.ts';
import { plainLayout } from './plain-layout.ts';

export interface NewArticle {
  id: string;
  title: string;
  url: string | null;
  source: string;
  publishedAt: string | null;
  indexedTs: number;
}

const safeUrl = (url: string | null) => (url && /^https?:\/\//i.test(url) ? url : undefined);

/** The search page URL of a saved search's parameters. */
export function savedSearchUrl(search: SavedSearch): string {
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(search.params)) for (const v of Array.isArray(value) ? value : [value]) query.append(key, v);
  const text = query.toString();
  return text ? `/?${text}` : '/';
}

export function renderSavedSearchPage(search: SavedSearch, since: number | undefined, articles: NewArticle[], total: number): SafeHtml {
  const filters = FILTER_NAMES.flatMap((name) => {
    const values = search.params[name];
    return (Array.isArray(values) ? values : values ? [values] : []).map((v) => `${FACET_LABELS[name].singular}: ${v}`);
  });
  const q = typeof search.params['q'] === 'string' ? search.params['q'] : '';
  const sinceText = since === undefined ? 'ever' : `your last visit (${new Date(since).toISOString().slice(0, 16).replace('T', ' ')} UTC)`;
  const main = html`<h1>${search.name}</h1>
<p class="muted">${q ? html`“${q}”` : 'All articles'}${filters.length ? html` · ${filters.join(' · ')}` : ''} · <a href="${savedSearchUrl(search)}">Open as a search</a> · <a href="/api/saved-searches/${search.id}/feed.atom">Atom feed</a></p>
<h2 class="summary"><strong>${formatCount(total)}</strong> new article${total === 1 ? '' : 's'} since ${sinceText}</h2>
${
  articles.length
    ? html`<ol class="hits saved-new">${articles.map((a) => {
        const url = safeUrl(a.url);
        return html`<li class="hit"><h3 class="hit-title">${url ? html`<a href="${url}" rel="noopener noreferrer">${a.title || '(untitled)'}</a>` : a.title || '(untitled)'}</h3>
<p class="hit-meta"><span class="hit-source">${a.source}</span>${a.publishedAt ? html` · <time datetime="${a.publishedAt}">${formatDate(a.publishedAt)}</time>` : ''} · <span class="muted">indexed ${new Date(a.indexedTs).toISOString().slice(0, 16).replace('T', ' ')} UTC</span></p></li>`;
      })}</ol>`
    : html`<p class="empty">Nothing new.</p>`
}`;
  return plainLayout(search.name, main, { feed: `/api/saved-searches/${search.id}/feed.atom` });
}
