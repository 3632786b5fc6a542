/**
 * An assert.rejects validator: drizzle wraps driver errors ("Failed query: …"), the
 * PostgreSQL message is in `cause`. Matches the message of the error or of its causes.
 */
export function dbError(pattern: RegExp) {
  return (error: unknown): boolean => {
    for (let e = error as { message?: string; cause?: unknown } | undefined; e; e = e.cause as typeof e) {
      if (pattern.test(String(e.message))) return true;
    }
    return false;
  };
}
