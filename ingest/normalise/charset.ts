/**
 * Bytes → text for web pages and text files. The encoding is taken, in order, from a byte-order
 * mark, the HTTP Content-Type charset, a <meta charset> / <meta http-equiv> in the first bytes,
 * else UTF-8 when the bytes are valid UTF-8, else windows-1252 (which every byte sequence decodes
 * under). Never throws.
 */
import { isUtf8 } from 'node:buffer';
import iconv from 'iconv-lite';

/** How many leading bytes are searched for a <meta> charset declaration (the HTML spec says 1024; pages often exceed it). */
const SNIFF_BYTES = 4096;

/** Labels that mean "whatever the page really is", which browsers map to windows-1252. */
const LATIN1_ALIASES = new Set([
  'iso-8859-1',
  'iso8859-1',
  'latin1',
  'latin-1',
  'l1',
  'us-ascii',
  'ascii',
  'cp1252',
  'windows-1252',
  'x-cp1252',
]);

/**
 * Decodes bytes to a string, honouring (in order) a BOM, the Content-Type charset, a <meta>
 * charset sniffed from the first bytes, and falling back to windows-1252 when the bytes are not
 * valid UTF-8. ISO-8859-1 and US-ASCII are decoded as windows-1252, as browsers do.
 */
export function decodeBytes(bytes: Buffer, contentType?: string): string {
  const bom = bomEncoding(bytes);
  if (bom) return iconv.decode(bytes.subarray(bom.length), bom.encoding);

  const declared = charsetFromContentType(contentType) ?? sniffMetaCharset(bytes);
  const encoding = declared ? supportedEncoding(declared) : undefined;
  if (encoding && encoding !== 'utf-8') return iconv.decode(bytes, encoding);
  // Declared or presumed UTF-8: trust it only when the bytes agree (mislabelled pages are common).
  if (isUtf8(bytes)) return bytes.toString('utf8');
  return iconv.decode(bytes, 'windows-1252');
}

/** The encoding named by a byte-order mark, with the mark's length. */
function bomEncoding(bytes: Buffer): { encoding: string; length: number } | undefined {
  if (bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return { encoding: 'utf-8', length: 3 };
  if (bytes.length >= 2 && bytes[0] === 0xfe && bytes[1] === 0xff) return { encoding: 'utf-16be', length: 2 };
  if (bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe) return { encoding: 'utf-16le', length: 2 };
  return undefined;
}

/** The charset parameter of a Content-Type header value, e.g. `text/html; charset="ISO-8859-1"`. */
export function charsetFromContentType(contentType: string | undefined): string | undefined {
  if (!contentType) return undefined;
  const match = /charset\s*=\s*["']?([\w.:-]+)/i.exec(contentType);
  return match?.[1]?.toLowerCase();
}

/** A charset declared by <meta charset> or <meta http-equiv="Content-Type"> near the top of a page. */
export function sniffMetaCharset(bytes: Buffer): string | undefined {
  const head = bytes.subarray(0, SNIFF_BYTES).toString('latin1');
  const direct = /<meta[^>]+charset\s*=\s*["']?\s*([\w.:-]+)/i.exec(head);
  if (direct?.[1]) return direct[1].toLowerCase();
  // <?xml version="1.0" encoding="..."?> (XHTML, feeds)
  const xml = /^\s*<\?xml[^>]+encoding\s*=\s*["']([\w.:-]+)["']/i.exec(head);
  return xml?.[1]?.toLowerCase();
}

/** Maps a declared label to an encoding iconv-lite knows, or undefined for an unknown label. */
function supportedEncoding(label: string): string | undefined {
  if (LATIN1_ALIASES.has(label)) return 'windows-1252';
  if (label === 'utf8' || label === 'utf-8' || label === 'unicode-1-1-utf-8') return 'utf-8';
  // A page served as UTF-16 without a BOM is almost always really ASCII-compatible.
  if (label.startsWith('utf-16') || label === 'unicode') return 'utf-8';
  return iconv.encodingExists(label) ? label : undefined;
}
