import { Global, Logger, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
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
 * The authentication gate of every app: the token verifier and {@link JwtAuthGuard} as the global
 * guard, so every route of every controller needs a valid token unless marked `@Public()`.
 * Imported by every context module, the reporting module and every service's bootstrap, so a new
 * controller cannot be left open by forgetting it.
 */
@Global()
@Module({
  providers: [
    { provide: AUTH_SETTINGS, useFactory: (): AuthSettings => authSettingsFromEnv(process.env) },
    { provide: JwtVerifier, inject: [AUTH_SETTINGS], useFactory: createVerifier },
    JwtAuthGuard,
    { provide: APP_GUARD, useExisting: JwtAuthGuard },
  ],
  exports: [AUTH_SETTINGS, JwtVerifier, JwtAuthGuard],
})
export class AuthGateModule {}

/** Access scopes of reads (needs the global ClickHouseModule), with the gate. */
@Module({
  imports: [AuthGateModule],
  providers: [AccessScope],
  exports: [AccessScope],
})
export class AuthModule {}
