/** What an input's name says: whether it is a URL, and the extension that tells its format. */
import path from 'node:path';

/** An http(s) URL rather than a path. */
export function isUrl(input: string): boolean {
  return /^https?:\/\//i.test(input);
}

/** The extension that says the format: `.ndjson` for `a.ndjson.gz`. */
export function formatExtension(file: string): string {
  const lower = file.toLowerCase();
  return path.extname(lower.endsWith('.gz') ? lower.slice(0, -3) : lower);
}
