/**
 * The tagger's weights on disk: gzip of a small binary — header, sorted feature keys (Int32),
 * weights quantised to Int16 with one scale.
 */
import { gunzipSync, gzipSync } from 'node:zlib';
import { PackedWeights } from './feature-index.ts';
import { LABEL_COUNT } from './labels.ts';

const MAGIC = 0x52454e4c; // "LNER"
const VERSION = 1;
const HEADER_BYTES = 20;

/** Quantises averaged weights to Int16 with one scale. */
export function quantise(weights: Float64Array): { values: Int16Array; scale: number } {
  let max = 0;
  for (const w of weights) max = Math.max(max, Math.abs(w));
  const scale = max > 0 ? max / 32767 : 1;
  const values = new Int16Array(weights.length);
  for (let i = 0; i < weights.length; i++) values[i] = Math.round((weights[i] as number) / scale);
  return { values, scale };
}

export function encodeModel(keys: Int32Array, weights: Float64Array): Buffer {
  const rows = keys.length;
  let max = 0;
  for (const w of weights) max = Math.max(max, Math.abs(w));
  const scale = max > 0 ? max / 32767 : 1;
  const buf = Buffer.alloc(HEADER_BYTES + rows * 4 + rows * LABEL_COUNT * 2);
  buf.writeUInt32LE(MAGIC, 0);
  buf.writeUInt32LE(VERSION, 4);
  buf.writeUInt32LE(rows, 8);
  buf.writeUInt32LE(LABEL_COUNT, 12);
  buf.writeFloatLE(scale, 16);
  let o = HEADER_BYTES;
  for (const k of keys) {
    buf.writeInt32LE(k, o);
    o += 4;
  }
  for (const w of weights) {
    buf.writeInt16LE(Math.round(w / scale), o);
    o += 2;
  }
  return gzipSync(buf, { level: 9 });
}

export function decodeModel(gz: Buffer): PackedWeights {
  const buf = gunzipSync(gz);
  if (buf.readUInt32LE(0) !== MAGIC) throw new Error('Expected an NER model file (magic LNER), got other bytes');
  const version = buf.readUInt32LE(4);
  if (version !== VERSION) throw new Error(`Expected NER model version ${VERSION}, got ${version}`);
  const rows = buf.readUInt32LE(8);
  const labels = buf.readUInt32LE(12);
  if (labels !== LABEL_COUNT) throw new Error(`Expected ${LABEL_COUNT} labels in the NER model, got ${labels}`);
  const scale = buf.readFloatLE(16);
  const keys = new Int32Array(rows);
  let o = HEADER_BYTES;
  for (let r = 0; r < rows; r++) {
    keys[r] = buf.readInt32LE(o);
    o += 4;
  }
  const weights = new Int16Array(rows * LABEL_COUNT);
  for (let i = 0; i < weights.length; i++) {
    weights[i] = buf.readInt16LE(o);
    o += 2;
  }
  return new PackedWeights(keys, weights, scale);
}
