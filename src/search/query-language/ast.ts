/** The syntax tree of a query (see docs/query-language.md). */
import type { FacetName } from '../../facets.ts';

/** A word; `prefix` when written `word*`. */
export interface WordNode {
  type: 'word';
  text: string;
  prefix: boolean;
  /** Only the headline (`title:word`). */
  title: boolean;
}

/** `"a phrase"`: the words in this order; a quoted single word matches that exact word. */
export interface PhraseNode {
  type: 'phrase';
  text: string;
  title: boolean;
}

/** `country:Albania`, `person:"Edi Rama"`: a facet value, matched exactly. */
export interface FacetNode {
  type: 'facet';
  facet: FacetName;
  value: string;
}

export interface NotNode {
  type: 'not';
  child: QueryNode;
}

export interface AndNode {
  type: 'and';
  children: QueryNode[];
}

export interface OrNode {
  type: 'or';
  children: QueryNode[];
}

export type TextNode = WordNode | PhraseNode;
export type QueryNode = WordNode | PhraseNode | FacetNode | NotNode | AndNode | OrNode;
