import { AuthUnavailableError, INTEGRATION_SUBJECT_PREFIX, SessionCheck } from '@app/auth';
import { Logger } from '@nestjs/common';

/** Runs one parameterised statement against the identity tables (the event store's Postgres). */
export type IdentityQuery = <T = Record<string, unknown>>(sql: string, parameters: readonly unknown[]) => Promise<T[]>;

export const IDENTITY_QUERY = 'IDENTITY_QUERY';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const LAST_SEEN_RESOLUTION_MS = 60_000;

export function isUuid(value: string): boolean {
  return UUID.test(value);
}

/**
 * Whether a token's session (`sid`) is still good, on every request that carries one:
 * - a user's sign-in: the session row is not revoked (sign-out, password reset, role or scope
 *   change, disabling, "revoke all") nor expired, and its user is enabled;
 * - an integration account's token: `sid` is the account's current secret generation, so a
 *   rotation or a revocation ends every token issued before it.
 * A store that cannot be read answers 503 through the guard (AuthUnavailableError), never "yes".
 */
export class PostgresSessionCheck implements SessionCheck {
  private readonly logger = new Logger('Sessions');
  private readonly lastSeen = new Map<string, number>();

  constructor(private readonly query: IdentityQuery) {}

  async isActive(sessionId: string, subject: string): Promise<boolean> {
    if (!isUuid(sessionId)) return false;
    try {
      if (subject.startsWith(INTEGRATION_SUBJECT_PREFIX)) {
        const rows = await this.query(`SELECT 1 FROM integration_accounts WHERE client_id = $1 AND token_sid = $2 AND revoked_at IS NULL`, [
          subject.slice(INTEGRATION_SUBJECT_PREFIX.length),
          sessionId,
        ]);
        return rows.length > 0;
      }
      if (!isUuid(subject)) return false;
      const rows = await this.query(
        `SELECT 1 FROM sessions s JOIN users u ON u.id = s.user_id
          WHERE s.id = $1 AND s.user_id = $2 AND s.revoked_at IS NULL AND s.expires_at > now() AND NOT u.disabled`,
        [sessionId, subject],
      );
      if (rows.length === 0) return false;
      await this.touch(sessionId);
      return true;
    } catch (error) {
      this.logger.error(`sessions cannot be checked: ${(error as Error).message}`);
      throw new AuthUnavailableError('sign-in sessions cannot be checked now');
    }
  }

  /** `last_seen_at`, written at most once a minute per session and process. */
  private async touch(sessionId: string): Promise<void> {
    const now = Date.now();
    if (now - (this.lastSeen.get(sessionId) ?? 0) < LAST_SEEN_RESOLUTION_MS) return;
    if (this.lastSeen.size > 10_000) this.lastSeen.clear();
    this.lastSeen.set(sessionId, now);
    await this.query(`UPDATE sessions SET last_seen_at = now() WHERE id = $1`, [sessionId]);
  }
}
