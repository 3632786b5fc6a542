import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { apiError, guidePath } from '@estran/contracts';
import { badRequest } from '../../platform/http-errors.ts';
import { requireScope } from '../service-tokens/index.ts';
import { readArticle } from './read-article.ts';
import { searchGuide } from './search-guide.ts';

const today = () => new Date().toISOString().slice(0, 10);
const at = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'date AAAA-MM-JJ attendue')
  .refine((s) => !Number.isNaN(Date.parse(s)), 'date invalide')
  .optional();

export async function guideRoutes(app: FastifyInstance) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const security: { [label: string]: string[] }[] = [{ session: [] }, { bearer: [] }];
  const denials = { 400: apiError, 401: apiError, 404: apiError };

  r.get(
    '/api/guide/search',
    {
      schema: {
        tags: ['guide'],
        summary: 'Search the guide in plain French',
        description:
          'Accents and case ignored, French stemming, the field’s abbreviations and synonyms, article numbers typed loosely. Best first. A session or a service token with the guide:read scope.',
        security,
        querystring: z.object({
          q: z.string().trim().min(1).max(300),
          limit: z.coerce.number().int().min(1).max(50).default(10),
          at,
          guide: z.string().max(63).optional(),
        }),
        response: {
          200: z.object({
            results: z.array(z.object({ path: z.string(), number: z.string(), title: z.string(), snippet: z.string(), score: z.number() })),
          }),
          ...denials,
        },
      },
      preHandler: requireScope('guide:read'),
    },
    async (request) =>
      searchGuide(app.database, {
        tenantId: request.principal!.tenantId,
        guide: request.query.guide,
        q: request.query.q,
        at: request.query.at ?? today(),
        limit: request.query.limit,
      }),
  );

  r.get(
    '/api/guide/articles/*',
    {
      schema: {
        tags: ['guide'],
        summary: 'An article as in force at a date (default today), with its versions',
        security,
        params: z.object({ '*': z.string() }),
        querystring: z.object({ at, guide: z.string().max(63).optional() }),
        response: {
          200: z.object({
            path: z.string(),
            number: z.string(),
            title: z.string(),
            text: z.string().meta({ description: 'Markdown' }),
            validFrom: z.string(),
            validTo: z.string().nullable(),
            versions: z.array(z.object({ validFrom: z.string(), validTo: z.string().nullable(), bulletin: z.string().nullable() })),
          }),
          ...denials,
        },
      },
      preHandler: requireScope('guide:read'),
    },
    async (request) => {
      const path = request.params['*'];
      if (!guidePath.safeParse(path).success) throw badRequest('Chemin d’article invalide.');
      return readArticle(app.database, { tenantId: request.principal!.tenantId, guide: request.query.guide, path, at: request.query.at ?? today() });
    },
  );
}
