import { AUTH_SETTINGS, AuthSettings } from '@app/auth';
import { HttpStatus, Inject, Injectable, Logger, ServiceUnavailableException } from '@nestjs/common';
import { IDENTITY_SETTINGS } from './identity.tokens';
import { IdentitySettings } from './identity.settings';

/** What the dashboard needs to sign in: a password form, or the OIDC provider (authorization code + PKCE). */
export interface SignInConfig {
  readonly signIn: 'password' | 'oidc';
  readonly oidc?: {
    readonly issuer: string;
    readonly authorizationEndpoint: string;
    readonly tokenEndpoint: string;
    readonly endSessionEndpoint?: string;
    readonly clientId: string;
    readonly scope: string;
  };
}

const CACHE_MS = 5 * 60_000;

/** The sign-in configuration, with the provider's endpoints from its discovery document (cached 5 minutes). */
@Injectable()
export class SignInConfigService {
  private readonly logger = new Logger('Auth');
  private cached?: { at: number; config: SignInConfig };

  constructor(
    @Inject(AUTH_SETTINGS) private readonly auth: AuthSettings,
    @Inject(IDENTITY_SETTINGS) private readonly settings: IdentitySettings,
  ) {}

  async config(): Promise<SignInConfig> {
    if (this.auth.mode === 'shared-secret') return { signIn: 'password' };
    if (this.cached && Date.now() - this.cached.at < CACHE_MS) return this.cached.config;
    const clientId = this.settings.oidcClientId;
    if (!clientId) throw unavailable('OIDC_NOT_CONFIGURED', 'AUTH_OIDC_CLIENT_ID (the dashboard client at the OpenID provider) is not set');
    const url = `${this.auth.issuer.replace(/\/$/, '')}/.well-known/openid-configuration`;
    let document: { issuer?: unknown; authorization_endpoint?: unknown; token_endpoint?: unknown; end_session_endpoint?: unknown };
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(5000), headers: { accept: 'application/json' } });
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      document = (await response.json()) as typeof document;
    } catch (error) {
      this.logger.error(`the OpenID provider's discovery document could not be read: ${(error as Error).message}`);
      throw unavailable('AUTH_UNAVAILABLE', "the OpenID provider's configuration cannot be read now");
    }
    if (typeof document.authorization_endpoint !== 'string' || typeof document.token_endpoint !== 'string') {
      throw unavailable('AUTH_UNAVAILABLE', "the OpenID provider's discovery document names no authorization or token endpoint");
    }
    const config: SignInConfig = {
      signIn: 'oidc',
      oidc: {
        issuer: this.auth.issuer,
        authorizationEndpoint: document.authorization_endpoint,
        tokenEndpoint: document.token_endpoint,
        ...(typeof document.end_session_endpoint === 'string' ? { endSessionEndpoint: document.end_session_endpoint } : {}),
        clientId,
        scope: this.settings.oidcScope,
      },
    };
    this.cached = { at: Date.now(), config };
    return config;
  }
}

function unavailable(code: string, message: string): ServiceUnavailableException {
  return new ServiceUnavailableException({ statusCode: HttpStatus.SERVICE_UNAVAILABLE, code, message });
}
