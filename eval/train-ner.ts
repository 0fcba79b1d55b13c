/**
 * Trains the entity tagger on CoNLL-2003 train.txt and writes ingest/enrich/model/ner-model.bin.gz.
 * Deterministic: fixed epoch count, documents shuffled with a seeded generator.
 *
 *   npx tsx eval/train-ner.ts [--epochs N] [--min-weight W]
 */
import { writeFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { prng } from '../bench/prng.ts';
import { PackedWeights } from '../ingest/enrich/ner/feature-index.ts';
import { FEATURES_PER_TOKEN, prepareDocument } from '../ingest/enrich/ner/features.ts';
import type { PreparedDocument } from '../ingest/enrich/ner/features.ts';
import { LABEL_COUNT, labelIndex, typeOf } from '../ingest/enrich/ner/labels.ts';
import { encodeModel, quantise } from '../ingest/enrich/ner/model-file.ts';
import { MODEL_PATH } from '../ingest/enrich/ner/model.ts';
import { decode } from '../ingest/enrich/ner/tagger.ts';
import type { WeightTable } from '../ingest/enrich/ner/tagger.ts';
import { tokenizeText } from '../ingest/enrich/ner/tokenize.ts';
import { conllPath, readConll } from './conll.ts';
import type { ConllDocument } from './conll.ts';

export interface TrainingDocument {
  prepared: PreparedDocument;
  gold: Int8Array[];
}

/** Tokenizes the rebuilt text as at inference and gives each token the gold label under its start. */
export function alignDocument(doc: ConllDocument): TrainingDocument {
  const charLabel = new Int8Array(doc.text.length + 1);
  const charStart = new Uint8Array(doc.text.length + 1);
  for (const sentence of doc.sentences) {
    for (const tok of sentence) {
      const l = labelIndex(tok.tag);
      const inside = l === 0 ? 0 : typeOf(l) * 2;
      for (let c = tok.start; c < tok.start + tok.text.length; c++) charLabel[c] = inside;
      charLabel[tok.start] = l;
      charStart[tok.start] = 1;
    }
  }
  const sentences = tokenizeText(doc.text);
  const gold = sentences.map((s) => {
    const labels = new Int8Array(s.tokens.length);
    let prev = 0;
    s.tokens.forEach((t, i) => {
      let l = charLabel[t.start] as number;
      if (l !== 0 && l % 2 === 0 && typeOf(prev) !== typeOf(l)) l -= 1;
      labels[i] = l;
      prev = l;
    });
    return labels;
  });
  return { prepared: prepareDocument(sentences), gold };
}

/** Averaged perceptron weights with lazy averaging, rows created on first update. */
class Trainer implements WeightTable {
  index = new Map<number, number>();

  /** Training weights are whole numbers (sums of ±1), so Int32 scores are exact. */
  addTo(key: number, scores: Int32Array): void {
    const r = this.index.get(key);
    if (r === undefined) return;
    const base = r * LABEL_COUNT;
    for (let k = 0; k < LABEL_COUNT; k++) scores[k] = (scores[k] as number) + (this.weights[base + k] as number);
  }

  weights: Float64Array<ArrayBuffer> = new Float64Array(1 << 16);
  private totals: Float64Array<ArrayBuffer> = new Float64Array(1 << 16);
  private stamps: Float64Array<ArrayBuffer> = new Float64Array(1 << 16);
  private rows = 0;
  step = 1;

  private row(key: number): number {
    let r = this.index.get(key);
    if (r !== undefined) return r;
    r = this.rows++;
    if ((r + 1) * LABEL_COUNT > this.weights.length) {
      const grow = (a: Float64Array): Float64Array<ArrayBuffer> => {
        const b = new Float64Array(a.length * 2);
        b.set(a);
        return b;
      };
      this.weights = grow(this.weights);
      this.totals = grow(this.totals);
      this.stamps = grow(this.stamps);
    }
    this.index.set(key, r);
    return r;
  }

  private bump(key: number, label: number, delta: number): void {
    const i = this.row(key) * LABEL_COUNT + label;
    this.totals[i] = (this.totals[i] as number) + (this.step - (this.stamps[i] as number)) * (this.weights[i] as number);
    this.stamps[i] = this.step;
    this.weights[i] = (this.weights[i] as number) + delta;
  }

  update = (features: Int32Array, gold: number, guess: number): void => {
    for (let f = 0; f < FEATURES_PER_TOKEN; f++) {
      this.bump(features[f] as number, gold, 1);
      this.bump(features[f] as number, guess, -1);
    }
  };

  /** The averaged weights, rows whose largest |weight| is below `minWeight` dropped. */
  averaged(minWeight: number): { keys: Int32Array; weights: Float64Array } {
    const keys: number[] = [];
    const kept: number[] = [];
    for (const [key, r] of this.index) {
      let max = 0;
      const avg = new Float64Array(LABEL_COUNT);
      for (let k = 0; k < LABEL_COUNT; k++) {
        const i = r * LABEL_COUNT + k;
        const total = (this.totals[i] as number) + (this.step - (this.stamps[i] as number)) * (this.weights[i] as number);
        avg[k] = total / this.step;
        max = Math.max(max, Math.abs(avg[k] as number));
      }
      if (max < minWeight) continue;
      keys.push(key);
      kept.push(...avg);
    }
    // Sorted keys make the file byte-identical across runs.
    const order = keys.map((_, i) => i).sort((a, b) => (keys[a] as number) - (keys[b] as number));
    const outKeys = new Int32Array(order.length);
    const outWeights = new Float64Array(order.length * LABEL_COUNT);
    order.forEach((src, dst) => {
      outKeys[dst] = keys[src] as number;
      for (let k = 0; k < LABEL_COUNT; k++) outWeights[dst * LABEL_COUNT + k] = kept[src * LABEL_COUNT + k] as number;
    });
    return { keys: outKeys, weights: outWeights };
  }
}

/** Token accuracy and entity-token agreement, for progress output only. */
function tokenAccuracy(docs: TrainingDocument[], table: WeightTable): number {
  let right = 0;
  let all = 0;
  for (const d of docs) {
    const out = decode(d.prepared, table);
    out.forEach((ls, si) => {
      const g = d.gold[si] as Int8Array;
      for (let i = 0; i < ls.length; i++) {
        if ((g[i] as number) === 0 && (ls[i] as number) === 0) continue;
        all++;
        if (g[i] === ls[i]) right++;
      }
    });
  }
  return right / Math.max(1, all);
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      epochs: { type: 'string', default: '10' },
      'min-weight': { type: 'string', default: '1' },
      out: { type: 'string', default: MODEL_PATH },
    },
  });
  const epochs = Number(values.epochs);
  const minWeight = Number(values['min-weight']);
  const t0 = performance.now();
  const train = readConll(conllPath('train')).map(alignDocument);
  console.log(`train: ${train.length} documents prepared in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  const trainer = new Trainer();
  const random = prng(20030601);
  const order = train.map((_, i) => i);
  for (let epoch = 1; epoch <= epochs; epoch++) {
    for (let i = order.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [order[i], order[j]] = [order[j] as number, order[i] as number];
    }
    for (const di of order) {
      const d = train[di] as TrainingDocument;
      decode(d.prepared, trainer, d.gold, trainer.update);
      trainer.step++;
    }
    console.log(`epoch ${epoch}: ${trainer.index.size} feature rows, ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  }
  const { keys, weights } = trainer.averaged(minWeight);
  const bytes = encodeModel(keys, weights);
  writeFileSync(values.out, bytes);
  console.log(`wrote ${values.out}: ${keys.length} rows, ${(bytes.length / 1024 / 1024).toFixed(2)} MB`);
  const quantised = quantise(weights);
  const table: WeightTable = new PackedWeights(keys, quantised.values, quantised.scale);
  console.log(`train entity-token accuracy ${tokenAccuracy(train, table).toFixed(4)}`);
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href)
  main().catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
