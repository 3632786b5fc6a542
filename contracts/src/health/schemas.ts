import { z } from 'zod';

// What the health probes answer.

export const liveness = z.object({ status: z.literal('ok') });
export type Liveness = z.infer<typeof liveness>;
export const readiness = z.object({
  status: z.enum(['ok', 'unavailable']),
  database: z.enum(['pglite', 'postgres']),
  migrations: z.object({ applied: z.number().int(), expected: z.number().int() }),
});
export type Readiness = z.infer<typeof readiness>;
