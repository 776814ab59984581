import { DomainError } from '@app/contracts';
import { createHash } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { AppendRaceLostError } from './event-store.errors';

export interface IdempotencyKey {
  /** Namespace of the key, e.g. the bounded context. */
  readonly scope: string;
  readonly key: string;
  /** Hash of what the request asked for; the same key with another request is refused. */
  readonly requestHash: string;
}

export interface CommandOutcome<T> {
  readonly statusCode: number;
  readonly body: T;
  /** True when this is the stored answer of an earlier attempt: nothing was appended now. */
  readonly replayed: boolean;
}

export class IdempotencyKeyReusedError extends DomainError {
  readonly code = 'IDEMPOTENCY_KEY_REUSED';
  readonly kind = 'unprocessable';
  constructor(readonly key: string) {
    super(`Idempotency-Key ${key} was used before for a different request`);
  }
}

/** A stable hash of a request: method, path and the body with its keys sorted. */
export function requestHash(method: string, path: string, body: unknown): string {
  const canonical = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(canonical);
    if (value !== null && typeof value === 'object') {
      return Object.fromEntries(
        Object.keys(value)
          .sort()
          .map((k) => [k, canonical((value as Record<string, unknown>)[k])]),
      );
    }
    return value;
  };
  return createHash('sha256')
    .update(`${method.toUpperCase()} ${path}\n${JSON.stringify(canonical(body))}`)
    .digest('hex');
}

const KEY_PATTERN = /^[A-Za-z0-9._:-]{1,200}$/;

export function isValidIdempotencyKey(key: string): boolean {
  return KEY_PATTERN.test(key);
}

/** How often a command's transaction is run when it keeps losing append races (AppendRaceLostError). */
export const COMMAND_ATTEMPTS = 3;

/** Another attempt with the same key committed first: this one rolls back and answers with its answer. */
class KeyAnsweredMeanwhile extends Error {}

/**
 * Runs a command in one transaction. With an idempotency key, the command's events and its answer
 * commit together: the key's row is written with the answer at the end of the transaction
 * (`INSERT … ON CONFLICT DO NOTHING`, one statement). A retry of a committed command gets the stored
 * answer: its own transaction, having run, finds the key taken and rolls back (a concurrent attempt
 * with the same key waits on the key's row until the first commits); a retry refused on the way
 * (the lead it would create now exists, a race lost three times) is answered with the stored answer
 * when there is one. A command that fails leaves no key, so a retry runs it again. A transaction
 * that lost an append race (AppendRaceLostError) is run again, up to COMMAND_ATTEMPTS times in all:
 * `work` must be safe to run again (it reads, decides and appends inside the transaction it is
 * given, and has no effect outside it).
 */
export class IdempotentCommandRunner {
  /** Refusals whose key was already looked up here: a caller's `answerAfterRefusal` does not read it again. */
  private readonly lookedUp = new WeakSet<object>();

  constructor(private readonly dataSource: DataSource) {}

  async run<T>(idempotency: IdempotencyKey | undefined, statusCode: number, work: (manager: EntityManager) => Promise<T>): Promise<CommandOutcome<T>> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.runOnce(idempotency, statusCode, work);
      } catch (error) {
        if (error instanceof AppendRaceLostError && attempt < COMMAND_ATTEMPTS) continue;
        const known = idempotency ? await this.answerAfterRefusal<T>(error, idempotency) : undefined;
        if (known === undefined) throw error;
        return known;
      }
    }
  }

  private runOnce<T>(idempotency: IdempotencyKey | undefined, statusCode: number, work: (manager: EntityManager) => Promise<T>): Promise<CommandOutcome<T>> {
    return this.dataSource.transaction(async (manager) => {
      const body = await work(manager);
      if (idempotency) {
        const stored: unknown[] = await manager.query(
          `INSERT INTO idempotency_keys (scope, key, request_hash, status_code, response)
           VALUES ($1, $2, $3, $4, $5) ON CONFLICT (scope, key) DO NOTHING RETURNING key`,
          [idempotency.scope, idempotency.key, idempotency.requestHash, statusCode, JSON.stringify(body)],
        );
        if (stored.length === 0) throw new KeyAnsweredMeanwhile();
      }
      return { statusCode, body, replayed: false };
    });
  }

  /**
   * The stored answer that answers a refused or failed attempt instead of its error, if the key has
   * one: for `run` itself, and for a caller whose command was refused before its transaction (by a
   * check of something that changed since: a branch closed meanwhile). A refusal `run` already
   * looked up is not looked up again. A key used for another request is an IdempotencyKeyReusedError;
   * a failed lookup leaves the command's own error (undefined).
   */
  async answerAfterRefusal<T>(error: unknown, idempotency: IdempotencyKey): Promise<CommandOutcome<T> | undefined> {
    if (error instanceof KeyAnsweredMeanwhile) {
      const known = await this.findAnswer<T>(idempotency);
      if (known === undefined) throw new Error(`idempotency key ${idempotency.key} vanished while being read`);
      return known;
    }
    if (typeof error === 'object' && error !== null) {
      if (this.lookedUp.has(error)) return undefined;
      this.lookedUp.add(error);
    }
    try {
      return await this.findAnswer<T>(idempotency);
    } catch (lookup) {
      if (lookup instanceof IdempotencyKeyReusedError) throw lookup;
      return undefined;
    }
  }

  /**
   * Which of `keys` (of one scope) have a stored answer: one query for a whole batch, so a batch
   * sent again (a DMS retrying it, an interrupted demo seed resumed) answers its items from their
   * stored answers instead of running each command again to find its key taken.
   */
  async answeredKeys(scope: string, keys: readonly string[]): Promise<Set<string>> {
    if (keys.length === 0) return new Set();
    const rows: { key: string }[] = await this.dataSource.query(`SELECT key FROM idempotency_keys WHERE scope = $1 AND key = ANY($2::text[])`, [
      scope,
      [...keys],
    ]);
    return new Set(rows.map((row) => row.key));
  }

  /**
   * The stored answer of an earlier attempt with this key, if one committed; the same key with
   * another request is an IdempotencyKeyReusedError.
   */
  async findAnswer<T>(idempotency: IdempotencyKey): Promise<CommandOutcome<T> | undefined> {
    const rows: { request_hash: string; status_code: number; response: T }[] = await this.dataSource.query(
      `SELECT request_hash, status_code, response FROM idempotency_keys WHERE scope = $1 AND key = $2`,
      [idempotency.scope, idempotency.key],
    );
    const row = rows[0];
    if (!row) return undefined;
    if (row.request_hash !== idempotency.requestHash) throw new IdempotencyKeyReusedError(idempotency.key);
    return { statusCode: row.status_code, body: row.response, replayed: true };
  }
}
