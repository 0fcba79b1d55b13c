/** Facet panels: value links with counts that toggle a filter, "show more", and a value search box. */
import type { FacetCount, SearchResult } from '../../search/result.ts';
import type { FilterName } from '../../search/params.ts';
import { html, type SafeHtml } from './html.ts';
import { FACET_LABELS, PAGE_FACETS, formatCount } from './labels.ts';
import { stateUrl, type PageState } from './state.ts';

/** Values shown before "show more", and the most behind it. */
const VISIBLE = 8;
const MORE = 40;

function valueLink(state: PageState, name: FilterName, facet: FacetCount): SafeHtml {
  const href = facet.selected ? stateUrl(state, { remove: { name, value: facet.value } }) : stateUrl(state, { add: { name, value: facet.value } });
  return html`<li><a class="facet-value${facet.selected ? ' is-selected' : ''}" href="${href}" data-nav>
<span class="check" aria-hidden="true"></span><span class="facet-name">${facet.value}</span>${facet.selected ? html`<span class="sr-only"> (selected, click to remove)</span>` : ''}
<span class="facet-count">${formatCount(facet.count)}</span></a></li>`;
}

function panel(state: PageState, name: FilterName, values: FacetCount[]): SafeHtml {
  const label = FACET_LABELS[name];
  const ordered = [...values.filter((v) => v.selected), ...values.filter((v) => !v.selected)];
  const visible = ordered.slice(0, VISIBLE);
  const more = ordered.slice(VISIBLE, VISIBLE + MORE);
  const id = `facet-${name}`;
  return html`<section class="facet" aria-labelledby="${id}-h" data-facet="${name}">
<h2 id="${id}-h">${label.plural}</h2>
${
  ordered.length > VISIBLE
    ? html`<div class="facet-search" hidden>
<label class="sr-only" for="${id}-q">Search ${label.plural.toLowerCase()}</label>
<input id="${id}-q" type="search" placeholder="Find ${label.plural.toLowerCase()}…" autocomplete="off" maxlength="100">
<ul class="facet-list facet-found" aria-live="polite"></ul>
</div>`
    : ''
}
<ul class="facet-list">${visible.map((v) => valueLink(state, name, v))}</ul>
${
  more.length > 0
    ? html`<details class="facet-more"><summary>Show ${more.length} more</summary>
<ul class="facet-list">${more.map((v) => valueLink(state, name, v))}</ul></details>`
    : ''
}
</section>`;
}

export function facetPanels(state: PageState, result: SearchResult | undefined): SafeHtml {
  if (!result) return html``;
  const panels = PAGE_FACETS.map((name) => {
    const values = result.facets[name] ?? [];
    if (values.length === 0) return '';
    if (name === 'language' && values.length < 2 && !values.some((v) => v.selected)) return '';
    return panel(state, name, values);
  });
  return html`${panels}`;
}
