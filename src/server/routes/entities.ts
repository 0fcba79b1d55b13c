/** GET /api/entities/{facet}/{value}: an entity's profile (see analysis/entities.ts). */
import { LedeError } from '../../errors.ts';
import { Router } from 'express';
import type { MatchBackend } from '../../analysis/planned.ts';
import {
  ENTITY_FACETS,
  entityProfile,
  entitySchema,
  entityValueSchema,
  type EntityFacet,
  type EntityProfile,
} from '../../analysis/entities.ts';
import { parseParams } from '../../search/params.ts';

/** Validates the path and the parameters, then builds the profile; shared by the API and the page. */
export async function profileFor(
  backend: MatchBackend,
  facet: string | undefined,
  value: string | undefined,
  query: Record<string, unknown>,
): Promise<EntityProfile> {
  if (!(ENTITY_FACETS as readonly string[]).includes(facet ?? '')) {
    throw new LedeError('unknown_facet', `Unknown entity facet "${facet ?? ''}"; expected one of ${ENTITY_FACETS.join(', ')}.`);
  }
  const checked = entityValueSchema.safeParse(value ?? '');
  if (!checked.success) throw new LedeError('invalid_parameter', `Entity value: ${checked.error.issues[0]!.message}.`);
  return entityProfile(backend, facet as EntityFacet, checked.data, parseParams(entitySchema, query));
}

export function entityRouter(backend: MatchBackend): Router {
  const router = Router();
  router.get('/entities/:facet/:value', async (req, res) => {
    res.json(await profileFor(backend, req.params['facet'], req.params['value'], req.query as Record<string, unknown>));
  });
  return router;
}
