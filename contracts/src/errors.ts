import { z } from 'zod';

/**
 * The one shape of every API failure: a stable machine code and a French message a
 * person can read. Validation failures add the zod issues, flattened to path + message.
 */
export const apiIssue = z.object({
  path: z.array(z.union([z.string(), z.number()])),
  code: z.string(),
  message: z.string(),
});

export const apiError = z.object({
  error: z.string().meta({ description: 'Stable machine-readable code', example: 'invalid_request' }),
  message: z.string().meta({ description: 'Human-readable message, in French' }),
  issues: z.array(apiIssue).optional(),
  requestId: z.string().optional(),
});
export type ApiError = z.infer<typeof apiError>;

export const errorCodes = [
  'invalid_request',
  'not_found',
  'unauthenticated',
  'forbidden',
  'conflict',
  'last_admin',
  'gone',
  'throttled',
  'internal_error',
  'unavailable',
] as const;
export type ErrorCode = (typeof errorCodes)[number];
