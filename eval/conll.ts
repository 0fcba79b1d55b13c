/**
 * CoNLL-2003 reader: documents as gold tokens and IOB2 tags, and the plain-text article each one
 * becomes under the corpora README's rebuilding rule (headline line, blank line, one paragraph per
 * sentence, tokens joined by spaces with no space before `, . ; : ! ? % )` nor after `(`).
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

export interface ConllToken {
  text: string;
  tag: string;
  /** Offset of the token in the rebuilt article text. */
  start: number;
}

export interface ConllDocument {
  sentences: ConllToken[][];
  /** The rebuilt plain-text article. */
  text: string;
}

export interface ConllSpan {
  type: string;
  text: string;
  tokens: string[];
}

/** Where the shared corpora live: `../shared/corpora` beside the repository root. */
export const corporaDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../shared/corpora');

export function conllPath(split: 'train' | 'valid'): string {
  return path.join(corporaDir, 'conll2003-dev', `${split}.txt`);
}

const NO_SPACE_BEFORE = new Set([',', '.', ';', ':', '!', '?', '%', ')']);

/** Parses a CoNLL file into documents, rebuilding each one's text and token offsets. */
export function readConll(file: string): ConllDocument[] {
  const docs: ConllDocument[] = [];
  let sentences: ConllToken[][] = [];
  let sentence: ConllToken[] = [];
  const flushSentence = (): void => {
    if (sentence.length > 0) sentences.push(sentence);
    sentence = [];
  };
  const flushDoc = (): void => {
    flushSentence();
    if (sentences.length > 0) docs.push(rebuild(sentences));
    sentences = [];
  };
  for (const raw of readFileSync(file, 'utf8').split('\n')) {
    const line = raw.trim();
    if (line === '') {
      flushSentence();
      continue;
    }
    const parts = line.split(/\s+/);
    const text = parts[0] ?? '';
    if (text === '-DOCSTART-') {
      flushDoc();
      continue;
    }
    sentence.push({ text, tag: parts[parts.length - 1] ?? 'O', start: 0 });
  }
  flushDoc();
  return docs;
}

function rebuild(sentences: ConllToken[][]): ConllDocument {
  let text = '';
  sentences.forEach((sentence, i) => {
    if (i === 1) text += '\n\n';
    else if (i > 1) text += '\n\n';
    let prev = '';
    sentence.forEach((tok, j) => {
      if (j > 0 && !NO_SPACE_BEFORE.has(tok.text) && prev !== '(') text += ' ';
      tok.start = text.length;
      text += tok.text;
      prev = tok.text;
    });
  });
  return { sentences, text };
}

/** The gold entity spans of a document, in order. */
export function goldSpans(doc: ConllDocument): ConllSpan[] {
  const spans: ConllSpan[] = [];
  for (const sentence of doc.sentences) {
    let current: ConllSpan | undefined;
    for (const tok of sentence) {
      const [bio, type] = tok.tag.split('-') as [string, string | undefined];
      if (bio === 'B' || (bio === 'I' && (current === undefined || current.type !== type))) {
        current = { type: type ?? 'O', text: tok.text, tokens: [tok.text] };
        spans.push(current);
      } else if (bio === 'I' && current !== undefined) {
        current.tokens.push(tok.text);
        current.text += ` ${tok.text}`;
      } else {
        current = undefined;
      }
    }
  }
  return spans;
}

/** The article parts the enricher reads: the headline is the title, each sentence a paragraph. */
export function toEnrichInput(doc: ConllDocument): { title: string; standfirst: string; body: string } {
  const nl = doc.text.indexOf('\n\n');
  if (nl < 0) return { title: doc.text, standfirst: '', body: '' };
  return { title: doc.text.slice(0, nl), standfirst: '', body: doc.text.slice(nl + 2) };
}
