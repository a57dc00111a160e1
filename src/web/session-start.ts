import { api } from './api.ts';
import { embeddedData } from './preloaded.ts';
import type { Me } from './types.ts';

let request: Promise<Me | null> | null = null;
let settled: { user: Me | null } | null = null;

/** Asks who is signed in, once, as early as boot.ts runs; the SessionProvider takes the answer. */
export function startSession(): Promise<Me | null> {
  // a page the server rendered says who it rendered it for: no need to ask
  const embedded = request ? null : embeddedData();
  if (embedded) {
    settled = { user: embedded.session };
    request = Promise.resolve(embedded.session);
  }
  request ??= api
    .get<{ user: Me | null }>('/api/session')
    .then((s) => s.user)
    .catch(() => null)
    .then((user) => {
      settled = { user };
      return user;
    });
  return request;
}

/** The answer when it has already come: the first render then needs no spinner. */
export function settledSession(): { user: Me | null } | null {
  return settled;
}
