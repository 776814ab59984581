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

/**
 * Runs a command in one transaction. With an idempotency key the key is claimed first (a
 * concurrent attempt with the same key waits on the claim), the command's events and its answer
 * commit together, and a retry gets the stored answer without running anything. A command that
 * fails rolls back its claim, so a retry runs it again. A transaction that lost an append race
 * (AppendRaceLostError) is run again, up to COMMAND_ATTEMPTS times in all: `work` must be safe to
 * run again (it reads, decides and appends inside the transaction it is given).
 */
export class IdempotentCommandRunner {
  constructor(private readonly dataSource: DataSource) {}

  async run<T>(idempotency: IdempotencyKey | undefined, statusCode: number, work: (manager: EntityManager) => Promise<T>): Promise<CommandOutcome<T>> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.runOnce(idempotency, statusCode, work);
      } catch (error) {
        if (!(error instanceof AppendRaceLostError) || attempt >= COMMAND_ATTEMPTS) throw error;
      }
    }
  }

  private runOnce<T>(idempotency: IdempotencyKey | undefined, statusCode: number, work: (manager: EntityManager) => Promise<T>): Promise<CommandOutcome<T>> {
    return this.dataSource.transaction(async (manager) => {
      if (idempotency) {
        const claimed: unknown[] = await manager.query(
          `INSERT INTO idempotency_keys (scope, key, request_hash, status_code, response)
           VALUES ($1, $2, $3, 0, 'null') ON CONFLICT (scope, key) DO NOTHING RETURNING key`,
          [idempotency.scope, idempotency.key, idempotency.requestHash],
        );
        if (claimed.length === 0) return this.replay<T>(manager, idempotency);
      }
      const body = await work(manager);
      if (idempotency) {
        await manager.query(`UPDATE idempotency_keys SET status_code = $3, response = $4 WHERE scope = $1 AND key = $2`, [
          idempotency.scope,
          idempotency.key,
          statusCode,
          JSON.stringify(body),
        ]);
      }
      return { statusCode, body, replayed: false };
    });
  }

  /**
   * The stored answer of an earlier attempt with this key, if one committed; the same key with
   * another request is an IdempotencyKeyReusedError. Callers use it to answer a retry before
   * checking anything that may have changed since (a branch closed meanwhile, say).
   */
  async findAnswer<T>(idempotency: IdempotencyKey): Promise<CommandOutcome<T> | undefined> {
    const rows: unknown[] = await this.dataSource.query(`SELECT 1 FROM idempotency_keys WHERE scope = $1 AND key = $2 AND status_code > 0`, [
      idempotency.scope,
      idempotency.key,
    ]);
    return rows.length === 0 ? undefined : this.replay<T>(this.dataSource.manager, idempotency);
  }

  private async replay<T>(manager: EntityManager, idempotency: IdempotencyKey): Promise<CommandOutcome<T>> {
    const rows: { request_hash: string; status_code: number; response: T }[] = await manager.query(
      `SELECT request_hash, status_code, response FROM idempotency_keys WHERE scope = $1 AND key = $2`,
      [idempotency.scope, idempotency.key],
    );
    const row = rows[0];
    if (!row) throw new Error(`idempotency key ${idempotency.key} vanished while being read`);
    if (row.request_hash !== idempotency.requestHash) throw new IdempotencyKeyReusedError(idempotency.key);
    return { statusCode: row.status_code, body: row.response, replayed: true };
  }
}
