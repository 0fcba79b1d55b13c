import { describe, expect, it } from 'vitest';
import { mergeFollowed } from '../../ingest/sources/follow.ts';

const feedItem = {
  title: 'Harbour wall repaired',
  url: 'https://gazette.example/wall?utm_source=rss',
  body: 'The harbour wall is whole again.',
  authors: ['Mara Quill'],
  publishedAt: 'Tue, 05 Nov 2024 09:30:00 +0000',
  dateSource: 'feed' as const,
  source: 'The Harbour Gazette',
  language: 'en',
};
const longBody = 'Masons finished the last course of stone on Monday. '.repeat(20).trim();

describe('mergeFollowed', () => {
  it('takes the page body and canonical URL, and keeps the feed title, date and authors the page lacks', () => {
    const merged = mergeFollowed(
      feedItem,
      { url: 'https://gazette.example/wall', body: longBody, title: '' },
      'https://gazette.example/wall?x=1',
    );
    expect(merged).toMatchObject({
      url: 'https://gazette.example/wall',
      title: 'Harbour wall repaired',
      body: longBody,
      standfirst: 'The harbour wall is whole again.',
      authors: ['Mara Quill'],
      publishedAt: 'Tue, 05 Nov 2024 09:30:00 +0000',
      dateSource: 'feed',
      source: 'The Harbour Gazette',
    });
  });

  it('lets the page win where it has metadata, except a date only guessed from the URL', () => {
    const merged = mergeFollowed(feedItem, {
      title: 'Harbour wall repaired after storm',
      body: longBody,
      authors: ['Ines Okafor'],
      publishedAt: '2024-11-05',
      dateSource: 'url',
      source: 'Gazette',
    });
    expect(merged).toMatchObject({
      title: 'Harbour wall repaired after storm',
      authors: ['Ines Okafor'],
      source: 'Gazette',
      dateSource: 'feed',
    });
    const dated = mergeFollowed(feedItem, { body: longBody, publishedAt: '2024-11-05T08:00:00Z', dateSource: 'json-ld' });
    expect(dated).toMatchObject({ publishedAt: '2024-11-05T08:00:00Z', dateSource: 'json-ld' });
  });

  it('keeps the feed body when the page yields less (a paywall, a failed extraction)', () => {
    const merged = mergeFollowed({ ...feedItem, body: longBody }, { body: 'Subscribe to read.' });
    expect(merged.body).toBe(longBody);
  });
});
