/**
 * Loads the extraction-dev corpus (../shared/corpora/extraction-dev beside the repository):
 * gzipped pages and their true article bodies. Shared by the evaluation script and the tests.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';

export interface CorpusPage {
  id: string;
  url: string;
  html: Buffer;
  truth: string;
}

/** The repository root (this file lives in <root>/eval). */
export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** Where the extraction-dev corpus is: ../shared/corpora/extraction-dev relative to the repository root. */
export const EXTRACTION_DEV_DIR = path.resolve(REPO_ROOT, '../shared/corpora/extraction-dev');

interface GroundTruthEntry {
  url: string;
  articleBody: string;
}

/** Reads every page of the corpus into memory, in ground-truth order. */
export function loadExtractionCorpus(dir: string = EXTRACTION_DEV_DIR): CorpusPage[] {
  const truth = JSON.parse(readFileSync(path.join(dir, 'ground-truth.json'), 'utf8')) as Record<string, GroundTruthEntry>;
  return Object.entries(truth).map(([id, entry]) => ({
    id,
    url: entry.url,
    html: gunzipSync(readFileSync(path.join(dir, 'html', `${id}.html.gz`))),
    truth: entry.articleBody,
  }));
}
