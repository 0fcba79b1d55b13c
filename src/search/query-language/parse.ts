/**
 * The query language of `q` (grammar and examples: docs/query-language.md) → a syntax tree.
 * Pure. Binding, loosest first: AND (also implied between terms), OR, then `-`/NOT, so
 * `iran OR tehran cyber` is `(iran OR tehran) AND cyber`.
 *
 *   query   := and?
 *   and     := or ( "AND"? or )*
 *   or      := unary ( "OR" unary )*
 *   unary   := ( "-" | "NOT" ) unary | primary
 *   primary := "(" and ")" | field ":" ( word | phrase ) | phrase | word
 *   field   := "title" | a facet name (country, person, organization, topic, source, language)
 */
import { FACET_NAMES, type FacetName } from '../../facets.ts';
import { LedeError } from '../../errors.ts';
import type { QueryNode, TextNode } from './ast.ts';

/** Bad syntax in `q`: where (1-based character position) and what was expected there. */
export class QuerySyntaxError extends LedeError {
  override name = 'QuerySyntaxError';
  constructor(
    readonly position: number,
    readonly expected: string,
    found: string,
  ) {
    super('invalid_query_syntax', `Query syntax error at character ${position}: expected ${expected}, found ${found}.`, {
      details: { position, expected },
    });
  }
}

type Token =
  | { kind: 'word'; text: string; at: number }
  | { kind: 'phrase'; text: string; at: number }
  | { kind: 'field'; field: string; at: number }
  | { kind: '(' | ')' | '-' | 'OR' | 'AND' | 'NOT' | 'end'; at: number };

const KEYWORDS = new Set(['OR', 'AND', 'NOT']);
const FIELDS = new Set<string>(['title', ...FACET_NAMES]);
const BREAK = /[\s()"]/;

function describe(token: Token): string {
  switch (token.kind) {
    case 'end':
      return 'the end of the query';
    case 'word':
      return `"${token.text}"`;
    case 'phrase':
      return `the phrase "${token.text}"`;
    case 'field':
      return `"${token.field}:"`;
    default:
      return `"${token.kind}"`;
  }
}

function tokenize(q: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < q.length) {
    const c = q[i]!;
    if (/\s/.test(c)) {
      i++;
    } else if (c === '(' || c === ')') {
      tokens.push({ kind: c, at: i++ });
    } else if (c === '"') {
      const close = q.indexOf('"', i + 1);
      if (close === -1) throw new QuerySyntaxError(q.length + 1, `a closing " for the quote at character ${i + 1}`, 'the end of the query');
      tokens.push({
        kind: 'phrase',
        text: q
          .slice(i + 1, close)
          .replace(/\s+/g, ' ')
          .trim(),
        at: i,
      });
      i = close + 1;
    } else if (c === '-' && i + 1 < q.length && !/\s/.test(q[i + 1]!) && q[i + 1] !== ')') {
      tokens.push({ kind: '-', at: i++ });
    } else {
      const start = i;
      while (i < q.length && !BREAK.test(q[i]!)) i++;
      const run = q.slice(start, i);
      const colon = run.indexOf(':');
      if (colon > 0 && FIELDS.has(run.slice(0, colon))) {
        tokens.push({ kind: 'field', field: run.slice(0, colon), at: start });
        if (colon + 1 < run.length) tokens.push({ kind: 'word', text: run.slice(colon + 1), at: start + colon + 1 });
        else if (q[i] !== '"')
          throw new QuerySyntaxError(
            i + 1,
            `a word or a "quoted phrase" right after "${run}"`,
            i < q.length ? `"${q[i]}"` : 'the end of the query',
          );
      } else if (KEYWORDS.has(run)) {
        tokens.push({ kind: run as 'OR' | 'AND' | 'NOT', at: start });
      } else {
        tokens.push({ kind: 'word', text: run, at: start });
      }
    }
  }
  tokens.push({ kind: 'end', at: q.length });
  return tokens;
}

/** The syntax tree of `q`, or null when it holds no term. Throws QuerySyntaxError. */
export function parseQuery(q: string): QueryNode | null {
  const tokens = tokenize(q);
  let next = 0;
  const peek = () => tokens[next]!;
  const fail = (expected: string, token = peek()): never => {
    throw new QuerySyntaxError(token.at + 1, expected, describe(token));
  };
  const TERM = 'a word, a "quoted phrase", a field:value or "("';

  function parseAnd(): QueryNode {
    const children = [parseOr()];
    for (;;) {
      const token = peek();
      if (token.kind === 'end' || token.kind === ')') break;
      if (token.kind === 'AND') next++;
      children.push(parseOr());
    }
    return children.length === 1 ? children[0]! : { type: 'and', children };
  }

  function parseOr(): QueryNode {
    const children = [parseUnary()];
    while (peek().kind === 'OR') {
      next++;
      children.push(parseUnary());
    }
    return children.length === 1 ? children[0]! : { type: 'or', children };
  }

  function parseUnary(): QueryNode {
    const token = peek();
    if (token.kind === '-' || token.kind === 'NOT') {
      next++;
      return { type: 'not', child: parseUnary() };
    }
    return parsePrimary();
  }

  function text(token: Token, title: boolean): TextNode {
    if (token.kind === 'phrase') {
      if (token.text === '') fail('some words between the quotes', token);
      return { type: 'phrase', text: token.text, title };
    }
    const word = token as Extract<Token, { kind: 'word' }>;
    const prefix = word.text.length > 1 && word.text.endsWith('*');
    const bare = prefix ? word.text.slice(0, -1) : word.text;
    if (/^\*+$/.test(bare)) fail('a word before "*"', token);
    return { type: 'word', text: bare, prefix, title };
  }

  function parsePrimary(): QueryNode {
    const token = peek();
    switch (token.kind) {
      case '(': {
        next++;
        if (peek().kind === ')') fail(`${TERM} inside the parentheses`);
        const inner = parseAnd();
        if (peek().kind !== ')') fail(`")" to close the "(" at character ${token.at + 1}`);
        next++;
        return inner;
      }
      case 'word':
      case 'phrase':
        next++;
        return text(token, false);
      case 'field': {
        next++;
        const value = peek();
        if (value.kind !== 'word' && value.kind !== 'phrase') return fail(`a word or a "quoted phrase" after "${token.field}:"`);
        next++;
        if (token.field === 'title') return text(value, true);
        if (value.text === '') fail(`a value between the quotes after "${token.field}:"`, value);
        return { type: 'facet', facet: token.field as FacetName, value: value.text };
      }
      case ')':
        return fail(`${TERM} (this ")" closes nothing)`);
      default:
        return fail(TERM);
    }
  }

  if (peek().kind === 'end') return null;
  const tree = parseAnd();
  if (peek().kind !== 'end') fail(`${TERM} (this ")" closes nothing)`);
  return tree;
}
