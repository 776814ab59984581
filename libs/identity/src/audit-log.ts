import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';

export type AuditAction =
  | 'user.created'
  | 'user.updated'
  | 'user.password-reset'
  | 'user.sessions-revoked'
  | 'integration.created'
  | 'integration.secret-rotated'
  | 'integration.revoked'
  | 'pack-subscription.created'
  | 'pack-subscription.updated'
  | 'pack-subscription.deleted';

export interface AuditEntry {
  readonly id: string;
  readonly at: string;
  readonly actor: string;
  readonly action: AuditAction;
  readonly target: string;
  readonly details: Record<string, unknown>;
}

/**
 * Head office's changes to users, integration accounts and pack subscriptions (libs/delivery): who (the authenticated subject), what,
 * on which account, when. Written in the transaction of the change. Never holds a password, hash,
 * secret or token: details name the fields that changed and their new non-secret values.
 */
@Injectable()
export class AuditLog {
  constructor(private readonly dataSource: DataSource) {}

  async record(manager: EntityManager, actor: string, action: AuditAction, target: string, details: Record<string, unknown> = {}): Promise<void> {
    await manager.query(`INSERT INTO identity_audit (actor, action, target, details) VALUES ($1, $2, $3, $4)`, [
      actor,
      action,
      target,
      JSON.stringify(details),
    ]);
  }

  /** The latest entries first (for tests and operators). */
  async latest(limit = 100): Promise<AuditEntry[]> {
    const rows = await this.dataSource.query<{ id: string; at: Date; actor: string; action: AuditAction; target: string; details: Record<string, unknown> }[]>(
      `SELECT id, at, actor, action, target, details FROM identity_audit ORDER BY id DESC LIMIT $1`,
      [limit],
    );
    return rows.map((r) => ({ ...r, id: String(r.id), at: r.at.toISOString() }));
  }
}
