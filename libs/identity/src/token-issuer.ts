import { AUTH_SETTINGS, AuthSettings, EMPLOYEE_ID_CLAIM, INTEGRATION_SUBJECT_PREFIX } from '@app/auth';
import { BranchContext, Role } from '@app/platform-kit';
import { ConflictException, HttpStatus, Inject, Injectable } from '@nestjs/common';
import { SignJWT } from 'jose';

/** 409 `OIDC_SIGN_IN`: the platform verifies an OIDC provider's tokens, so it issues none itself. */
export class OidcSignInException extends ConflictException {
  constructor(issuer: string) {
    super({
      statusCode: HttpStatus.CONFLICT,
      code: 'OIDC_SIGN_IN',
      message: `users and clients sign in at the OpenID provider ${issuer}; this platform issues no tokens (GET /api/v1/auth/config)`,
    });
  }
}

/**
 * Issues the platform's own access tokens: HS256 with the shared secret that the JwtVerifier
 * checks (same issuer and audience as signDevToken), each bound to a session (`sid`) that the
 * session check looks up on every request. Only in shared-secret mode.
 */
@Injectable()
export class TokenIssuer {
  constructor(@Inject(AUTH_SETTINGS) private readonly settings: AuthSettings) {}

  /** Throws {@link OidcSignInException} when the platform is verifying an OIDC provider's tokens. */
  assertIssuing(): void {
    if (this.settings.mode === 'oidc') throw new OidcSignInException(this.settings.issuer);
  }

  /** A user's token; `employee_id` when head office linked the account to an employee. */
  userToken(
    user: { id: string; role: Role; regions: readonly string[]; branches: readonly string[]; employeeId?: string | null },
    sessionId: string,
    expiresAt: Date,
  ): Promise<string> {
    const claims: Record<string, unknown> = { role: user.role, sid: sessionId };
    if (user.regions.length > 0) claims.regions = [...user.regions];
    if (user.branches.length > 0) claims.branches = [...user.branches];
    if (user.employeeId) claims[EMPLOYEE_ID_CLAIM] = user.employeeId;
    return this.sign(claims, user.id, expiresAt);
  }

  integrationToken(
    account: { clientId: string; branches: readonly string[]; contexts: readonly BranchContext[] },
    sid: string,
    expiresAt: Date,
  ): Promise<string> {
    return this.sign(
      { role: 'integration', branches: [...account.branches], contexts: [...account.contexts], sid },
      `${INTEGRATION_SUBJECT_PREFIX}${account.clientId}`,
      expiresAt,
    );
  }

  private sign(claims: Record<string, unknown>, subject: string, expiresAt: Date): Promise<string> {
    const settings = this.settings;
    if (settings.mode !== 'shared-secret') throw new OidcSignInException(settings.issuer);
    return new SignJWT(claims)
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setSubject(subject)
      .setIssuer(settings.issuer)
      .setAudience(settings.audience)
      .setIssuedAt()
      .setExpirationTime(Math.floor(expiresAt.getTime() / 1000))
      .sign(new TextEncoder().encode(settings.secret));
  }
}
