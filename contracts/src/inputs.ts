import { z } from 'zod';

// Inputs shared by many endpoints.

/** A state-changing POST that takes no input: any JSON object, or nothing. */
export const emptyBody = z.object({}).passthrough().optional();

/** A path naming one row by its id. */
export const idParams = z.object({ id: z.uuid() });
