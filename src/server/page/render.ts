/** Assembles the page for a state: results, facets and timeline, or an error state. */
import type { SearchResult } from '../../search/result.ts';
import { html, type SafeHtml } from './html.ts';
import { facetPanels } from './facets.ts';
import { layout } from './layout.ts';
import { chips, errorState, resultList, summary } from './results.ts';
import type { PageState } from './state.ts';
import { timelineChart } from './timeline-chart.ts';

export type PageOutcome =
  | { result: SearchResult }
  /** `position`: where a syntax error in `q` is (1-based), to point at it. */
  | { error: { status: number; message: string; position?: number } };

export function renderPage(state: PageState, outcome: PageOutcome): SafeHtml {
  let main: SafeHtml;
  let facets: SafeHtml = html``;
  if ('error' in outcome) {
    main = html`${chips(state)}${errorState(outcome.error.message, outcome.error.status, outcome.error.position === undefined ? undefined : { q: state.q, position: outcome.error.position })}`;
  } else {
    const { result } = outcome;
    main = html`<h1 class="sr-only">Search results</h1>${chips(state)}${summary(state, result)}${timelineChart(state, result.timeline)}${resultList(state, result)}`;
    facets = facetPanels(state, result);
  }
  return layout({ state, main, facets });
}
