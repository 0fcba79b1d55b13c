/**
 * Property-based fuzzing (fast-check) of the query language: whatever a user types in `q`, the
 * parser returns a tree or a syntax error (a LedeError with its position, never anything else, so
 * never a 500), and every facet value that reaches a Meilisearch filter is one quoted, escaped
 * string: a value can never close its quotes and add filter syntax of its own.
 * Same seed and run count knobs as parsers.test.ts (fuzz-params.ts: LEDE_FUZZ_RUNS, LEDE_FUZZ_SEED).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LedeError } from '../../src/errors.ts';
import { FACET_FIELDS, FACET_NAMES } from '../../src/facets.ts';
import { compileQuery } from '../../src/search/query-language/compile.ts';
import { formatQuery } from '../../src/search/query-language/format.ts';
import { parseQuery } from '../../src/search/query-language/parse.ts';
import { fuzzParams, fuzzRuns } from './fuzz-params.ts';

const RUNS = fuzzRuns(300);
const PARAMS = fuzzParams(RUNS);

/** Strings made of the language's own pieces, so that the fuzzer reaches deep into the grammar. */
const piece = fc.oneof(
  fc.constantFrom('(', ')', '"', '-', '*', ':', 'OR', 'AND', 'NOT', 'title:', 'country:', 'person:', ' ', '\\', "'"),
  fc.string({ maxLength: 6 }),
  fc.string({ unit: 'grapheme', maxLength: 4 }),
);
const queryText = fc.array(piece, { maxLength: 14 }).map((parts) => parts.join(' '));

/** What the compiled filter for `field = <value>` must look like: the value quoted, `"` and `\` escaped. */
function escaped(value: string): string {
  return `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

describe('query language (fuzzed)', () => {
  it('parses and compiles any text or throws a syntax error with a position, nothing else', () => {
    fc.assert(
      fc.property(queryText, (q) => {
        try {
          compileQuery(parseQuery(q));
        } catch (error) {
          expect(error).toBeInstanceOf(LedeError);
          const e = error as LedeError;
          expect(['invalid_query_syntax', 'query_too_complex', 'unsupported_query']).toContain(e.code);
          if (e.code === 'invalid_query_syntax') expect(typeof e.details?.['position']).toBe('number');
        }
      }),
      PARAMS,
    );
  });

  it('round-trips: the text of a parsed query parses to the same tree', () => {
    fc.assert(
      fc.property(queryText, (q) => {
        let tree: ReturnType<typeof parseQuery>;
        try {
          tree = parseQuery(q);
        } catch {
          return;
        }
        expect(parseQuery(formatQuery(tree))).toEqual(tree);
      }),
      PARAMS,
    );
  });

  it('puts every facet value into the filter as one escaped string', () => {
    fc.assert(
      fc.property(fc.constantFrom(...FACET_NAMES), fc.string({ minLength: 1, maxLength: 30 }), (facet, value) => {
        // The user writes the value as a phrase; a value that cannot be written as one is out of scope.
        fc.pre(!value.includes('"') && value.trim() !== '');
        const branches = compileQuery(parseQuery(`${facet}:"${value}"`));
        const filters = branches.flatMap((b) => b.filter);
        expect(filters).toHaveLength(1);
        const parsed = parseQuery(`${facet}:"${value}"`);
        const kept = parsed?.type === 'facet' ? parsed.value : '';
        expect(filters[0]).toBe(`${FACET_FIELDS[facet]} = ${escaped(kept)}`);
      }),
      PARAMS,
    );
  });

  it('escapes quotes and backslashes of values written without quotes', () => {
    fc.assert(
      fc.property(fc.constantFrom(...FACET_NAMES), fc.stringMatching(/^[A-Za-z\\'’.&-]{1,12}$/), (facet, value) => {
        let branches: ReturnType<typeof compileQuery>;
        try {
          branches = compileQuery(parseQuery(`${facet}:${value}`));
        } catch (error) {
          expect(error).toBeInstanceOf(LedeError);
          return;
        }
        for (const filter of branches.flatMap((b) => b.filter)) {
          // Outside the quoted value there is only the field and the operator.
          expect(filter.startsWith(`${FACET_FIELDS[facet]} = "`)).toBe(true);
          expect(filter.endsWith('"')).toBe(true);
          const inner = filter.slice(`${FACET_FIELDS[facet]} = "`.length, -1);
          expect(inner.replace(/\\\\|\\"/g, '')).not.toMatch(/["\\]/);
        }
      }),
      PARAMS,
    );
  });
});
