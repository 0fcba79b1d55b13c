/**
 * One place that turns Meilisearch client failures into search-layer errors: unreachable or
 * timed out → LedeError `search_unavailable` (HTTP 503), a request Meilisearch rejects → `invalid_query` (400).
 */
import { MeilisearchApiError, MeilisearchRequestError, MeilisearchRequestTimeOutError } from 'meilisearch';
import { LedeError } from '../errors.ts';

export async function callMeili<T>(what: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (thrown) {
    // The client wraps what its HTTP function rejects with (Lede's keep-alive client rejects with the API error).
    const error = thrown instanceof MeilisearchRequestError && thrown.cause instanceof MeilisearchApiError ? thrown.cause : thrown;
    if (error instanceof MeilisearchApiError) {
      const code = error.cause?.code;
      const status = error.response.status;
      if (status === 400 && code !== 'index_not_found') {
        throw new LedeError('invalid_query', `The search engine rejected the ${what}: ${error.cause?.message ?? 'bad request'}`, {
          cause: error,
        });
      }
      throw new LedeError(
        'search_unavailable',
        code === 'index_not_found' ? 'The article index does not exist yet.' : `Meilisearch refused the ${what} (HTTP ${status}).`,
        { cause: error },
      );
    }
    if (error instanceof MeilisearchRequestError || error instanceof MeilisearchRequestTimeOutError) {
      throw new LedeError('search_unavailable', 'The search engine is unreachable.', { cause: error });
    }
    throw error;
  }
}
