/**
 * The OpenAPI 3.1 document of the API, with the query parameters generated from the same zod
 * schemas that validate requests (params.ts).
 */
import { z } from 'zod';
import { FILTER_NAMES, articleIdSchema, facetNameSchema, facetValuesSchema, searchSchema, exportSchema, timelineSchema } from './params.ts';
import { MAX_VALUES_PER_FACET } from '../meili/settings.ts';

type JsonObject = Record<string, unknown>;

const REPEATABLE = new Set<string>([...FILTER_NAMES, 'facets']);

export function jsonSchema(schema: z.ZodType): JsonObject {
  const out = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as JsonObject;
  delete out['$schema'];
  return out;
}

/** Query parameters of an object schema, one per property. */
export function queryParameters(schema: z.ZodObject): JsonObject[] {
  return Object.entries(schema.shape).map(([name, field]) => {
    const full = jsonSchema(field as z.ZodType);
    const description = full['description'];
    delete full['description'];
    let param: JsonObject = { name, in: 'query', required: false, description, schema: full };
    if (REPEATABLE.has(name)) {
      // A repeatable parameter is an array in OpenAPI terms (`?country=A&country=B`).
      const anyOf = full['anyOf'] as JsonObject[] | undefined;
      const items = anyOf?.find((s) => s['type'] === 'array') ?? { type: 'array', items: { type: 'string' } };
      param = { ...param, style: 'form', explode: true, schema: items };
    }
    return param;
  });
}

export const error = {
  description: 'Error',
  content: {
    'application/json': {
      schema: { $ref: '#/components/schemas/Error' },
    },
  },
};

const facetCount = {
  type: 'object',
  properties: { value: { type: 'string' }, count: { type: 'integer' }, selected: { type: 'boolean' } },
  required: ['value', 'count', 'selected'],
};

const timeline = {
  type: 'object',
  properties: {
    interval: { type: 'string', enum: ['day', 'week', 'month'] },
    total: { type: 'integer' },
    undated: { type: 'integer', description: 'Matching articles without a date (in no bucket).' },
    buckets: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          period: { type: 'string', examples: ['2024-05', '2024-W18', '2024-05-01'] },
          from: { type: 'string', format: 'date' },
          to: { type: 'string', format: 'date' },
          count: { type: 'integer' },
        },
      },
    },
  },
};

const strings = { type: 'array', items: { type: 'string' } };
const hit = {
  type: 'object',
  properties: {
    id: { type: 'string' },
    url: { type: ['string', 'null'] },
    source: { type: 'string' },
    title: { type: 'string', description: 'Plain text.' },
    titleHtml: { type: 'string', description: 'HTML-escaped title with <mark> around matches.' },
    snippet: { type: 'string', description: 'Cropped passage, plain text.' },
    snippetHtml: { type: 'string', description: 'Cropped passage, HTML-escaped with <mark> around matches.' },
    authors: strings,
    publishedAt: { type: ['string', 'null'], format: 'date-time' },
    language: { type: 'string' },
    countries: strings,
    persons: strings,
    organizations: strings,
    topics: strings,
    cluster: { type: 'string' },
    duplicates: { type: 'integer', description: 'With collapse=true: other articles in the same cluster.' },
  },
};

const responses = (description: string, schema: JsonObject, type = 'application/json') => ({
  '200': { description, content: { [type]: { schema } } },
  '400': error,
  '429': error,
  '503': error,
});

