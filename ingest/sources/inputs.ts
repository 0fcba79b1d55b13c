/**
 * Inputs as the user names them (files, folders, URLs) → units to parse: whole documents as
 * bytes, or NDJSON streamed line by line so a file of a million articles never sits in memory.
 * `.gz` files are decompressed on the way. Nothing here parses articles.
 */
import { createReadStream, type Dirent } from 'node:fs';
import { lstat, readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { StringDecoder } from 'node:string_decoder';
import { gunzipSync, createGunzip } from 'node:zlib';
import { formatExtension, isUrl } from '../parse/input-name.ts';
import type { Problem, RawInput } from '../types.ts';

export type SourceUnit =
  | { kind: 'document'; raw: RawInput }
  | { kind: 'ndjson'; input: string; lines: AsyncIterable<string> }
  | { kind: 'problem'; problem: Problem };

export interface SourceOptions {
  /** Fetches a URL (see sources/http.ts); URLs are reported as unsupported without it. */
  fetchUrl?: (url: string) => Promise<RawInput>;
  /** Largest file read whole (NDJSON is streamed and has no limit). Default: 100 MB. */
  maxFileBytes?: number;
}

/** Extensions taken from folders (a `.gz` of any of them too). Named files are taken whatever they are. */
export const SUPPORTED_EXTENSIONS = [
  '.txt',
  '.text',
  '.html',
  '.htm',
  '.xhtml',
  '.json',
  '.ndjson',
  '.jsonl',
  '.xml',
  '.rss',
  '.atom',
  '.rdf',
];

const DEFAULT_MAX_FILE_BYTES = 100 * 1024 * 1024;

function isNdjsonPath(file: string): boolean {
  return ['.ndjson', '.jsonl'].includes(formatExtension(file));
}

const problem = (input: string, code: string, message: string, position?: string): SourceUnit => ({
  kind: 'problem',
  problem: { input, code, message, position },
});

/** Every file below a folder whose extension Lede reads, sorted, hidden entries skipped; unreadable folders as problems. */
async function* walk(dir: string): AsyncGenerator<string | SourceUnit> {
  let entries: Dirent[];
  try {
    entries = (await readdir(dir, { withFileTypes: true })).sort((a, b) => a.name.localeCompare(b.name));
  } catch (error) {
    yield problem(
      dir,
      'read-failed',
      `Cannot read the folder ${dir}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`,
    );
    return;
  }
  for (const entry of entries) {
    if (entry.name.startsWith('.')) continue;
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) yield* walk(full);
    else if ((entry.isFile() || entry.isSymbolicLink()) && SUPPORTED_EXTENSIONS.includes(formatExtension(entry.name))) yield full;
  }
}

/**
 * The lines of a (possibly gzipped) file, read only as fast as they are consumed. (readline's
 * async iterator is not used: it keeps reading while the consumer waits, so a slow Meilisearch
 * made it buffer a whole large file in memory.)
 */
async function* ndjsonLines(file: string): AsyncGenerator<string> {
  const stream = createReadStream(file, { highWaterMark: 256 * 1024 });
  const source = file.toLowerCase().endsWith('.gz') ? stream.pipe(createGunzip()) : stream;
  if (source !== stream) stream.on('error', (error) => source.destroy(error));
  const decoder = new StringDecoder('utf8');
  let rest = '';
  for await (const chunk of source as AsyncIterable<Buffer>) {
    const lines = (rest + decoder.write(chunk)).split('\n');
    rest = lines.pop() ?? '';
    for (const line of lines) yield line.endsWith('\r') ? line.slice(0, -1) : line;
  }
  rest += decoder.end();
  if (rest) yield rest.endsWith('\r') ? rest.slice(0, -1) : rest;
}

async function readFileUnit(file: string, maxBytes: number): Promise<SourceUnit> {
  const info = await stat(file);
  if (info.size > maxBytes) {
    return problem(
      file,
      'file-too-large',
      `The file has ${info.size} bytes; files over ${maxBytes} bytes are not read (use NDJSON for large collections).`,
    );
  }
  let bytes = await readFile(file);
  if (file.toLowerCase().endsWith('.gz')) {
    try {
      bytes = gunzipSync(bytes, { maxOutputLength: maxBytes });
    } catch (error) {
      return problem(file, 'invalid-gzip', `Cannot decompress: ${(error as Error).message}`);
    }
  }
  return { kind: 'document', raw: { input: file, bytes } };
}

/** Turns inputs into units, in order; a bad input becomes a problem unit, never an exception. */
export async function* readInputs(inputs: Iterable<string>, options: SourceOptions = {}): AsyncGenerator<SourceUnit> {
  const maxBytes = options.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES;
  for (const input of inputs) {
    if (isUrl(input)) {
      if (!options.fetchUrl) {
        yield problem(input, 'unsupported-input', 'URLs cannot be read here.');
        continue;
      }
      try {
        yield { kind: 'document', raw: await options.fetchUrl(input) };
      } catch (error) {
        const code = (error as { code?: unknown }).code;
        yield problem(input, typeof code === 'string' ? `fetch-${code}` : 'fetch-failed', (error as Error).message);
      }
      continue;
    }
    let files: AsyncIterable<string | SourceUnit> | string[];
    try {
      const info = await lstat(input).then((link) => (link.isSymbolicLink() ? stat(input) : link));
      files = info.isDirectory() ? walk(input) : [input];
    } catch (error) {
      yield problem(input, 'not-found', `Cannot read ${input}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
      continue;
    }
    for await (const file of files) {
      if (typeof file !== 'string') {
        yield file;
        continue;
      }
      try {
        if (isNdjsonPath(file)) yield { kind: 'ndjson', input: file, lines: ndjsonLines(file) };
        else yield await readFileUnit(file, maxBytes);
      } catch (error) {
        yield problem(file, 'read-failed', `Cannot read ${file}: ${(error as Error).message}`);
      }
    }
  }
}
