/**
 * One raw input → articles: the format is told by the extension (`.gz` stripped), else by the
 * HTTP content type, else by the content itself; then the matching parser runs.
 */
import { decodeBytes } from '../normalise/charset.ts';
import type { ParseResult, RawInput } from '../types.ts';
import { isFeed, parseFeed } from './feed.ts';
import { parseHtml } from './html.ts';
import { formatExtension, isUrl } from './input-name.ts';
import { parseJson, parseNdjson } from './json.ts';
import { parseText } from './text.ts';

export type Format = 'text' | 'html' | 'json' | 'ndjson' | 'feed';

const BY_EXTENSION: Record<string, Format> = {
  '.txt': 'text',
  '.text': 'text',
  '.html': 'html',
  '.htm': 'html',
  '.xhtml': 'html',
  '.json': 'json',
  '.ndjson': 'ndjson',
  '.jsonl': 'ndjson',
  '.rss': 'feed',
  '.atom': 'feed',
  '.rdf': 'feed',
};

/** Largest HTML page parsed: its DOM takes ~10× its size in memory. */
export const MAX_HTML_BYTES = 8 * 1024 * 1024;

/** Detects the format of an input from its name, content type and first characters. */
export function detectFormat(raw: RawInput, head: string): Format {
  const fromName = BY_EXTENSION[formatExtension(isUrl(raw.input) ? new URL(raw.input).pathname : raw.input)];
  if (fromName) return fromName;
  const type = raw.contentType?.toLowerCase() ?? '';
  if (/(rss|atom|rdf)\+xml/.test(type)) return 'feed';
  if (type.includes('html')) return isFeed(head) ? 'feed' : 'html';
  if (type.includes('ndjson') || type.includes('jsonl')) return 'ndjson';
  if (type.includes('json')) return 'json';
  const start = head.replace(/^\uFEFF/, '').trimStart();
  if (start.startsWith('<')) return isFeed(head) ? 'feed' : 'html';
  if (start.startsWith('[')) return 'json';
  if (start.startsWith('{')) return /}\s*\r?\n\s*{/.test(head) ? 'ndjson' : 'json';
  return 'text';
}

/** Looks like binary data rather than text: NUL bytes or many control characters early on. */
function looksBinary(bytes: Buffer): boolean {
  const sample = bytes.subarray(0, 4096);
  let control = 0;
  for (const byte of sample) {
    if (byte === 0) return true;
    if (byte < 9 || (byte > 13 && byte < 32)) control++;
  }
  return sample.length > 0 && control / sample.length > 0.1;
}

function hasUtf16Bom(bytes: Buffer): boolean {
  return (bytes[0] === 0xfe && bytes[1] === 0xff) || (bytes[0] === 0xff && bytes[1] === 0xfe);
}

/** Parses one whole document in whatever format it is. Never throws. */
export function parseInput(raw: RawInput): ParseResult & { format?: Format } {
  if (raw.bytes.length === 0 || !raw.bytes.some((byte) => byte > 32)) {
    return { articles: [], problems: [{ input: raw.input, code: 'empty-input', message: 'The input is empty.' }] };
  }
  if (looksBinary(raw.bytes) && !hasUtf16Bom(raw.bytes)) {
    return {
      articles: [],
      problems: [{ input: raw.input, code: 'binary-input', message: 'The input is binary, not text, HTML, JSON or a feed.' }],
    };
  }
  const head = raw.bytes.subarray(0, 4096).toString('utf8');
  const format = detectFormat(raw, head);
  try {
    switch (format) {
      case 'html':
        if (raw.bytes.length > MAX_HTML_BYTES) {
          const message = `The page has ${raw.bytes.length} bytes; pages over ${MAX_HTML_BYTES} bytes are not parsed (news pages are well under 2 MB).`;
          return { articles: [], problems: [{ input: raw.input, position: 'whole input', code: 'page-too-large', message }], format };
        }
        return { ...parseHtml(raw), format };
      case 'feed':
        return { ...parseFeed(raw), format };
      case 'json':
        return { ...parseJson(decodeBytes(raw.bytes, raw.contentType), raw), format };
      case 'ndjson':
        return { ...parseNdjson(decodeBytes(raw.bytes, raw.contentType), raw), format };
      case 'text':
        return { ...parseText(decodeBytes(raw.bytes, raw.contentType), raw), format };
    }
  } catch (error) {
    return {
      articles: [],
      problems: [{ input: raw.input, code: 'parse-failed', message: `Could not parse as ${format}: ${(error as Error).message}` }],
      format,
    };
  }
}
