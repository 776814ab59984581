import { Logger, Module } from '@nestjs/common';
import { AccessScope } from './access-scope';
import { AuthSettings, authSettingsFromEnv, describeAuthSettings } from './auth.settings';
import { JwtAuthGuard } from './jwt-auth.guard';
import { JwtVerifier } from './jwt-verifier';

/** Injection token of the {@link AuthSettings} (from the environment by default; override in tests). */
export const AUTH_SETTINGS = 'AUTH_SETTINGS';

function createVerifier(settings: AuthSettings): JwtVerifier {
  const logger = new Logger('Auth');
  logger.log(`verifying ${describeAuthSettings(settings)}`);
  if (settings.mode === 'shared-secret' && settings.devSecret) {
    logger.warn(
      'AUTH_JWT_SECRET is not set: tokens are checked with the public development secret, so anyone can sign one. ' +
        'Set AUTH_JWT_SECRET, or AUTH_OIDC_ISSUER and AUTH_JWKS_URL, outside development.',
    );
  }
  if (settings.mode === 'oidc' && settings.secretIgnored) {
    logger.warn('AUTH_JWT_SECRET is ignored: AUTH_OIDC_ISSUER and AUTH_JWKS_URL are set, so only RS256/ES256 tokens are accepted');
  }
  return new JwtVerifier(settings);
}

/**
 * Bearer-token authentication and access scopes. Import it in a module whose controllers use
 * `@UseGuards(JwtAuthGuard)`; {@link AccessScope} needs the (global) ClickHouseModule.
 */
@Module({
  providers: [
    { provide: AUTH_SETTINGS, useFactory: (): AuthSettings => authSettingsFromEnv(process.env) },
    { provide: JwtVerifier, inject: [AUTH_SETTINGS], useFactory: createVerifier },
    JwtAuthGuard,
    AccessScope,
  ],
  exports: [AUTH_SETTINGS, JwtVerifier, JwtAuthGuard, AccessScope],
})
export class AuthModule {}
