import { CurrentPrincipal } from '@app/auth';
import { ApiErrorResponses, Principal, Public } from '@app/platform-kit';
import { Body, Controller, Get, HttpCode, HttpStatus, Post, Req, Res, UnauthorizedException } from '@nestjs/common';
import { ApiBody, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { TooManyAttemptsException } from './attempt-limiter';
import {
  ApiSignedInRoute,
  AuthMeDto,
  BODY_REFUSALS,
  ClientCredentialsRequestDto,
  ClientCredentialsTokenDto,
  INVALID_BODY,
  NO_STORE_HEADERS,
  SignInConfigDto,
  SignInResponseDto,
  STORE_UNAVAILABLE,
} from './identity-api.docs';
import { SignInRequest } from './identity.dto';
import { IntegrationAccountsService } from './integration-accounts.service';
import { SignInConfig, SignInConfigService } from './oidc-discovery';
import { SignInAttempts } from './rate-limits';
import { TokenIssuer } from './token-issuer';
import { UsersService, UserView } from './users.service';

/** The user part of a sign-in answer. */
export interface SignedInUser {
  readonly id: string;
  readonly username: string;
  readonly displayName: string;
  readonly role: string;
  readonly regions: string[];
  readonly branches: string[];
  /** The employee the account is linked to (token claim employee_id), or null. */
  readonly employeeId: string | null;
}

export interface SignInResponse {
  readonly accessToken: string;
  readonly tokenType: 'Bearer';
  readonly expiresAt: string;
  readonly user: SignedInUser;
}

function signedIn(user: UserView): SignedInUser {
  return {
    id: user.id,
    username: user.username,
    displayName: user.displayName,
    role: user.role,
    regions: user.regions,
    branches: user.branches,
    employeeId: user.employeeId,
  };
}

/** 401 `INVALID_CREDENTIALS`: one answer for an unknown user, a wrong password and a disabled user. */
class InvalidCredentialsException extends UnauthorizedException {
  constructor() {
    super({ statusCode: HttpStatus.UNAUTHORIZED, code: 'INVALID_CREDENTIALS', message: 'username or password is wrong, or the account is disabled' });
  }
}

/** An OAuth 2.0 token endpoint error (RFC 6749 §5.2), with the platform's error fields beside. */
class OAuthError extends Error {
  constructor(
    readonly status: number,
    readonly error: string,
    readonly description: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(description);
  }
}

const NO_STORE = { 'Cache-Control': 'no-store', Pragma: 'no-cache' };

function basicCredentials(header: string | undefined): { clientId: string; clientSecret: string } | undefined {
  const match = /^Basic +([A-Za-z0-9+/=]+) *$/i.exec(header ?? '');
  if (!match?.[1]) return undefined;
  const decoded = Buffer.from(match[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return undefined;
  try {
    return { clientId: decodeURIComponent(decoded.slice(0, colon)), clientSecret: decodeURIComponent(decoded.slice(colon + 1)) };
  } catch {
    return undefined;
  }
}

const text = (value: unknown): string | undefined => (typeof value === 'string' && value.length > 0 && value.length <= 1024 ? value : undefined);

/**
 * Sign-in and tokens. Public (on the public list): `POST sign-in`, `GET config`, `POST token`.
 * Behind the gate: `POST sign-out`, `GET me`.
 */
@ApiTags('auth')
@Controller('api/v1/auth')
export class AuthController {
  constructor(
    private readonly users: UsersService,
    private readonly integrations: IntegrationAccountsService,
    private readonly tokens: TokenIssuer,
    private readonly attempts: SignInAttempts,
    private readonly signInConfig: SignInConfigService,
  ) {}

  @Public()
  @Post('sign-in')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Sign in with username and password: an access token bound to a new session (401 INVALID_CREDENTIALS, 429 TOO_MANY_ATTEMPTS, 409 OIDC_SIGN_IN)',
  })
  @ApiOkResponse({ description: 'Signed in: the access token of a new session, and the user', type: SignInResponseDto, headers: NO_STORE_HEADERS })
  @ApiErrorResponses({
    ...BODY_REFUSALS,
    400: INVALID_BODY,
    401: 'Unknown user, wrong password or disabled user: one answer for all three (INVALID_CREDENTIALS)',
    409: 'The platform verifies the tokens of an OpenID provider and issues none itself: sign in there (OIDC_SIGN_IN; see GET /api/v1/auth/config)',
    429: 'Too many failed sign-ins for this username or from this client (TOO_MANY_ATTEMPTS); retry after the time Retry-After gives',
    503: STORE_UNAVAILABLE,
  })
  async signIn(@Body() body: SignInRequest, @Req() request: Request, @Res({ passthrough: true }) response: Response): Promise<SignInResponse> {
    this.tokens.assertIssuing();
    const address = request.ip ?? '';
    const wait = this.attempts.retryAfter('user', body.username, address);
    if (wait !== undefined) {
      response.setHeader('Retry-After', String(wait));
      throw new TooManyAttemptsException(wait, 'too many failed sign-ins: wait before trying again');
    }
    const user = await this.users.authenticate(body.username, body.password);
    if (!user) {
      this.attempts.failed('user', body.username, address);
      throw new InvalidCredentialsException();
    }
    this.attempts.succeeded('user', body.username);
    const { sessionId, expiresAt } = await this.users.openSession(user.id);
    response.set(NO_STORE);
    return {
      accessToken: await this.tokens.userToken(user, sessionId, expiresAt),
      tokenType: 'Bearer',
      expiresAt: expiresAt.toISOString(),
      user: signedIn(user),
    };
  }

  @Post('sign-out')
  @HttpCode(204)
  @ApiSignedInRoute()
  @ApiOperation({ summary: "Sign out: ends the token's session (its token is refused from now on)" })
  @ApiNoContentResponse({ description: 'Signed out: the session of a sign-in token is ended (nothing to end for other tokens)' })
  async signOut(@CurrentPrincipal() principal: Principal): Promise<void> {
    if (principal.kind === 'user' && principal.sessionId) await this.users.closeSession(principal.sessionId, principal.subject);
  }

  @Get('me')
  @ApiSignedInRoute()
  @ApiOperation({ summary: 'Who the caller is: the principal of the token, and the user behind it' })
  @ApiOkResponse({ description: "The caller's principal, and the user when the token is a sign-in's", type: AuthMeDto })
  async me(@CurrentPrincipal() principal: Principal): Promise<{ principal: Principal; user: SignedInUser | null }> {
    const user = principal.kind === 'user' ? await this.users.find(principal.subject) : undefined;
    return { principal, user: user ? signedIn(user) : null };
  }

  @Public()
  @Get('config')
  @ApiOperation({ summary: 'How the dashboard signs in: a password form, or the OpenID provider (authorization code + PKCE)' })
  @ApiOkResponse({ description: "password, or oidc with the endpoints from the provider's discovery document (cached 5 minutes)", type: SignInConfigDto })
  @ApiErrorResponses({
    503: "OIDC mode: the dashboard's client is not configured (OIDC_NOT_CONFIGURED), or the provider's discovery document cannot be read or names no endpoints (AUTH_UNAVAILABLE); retry later",
  })
  config(): Promise<SignInConfig> {
    return this.signInConfig.config();
  }

  /**
   * OAuth 2.0 client credentials (RFC 6749 §4.4) for integration accounts: a JSON body
   * `{grant_type, client_id, client_secret}`, or the client in HTTP Basic. Errors carry the OAuth
   * `error` field beside the platform's `code`.
   */
  @Public()
  @Post('token')
  @HttpCode(200)
  @ApiOperation({ summary: 'Client credentials token of an integration account (401 invalid_client, 429 TOO_MANY_ATTEMPTS)' })
  @ApiBody({
    type: ClientCredentialsRequestDto,
    description: 'The client in the body, or in HTTP Basic (Authorization: Basic base64(client_id:client_secret))',
  })
  @ApiOkResponse({ description: 'An access token of the integration account (RFC 6749 §5.1)', type: ClientCredentialsTokenDto, headers: NO_STORE_HEADERS })
  @ApiErrorResponses({
    ...BODY_REFUSALS,
    400: 'grant_type missing or client_id and client_secret missing (INVALID_REQUEST), or another grant than client_credentials (UNSUPPORTED_GRANT_TYPE); the body also has the OAuth error and error_description (RFC 6749 §5.2). Or unreadable JSON (BAD_REQUEST), a body nested too deep (BODY_TOO_DEEP) or unstorable text (VALIDATION_FAILED)',
    401: 'Unknown client, wrong secret or revoked account: one answer for all three (INVALID_CLIENT, OAuth error invalid_client); WWW-Authenticate: Basic when the client came in HTTP Basic',
    409: 'The platform verifies the tokens of an OpenID provider and issues none itself: get the token there (OIDC_SIGN_IN)',
    429: 'Too many failed attempts for this client id or from this client (TOO_MANY_ATTEMPTS, OAuth error slow_down); retry after the time Retry-After gives',
    503: STORE_UNAVAILABLE,
  })
  async token(@Body() body: unknown, @Req() request: Request, @Res() response: Response): Promise<void> {
    try {
      response
        .status(200)
        .set(NO_STORE)
        .json(await this.clientCredentials(body, request));
    } catch (error) {
      if (error instanceof OAuthError) {
        response
          .status(error.status)
          .set({ ...NO_STORE, ...error.headers })
          .json({
            statusCode: error.status,
            code: error.status === 429 ? 'TOO_MANY_ATTEMPTS' : error.error.toUpperCase(),
            message: error.description,
            error: error.error,
            error_description: error.description,
          });
        return;
      }
      throw error;
    }
  }

  private async clientCredentials(body: unknown, request: Request): Promise<{ access_token: string; token_type: 'Bearer'; expires_in: number }> {
    this.tokens.assertIssuing();
    const fields = typeof body === 'object' && body !== null && !Array.isArray(body) ? (body as Record<string, unknown>) : {};
    if (fields.grant_type !== 'client_credentials') {
      throw fields.grant_type === undefined
        ? new OAuthError(400, 'invalid_request', 'grant_type is required (client_credentials)')
        : new OAuthError(400, 'unsupported_grant_type', 'only grant_type client_credentials is supported');
    }
    const basic = basicCredentials(request.headers.authorization);
    const clientId = basic?.clientId ?? text(fields.client_id);
    const clientSecret = basic?.clientSecret ?? text(fields.client_secret);
    if (!clientId || !clientSecret) throw new OAuthError(400, 'invalid_request', 'client_id and client_secret are required (body or HTTP Basic)');
    const address = request.ip ?? '';
    const wait = this.attempts.retryAfter('client', clientId, address);
    if (wait !== undefined) {
      throw new OAuthError(429, 'slow_down', 'too many failed attempts: wait before trying again', { 'Retry-After': String(wait) });
    }
    const client = await this.integrations.authenticate(clientId, clientSecret);
    if (!client) {
      this.attempts.failed('client', clientId, address);
      throw new OAuthError(
        401,
        'invalid_client',
        'unknown client, wrong secret, or revoked account',
        basic ? { 'WWW-Authenticate': 'Basic realm="dealer-kpi"' } : {},
      );
    }
    this.attempts.succeeded('client', clientId);
    const ttl = this.integrations.settings.integrationTokenTtlSeconds;
    const expiresAt = new Date(Date.now() + ttl * 1000);
    return { access_token: await this.tokens.integrationToken(client, client.tokenSid, expiresAt), token_type: 'Bearer', expires_in: ttl };
  }
}
