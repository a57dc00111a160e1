/**
 * Where to go after signing in: the page a signed-out user opened (?next=), so that a link from a
 * notice or a colleague is not lost (issue 11). Only a path of this site is followed — never
 * another origin ("https://…", "//host", "/\host", which browsers read as "//host") — so that a
 * crafted link cannot send someone from our login page to a look-alike (open redirect).
 */
export function safeNext(next: string | null | undefined): string | null {
  if (!next || next.length > 2000) return null;
  if (!next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\')) return null;
  // control characters and backslashes have no place in our paths; some browsers fold them into "//"
  if ([...next].some((c) => c <= '\u001f' || c === '\u007f' || c === '\\')) return null;
  const url = new URL(next, 'http://o12345.invalid');
  if (url.origin !== 'http://o12345.invalid') return null;
  if (url.pathname === '/login' || url.pathname.startsWith('/portal')) return null;
  return `${url.pathname}${url.search}${url.hash}`;
}

/** The login address that brings the user back to `path` afterwards (plain /login for the home page). */
export function loginFor(path: string): string {
  const next = safeNext(path);
  return next && next !== '/' ? `/login?next=${encodeURIComponent(next)}` : '/login';
}
