/** The results column: active filter chips, summary, hits, pagination, and the empty and error states. */
import type { SearchHit } from '../../search/hits.ts';
import type { SearchResult } from '../../search/result.ts';
import { FILTER_NAMES } from '../../search/params.ts';
import { entityLink } from './facets.ts';
import { html, trusted, type SafeHtml } from './html.ts';
import { FACET_LABELS, formatCount, formatDate } from './labels.ts';
import { exportUrl, hasFilters, stateUrl, toDate, type PageState } from './state.ts';

/** Only http(s) links from articles are ever rendered as links. */
const safeUrl = (url: string | null) => (url && /^https?:\/\//i.test(url) ? url : undefined);

export function chips(state: PageState): SafeHtml {
  if (!hasFilters(state)) return html``;
  const items: SafeHtml[] = [];
  for (const name of FILTER_NAMES) {
    for (const value of state[name] ?? []) {
      const label = `${FACET_LABELS[name].singular}: ${value}`;
      items.push(html`<li><a class="chip" href="${stateUrl(state, { remove: { name, value } })}" data-nav aria-label="Remove filter ${label}">
<span>${label}</span><span class="chip-x" aria-hidden="true">×</span></a></li>`);
    }
  }
  if (state.from !== undefined || state.to !== undefined) {
    const label = `Dates: ${state.from !== undefined ? toDate(state.from) : '…'} to ${state.to !== undefined ? toDate(state.to) : '…'}`;
    items.push(html`<li><a class="chip" href="${stateUrl(state, { from: null, to: null })}" data-nav aria-label="Remove filter ${label}">
<span>${label}</span><span class="chip-x" aria-hidden="true">×</span></a></li>`);
  }
  return html`<div class="active-filters"><h2 class="sr-only">Active filters</h2><ul class="chips">${items}
<li><a class="clear-all" href="${stateUrl(state, { clearFilters: true })}" data-nav>Clear all</a></li></ul></div>`;
}

function entityLinks(state: PageState, hit: SearchHit): SafeHtml {
  const links = [
    ...hit.countries.slice(0, 3).map((value) => ({ name: 'country' as const, value })),
    ...hit.persons.slice(0, 3).map((value) => ({ name: 'person' as const, value })),
    ...hit.organizations.slice(0, 2).map((value) => ({ name: 'organization' as const, value })),
  ].filter(({ name, value }) => !(state[name] ?? []).includes(value));
  if (links.length === 0) return html``;
  return html`<ul class="hit-tags" aria-label="Narrow to">${links.map(
    (l) =>
      html`<li><a href="${stateUrl(state, { add: l })}" data-nav class="tag tag-${l.name}">${l.value}</a>${entityLink(l.name, l.value)}</li>`,
  )}</ul>`;
}

function hitItem(state: PageState, hit: SearchHit): SafeHtml {
  const url = safeUrl(hit.url);
  const title = trusted(hit.titleHtml || '(untitled)');
  const date = formatDate(hit.publishedAt);
  const articlePath = `/articles/${encodeURIComponent(hit.id)}`;
  return html`<li class="hit">
<h3 class="hit-title">${url ? html`<a href="${url}" rel="noopener noreferrer">${title}</a>` : html`<a href="${articlePath}">${title}</a>`}</h3>
<p class="hit-meta"><span class="hit-source">${hit.source}</span>${date ? html` · <time datetime="${hit.publishedAt}">${date}</time>` : ''}${
    hit.authors.length ? html` · <span class="hit-authors">${hit.authors.slice(0, 3).join(', ')}</span>` : ''
  }${url ? html` · <a class="hit-article-link" href="${articlePath}">Article page</a>` : ''}</p>
${hit.snippetHtml ? html`<p class="hit-snippet">${trusted(hit.snippetHtml)}</p>` : ''}
${hit.duplicates ? html`<p class="hit-dups">+ ${formatCount(hit.duplicates)} similar article${hit.duplicates === 1 ? '' : 's'} from other sources</p>` : ''}
${entityLinks(state, hit)}
</li>`;
}

function pagination(state: PageState, result: SearchResult): SafeHtml {
  const { page, totalPages } = result;
  if (totalPages <= 1) return html``;
  const start = Math.max(1, Math.min(page - 2, totalPages - 4));
  const numbers = Array.from({ length: Math.min(5, totalPages) }, (_, i) => start + i);
  const link = (n: number, text: string, rel?: string) =>
    html`<a href="${stateUrl(state, { page: n })}" data-nav${rel ? html` rel="${rel}"` : ''}>${text}</a>`;
  return html`<nav class="pagination" aria-label="Result pages">
${page > 1 ? link(page - 1, '← Previous', 'prev') : html`<span class="disabled" aria-hidden="true">← Previous</span>`}
<ul>${numbers.map((n) => html`<li>${n === page ? html`<span aria-current="page">${n}</span>` : link(n, String(n))}</li>`)}</ul>
${page < totalPages ? link(page + 1, 'Next →', 'next') : html`<span class="disabled" aria-hidden="true">Next →</span>`}
</nav>`;
}

function emptyState(state: PageState): SafeHtml {
  const removals: SafeHtml[] = [];
  for (const name of FILTER_NAMES) {
    for (const value of state[name] ?? []) {
      removals.push(
        html`<li><a href="${stateUrl(state, { remove: { name, value } })}" data-nav>Remove ${FACET_LABELS[name].singular.toLowerCase()} “${value}”</a></li>`,
      );
    }
  }
  if (state.from !== undefined || state.to !== undefined) {
    removals.push(html`<li><a href="${stateUrl(state, { from: null, to: null })}" data-nav>Search any time</a></li>`);
  }
  return html`<div class="empty">
<h2>No articles found${state.q ? html` for “${state.q}”` : ''}</h2>
${
  removals.length
    ? html`<p>Try removing a filter:</p><ul>${removals}</ul>${
        removals.length > 1 ? html`<p><a href="${stateUrl(state, { clearFilters: true })}" data-nav>Remove all filters</a></p>` : ''
      }`
    : html`<p>Check the spelling, use fewer or more general words, or remove quotes and -exclusions.</p>`
}
</div>`;
}

/** The query with the character at a syntax error's position marked (a space marked past its end). */
function pointAt(q: string, position: number): SafeHtml {
  const at = Math.min(Math.max(position - 1, 0), q.length);
  return html`<p class="query-error"><code>${q.slice(0, at)}<mark>${q.slice(at, at + 1) || ' '}</mark>${q.slice(at + 1)}</code></p>`;
}

export function errorState(message: string, status: number, syntax?: { q: string; position: number }): SafeHtml {
  return html`<div class="error-state" role="alert">
<h2>${status === 400 ? 'That search could not be run' : 'Search is unavailable right now'}</h2>
<p>${message}</p>
${syntax ? pointAt(syntax.q, syntax.position) : ''}
${status === 400 ? html`<p><a href="/" data-nav>Start a new search</a></p>` : html`<p>Please try again in a moment.</p>`}
</div>`;
}

export function summary(state: PageState, result: SearchResult): SafeHtml {
  const total = formatCount(result.totalHits);
  const noun = result.totalHits === 1 ? 'article' : 'articles';
  const range =
    result.totalHits > 0 && result.hits.length > 0
      ? `${formatCount((result.page - 1) * result.hitsPerPage + 1)}–${formatCount((result.page - 1) * result.hitsPerPage + result.hits.length)} of `
      : '';
  return html`<p class="summary">${range}<strong>${total}</strong> ${noun}${state.q ? html` for “${state.q}”` : ''}
<span class="muted">(${result.processingTimeMs} ms)</span>${
    result.fuzzy ? html` <span class="fuzzy-note">No exact matches; showing similar spellings.</span>` : ''
  } <a class="jump-filters" href="#filters">Filters ↓</a>${
    result.totalHits > 0
      ? html` <span class="export-links">Download all: <a href="${exportUrl(state, 'csv')}" download>CSV</a> / <a href="${exportUrl(state, 'ndjson')}" download>NDJSON</a></span>`
      : ''
  }</p>`;
}

export function resultList(state: PageState, result: SearchResult): SafeHtml {
  if (result.hitsPerPage === 0) return html``;
  if (result.hits.length === 0) return emptyState(state);
  return html`<ol class="hits" start="${(result.page - 1) * result.hitsPerPage + 1}">${result.hits.map((h) => hitItem(state, h))}</ol>
${pagination(state, result)}`;
}
