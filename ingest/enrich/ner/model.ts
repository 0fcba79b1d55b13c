/** The shipped tagger model, loaded once on first use. */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { decodeModel } from './model-file.ts';
import type { WeightTable } from './tagger.ts';

export const MODEL_PATH = fileURLToPath(new URL('../model/ner-model.bin.gz', import.meta.url));

let model: WeightTable | undefined;

export function nerModel(): WeightTable {
  model ??= decodeModel(readFileSync(MODEL_PATH));
  return model;
}
