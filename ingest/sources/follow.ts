/**
 * `--follow`: a feed item without its full text → its page, fetched and extracted, with the
 * feed's metadata filling whatever the page lacks. A failed fetch never loses the item: the feed
 * article comes back unchanged with a problem saying why it could not be followed.
 */
import { isFeed } from '../parse/feed.ts';
import { parseHtml as defaultParseHtml } from '../parse/html.ts';
import type { ParsedArticle, ParseResult, Problem, RawInput } from '../types.ts';
import { FetchError, type Fetcher } from './http.ts';

export interface FollowDependencies {
  /** Fetches the item's link. */
  fetcher: Pick<Fetcher, 'fetch'>;
  /**
   * Extracts the article from the page.
   * @default parseHtml from ingest/parse/html.ts
   */
  parseHtml?: (raw: RawInput) => ParseResult;
}

export interface FollowOptions {
  /** Where the item came from, for problems (the feed URL). @default the item's link */
  input?: string;
  /** The item's position in its feed, for problems ("item 3"). */
  position?: string;
  signal?: AbortSignal;
}

export interface FollowResult {
  article: ParsedArticle;
  /** True when the page was fetched and merged in. */
  followed: boolean;
  problems: Problem[];
}

/** Fetches a feed item's link and merges the page's article with the item. Rejects only on abort. */
export async function followArticle(item: ParsedArticle, deps: FollowDependencies, options: FollowOptions = {}): Promise<FollowResult> {
  const input = options.input ?? item.url ?? '(feed item)';
  const problem = (code: string, message: string): Problem => ({
    input,
    ...(options.position ? { position: options.position } : {}),
    code,
    message,
  });
  if (!item.url) return { article: item, followed: false, problems: [problem('no-link', 'The item has no link to follow.')] };

  let raw: RawInput;
  try {
    raw = await deps.fetcher.fetch(item.url, options.signal ? { signal: options.signal } : {});
  } catch (error) {
    if (!(error instanceof FetchError)) throw error;
    return {
      article: item,
      followed: false,
      problems: [problem(`follow-${error.code}`, `Could not follow ${item.url}: ${error.message}`)],
    };
  }
  if (isFeed(raw.bytes.subarray(0, 4096).toString('latin1'))) {
    return {
      article: item,
      followed: false,
      problems: [problem('follow-not-a-page', `The link ${item.url} is a feed, not an article page.`)],
    };
  }
  const parsed = (deps.parseHtml ?? defaultParseHtml)(raw);
  const page = parsed.articles[0]?.article;
  const problems = parsed.problems.map((p) => ({ ...p, ...(options.position ? { position: options.position } : {}) }));
  if (!page)
    return { article: item, followed: false, problems: [...problems, problem('follow-no-article', `No article found at ${item.url}.`)] };
  return { article: mergeFollowed(item, page, raw.url), followed: true, problems };
}

/**
 * The page's article, completed by the feed item: the page wins where it has a value (its body
 * only when it is at least as long as the feed's), the feed fills the gaps. A date the page only
 * guessed from its URL yields to the feed's timestamp.
 */
export function mergeFollowed(feed: ParsedArticle, page: ParsedArticle, finalUrl?: string): ParsedArticle {
  const merged: ParsedArticle = { ...feed };
  const url = filled(page.url) ?? finalUrl ?? feed.url;
  if (url) merged.url = url;
  for (const key of ['title', 'source', 'language'] as const) {
    const value = filled(page[key]);
    if (value) merged[key] = value;
  }
  const pageBody = filled(page.body);
  const feedBody = filled(feed.body);
  if (pageBody && pageBody.length >= (feedBody?.length ?? 0)) {
    merged.body = pageBody;
    const teaser = feed.standfirst ?? feedBody;
    const standfirst = filled(page.standfirst) ?? (teaser && !pageBody.startsWith(teaser.slice(0, 80)) ? teaser : undefined);
    if (standfirst) merged.standfirst = standfirst;
    else delete merged.standfirst;
  } else if (filled(page.standfirst) && !feed.standfirst) {
    merged.standfirst = page.standfirst as string;
  }
  if (page.authors && page.authors.length > 0) merged.authors = page.authors;
  const pageDated = page.publishedAt !== undefined && page.dateSource !== 'none';
  if (pageDated && (page.dateSource !== 'url' || feed.publishedAt === undefined)) {
    merged.publishedAt = page.publishedAt as string | Date;
    if (page.dateSource) merged.dateSource = page.dateSource;
  }
  if (page.modifiedAt !== undefined) merged.modifiedAt = page.modifiedAt;
  return merged;
}

function filled(value: string | undefined): string | undefined {
  return value !== undefined && value.trim() !== '' ? value : undefined;
}
