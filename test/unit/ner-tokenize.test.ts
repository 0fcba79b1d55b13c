import { describe, expect, it } from 'vitest';
import { tokenizeText } from '../../ingest/enrich/ner/tokenize.ts';

const words = (text: string): string[][] => tokenizeText(text).map((s) => s.tokens.map((t) => t.text));

describe('tokenizeText', () => {
  it('splits punctuation, possessives and negations off words', () => {
    expect(words('The minister\'s plan, he said, "won\'t work".')).toEqual([
      ['The', 'minister', "'s", 'plan', ',', 'he', 'said', ',', '"', 'wo', "n't", 'work', '"', '.'],
    ]);
  });

  it('keeps abbreviations, initials and hyphenated names whole', () => {
    expect(words('Mr. J. van der Berg met al-Hassan in the U.S. on 1999-03-04')).toEqual([
      ['Mr.', 'J.', 'van', 'der', 'Berg', 'met', 'al-Hassan', 'in', 'the', 'U.S.', 'on', '1999-03-04'],
    ]);
  });

  it('splits sentences at a full stop followed by a capital, not after an abbreviation', () => {
    const s = tokenizeText('Dr. Smith arrived. She spoke briefly.\nA second paragraph');
    expect(s.map((x) => x.tokens.map((t) => t.text).join(' '))).toEqual([
      'Dr. Smith arrived .',
      'She spoke briefly .',
      'A second paragraph',
    ]);
  });

  it('flags upper-case headlines and keeps offsets into the text', () => {
    const text = 'RAIN STOPS PLAY IN OSLO\n\nRain stopped play.';
    const [headline, body] = tokenizeText(text);
    expect(headline?.caps).toBe(true);
    expect(body?.caps).toBe(false);
    const oslo = headline?.tokens[4];
    expect(oslo && text.slice(oslo.start, oslo.end)).toBe('OSLO');
  });
});

describe('Title Case headlines', () => {
  const capsOf = (text: string) => tokenizeText(text).map((s) => s.caps);

  it('are read like all-caps lines: their capitals say nothing', () => {
    expect(capsOf('Harbour Authority Says There Are Too Many Boats In The Bay')).toEqual([true]);
  });

  it('are told from lists of names and from scorecards', () => {
    expect(capsOf('Present were Anna Berg, Tomas Lind and Erik Sand.')).toEqual([false]);
    expect(capsOf('Kent 195, Surrey 429-7 (Carl Lewis 80, The Oval).')).toEqual([false]);
  });
});
