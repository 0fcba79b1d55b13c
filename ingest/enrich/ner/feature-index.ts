/**
 * The tagger's weights as one open-addressing hash table: each slot holds a feature key and its
 * nine weights as Int16 pairs packed in Int32s, so that scoring a feature touches one cache line
 * (no Map, no boxing, no second array).
 */
import { LABEL_COUNT } from './labels.ts';

const PACKED = Math.ceil(LABEL_COUNT / 2);
const STRIDE = 1 + PACKED;

export class PackedWeights {
  private readonly table: Int32Array;
  private readonly mask: number;
  /** Multiply summed scores by this to get the trained weights' scale. */
  readonly scale: number;

  /** `weights` are Int16 values, LABEL_COUNT per key. */
  constructor(keys: Int32Array, weights: Int16Array, scale: number) {
    let size = 1;
    while (size < keys.length * 1.4) size <<= 1;
    this.table = new Int32Array(size * STRIDE).fill(-1);
    this.mask = size - 1;
    this.scale = scale;
    for (let r = 0; r < keys.length; r++) {
      const key = keys[r] as number;
      if (key < 0) throw new Error(`Expected non-negative feature keys, got ${key}`);
      let slot = key & this.mask;
      while (this.table[slot * STRIDE] !== -1) slot = (slot + 1) & this.mask;
      const o = slot * STRIDE;
      this.table[o] = key;
      for (let p = 0; p < PACKED; p++) {
        const lo = (weights[r * LABEL_COUNT + 2 * p] as number) & 0xffff;
        const hi = 2 * p + 1 < LABEL_COUNT ? (weights[r * LABEL_COUNT + 2 * p + 1] as number) : 0;
        this.table[o + 1 + p] = (hi << 16) | lo;
      }
    }
  }

  /** Adds the weights of `key` (if known) to `scores`. */
  addTo(key: number, scores: Int32Array): void {
    const table = this.table;
    const mask = this.mask;
    let slot = key & mask;
    for (;;) {
      const o = slot * STRIDE;
      const k = table[o] as number;
      if (k === key) {
        for (let p = 0; p < PACKED; p++) {
          const v = table[o + 1 + p] as number;
          scores[2 * p] = (scores[2 * p] as number) + ((v << 16) >> 16);
          if (2 * p + 1 < LABEL_COUNT) scores[2 * p + 1] = (scores[2 * p + 1] as number) + (v >> 16);
        }
        return;
      }
      if (k === -1) return;
      slot = (slot + 1) & mask;
    }
  }
}
