import { z } from 'zod';

/** Prometheus' text exposition format. */
export const metricsText = z.string();
