// Where the login page sends the agent back after logging in (/connexion?retour=…): a
// path of this application only. An absolute URL, a protocol-relative //host, a
// backslash trick or the login page itself is refused (an open redirect would let a
// phishing link land the agent, freshly logged in, on another site).
export const LOGIN_PATH = '/connexion';

/** The same-origin path to return to, or null when `value` is not one. */
export function safeReturnPath(value: string | null | undefined, origin = window.location.origin): string | null {
  if (!value || !value.startsWith('/') || value.startsWith('//') || value.includes('\\')) return null;
  // Control characters (a tab or a newline is dropped by URL parsing: "/\t/evil.example").
  if (Array.from(value).some((c) => c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f)) return null;
  let url: URL;
  try {
    url = new URL(value, origin);
  } catch {
    return null;
  }
  if (url.origin !== origin || url.pathname === LOGIN_PATH) return null;
  return `${url.pathname}${url.search}${url.hash}`;
}

/** The login page's address that returns to `path` (the home page needs no return). */
export function loginHref(path: string): string {
  const back = safeReturnPath(path);
  return back && back !== '/' ? `${LOGIN_PATH}?retour=${encodeURIComponent(back)}` : LOGIN_PATH;
}
