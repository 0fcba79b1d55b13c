/** The pipeline and URL fetcher of `lede extract` and `lede ingest`, from their options. */
import type { EntityKnowledge } from '../enrich/knowledge.ts';
import { needsFollow } from '../parse/feed.ts';
import type { PipelineOptions } from '../pipeline.ts';
import { followArticle } from '../sources/follow.ts';
import { createFetcher, type Fetcher } from '../sources/http.ts';
import { positiveInt, type Options } from './common.ts';

export function pipelineOptions(options: Options, fetcher: Fetcher, knowledge: EntityKnowledge): PipelineOptions {
  return {
    knowledge,
    concurrency: positiveInt(options['concurrency'], 'concurrency', 8),
    source: typeof options['source'] === 'string' ? options['source'] : undefined,
    fetchUrl: (url) => fetcher.fetch(url),
    expand: options['follow']
      ? async (item, input, format) => {
          if (format !== 'feed' || !needsFollow(item.article)) return item.article;
          const result = await followArticle(item.article, { fetcher }, { input, position: item.position });
          if (!result.followed && result.problems[0]) {
            const { code, message } = result.problems[0];
            throw Object.assign(new Error(message), { code: code.startsWith('follow-') ? code : `follow-${code}` });
          }
          return result.article;
        }
      : undefined,
  };
}

/**
 * The URL fetcher of a run: only public addresses unless `--allow-private-network` or
 * LEDE_ALLOW_PRIVATE_NETWORK=true (read here so `lede extract` needs no other configuration).
 */
export function runFetcher(options: Options): Fetcher {
  const env = process.env['LEDE_ALLOW_PRIVATE_NETWORK']?.trim().toLowerCase();
  const allowPrivateNetwork = Boolean(options['allow-private-network']) || env === 'true' || env === '1' || env === 'yes';
  return createFetcher({ allowPrivateNetwork });
}
