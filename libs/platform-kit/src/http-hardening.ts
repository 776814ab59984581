import { HttpStatus, UnsupportedMediaTypeException } from '@nestjs/common';
import { NextFunction, Request, RequestHandler, Response } from 'express';
import helmet from 'helmet';
import { BodyTooDeepError, MAX_JSON_DEPTH, unstorableTextErrors, unstorableTextException } from './http-errors';

/**
 * The only routes that take a body other than JSON: file uploads, as multipart/form-data. A new
 * upload is added here on purpose; every other body must be `application/json`.
 */
export const MULTIPART_ROUTES: readonly string[] = ['/api/v1/org/targets/import', '/api/v1/org/market-registrations/import'];

/** Methods whose requests carry no command: their bodies (if any) are never parsed. */
const READ_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Lower-case path without a trailing slash: Express routes `/a/b/` and `/A/b` to `/a/b` as well. */
function routeKey(path: string): string {
  const lower = path.toLowerCase();
  return lower.length > 1 && lower.endsWith('/') ? lower.slice(0, -1) : lower;
}

/** A body is sent: chunked, or a Content-Length above zero (an empty POST carries `Content-Length: 0`). */
function hasBody(request: Request): boolean {
  if (request.headers['transfer-encoding'] !== undefined) return true;
  const length = Number(request.headers['content-length'] ?? '0');
  return Number.isNaN(length) || length > 0;
}

/** `application/json` of `application/json; charset=utf-8`. */
function mediaTypeOf(request: Request): string {
  return (request.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
}

/**
 * Commands are JSON: a request with a body in any other media type is a 415 before anything reads
 * it. Form-encoded and text bodies are what another web site can post from a signed-in browser
 * without a CORS preflight; refusing them (and never parsing them) closes that door. The routes
 * of {@link MULTIPART_ROUTES} take multipart/form-data and nothing else.
 *
 * A request without credentials (no Authorization header) is left to the authentication gate,
 * which answers 401 on every protected route, so a client learns first that it must sign in; its
 * body is still never parsed unless it is JSON (there is no other parser). Such a request cannot
 * be a cross-site forgery: the platform's credentials are bearer tokens, which a browser never
 * adds by itself.
 */
export function requireJsonBodies(multipartRoutes: readonly string[] = MULTIPART_ROUTES): RequestHandler {
  const uploads = new Set(multipartRoutes.map(routeKey));
  return function requireJsonBodies(request: Request, _response: Response, next: NextFunction): void {
    if (READ_METHODS.has(request.method) || !hasBody(request) || request.headers.authorization === undefined) return next();
    const expected = uploads.has(routeKey(request.path)) ? 'multipart/form-data' : 'application/json';
    const given = mediaTypeOf(request);
    if (given === expected) return next();
    next(
      new UnsupportedMediaTypeException({
        statusCode: HttpStatus.UNSUPPORTED_MEDIA_TYPE,
        code: 'UNSUPPORTED_MEDIA_TYPE',
        message: `${request.method} ${request.path} takes a body of type ${expected}, not ${given === '' ? 'one without Content-Type' : given}`,
      }),
    );
  };
}

/**
 * The nesting depth of a JSON text, counted on the raw bytes before it is parsed (UTF-8 never
 * encodes a character other than these ASCII ones with their bytes). Throws {@link BodyTooDeepError}
 * as soon as `maxDepth` is passed, so a body nested 100,000 deep costs one scan and nothing else.
 */
export function assertJsonDepth(body: Uint8Array, maxDepth = MAX_JSON_DEPTH): void {
  let depth = 0;
  let inString = false;
  let escaped = false;
  for (const byte of body) {
    if (inString) {
      if (escaped) escaped = false;
      else if (byte === 0x5c /* \ */) escaped = true;
      else if (byte === 0x22 /* " */) inString = false;
    } else if (byte === 0x22) inString = true;
    else if (byte === 0x7b /* { */ || byte === 0x5b /* [ */) {
      depth += 1;
      if (depth > maxDepth) throw new BodyTooDeepError(maxDepth);
    } else if (byte === 0x7d /* } */ || byte === 0x5d /* ] */) depth -= 1;
  }
}

/**
 * After the JSON parser: strings (values and keys) that Postgres cannot store, a NUL character or
 * a lone UTF-16 surrogate, are a 400 naming each field, whichever handler reads the body.
 */
export function rejectUnstorableBodyText(request: Request, _response: Response, next: NextFunction): void {
  const body: unknown = request.body;
  if (typeof body !== 'object' || body === null) return next();
  const errors = unstorableTextErrors(body);
  next(errors.length === 0 ? undefined : unstorableTextException(errors));
}

/**
 * Security headers (helmet) with a Content-Security-Policy that the dashboard and Swagger UI both
 * work under: scripts only from this origin (the dashboard's ES modules and ECharts under
 * /assets/, Swagger UI's bundle and init script under /docs/), no inline script, no plugins, not
 * framable. Inline styles stay allowed: ECharts' tooltips, Swagger UI and the monthly summary's
 * HTML use them, and a style cannot run code. `connectSources` adds origins the page may call. `upgrade-insecure-requests` is left out: the platform
 * is also served over plain HTTP (`npm start`, docker compose), where it would break every asset.
 */
export function securityHeaders(connectSources: readonly string[] = []): RequestHandler {
  return helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        'default-src': ["'self'"],
        'script-src': ["'self'"],
        'script-src-attr': ["'none'"],
        'style-src': ["'self'", "'unsafe-inline'"],
        'img-src': ["'self'", 'data:', 'blob:'],
        'font-src': ["'self'", 'data:'],
        // And the OIDC provider, when one is configured: the dashboard exchanges its sign-in code there.
        'connect-src': ["'self'", ...connectSources],
        'object-src': ["'none'"],
        'base-uri': ["'self'"],
        'form-action': ["'self'"],
        'frame-ancestors': ["'none'"],
      },
    },
    frameguard: { action: 'deny' },
    referrerPolicy: { policy: 'no-referrer' },
  });
}

/**
 * The origin of the OIDC provider (AUTH_OIDC_ISSUER), which the dashboard's sign-in calls from the
 * browser (authorization code + PKCE: the token endpoint), or none.
 */
export function oidcProviderOrigins(env: NodeJS.ProcessEnv = process.env): string[] {
  const issuer = env.AUTH_OIDC_ISSUER;
  if (!issuer || !env.AUTH_JWKS_URL) return [];
  try {
    return [new URL(issuer).origin];
  } catch {
    return [];
  }
}
