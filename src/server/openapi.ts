/**
 * The OpenAPI document served at /api/openapi.json: the search API's (search/openapi.ts) with
 * saved searches, entities, compared timelines and batch search merged in (analysis/openapi.ts).
 */
import { storyOpenApi } from '../analysis/openapi.ts';
import { error, jsonSchema, openApiDocument, queryParameters } from '../search/openapi.ts';

type JsonObject = Record<string, unknown>;

export function fullOpenApiDocument(serverUrl?: string): JsonObject {
  const document = openApiDocument(serverUrl) as JsonObject & { paths: Record<string, JsonObject>; components: { schemas: JsonObject } };
  const story = storyOpenApi({ jsonSchema, queryParameters, error });
  const timeline = document.paths['/api/timeline']?.['get'] as (JsonObject & { parameters: JsonObject[] }) | undefined;
  if (timeline) {
    timeline.parameters = [...timeline.parameters, ...story.timelineParameters];
    timeline['description'] =
      'With `compare` (repeatable, up to 5): several series on one set of periods, as counts or shares (`normalize=share`).';
  }
  return {
    ...document,
    paths: { ...document.paths, ...story.paths },
    components: {
      ...document.components,
      securitySchemes: story.securitySchemes,
      schemas: { ...document.components.schemas, ...story.schemas },
    },
  };
}
