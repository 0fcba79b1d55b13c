/**
 * Near-duplicate clusters: syndicated copies of a story (several sources, small edits, another
 * headline) share a cluster id. The id is a MinHash-style signature of the body's word shingles
 * reduced to its smallest values, so copies that share most sentences land on the same id
 * without comparing against the index.
 */
import { hashId } from '../../src/article.ts';

const SHINGLE = 4;
/** How many smallest shingle hashes form the signature; small = tolerant of edits. */
const SIGNATURE_SIZE = 2;

function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/** The cluster id of an article: from its body shingles, or its title when the body is tiny. */
export function clusterId(title: string, body: string): string {
  const words = body.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
  if (words.length < SHINGLE * 4)
    return hashId(
      'cluster-title',
      title
        .toLowerCase()
        .replace(/[^\p{L}\p{N}]+/gu, ' ')
        .trim(),
    );
  const hashes = new Set<number>();
  for (let i = 0; i + SHINGLE <= words.length; i++) hashes.add(fnv1a(words.slice(i, i + SHINGLE).join(' ')));
  const smallest = [...hashes].sort((a, b) => a - b).slice(0, SIGNATURE_SIZE);
  return hashId('cluster', ...smallest.map(String));
}