/** Builds the document; `serverUrl` is where the API is reachable (e.g. http://localhost:3000). */
export function openApiDocument(serverUrl?: string): JsonObject {
  return {
    openapi: '3.1.0',
    info: {
      title: 'Lede search API',
      version: '1.0.0',
      description: 'Full-text news search. Errors are JSON `{"error":{"code","message"}}`; unknown parameters are rejected with 400.',
    },
    ...(serverUrl ? { servers: [{ url: serverUrl }] } : {}),
    paths: {
      '/api/search': {
        get: {
          summary: 'Search articles',
          parameters: queryParameters(searchSchema),
          responses: responses('Hits, facet counts (disjunctive) and totals', { $ref: '#/components/schemas/SearchResult' }),
        },
      },
      '/api/search.atom': {
        get: {
          summary: 'The same search as an Atom feed (newest first unless sort is given)',
          parameters: queryParameters(searchSchema),
          responses: responses('Atom 1.0 feed', { type: 'string' }, 'application/atom+xml'),
        },
      },
      '/api/export': {
        get: {
          summary: 'Every matching article (no 1,000 cap), streamed as a download: NDJSON, JSON or CSV',
          parameters: queryParameters(exportSchema),
          responses: {
            '200': {
              description:
                'The matching articles (whole documents in ndjson/json; id, publishedAt, source, title, url, countries, persons, organizations, topics in csv)',
              content: {
                'application/x-ndjson': { schema: { type: 'string' } },
                'application/json': { schema: { type: 'array', items: { $ref: '#/components/schemas/Article' } } },
                'text/csv': { schema: { type: 'string' } },
              },
            },
            '400': error,
            '429': error,
            '503': error,
          },
        },
      },
      '/api/facets/{facet}': {
        get: {
          summary: 'Search the values of one facet',
          parameters: [
            { name: 'facet', in: 'path', required: true, schema: jsonSchema(facetNameSchema) },
            ...queryParameters(facetValuesSchema),
          ],
          responses: responses('Matching facet values with counts', {
            type: 'object',
            properties: { facet: { type: 'string' }, values: { type: 'array', items: facetCount } },
          }),
        },
      },
      '/api/timeline': {
        get: {
          summary: 'Matching articles per day, week or month',
          parameters: queryParameters(timelineSchema),
          responses: responses('Timeline buckets', timeline),
        },
      },
      '/api/articles/{id}': {
        get: {
          summary: 'One article',
          parameters: [{ name: 'id', in: 'path', required: true, schema: jsonSchema(articleIdSchema) }],
          responses: { ...responses('The article', { $ref: '#/components/schemas/Article' }), '404': error },
        },
      },
      '/api/health': {
        get: {
          summary: 'Service and Meilisearch reachability',
          responses: {
            '200': { description: 'Healthy', content: { 'application/json': { schema: { $ref: '#/components/schemas/Health' } } } },
            '503': {
              description: 'Meilisearch unreachable',
              content: { 'application/json': { schema: { $ref: '#/components/schemas/Health' } } },
            },
          },
        },
      },
      '/api/openapi.json': { get: { summary: 'This document', responses: { '200': { description: 'OpenAPI 3.1' } } } },
    },
    components: {
      schemas: {
        Error: {
          type: 'object',
          properties: {
            error: {
              type: 'object',
              properties: {
                code: { type: 'string' },
                message: { type: 'string' },
                position: { type: 'integer', description: 'invalid_query_syntax: 1-based character position in q.' },
                expected: { type: 'string', description: 'invalid_query_syntax: what was expected at that position.' },
              },
              required: ['code', 'message'],
            },
          },
          required: ['error'],
        },
        Hit: hit,
        FacetCount: facetCount,
        SearchResult: {
          type: 'object',
          properties: {
            query: { type: 'string' },
            sort: { type: 'string' },
            page: { type: 'integer' },
            hitsPerPage: { type: 'integer' },
            totalHits: { type: 'integer' },
            totalPages: { type: 'integer' },
            processingTimeMs: { type: 'integer' },
            collapse: { type: 'boolean' },
            hits: { type: 'array', items: { $ref: '#/components/schemas/Hit' } },
            facets: {
              type: 'object',
              description: `Per requested facet, its ${MAX_VALUES_PER_FACET} most frequent values with their counts (selected values always included); /api/facets/{facet} finds any other value.`,
              additionalProperties: { type: 'array', items: { $ref: '#/components/schemas/FacetCount' } },
            },
          },
        },
        Article: {
          type: 'object',
          properties: {
            ...hit.properties,
            standfirst: { type: 'string' },
            body: { type: 'string' },
            publishedTs: { type: ['integer', 'null'] },
            modifiedAt: { type: ['string', 'null'] },
            countryCodes: strings,
          },
        },
        Health: {
          type: 'object',
          properties: {
            status: { type: 'string', enum: ['ok', 'unavailable'] },
            meilisearch: { type: 'string', enum: ['available', 'unreachable'] },
          },
        },
      },
    },
  };
}
