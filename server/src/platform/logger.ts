// Structured JSON logs (pino). Secrets never reach them: cookies, authorisation headers
// and any field named like a token or secret are redacted at the source.
import pino from 'pino';

const secretNames = ['token', 'password', 'secret', 'csrfToken', 'enrolmentToken', 'totpSecret', 'cookie', 'authorization'];

export const redactPaths = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-csrf-token"]',
  'res.headers["set-cookie"]',
  'headers.authorization',
  'headers.cookie',
  // a secret-named field at the top, one or two levels down
  ...secretNames.flatMap((n) => [n, `*.${n}`, `*.*.${n}`]),
  // drizzle puts a failed query's parameters in the error: they may carry tokens
  'err.params',
  'err.cause.params',
  '*.params',
];

export function createLogger(level: string, destination?: pino.DestinationStream) {
  return pino(
    {
      level,
      base: { service: 'estran' },
      timestamp: pino.stdTimeFunctions.isoTime,
      redact: { paths: redactPaths, censor: '[redacted]' },
    },
    destination,
  );
}
export type Logger = pino.Logger;
