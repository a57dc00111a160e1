import helmet from '@fastify/helmet';
import type { FastifyInstance } from 'fastify';

/**
 * Security headers on every answer (@fastify/helmet), with a Content-Security-Policy the web app and
 * /api/docs (swagger-ui) run under: scripts only from this origin, never inline — the rule that
 * stops injected script. Styles may be inline: antd writes its CSS-in-JS into <style> elements at
 * run time and the SPA is a static index.html, so a per-request nonce would not reach them;
 * inline styles cannot run code.
 */
export async function securityHeaders(app: FastifyInstance, opts: { https: boolean }): Promise<void> {
  await app.register(helmet, {
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
  });
}
