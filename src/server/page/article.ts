/**
 * The article page (/articles/{id}): headline, source, date and where it came from, authors, the
 * body as paragraphs with the mentions of its persons, organizations and countries marked, its
 * facet values as links to filtered searches, and its near-duplicate versions (same cluster).
 * Every piece of article text is HTML-escaped; marks are only ever added around escaped text.
 */
import type { Article } from '../../article.ts';
import { escapeHtml } from '../../search/highlight.ts';
import { searchSchema } from '../../search/params.ts';
import { html, trusted, type SafeHtml } from './html.ts';
import { FACET_LABELS, formatDate } from './labels.ts';
import { layout } from './layout.ts';
import { stateUrl } from './state.ts';

const EMPTY = searchSchema.parse({});
const safeUrl = (url: string | null) => (url && /^https?:\/\//i.test(url) ? url : undefined);

export type MentionKind = 'person' | 'organization' | 'country' | 'alias';

/** The names to mark in an article's text: its values and their aliases, longest first. */
export function mentionNames(
  article: Pick<Article, 'persons' | 'organizations' | 'countries' | 'entityAliases'>,
): Array<{ name: string; kind: MentionKind }> {
  const names = new Map<string, MentionKind>();
  const add = (values: readonly string[] | undefined, kind: MentionKind) => {
    for (const value of values ?? []) if (value.trim().length > 1 && !names.has(value.toLowerCase())) names.set(value.toLowerCase(), kind);
  };
  add(article.persons, 'person');
  add(article.organizations, 'organization');
  add(article.countries, 'country');
  add(article.entityAliases, 'alias');
  return [...names].map(([name, kind]) => ({ name, kind })).sort((a, b) => b.name.length - a.name.length);
}

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Text as HTML with each whole-word mention of `names` in <mark class="mention mention-KIND">; everything escaped. */
export function markMentions(text: string, names: ReadonlyArray<{ name: string; kind: MentionKind }>): string {
  if (names.length === 0) return escapeHtml(text);
  const kinds = new Map(names.map((n) => [n.name, n.kind]));
  const pattern = new RegExp(`(?<![\\p{L}\\p{N}])(?:${names.map((n) => escapeRegExp(n.name)).join('|')})(?![\\p{L}\\p{N}])`, 'giu');
  let out = '';
  let at = 0;
  for (const match of text.matchAll(pattern)) {
    const kind = kinds.get(match[0].toLowerCase()) ?? 'alias';
    out += `${escapeHtml(text.slice(at, match.index))}<mark class="mention mention-${kind}">${escapeHtml(match[0])}</mark>`;
    at = match.index + match[0].length;
  }
  return out + escapeHtml(text.slice(at));
}

export type ArticleVersion = Pick<Article, 'id' | 'title' | 'source' | 'publishedAt' | 'url'>;

const FACET_VALUES = [
  ['person', 'persons'],
  ['organization', 'organizations'],
  ['country', 'countries'],
  ['topic', 'topics'],
] as const;

export function renderArticlePage(article: Article, versions: readonly ArticleVersion[]): SafeHtml {
  const names = mentionNames(article);
  const url = safeUrl(article.url);
  const date = formatDate(article.publishedAt);
  const paragraphs = article.body
    .split(/\n\s*\n/)
    .map((p) => p.trim())
    .filter(Boolean);
  const filterLink = (name: (typeof FACET_VALUES)[number][0] | 'source', value: string) =>
    html`<a href="${stateUrl(EMPTY, { add: { name, value } })}" class="tag tag-${name}">${value}</a>`;
  const facets = FACET_VALUES.filter(([, field]) => (article[field]?.length ?? 0) > 0).map(
    ([name, field]) => html`<section class="facet article-facet" data-facet="${name}"><h2>${FACET_LABELS[name].plural}</h2>
<ul class="hit-tags">${article[field].map((value) => html`<li>${filterLink(name, value)}</li>`)}</ul></section>`,
  );
  const main = html`<article class="article-page" data-id="${article.id}">
<h1 class="article-title">${article.title || '(untitled)'}</h1>
<p class="hit-meta"><span class="hit-source">${filterLink('source', article.source)}</span>${
    date
      ? html` · <time datetime="${article.publishedAt}">${date}</time> <span class="muted date-source">(date from ${article.dateSource})</span>`
      : html` · <span class="muted">undated</span>`
  }${article.authors.length ? html` · <span class="hit-authors">${article.authors.join(', ')}</span>` : ''}</p>
${url ? html`<p class="article-url"><a href="${url}" rel="noopener noreferrer">Read at ${article.source}</a></p>` : ''}
${article.standfirst ? html`<p class="standfirst">${trusted(markMentions(article.standfirst, names))}</p>` : ''}
<div class="article-body">${paragraphs.map((p) => html`<p>${trusted(markMentions(p, names))}</p>`)}</div>
${
  versions.length
    ? html`<section class="versions"><h2>Other versions of this story</h2><ul>${versions.map(
        (v) =>
          html`<li><a href="/articles/${encodeURIComponent(v.id)}">${v.title || '(untitled)'}</a> <span class="muted">${v.source}${
            v.publishedAt ? ` · ${formatDate(v.publishedAt)}` : ''
          }</span></li>`,
      )}</ul></section>`
    : ''
}
</article>`;
  return layout({ state: EMPTY, main, facets: html`${facets}`, title: article.title });
}
