/** The document around pages that are not the search page (entity, saved search): head, a header with a search box, the main column. */
import { LIMITS } from '../../search/params.ts';
import { html, type SafeHtml } from './html.ts';

export function plainLayout(title: string, main: SafeHtml, options: { feed?: string } = {}): SafeHtml {
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title} – Lede</title>
<link rel="stylesheet" href="/assets/style.css">
<link rel="icon" href="/assets/favicon.svg" type="image/svg+xml">
${options.feed ? html`<link rel="alternate" type="application/atom+xml" title="${title} as an Atom feed" href="${options.feed}">` : ''}
</head>
<body>
<header class="site-header">
<div class="header-inner">
<a class="brand" href="/" aria-label="Lede home"><span class="brand-mark" aria-hidden="true">L</span>Lede</a>
<form class="search-form" role="search" action="/" method="get"><div class="search-row">
<label for="q" class="sr-only">Search news</label>
<input id="q" name="q" type="search" placeholder="Search news" maxlength="${LIMITS.queryLength}">
<button type="submit">Search</button></div></form>
</div>
</header>
<main id="results" class="results plain-page">${main}</main>
<footer class="site-footer"><p>Lede · <a href="/api/openapi.json">API (OpenAPI)</a></p></footer>
</body>
</html>
`;
}
