/**
 * The OpenAPI part of saved searches, entities, compared timelines and batch search, from the
 * same zod schemas that validate them; search/openapi.ts merges it into the document, passing
 * its own helpers in.
 */
import type { z } from 'zod';
import { savedQuerySchema, savedSearchMetaSchema } from '../saved/schema.ts';
import { batchFiltersSchema, MAX_BATCH_QUERIES } from './batch.ts';
import { compareSchema } from './compare.ts';
import { ENTITY_FACETS, entitySchema } from './entities.ts';

type JsonObject = Record<string, unknown>;

export interface OpenApiHelpers {
  jsonSchema(schema: z.ZodType): JsonObject;
  queryParameters(schema: z.ZodObject): JsonObject[];
  /** The response of an error (JSON `{error: {code, message}}`). */
  error: JsonObject;
}

const strings = { type: 'array', items: { type: 'string' } };
const bearer = [{ adminToken: [] }];
const json = (schema: JsonObject) => ({ content: { 'application/json': { schema } } });

export function storyOpenApi({ jsonSchema, queryParameters, error }: OpenApiHelpers) {
  const savedBody = {
    type: 'object',
    required: ['name'],
    properties: {
      ...(jsonSchema(savedSearchMetaSchema)['properties'] as JsonObject),
      ...(jsonSchema(savedQuerySchema)['properties'] as JsonObject),
    },
    additionalProperties: false,
  };
  const savedSearch = {
    type: 'object',
    properties: {
      id: { type: 'string' },
      name: { type: 'string' },
      webhook: { type: ['string', 'null'] },
      hasSecret: { type: 'boolean' },
      createdAt: { type: 'string', format: 'date-time' },
      updatedAt: { type: 'string', format: 'date-time' },
      checkpoint: { type: 'string', format: 'date-time', description: 'Articles indexed up to here have been checked for alerts.' },
      delivery: { type: 'object', properties: { state: { type: 'string', enum: ['ok', 'retrying', 'none'] } } },
    },
    additionalProperties: { description: 'The search parameters (q, filters, from, to) as given.' },
  };
  const idParam = { name: 'id', in: 'path', required: true, schema: { type: 'string', pattern: '^[a-f0-9]{16}$' } };
  const guarded = (extra: JsonObject) => ({ security: bearer, ...extra });
  const errors = { '400': error, '401': error, '404': error, '503': error };
  const related = {
    type: 'array',
    items: {
      type: 'object',
      properties: {
        value: { type: 'string' },
        count: { type: 'integer', description: 'Articles of the entity with the value.' },
        archiveCount: { type: 'integer', description: 'Articles of the archive with the value.' },
        lift: { type: 'number' },
        score: { type: 'number', description: 'Normalised PMI in [-1, 1]: the ranking key.' },
      },
    },
  };
  return {
    /** Parameters added to GET /api/timeline. */
    timelineParameters: queryParameters(compareSchema).filter((p) => p['name'] === 'compare' || p['name'] === 'normalize'),
    securitySchemes: {
      adminToken: { type: 'http', scheme: 'bearer', description: 'LEDE_ADMIN_TOKEN, or the admin-token file in the data dir.' },
    },
    schemas: { SavedSearch: savedSearch, SavedSearchBody: savedBody },
    paths: {
      '/api/saved-searches': {
        post: guarded({
          summary: 'Save a search (optionally with a webhook for alerts)',
          requestBody: { required: true, ...json({ $ref: '#/components/schemas/SavedSearchBody' }) },
          responses: { '201': { description: 'Saved', ...json({ $ref: '#/components/schemas/SavedSearch' }) }, ...errors },
        }),
        get: guarded({
          summary: 'List saved searches',
          responses: {
            '200': {
              description: 'Saved searches',
              ...json({
                type: 'object',
                properties: { savedSearches: { type: 'array', items: { $ref: '#/components/schemas/SavedSearch' } } },
              }),
            },
            ...errors,
          },
        }),
      },
      '/api/saved-searches/{id}': {
        get: guarded({
          summary: 'One saved search',
          parameters: [idParam],
          responses: { '200': { description: 'The saved search', ...json({ $ref: '#/components/schemas/SavedSearch' }) }, ...errors },
        }),
        put: guarded({
          summary: 'Replace a saved search',
          parameters: [idParam],
          requestBody: { required: true, ...json({ $ref: '#/components/schemas/SavedSearchBody' }) },
          responses: { '200': { description: 'Replaced', ...json({ $ref: '#/components/schemas/SavedSearch' }) }, ...errors },
        }),
        delete: guarded({
          summary: 'Delete a saved search and its delivery records',
          parameters: [idParam],
          responses: { '204': { description: 'Deleted' }, ...errors },
        }),
      },
      '/api/saved-searches/{id}/feed.atom': {
        get: {
          summary: 'Latest matches of a saved search as Atom (no token needed)',
          parameters: [idParam],
          responses: {
            '200': { description: 'Atom 1.0', content: { 'application/atom+xml': { schema: { type: 'string' } } } },
            '404': error,
          },
        },
      },
      '/api/entities/{facet}/{value}': {
        get: {
          summary: 'Profile of a person, organization, country, topic or source',
          parameters: [
            { name: 'facet', in: 'path', required: true, schema: { type: 'string', enum: [...ENTITY_FACETS] } },
            { name: 'value', in: 'path', required: true, schema: { type: 'string' } },
            ...queryParameters(entitySchema),
          ],
          responses: {
            '200': {
              description:
                'Counts, dates, aliases, timeline, related values ranked by association against the whole archive, sources, latest articles',
              ...json({
                type: 'object',
                properties: {
                  facet: { type: 'string' },
                  value: { type: 'string' },
                  count: { type: 'integer' },
                  firstSeen: { type: ['string', 'null'], format: 'date-time' },
                  lastSeen: { type: ['string', 'null'], format: 'date-time' },
                  aliases: strings,
                  timeline: { type: 'object' },
                  related: { type: 'object', properties: { person: related, organization: related, country: related, topic: related } },
                  sources: {
                    type: 'array',
                    items: { type: 'object', properties: { value: { type: 'string' }, count: { type: 'integer' } } },
                  },
                  articles: { type: 'array', items: { $ref: '#/components/schemas/Hit' } },
                  archiveTotal: { type: 'integer' },
                },
              }),
            },
            '400': error,
            '404': error,
            '503': error,
          },
        },
      },
      '/api/batch': {
        post: {
          summary: `Many queries under shared filters → CSV (at most ${MAX_BATCH_QUERIES} queries)`,
          parameters: queryParameters(batchFiltersSchema).map((p) => ({
            ...p,
            description: `${String(p['description'] ?? '')} (CSV bodies only: JSON bodies carry the filters)`,
          })),
          requestBody: {
            required: true,
            content: {
              'application/json': {
                schema: {
                  type: 'object',
                  required: ['queries'],
                  properties: {
                    queries: { ...strings, maxItems: MAX_BATCH_QUERIES },
                    ...(jsonSchema(batchFiltersSchema)['properties'] as JsonObject),
                  },
                },
              },
              'text/csv': { schema: { type: 'string', description: 'A header row with a "query" column, one query per row.' } },
            },
          },
          responses: {
            '200': {
              description:
                'query,total,first_date,last_date,top_countries,top_persons,top_organizations,first_ids,similar_spellings (yes when nothing matched the words exactly and the row counts similar spellings)',
              content: { 'text/csv': { schema: { type: 'string' } } },
            },
            '400': error,
            '429': error,
            '503': error,
          },
        },
      },
    },
  };
}
