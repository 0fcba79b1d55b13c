/** The page document: head (own stylesheet and script only), the search form, the two columns. */
import { FILTER_NAMES, LIMITS } from '../../search/params.ts';
import { html, type SafeHtml } from './html.ts';
import { stateUrl, toDate, type PageState } from './state.ts';

export interface LayoutParts {
  state: PageState;
  main: SafeHtml;
  facets: SafeHtml;
  /** The document title, when the page is not a search (an article page). */
  title?: string;
}

function searchForm(state: PageState): SafeHtml {
  const option = (value: string, label: string) =>
    html`<option value="${value}"${state.sort === value ? html` selected` : ''}>${label}</option>`;
  return html`<form id="search-form" class="search-form" role="search" action="/" method="get">
<div class="search-row">
<label for="q" class="sr-only">Search news</label>
<input id="q" name="q" type="search" value="${state.q}" placeholder="Search news, e.g. Albania cyber" autocomplete="off" spellcheck="false" maxlength="${LIMITS.queryLength}" aria-describedby="search-help">
<button type="submit">Search</button>
</div>
<p id="search-help" class="help">"quotes" for a phrase, -word to exclude, OR and (parentheses), title:word, person:"Edi Rama", hack* for a prefix.</p>
<div class="search-options">
<label>Sort <select name="sort">${option('relevance', 'Relevance')}${option('newest', 'Newest first')}${option('oldest', 'Oldest first')}</select></label>
<label>From <input type="date" name="from" value="${state.from !== undefined ? toDate(state.from) : ''}"></label>
<label>To <input type="date" name="to" value="${state.to !== undefined ? toDate(state.to) : ''}"></label>
<label class="check-label"><input type="checkbox" name="collapse" value="true"${state.collapse ? html` checked` : ''}> Hide near-duplicates</label>
</div>
<div id="form-filters">${FILTER_NAMES.flatMap((name) =>
    (state[name] ?? []).map((value) => html`<input type="hidden" name="${name}" value="${value}">`),
  )}</div>
</form>`;
}

export function layout({ state, main, facets, title }: LayoutParts): SafeHtml {
  const feed = `/api/search.atom${stateUrl(state).slice(1)}`;
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title ? `${title} – Lede` : state.q ? `${state.q} – Lede` : 'Lede – news search'}</title>
<meta name="description" content="Lede: full-text search over news articles, with filters by country, person, organization and topic.">
<link rel="stylesheet" href="/assets/style.css">
<link rel="icon" href="/assets/favicon.svg" type="image/svg+xml">
<link rel="alternate" type="application/atom+xml" title="This search as an Atom feed" href="${feed}" id="feed-link">
<script src="/assets/app.js" defer></script>
</head>
<body>
<a class="skip-link" href="#results">Skip to results</a>
<header class="site-header">
<div class="header-inner">
<a class="brand" href="/" aria-label="Lede home"><span class="brand-mark" aria-hidden="true">L</span>Lede</a>
${searchForm(state)}
</div>
</header>
<div id="app" class="layout" data-state-url="${stateUrl(state)}">
<main id="results" class="results" tabindex="-1">${main}</main>
<aside class="facets" aria-label="Filters" id="filters">${facets}</aside>
</div>
<div id="live" class="sr-only" aria-live="polite"></div>
<footer class="site-footer"><p>Lede · <a href="/api/openapi.json">API (OpenAPI)</a> · <a href="${feed}" id="feed-footer">This search as a feed</a></p></footer>
</body>
</html>
`;
}
