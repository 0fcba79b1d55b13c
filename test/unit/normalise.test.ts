import { describe, expect, it } from 'vitest';
import { periodsOf } from '../../src/article.ts';
import { normaliseArticle } from '../../ingest/normalise/article.ts';
import { clusterId } from '../../ingest/normalise/cluster.ts';
import { normaliseDate } from '../../ingest/normalise/dates.ts';
import { detectLanguage, languageFromTag } from '../../ingest/normalise/language.ts';
import { normaliseBody, normaliseInline } from '../../ingest/normalise/text.ts';

const NOW = new Date('2026-11-25T12:00:00Z');

describe('dates', () => {
  it('turns ISO, offset and RFC 2822 dates into UTC', () => {
    expect(normaliseDate('2024-05-01T10:00:00+02:00', NOW)?.iso).toBe('2024-05-01T08:00:00Z');
    expect(normaliseDate('Wed, 01 May 2024 10:00:00 GMT', NOW)?.iso).toBe('2024-05-01T10:00:00Z');
    expect(normaliseDate('2024-05-01', NOW)).toEqual({ iso: '2024-05-01T00:00:00Z', ts: 1714521600 });
  });

  it('refuses impossible, ancient and future dates rather than guessing', () => {
    expect(normaliseDate('2023-02-30', NOW)).toBeNull();
    expect(normaliseDate('1066-10-14', NOW)).toBeNull();
    expect(normaliseDate('2999-01-01', NOW)).toBeNull();
    expect(normaliseDate('next Tuesday', NOW)).toBeNull();
  });

  it('gives the UTC day, ISO week and month of a timestamp', () => {
    expect(periodsOf(Date.UTC(2021, 0, 3) / 1000)).toEqual({ day: '2021-01-03', week: '2020-W53', month: '2021-01' });
    expect(periodsOf(Date.UTC(2024, 4, 1) / 1000)).toEqual({ day: '2024-05-01', week: '2024-W18', month: '2024-05' });
  });
});

describe('text', () => {
  it('applies NFC, drops soft hyphens and zero-width characters, keeps quotes and dashes', () => {
    expect(normaliseInline('Cafe\u0301  \u00ADco\u200Bop \u201Cquoted\u201D \u2014 dash')).toBe(
      'Caf\u00E9 coop \u201Cquoted\u201D \u2014 dash',
    );
    expect(normaliseBody('One\n line.\n\n\n  Two.  ')).toBe('One line.\n\nTwo.');
  });
});

describe('language', () => {
  it('reads declared tags and detects undeclared text', () => {
    expect(languageFromTag('en-GB')).toBe('en');
    expect(languageFromTag('fra')).toBe('fr');
    expect(languageFromTag('not a tag')).toBeUndefined();
    expect(detectLanguage('The minister said on Tuesday that the new budget would be presented to the parliament in the spring.')).toBe(
      'en',
    );
    expect(detectLanguage('Le ministre a déclaré mardi que le nouveau budget serait présenté au parlement au printemps prochain.')).toBe(
      'fr',
    );
    expect(detectLanguage('Kurz.')).toBe('und');
  });
});

describe('near-duplicate clusters', () => {
  const body = Array.from({ length: 12 }, (_, i) => `Sentence number ${i} tells part of the story about the harbour strike.`).join(' ');
  it('gives syndicated copies with another headline the same cluster, and other stories another', () => {
    expect(clusterId('Dockers strike', body)).toBe(clusterId('Port workers walk out', body));
    expect(clusterId('Dockers strike', body)).not.toBe(clusterId('Dockers strike', body.replaceAll('harbour strike', 'budget vote')));
  });
});

describe('article normalisation', () => {
  it('builds the stored fields, undated when the date is impossible (with a warning)', () => {
    const { article, warnings } = normaliseArticle(
      { title: ' A  title ', body: 'Body text here.', publishedAt: '2023-02-30', url: 'https://example.org/a#top' },
      'in.json',
      NOW,
    );
    expect(article).toMatchObject({
      title: 'A title',
      url: 'https://example.org/a',
      source: 'example.org',
      publishedAt: null,
      publishedTs: null,
      dateSource: 'none',
    });
    expect(warnings.map((w) => w.code)).toEqual(['invalid-date']);
  });

  it('keeps the id stable for the same canonical URL', () => {
    const a = normaliseArticle({ title: 'T', body: 'One.', url: 'https://example.org/a' }, 'x', NOW).article;
    const b = normaliseArticle({ title: 'T2', body: 'Two.', url: 'https://example.org/a#comments' }, 'y', NOW).article;
    expect(a.id).toBe(b.id);
    expect(a.id).toMatch(/^[a-f0-9]{20}$/);
  });

  it('refuses an article of whitespace only', () => {
    expect(() => normaliseArticle({ title: 'T', body: ' \n\t ' }, 'x', NOW)).toThrow(
      expect.objectContaining({ name: 'LedeError', code: 'empty-article' }),
    );
  });
});
