/**
 * Plain-text articles: line 1 is the headline; then paragraphs, separated by blank lines or
 * one per line (the seed mixes both). Lines of a block are joined only when the block looks
 * hard-wrapped (short lines that do not end sentences). The first paragraph after the headline
 * is the standfirst when more paragraphs follow it.
 */
import type { ParseResult, RawInput } from '../types.ts';

const SENTENCE_END = /[.!?:;"'”’»)\]]$/;
/** Lines longer than this are not the product of hard wrapping. */
const WRAP_WIDTH = 100;

/** Splits a block of lines into paragraphs: one per line, unless the block is hard-wrapped. */
function blockParagraphs(block: string): string[] {
  const lines = block
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean);
  if (lines.length <= 1) return lines;
  const onePerLine = lines.some((line) => line.length > WRAP_WIDTH) || lines.slice(0, -1).every((line) => SENTENCE_END.test(line));
  return onePerLine ? lines : [lines.join(' ')];
}

export function parseText(text: string, raw: RawInput): ParseResult {
  const lines = text
    .replace(/^\uFEFF/, '')
    .replace(/\r\n?/g, '\n')
    .split('\n');
  const start = lines.findIndex((line) => line.trim() !== '');
  if (start === -1) {
    return { articles: [], problems: [{ input: raw.input, code: 'empty-input', message: 'The file has no text.' }] };
  }
  const title = lines[start]!.trim();
  const paragraphs = lines
    .slice(start + 1)
    .join('\n')
    .split(/\n[ \t\u00A0]*\n/)
    .flatMap(blockParagraphs);
  const standfirst = paragraphs.length > 1 ? paragraphs.shift()! : '';
  return {
    articles: [{ article: { title, standfirst, body: paragraphs.join('\n\n'), url: raw.url } }],
    problems: [],
  };
}
