// Prometheus metrics (prom-client): one registry per process, served by /metrics
// (features/metrics). Labels are bounded sets — a route pattern, never a raw URL; an
// outcome or reason from a fixed list — so a caller cannot grow the series.
//
//   estran_http_request_duration_seconds{method,route,status_class}  histogram
//   estran_auth_logins_total{method,outcome}     security-key | password-totp × success,
//                                                refused, suspended, throttled, device_revoked, invalid, error
//   estran_auth_strikes_total{reason}            strikes counted towards suspension (auth/strikes.ts)
//   estran_sessions_active{tenant}               live sessions per tenant (refreshed at scrape, cached)
//   process_* and nodejs_*                       prom-client's default process metrics
import client from 'prom-client';
import { HttpError } from './http-errors.ts';

export const metricsRegistry = new client.Registry();
client.collectDefaultMetrics({ register: metricsRegistry });

export const httpRequestDuration = new client.Histogram({
  name: 'estran_http_request_duration_seconds',
  help: 'HTTP request latency, by route pattern, method and status class',
  labelNames: ['method', 'route', 'status_class'] as const,
  buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
  registers: [metricsRegistry],
});

export const loginsTotal = new client.Counter({
  name: 'estran_auth_logins_total',
  help: 'Login attempts that reached verification, by method and outcome',
  labelNames: ['method', 'outcome'] as const,
  registers: [metricsRegistry],
});

export const strikesTotal = new client.Counter({
  name: 'estran_auth_strikes_total',
  help: 'Strikes counted towards suspension, by reason',
  labelNames: ['reason'] as const,
  registers: [metricsRegistry],
});

export const sessionsActive = new client.Gauge({
  name: 'estran_sessions_active',
  help: 'Live sessions (not revoked, not expired, not idle), by tenant',
  labelNames: ['tenant'] as const,
  registers: [metricsRegistry],
});

export type LoginMethod = 'security-key' | 'password-totp';

const outcomes: Record<string, string> = {
  authentication_failed: 'refused',
  suspended: 'suspended',
  throttled: 'throttled',
  device_revoked: 'device_revoked',
  invalid_request: 'invalid',
};

/** Runs a login and counts its outcome (the error, if any, is thrown on unchanged). */
export async function countLogin<T>(method: LoginMethod, login: Promise<T>): Promise<T> {
  try {
    const result = await login;
    loginsTotal.inc({ method, outcome: 'success' });
    return result;
  } catch (error) {
    loginsTotal.inc({ method, outcome: (error instanceof HttpError && outcomes[error.code]) || 'error' });
    throw error;
  }
}

/** One strike (reason from auth/strikes.ts callers: revoked_key, bad_signature, wrong_totp, …). */
export function countStrike(reason: string): void {
  strikesTotal.inc({ reason: /^[a-z_]{1,40}$/.test(reason) ? reason : 'other' });
}

export const metricsContentType = metricsRegistry.contentType;
