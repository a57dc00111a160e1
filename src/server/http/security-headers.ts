import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FastifyInstance } from 'fastify';
import helmet, { type HelmetOptions } from 'helmet';

/**
 * Security headers on every answer (helmet), with a Content-Security-Policy the web app and
 * /api/docs (swagger-ui) run under: scripts only from this origin, never inline — the rule that
 * stops injected script. Styles may be inline: antd writes its CSS-in-JS into <style> elements at
 * run time and the SPA is a static index.html, so a per-request nonce would not reach them;
 * inline styles cannot run code.
 */
function securityHeaderOptions(opts: { https: boolean }): HelmetOptions {
  return {
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        baseUri: ["'self'"],
        scriptSrc: ["'self'"],
        scriptSrcAttr: ["'none'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        // antd's icons and swagger-ui's logo are data: URIs; previews of uploads may be blob: URLs
        imgSrc: ["'self'", 'data:', 'blob:'],
        fontSrc: ["'self'", 'data:'],
        mediaSrc: ["'self'", 'blob:'],
        connectSrc: ["'self'"],
        objectSrc: ["'none'"],
        frameAncestors: ["'none'"],
        formAction: ["'self'"],
      },
    },
    // Only where the platform is served over HTTPS (SECURE_COOKIES / production): a demo on plain
    // HTTP in a LAN must not be told to upgrade.
    strictTransportSecurity: opts.https ? { maxAge: 180 * 24 * 3600, includeSubDomains: true } : false,
    frameguard: { action: 'deny' },
  };
}

/**
 * The headers helmet sets, read once: none of ours depends on the request (no nonce, no function
 * directive). @fastify/helmet built helmet's middleware again on every request — parsing the CSP's
 * directives, two hooks, one of them async — which was 1.8 % of the server's CPU in a ticket's life
 * (issue 16, perf on bench:intake's lives).
 */
function securityHeaderValues(options: HelmetOptions): Record<string, string> {
  const headers: Record<string, string> = {};
  const res = {
    setHeader(name: string, value: unknown) {
      headers[name.toLowerCase()] = String(value);
    },
    removeHeader() {},
  };
  helmet(options)({} as IncomingMessage, res as unknown as ServerResponse, (error?: unknown) => {
    if (error) throw error;
  });
  return headers;
}

export function securityHeaders(app: FastifyInstance, opts: { https: boolean }): void {
  const headers = securityHeaderValues(securityHeaderOptions(opts));
  // onRequest: also the answers of unknown routes and of errors carry them
  app.addHook('onRequest', (_request, reply, done) => {
    reply.headers(headers);
    done();
  });
}
