import { BranchContext } from '@app/platform-kit';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { createHash, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import { DataSource } from 'typeorm';
import { AuditLog } from './audit-log';
import { conflict, notFound } from './identity.errors';
import { IDENTITY_SETTINGS } from './identity.tokens';
import { IdentitySettings } from './identity.settings';

export interface IntegrationAccountView {
  readonly clientId: string;
  readonly name: string;
  readonly branches: string[];
  readonly contexts: BranchContext[];
  readonly status: 'active' | 'revoked';
  readonly createdAt: string;
  readonly createdBy: string;
  readonly rotatedAt: string | null;
  readonly revokedAt: string | null;
}

export interface NewIntegrationAccount {
  readonly clientId: string;
  readonly name: string;
  readonly branches: readonly string[];
  readonly contexts: readonly BranchContext[];
}

/** An account that passed the client-credentials check, with the `sid` of its current secret. */
export interface AuthenticatedClient {
  readonly clientId: string;
  readonly branches: string[];
  readonly contexts: BranchContext[];
  readonly tokenSid: string;
}

interface AccountRow {
  client_id: string;
  name: string;
  secret_hash: string;
  token_sid: string;
  branches: string[];
  contexts: BranchContext[];
  created_at: Date;
  created_by: string;
  rotated_at: Date | null;
  revoked_at: Date | null;
}

function view(row: AccountRow): IntegrationAccountView {
  return {
    clientId: row.client_id,
    name: row.name,
    branches: row.branches,
    contexts: row.contexts,
    status: row.revoked_at ? 'revoked' : 'active',
    createdAt: row.created_at.toISOString(),
    createdBy: row.created_by,
    rotatedAt: row.rotated_at?.toISOString() ?? null,
    revokedAt: row.revoked_at?.toISOString() ?? null,
  };
}

/** Client secrets: 256 random bits with a recognisable prefix (secret scanners, logs). */
const SECRET_PREFIX = 'dkpi_';

/**
 * A secret is 256 random bits, so a fast hash is enough to store it (nothing to brute-force, unlike
 * a password); SHA-256, compared in constant time. See ADR 16.
 */
function secretHash(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('base64url');
}

function sameHash(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/**
 * Integration accounts of dealer systems: a client id with its branches and contexts and one
 * current secret (shown once, stored hashed). Rotating replaces the secret and its token
 * generation (`token_sid`), so tokens issued with the old secret stop working; revoking ends the
 * account for good (its client id is not reused).
 */
@Injectable()
export class IntegrationAccountsService {
  private readonly logger = new Logger('Integrations');

  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditLog,
    @Inject(IDENTITY_SETTINGS) readonly settings: IdentitySettings,
  ) {}

  async list(): Promise<IntegrationAccountView[]> {
    return (await this.dataSource.query<AccountRow[]>(`SELECT * FROM integration_accounts ORDER BY client_id`)).map(view);
  }

  async get(clientId: string): Promise<IntegrationAccountView> {
    return view(await this.row(clientId));
  }

  async create(actor: string, account: NewIntegrationAccount): Promise<{ account: IntegrationAccountView; clientSecret: string }> {
    const clientSecret = newSecret();
    const branches = [...new Set(account.branches)];
    const contexts = [...new Set(account.contexts)];
    await this.dataSource.transaction(async (manager) => {
      const inserted = await manager.query<unknown[]>(
        `INSERT INTO integration_accounts (client_id, name, secret_hash, token_sid, branches, contexts, created_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (client_id) DO NOTHING RETURNING client_id`,
        [account.clientId, account.name, secretHash(clientSecret), randomUUID(), branches, contexts, actor],
      );
      if (inserted.length === 0)
        throw conflict('CLIENT_ID_TAKEN', `the client id ${account.clientId} is taken (client ids of revoked accounts are not reused)`);
      await this.audit.record(manager, actor, 'integration.created', account.clientId, { name: account.name, branches, contexts });
    });
    this.logger.log(`integration account ${account.clientId} created by ${actor}`);
    return { account: await this.get(account.clientId), clientSecret };
  }

  /** A new secret; the old one and every token issued with it stop working. */
  async rotate(actor: string, clientId: string): Promise<{ account: IntegrationAccountView; clientSecret: string }> {
    const clientSecret = newSecret();
    await this.dataSource.transaction(async (manager) => {
      const [row] = await manager.query<AccountRow[]>(`SELECT * FROM integration_accounts WHERE client_id = $1 FOR UPDATE`, [clientId]);
      if (!row) throw notFound('INTEGRATION_NOT_FOUND', `no integration account ${clientId}`);
      if (row.revoked_at) throw conflict('INTEGRATION_REVOKED', `the integration account ${clientId} is revoked`);
      await manager.query(`UPDATE integration_accounts SET secret_hash = $2, token_sid = $3, rotated_at = now() WHERE client_id = $1`, [
        clientId,
        secretHash(clientSecret),
        randomUUID(),
      ]);
      await this.audit.record(manager, actor, 'integration.secret-rotated', clientId);
    });
    this.logger.log(`integration account ${clientId}: secret rotated by ${actor}`);
    return { account: await this.get(clientId), clientSecret };
  }

  /** Ends the account: its secret and tokens stop working. Revoking a revoked account changes nothing. */
  async revoke(actor: string, clientId: string): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const [row] = await manager.query<AccountRow[]>(`SELECT * FROM integration_accounts WHERE client_id = $1 FOR UPDATE`, [clientId]);
      if (!row) throw notFound('INTEGRATION_NOT_FOUND', `no integration account ${clientId}`);
      if (row.revoked_at) return;
      await manager.query(`UPDATE integration_accounts SET revoked_at = now() WHERE client_id = $1`, [clientId]);
      await this.audit.record(manager, actor, 'integration.revoked', clientId);
    });
    this.logger.log(`integration account ${clientId} revoked by ${actor}`);
  }

  /** The active account with this id and secret, or `undefined` (unknown, revoked or wrong secret: the same answer). */
  async authenticate(clientId: string, clientSecret: string): Promise<AuthenticatedClient | undefined> {
    const [row] = await this.dataSource.query<AccountRow[]>(`SELECT * FROM integration_accounts WHERE client_id = $1`, [clientId]);
    const given = secretHash(clientSecret);
    const matches = sameHash(row?.secret_hash ?? secretHash(randomUUID()), given);
    if (!row || !matches || row.revoked_at) return undefined;
    return { clientId: row.client_id, branches: row.branches, contexts: row.contexts, tokenSid: row.token_sid };
  }

  private async row(clientId: string): Promise<AccountRow> {
    const [row] = await this.dataSource.query<AccountRow[]>(`SELECT * FROM integration_accounts WHERE client_id = $1`, [clientId]);
    if (!row) throw notFound('INTEGRATION_NOT_FOUND', `no integration account ${clientId}`);
    return row;
  }
}

function newSecret(): string {
  return `${SECRET_PREFIX}${randomBytes(32).toString('base64url')}`;
}
