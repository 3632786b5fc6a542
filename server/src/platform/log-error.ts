// How an error appears in the logs (pino's `err` serializer): its type, code, SQL state,
// message and stack frames, and its causes the same way — never the data it was about.
// drizzle wraps a driver error as "Failed query: <SQL>\nparams: <values>" (a private note,
// a token, an e-mail address), PostgreSQL's `detail` repeats the failing row or key
// ("Failing row contains (…)", "Key (email)=(…)"), and some of its messages quote the
// value they refused ('invalid input syntax for type uuid: "…"'). A stack starts with
// the message, so it is rebuilt from the cleaned message and the frames.

/** Fields kept as they are: identifiers and codes, never values. */
const keptFields = ['code', 'severity', 'table', 'column', 'constraint', 'schema', 'dataType', 'routine', 'statusCode'] as const;
/** PostgreSQL §Appendix A: an SQLSTATE is five digits or upper-case letters. */
const SQLSTATE_RE = /^[0-9A-Z]{5}$/;
const MAX_CAUSES = 5;

export const withheldQueryMessage = 'Failed query (SQL text and parameters withheld from the logs)';

/** A message without the SQL and parameters drizzle adds, nor the values PostgreSQL quotes. */
export function cleanErrorMessage(message: string): string {
  if (/^Failed query:/.test(message)) return withheldQueryMessage;
  return (
    message
      // any "params: …" a driver or ORM appends
      .replace(/(^|\s)params:[\s\S]*$/, '$1[parameters withheld]')
      // 'invalid input syntax for type integer: "…"', 'at or near "…"': the refused value
      .replace(/(:\s*|at or near\s+)"(?:[^"]|"")*"/g, '$1"[value withheld]"')
      .trimEnd()
  );
}

function isDatabaseError(e: Record<string, unknown>): boolean {
  return typeof e.code === 'string' && SQLSTATE_RE.test(e.code) && ('severity' in e || 'routine' in e);
}

export function serializeError(error: unknown, depth = 0): Record<string, unknown> {
  if (typeof error !== 'object' || error === null) return { type: typeof error, message: cleanErrorMessage(String(error)) };
  const e = error as Record<string, unknown>;
  // A subclass that keeps the name 'Error' (drizzle's) is named by its class; pg and
  // PGlite name theirs 'error' (PGlite's class name is minified).
  const named = typeof e.name === 'string' && e.name !== '' && e.name !== 'Error' && e.name !== 'error' ? e.name : null;
  const type = named ?? (isDatabaseError(e) ? 'DatabaseError' : (e.constructor?.name ?? 'Error'));
  const message = cleanErrorMessage(typeof e.message === 'string' ? e.message : '');
  const out: Record<string, unknown> = { type, message };
  for (const field of keptFields) {
    const value = e[field];
    if (typeof value === 'string' || typeof value === 'number') out[field] = value;
  }
  if (isDatabaseError(e)) out.sqlState = e.code;
  if (typeof e.stack === 'string') {
    const frames = e.stack.split('\n').filter((line) => /^\s+at /.test(line));
    out.stack = [`${type}: ${message}`, ...frames].join('\n');
  }
  if (e.cause !== undefined && depth < MAX_CAUSES) out.cause = serializeError(e.cause, depth + 1);
  return out;
}
