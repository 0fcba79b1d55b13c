/**
 * A query's syntax tree → what Meilisearch can run: a union of branches, each one Meilisearch
 * query string (words that must all match, phrases, -exclusions, at most one prefix word, which
 * goes last) plus filter expressions for the facet terms, and, when `title:` terms are mixed with
 * other words, the headline-only searches that restrict it. Pure.
 *
 * Meilisearch has no OR between words, so the tree is brought to disjunctive normal form over
 * its text terms (NOT pushed down to the terms, AND distributed over OR); parts without text
 * (facet terms under any AND/OR/NOT) stay one filter expression, so `(country:A OR country:B)`
 * costs no branch. Every facet value reaches the filter quoted and escaped.
 */
import { FACET_FIELDS } from '../../facets.ts';
import { LedeError } from '../../errors.ts';
import { quote } from '../filters.ts';
import type { QueryNode, TextNode } from './ast.ts';

/** One Meilisearch search of a query's union. */
export interface QueryBranch {
  /** Meilisearch query string: words, "phrases", -exclusions; empty matches every document. */
  q: string;
  /** Filter expressions ANDed to the request's filters. */
  filter: string[];
  /** Search the headline only (every text term of the branch is `title:`). */
  titleOnly: boolean;
  /**
   * When `title:` terms are mixed with words searched everywhere: headline-only searches whose
   * matches the branch is restricted to (`exclude`: whose matches it excludes). Meilisearch
   * scopes a whole query to attributes, not one word, so these run first and become id filters.
   */
  restrictions: TitleRestriction[];
}

export interface TitleRestriction {
  /** Meilisearch query string, searched in the headline only. */
  q: string;
  exclude: boolean;
}

/** Most branches a query may expand to (each is a Meilisearch query per planned search). */
export const MAX_BRANCHES = 8;

interface Conjunction {
  positive: TextNode[];
  negative: TextNode[];
  filter: string[];
}

const hasText = (node: QueryNode): boolean =>
  node.type === 'word' ||
  node.type === 'phrase' ||
  (node.type === 'not' ? hasText(node.child) : node.type === 'and' || node.type === 'or' ? node.children.some(hasText) : false);

/** A tree without text terms as one filter expression. */
function filterOf(node: QueryNode): string {
  switch (node.type) {
    case 'facet':
      return `${FACET_FIELDS[node.facet]} = ${quote(node.value)}`;
    case 'not':
      return `NOT (${filterOf(node.child)})`;
    case 'and':
    case 'or':
      return node.children.map((child) => `(${filterOf(child)})`).join(` ${node.type.toUpperCase()} `);
    default:
      throw new TypeError(`a ${node.type} term has no filter form`);
  }
}

function tooComplex(): never {
  throw new LedeError(
    'query_too_complex',
    `The query expands to more than ${MAX_BRANCHES} alternative searches; use fewer OR alternatives between words (OR between facet terms such as country:A OR country:B is free).`,
  );
}

/** Disjunctive normal form of `node` (negated when `negated`), over its text terms. */
function dnf(node: QueryNode, negated: boolean): Conjunction[] {
  if (!hasText(node)) {
    const expression = filterOf(node);
    return [{ positive: [], negative: [], filter: [negated ? `NOT (${expression})` : expression] }];
  }
  switch (node.type) {
    case 'word':
    case 'phrase':
      return [negated ? { positive: [], negative: [node], filter: [] } : { positive: [node], negative: [], filter: [] }];
    case 'not':
      return dnf(node.child, !negated);
    case 'and':
    case 'or': {
      const parts = node.children.map((child) => dnf(child, negated));
      if ((node.type === 'or') !== negated) {
        const union = parts.flat();
        return union.length > MAX_BRANCHES ? tooComplex() : union;
      }
      let product: Conjunction[] = [{ positive: [], negative: [], filter: [] }];
      for (const part of parts) {
        if (product.length * part.length > MAX_BRANCHES) tooComplex();
        product = product.flatMap((left) =>
          part.map((right) => ({
            positive: [...left.positive, ...right.positive],
            negative: [...left.negative, ...right.negative],
            filter: [...left.filter, ...right.filter],
          })),
        );
      }
      return product;
    }
    default:
      throw new TypeError('unreachable');
  }
}

/** A term as Meilisearch query syntax: a phrase in quotes (its own quotes cannot occur), a word as is. */
const termText = (term: TextNode) => (term.type === 'phrase' ? `"${term.text}"` : term.text);

/** Meilisearch query syntax for positive and negative terms; the prefix word, if any, last. */
function queryString(positive: readonly TextNode[], negative: readonly TextNode[]): string {
  const prefixes = positive.filter((t) => t.type === 'word' && t.prefix);
  const plain = positive.filter((t) => !(t.type === 'word' && t.prefix));
  return [...plain.map(termText), ...negative.map((t) => `-${termText(t)}`), ...prefixes.map(termText)].join(' ');
}

function toBranch(conjunction: Conjunction): QueryBranch {
  const { positive, negative, filter } = conjunction;
  if (negative.some((t) => t.type === 'word' && t.prefix)) {
    throw new LedeError('unsupported_query', 'An excluded word cannot be a prefix*: exclusions match whole words.');
  }
  if (positive.filter((t) => t.type === 'word' && t.prefix).length > 1) {
    throw new LedeError(
      'unsupported_query',
      'Only one prefix* word per AND group is supported (Meilisearch matches a prefix on one word of a query).',
    );
  }
  const terms = [...positive, ...negative];
  const titled = terms.filter((t) => t.title).length;
  if (titled === 0 || titled === terms.length)
    return { q: queryString(positive, negative), filter, titleOnly: titled > 0, restrictions: [] };

  // Mixed: the words searched everywhere (with the positive title terms, which also match there
  // and so rank and highlight), restricted to the headline matches of the title terms.
  const titlePositive = positive.filter((t) => t.title);
  const titleNegative = negative.filter((t) => t.title);
  const restrictions: TitleRestriction[] = titlePositive.length
    ? [{ q: queryString(titlePositive, titleNegative), exclude: false }]
    : titleNegative.map((t) => ({ q: queryString([t], []), exclude: true }));
  return {
    q: queryString(
      positive,
      negative.filter((t) => !t.title),
    ),
    filter,
    titleOnly: false,
    restrictions,
  };
}

/** The branches of a query (one for a query without OR between text), or one empty branch for no query. */
export function compileQuery(tree: QueryNode | null): QueryBranch[] {
  if (!tree) return [{ q: '', filter: [], titleOnly: false, restrictions: [] }];
  const seen = new Set<string>();
  const branches: QueryBranch[] = [];
  for (const conjunction of dnf(tree, false)) {
    const branch = toBranch(conjunction);
    const key = JSON.stringify(branch);
    if (!seen.has(key)) {
      seen.add(key);
      branches.push(branch);
    }
  }
  return branches;
}
