import { assertMayWrite, IS_PUBLIC_ROUTE, Principal, WRITE_CONTEXT, WriteContext } from '@app/platform-kit';
import {
  CanActivate,
  ExecutionContext,
  HttpException,
  HttpStatus,
  Inject,
  Injectable,
  Logger,
  Optional,
  ServiceUnavailableException,
  UnauthorizedException,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request, Response } from 'express';
import { AuthenticationError, AuthUnavailableError } from './auth.errors';
import { JwtVerifier } from './jwt-verifier';

/** The request after {@link JwtAuthGuard}: the verified principal is attached. */
export interface AuthenticatedRequest extends Request {
  principal?: Principal;
}

const REALM = 'dealer-kpi';

/** 401 with the platform's error body: `{statusCode: 401, code: 'UNAUTHENTICATED', message}`. */
export class UnauthenticatedException extends UnauthorizedException {
  constructor(message: string) {
    super({ statusCode: HttpStatus.UNAUTHORIZED, code: 'UNAUTHENTICATED', message });
  }
}

/**
 * Tells whether a sign-in session is still open (not signed out, revoked or expired) and its user
 * still enabled. Provided by the users module where there is one; tokens with a `sid` are refused
 * where there is none, so a revoked session cannot be used through a service that cannot check it.
 */
export interface SessionCheck {
  isActive(sessionId: string, subject: string): Promise<boolean>;
}
export const SESSION_CHECK = 'SESSION_CHECK';

/**
 * Rate limit of requests with a bad bearer token, per client address (provided with the session
 * check by libs/identity): over the limit, requests that carry a token get 429 `TOO_MANY_ATTEMPTS`
 * with `Retry-After` until the window ends.
 */
export interface BadTokenLimit {
  /** Seconds the address must wait, or `undefined` when it may present a token. */
  retryAfter(address: string): number | undefined;
  failed(address: string): void;
}
export const BAD_TOKEN_LIMIT = 'BAD_TOKEN_LIMIT';

/**
 * The authentication gate, registered as the global guard of every app (AuthGateModule): a route
 * is admitted only with a valid bearer token, unless it is marked `@Public()` (and on the public
 * list). Attaches the {@link Principal} (read it with `@CurrentPrincipal()`). Otherwise 401 with
 * `WWW-Authenticate: Bearer …` (RFC 6750), or 503 when the identity provider's key set cannot be
 * read. What the principal may do is checked further on: commands by the command dispatcher,
 * reads through {@link AccessScope}.
 */
@Injectable()
export class JwtAuthGuard implements CanActivate {
  private readonly logger = new Logger('Auth');

  constructor(
    private readonly verifier: JwtVerifier,
    private readonly reflector: Reflector,
    @Optional() @Inject(SESSION_CHECK) private readonly sessions?: SessionCheck,
    @Optional() @Inject(BAD_TOKEN_LIMIT) private readonly badTokens?: BadTokenLimit,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC_ROUTE, [context.getHandler(), context.getClass()])) return true;
    const http = context.switchToHttp();
    const request = http.getRequest<AuthenticatedRequest>();
    const header = request.headers.authorization;
    const wait = header ? this.badTokens?.retryAfter(request.ip ?? '') : undefined;
    if (wait !== undefined) {
      http.getResponse<Response>().setHeader('Retry-After', String(wait));
      throw new HttpException(
        { statusCode: HttpStatus.TOO_MANY_REQUESTS, code: 'TOO_MANY_ATTEMPTS', message: 'too many requests with an invalid token: wait before trying again' },
        HttpStatus.TOO_MANY_REQUESTS,
      );
    }
    try {
      const principal = await this.verifier.verifyAuthorization(header);
      if (principal.sessionId !== undefined) {
        if (!this.sessions) throw new AuthenticationError('sign-in sessions cannot be checked by this service: use an access token');
        if (!(await this.sessions.isActive(principal.sessionId, principal.subject))) {
          throw new AuthenticationError('session ended: sign in again');
        }
      }
      request.principal = principal;
      const writes = this.reflector.getAllAndOverride<WriteContext | undefined>(WRITE_CONTEXT, [context.getHandler(), context.getClass()]);
      if (writes !== undefined) assertMayWrite(principal, writes);
      return true;
    } catch (error) {
      if (error instanceof AuthenticationError) {
        if (header) this.badTokens?.failed(request.ip ?? '');
        const challenge = header ? `Bearer realm="${REALM}", error="invalid_token"` : `Bearer realm="${REALM}"`;
        http.getResponse<Response>().setHeader('WWW-Authenticate', challenge);
        throw new UnauthenticatedException(error.message);
      }
      if (error instanceof AuthUnavailableError) {
        this.logger.error(error.message);
        throw new ServiceUnavailableException({
          statusCode: HttpStatus.SERVICE_UNAVAILABLE,
          code: error.code,
          message: 'tokens cannot be checked now: the identity provider key set is unavailable',
        });
      }
      throw error;
    }
  }
}
