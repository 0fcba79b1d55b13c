/**
 * The entity page: how often and when the archive names a person, organization, country, topic
 * or source, its aliases, the timeline (bars narrow a search of it), related values (links to
 * their own pages and to a search of both together), top sources and the latest articles.
 * Everything from articles goes through the escaping template tag.
 */
import type { EntityProfile } from '../../analysis/entities.ts';
import type { Related } from '../../analysis/association.ts';
import { FACETS, type FacetName } from '../../facets.ts';
import { parseParams, searchSchema } from '../../search/params.ts';
import { html, trusted, type SafeHtml } from './html.ts';
import { FACET_LABELS, formatCount, formatDate } from './labels.ts';
import { plainLayout } from './plain-layout.ts';
import { stateUrl, type PageState } from './state.ts';
import { timelineChart } from './timeline-chart.ts';

/** Facets with entity pages (the registry's, except language). */
const ENTITY_PAGE_FACETS = new Set<string>(FACETS.filter((f) => f.name !== 'language').map((f) => f.name));

/** The page of a facet value; undefined for facets without entity pages. */
export function entityUrl(facet: FacetName, value: string): string | undefined {
  return ENTITY_PAGE_FACETS.has(facet) ? `/entities/${facet}/${encodeURIComponent(value)}` : undefined;
}

const safeUrl = (url: string | null) => (url && /^https?:\/\//i.test(url) ? url : undefined);

function relatedList(state: PageState, name: FacetName, values: Related[]): SafeHtml {
  if (values.length === 0) return html``;
  return html`<section class="entity-related" data-related="${name}"><h3>${FACET_LABELS[name].plural}</h3>
<ul>${values.map(
    (r) => html`<li><a class="related-entity" href="${entityUrl(name, r.value) ?? '#'}">${r.value}</a>
<span class="muted" title="normalised PMI ${r.score}; ${r.count} shared of ${r.archiveCount} in the archive">${formatCount(r.count)} · ${r.score.toFixed(2)}</span>
<a class="related-together" href="${stateUrl(state, { add: { name, value: r.value } })}" aria-label="Search ${r.value} together">together</a></li>`,
  )}</ul></section>`;
}

export function renderEntityPage(profile: EntityProfile, params: Record<string, unknown>): SafeHtml {
  const state: PageState = parseParams(searchSchema, { ...params, [profile.facet]: [profile.value] });
  const label = FACET_LABELS[profile.facet];
  const seen =
    profile.firstSeen && profile.lastSeen ? html` · first ${formatDate(profile.firstSeen)} · last ${formatDate(profile.lastSeen)}` : '';
  const main = html`<article class="entity" data-entity-facet="${profile.facet}">
<p class="muted">${label.singular}</p>
<h1 class="entity-name">${profile.value}</h1>
<p class="entity-summary"><strong>${formatCount(profile.count)}</strong> article${profile.count === 1 ? '' : 's'}${seen} · <a href="${stateUrl(state)}">Search these articles</a></p>
${profile.aliases.length ? html`<p class="entity-aliases">Also found as: ${profile.aliases.join(', ')}</p>` : ''}
${timelineChart(state, profile.timeline)}
<h2>Related <span class="muted">(by association against the whole archive, not raw counts)</span></h2>
<div class="entity-related-grid">${(['person', 'organization', 'country', 'topic'] as const).map((name) => relatedList(state, name, profile.related[name]))}</div>
${
  profile.sources.length
    ? html`<h2>Top sources</h2><ul class="entity-sources">${profile.sources.map(
        (s) => html`<li><a href="${entityUrl('source', s.value)!}">${s.value}</a> <span class="muted">${formatCount(s.count)}</span></li>`,
      )}</ul>`
    : ''
}
<h2>Latest articles</h2>
<ol class="hits">${profile.articles.map((hit) => {
    const url = safeUrl(hit.url);
    const title = trusted(hit.titleHtml || '(untitled)');
    return html`<li class="hit"><h3 class="hit-title">${url ? html`<a href="${url}" rel="noopener noreferrer">${title}</a>` : title}</h3>
<p class="hit-meta"><span class="hit-source">${hit.source}</span>${hit.publishedAt ? html` · <time datetime="${hit.publishedAt}">${formatDate(hit.publishedAt)}</time>` : ''}</p></li>`;
  })}</ol>
</article>`;
  return plainLayout(`${profile.value} (${label.singular})`, main);
}
