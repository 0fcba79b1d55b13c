/** Articles written for the API tests (no corpus text): a small world with known facets and dates. */
import type { Article } from '../../src/article.ts';
import { makeArticle } from './api-helpers.ts';

export const INJECTION_VALUE = 'Albania" OR countries = "Iran';
export const BACKSLASH_VALUE = 'Back\\slash "Quoted" Org';

export function testArticles(): Article[] {
  return [
    makeArticle({
      id: 'cyber-visit',
      title: 'Israeli cyber chief hosts the prime minister of Albania after Iranian attacks',
      standfirst: 'The two countries plan closer cooperation on protecting critical infrastructure.',
      body: 'Officials in Tel Aviv showed the visiting delegation how national cyber defence is organised.\n\nThe prime minister of Albania said his government wanted to learn from the model.',
      source: 'Harbour Gazette',
      authors: ['Mira Stone'],
      publishedAt: '2022-11-14T09:00:00Z',
      countries: ['Albania', 'Israel', 'Iran'],
      countryCodes: ['AL', 'IL', 'IR'],
      persons: ['Edi Rama', 'Gaby Portnoy'],
      organizations: ['Israel National Cyber Directorate'],
      topics: ['politics', 'science and technology'],
    }),
    makeArticle({
      id: 'ties-cut',
      title: 'Albania cuts diplomatic ties with Iran over hacking',
      body: 'Tirana expelled embassy staff after investigators traced the cyber intrusion.',
      source: 'Tirana Ledger',
      publishedAt: '2022-09-07T12:00:00Z',
      countries: ['Albania', 'Iran'],
      countryCodes: ['AL', 'IR'],
      persons: ['Edi Rama'],
      topics: ['politics'],
    }),
    makeArticle({
      id: 'denial',
      title: 'Tehran denies role in hacking campaign',
      body: 'A spokesman rejected the accusations as baseless and political.',
      source: 'Gulf Wire',
      publishedAt: '2022-09-08T08:00:00Z',
      countries: ['Iran'],
      countryCodes: ['IR'],
      topics: ['politics'],
    }),
    makeArticle({
      id: 'cyber-week',
      title: 'Cyber week conference opens in Tel Aviv',
      body: 'Thousands of engineers attended talks about network defence and cyber insurance.',
      source: 'Harbour Gazette',
      publishedAt: '2022-06-27T10:00:00Z',
      countries: ['Israel'],
      countryCodes: ['IL'],
      persons: ['Yair Lapid'],
      topics: ['science and technology'],
    }),
    makeArticle({
      id: 'injection-literal',
      title: 'A record with a strange country value',
      body: 'This document exists to test that filter values are taken literally.',
      publishedAt: '2023-01-10T10:00:00Z',
      countries: [INJECTION_VALUE],
    }),
    makeArticle({
      id: 'backslash-literal',
      title: 'A record with a backslash organization',
      body: 'Another literal filter value test document.',
      publishedAt: '2023-01-11T10:00:00Z',
      organizations: [BACKSLASH_VALUE],
    }),
    makeArticle({
      id: 'xss',
      title: '<script>alert("t")</script> Phishing warning <img src=x onerror=alert(1)>',
      standfirst: 'Banks warn about <b>phishing</b> mails & fake <a href="javascript:alert(2)">links</a>.',
      body: 'Never type your password into a page reached from a phishing mail.',
      url: 'javascript:alert(3)',
      source: '<i>Evil</i> Source',
      authors: ['<svg onload=alert(4)>'],
      publishedAt: '2023-02-01T10:00:00Z',
      persons: ['<img src=y onerror=alert(5)>'],
    }),
    makeArticle({
      id: 'phrase-yes',
      title: 'Budget talks continue',
      body: 'The finance minister met the prime minister of the coalition on Tuesday.',
      publishedAt: '2023-03-01T10:00:00Z',
    }),
    makeArticle({
      id: 'phrase-no',
      title: 'Budget debate drags on',
      body: 'A minister said the prime concern was the deficit.',
      publishedAt: '2023-03-02T10:00:00Z',
    }),
    makeArticle({
      id: 'sport-cyber',
      title: 'Football club hit by cyber fraud',
      body: 'The football club lost ticket revenue to a cyber fraud ring.',
      publishedAt: '2023-04-01T10:00:00Z',
      topics: ['sport'],
    }),
    ...['North Wire', 'South Wire', 'East Wire'].map((source, i) =>
      makeArticle({
        id: `wire-copy-${i}`,
        title: 'Glacier museum opens on mountain pass',
        body: 'A museum about glaciers opened high on the mountain pass this week, with exhibits on melting ice.',
        source,
        url: `https://${source.toLowerCase().replace(' ', '')}.example/glacier-museum`,
        publishedAt: `2023-05-0${i + 1}T10:00:00Z`,
        cluster: 'cluster-glacier',
        countries: ['Switzerland'],
        countryCodes: ['CH'],
      }),
    ),
    makeArticle({
      id: 'undated',
      title: 'An undated glacier note',
      body: 'Glaciers again, without any date.',
      publishedAt: null,
    }),
  ];
}
