/** Small non-cryptographic 32-bit hashes for feature keys (no strings built per feature). */

/** FNV-1a of a string. */
export function hashString(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h | 0;
}

/** FNV-1a of s[from, to). */
export function hashSlice(s: string, from: number, to: number): number {
  let h = 0x811c9dc5;
  for (let i = from; i < to; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h | 0;
}

/** Mixes two hashes. */
export function mix(a: number, b: number): number {
  let h = Math.imul(a ^ 0x9e3779b9, 0x85ebca6b) ^ b;
  h = Math.imul(h ^ (h >>> 15), 0xc2b2ae35);
  h ^= h >>> 13;
  return h | 0;
}

/** A feature key: template id with one or two values, reduced to a non-negative small integer. */
export function feature(template: number, a: number, b = 0): number {
  return (mix(mix(template, a), b) >>> 2) | 0;
}
