import {
  CanActivate,
  ExecutionContext,
  HttpStatus,
  Injectable,
  Logger,
  ServiceUnavailableException,
  UnauthorizedException,
} from '@nestjs/common';
import type { Request, Response } from 'express';
import { AuthenticationError, AuthUnavailableError } from './auth.errors';
import { JwtVerifier } from './jwt-verifier';
import type { Principal } from './principal';

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
 * Admits a request only with a valid bearer token and attaches its {@link Principal} (read it with
 * `@CurrentPrincipal()`). Otherwise 401 with `WWW-Authenticate: Bearer …` (RFC 6750), or 503 when
 * the identity provider's key set cannot be read. Scope checks are the controller's, through
 * {@link AccessScope}.
 */
@Injectable()
export class JwtAuthGuard implements CanActivate {
  private readonly logger = new Logger('Auth');

  constructor(private readonly verifier: JwtVerifier) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const http = context.switchToHttp();
    const request = http.getRequest<AuthenticatedRequest>();
    const header = request.headers.authorization;
    try {
      request.principal = await this.verifier.verifyAuthorization(header);
      return true;
    } catch (error) {
      if (error instanceof AuthenticationError) {
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
