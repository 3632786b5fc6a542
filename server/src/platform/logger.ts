// Structured JSON logs (pino). Secrets never reach them: cookies, authorisation headers
// and any field named like a token or secret are redacted at the source.
import pino from 'pino';
import { cleanErrorMessage, serializeError } from './log-error.ts';

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
      // An error is logged without the SQL and the values it carried (log-error.ts).
      serializers: { err: serializeError },
      hooks: {
        // logger.error(error) makes the error's own message the line's msg: cleaned too.
        logMethod(args, method) {
          const [first, ...rest] = args as unknown[];
          if (first instanceof Error) {
            const msg = typeof rest[0] === 'string' ? rest.shift() : cleanErrorMessage(first.message);
            return method.apply(this, [{ err: first }, msg, ...rest] as Parameters<typeof method>);
          }
          return method.apply(this, args);
        },
      },
    },
    destination,
  );
}
export type Logger = pino.Logger;
