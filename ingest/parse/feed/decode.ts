/**
 * Bytes of a feed → text. The charset comes from a BOM, else the HTTP Content-Type, else the
 * XML declaration, else UTF-8. Undecodable bytes become U+FFFD; decoding never throws.
 */

/** Decodes feed bytes, honouring BOM, `charset=` in the Content-Type and `<?xml encoding=?>`. */
export function decodeXml(bytes: Buffer, contentType?: string): string {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return decode(bytes.subarray(3), 'utf-8');
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return decode(bytes.subarray(2), 'utf-16be');
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return decode(bytes.subarray(2), 'utf-16le');
  const fromHeader = /charset\s*=\s*["']?([\w.:-]+)/i.exec(contentType ?? '')?.[1];
  const head = bytes.subarray(0, 200).toString('latin1');
  const fromDeclaration = /^\s*<\?xml[^>]*\bencoding\s*=\s*["']([\w.:-]+)["']/i.exec(head)?.[1];
  return decode(bytes, fromHeader ?? fromDeclaration ?? 'utf-8');
}

function decode(bytes: Uint8Array, label: string): string {
  let decoder: TextDecoder;
  try {
    decoder = new TextDecoder(label, { ignoreBOM: true });
  } catch {
    decoder = new TextDecoder('utf-8', { ignoreBOM: true }); // unknown label: UTF-8 with replacement
  }
  return decoder.decode(bytes);
}
