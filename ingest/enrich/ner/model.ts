/** The shipped tagger model, loaded once on first use. */
import { readFileSync } from 'node:fs';
import { projectFile } from '../../../src/project-files.ts';
import { decodeModel } from './model-file.ts';
import type { WeightTable } from './tagger.ts';

export const MODEL_PATH = projectFile('ingest', 'enrich', 'model', 'ner-model.bin.gz');

let model: WeightTable | undefined;

export function nerModel(): WeightTable {
  model ??= decodeModel(readFileSync(MODEL_PATH));
  return model;
}
