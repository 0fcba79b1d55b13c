/** Plain text in, typed entity spans out: tokenizer → features → tagger. */
import { prepareDocument } from './features.ts';
import type { PreparedDocument } from './features.ts';
import { ENTITY_TYPES, isInside, typeOf } from './labels.ts';
import type { EntityType } from './labels.ts';
import { nerModel } from './model.ts';
import { decode } from './tagger.ts';
import type { WeightTable } from './tagger.ts';
import { tokenizeText } from './tokenize.ts';
import type { Sentence } from './tokenize.ts';

export interface EntitySpan {
  type: EntityType;
  /** Token index range [from, to) in the sentence. */
  sentence: number;
  from: number;
  to: number;
  /** The surface text as written. */
  text: string;
  /** The tokens as the tagger read them (headline words re-cased from the body when possible). */
  forms: string[];
  /** Whether the span sits in an upper-case sentence. */
  caps: boolean;
}

export interface TaggedText {
  sentences: Sentence[];
  prepared: PreparedDocument;
  labels: Int8Array[];
  spans: EntitySpan[];
}

/** Spans from one sentence's labels. */
export function spansOf(doc: PreparedDocument, labels: Int8Array[], text: string): EntitySpan[] {
  const spans: EntitySpan[] = [];
  doc.sentences.forEach((ps, si) => {
    const tokens = ps.sentence.tokens;
    const ls = labels[si] as Int8Array;
    let i = 0;
    while (i < ls.length) {
      const l = ls[i] as number;
      if (l === 0) {
        i++;
        continue;
      }
      const t = typeOf(l);
      let j = i + 1;
      while (j < ls.length && isInside(ls[j] as number) && typeOf(ls[j] as number) === t) j++;
      const first = tokens[i];
      const last = tokens[j - 1];
      if (first !== undefined && last !== undefined) {
        spans.push({
          type: ENTITY_TYPES[t - 1] as EntityType,
          sentence: si,
          from: i,
          to: j,
          text: text.slice(first.start, last.end),
          forms: ps.forms.slice(i, j),
          caps: ps.sentence.caps,
        });
      }
      i = j;
    }
  });
  return spans;
}

/** Tags a text whose paragraphs are separated by line breaks. */
export function tagText(text: string, table: WeightTable = nerModel()): TaggedText {
  const sentences = tokenizeText(text);
  const prepared = prepareDocument(sentences);
  const labels = decode(prepared, table);
  return { sentences, prepared, labels, spans: spansOf(prepared, labels, text) };
}
