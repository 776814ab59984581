import { BRANCH_ROLES, FieldError, Role, ROLES } from '@app/platform-kit';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { AuditLog } from './audit-log';
import { conflict, notFound, validationFailed, versionConflict } from './identity.errors';
import { IDENTITY_SETTINGS } from './identity.tokens';
import { IdentitySettings, passwordProblems } from './identity.settings';
import { PasswordHasher } from './password-hasher';
import { isUuid } from './session-check';

/** Roles a person can have; `integration` is for integration accounts only. */
export const USER_ROLES = ROLES.filter((role): role is Exclude<Role, 'integration'> => role !== 'integration');
export type UserRole = (typeof USER_ROLES)[number];

/** A user as the admin API shows it (never the password hash). */
export interface UserView {
  readonly id: string;
  readonly username: string;
  readonly displayName: string;
  readonly role: UserRole;
  readonly regions: string[];
  readonly branches: string[];
  readonly disabled: boolean;
  /** The employee (org context) the account is linked to, or null: a sales consultant logs this employee's own activities. */
  readonly employeeId: string | null;
  /** Increases with every change; send it back as `If-Match: "<version>"` to update only that version. */
  readonly version: number;
  readonly createdAt: string;
  readonly createdBy: string;
  readonly updatedAt: string;
  readonly updatedBy: string;
  /** Open, unexpired sign-in sessions. */
  readonly activeSessions: number;
}

export interface NewUser {
  readonly username: string;
  readonly displayName: string;
  readonly role: UserRole;
  readonly regions?: readonly string[];
  readonly branches?: readonly string[];
  readonly employeeId?: string | null;
  readonly password: string;
}

export interface UserChange {
  readonly displayName?: string;
  readonly role?: UserRole;
  readonly regions?: readonly string[];
  readonly branches?: readonly string[];
  readonly disabled?: boolean;
  /** An employee id links the account, null unlinks it, absent leaves it. */
  readonly employeeId?: string | null;
}

interface UserRow {
  id: string;
  username: string;
  display_name: string;
  password_hash: string;
  role: UserRole;
  regions: string[];
  branches: string[];
  disabled: boolean;
  employee_id: string | null;
  version: number;
  created_at: Date;
  created_by: string;
  updated_at: Date;
  updated_by: string;
  active_sessions?: string;
}

const COLUMNS = `u.id, u.username, u.display_name, u.role, u.regions, u.branches, u.disabled, u.employee_id, u.version,
  u.created_at, u.created_by, u.updated_at, u.updated_by,
  (SELECT count(*) FROM sessions s WHERE s.user_id = u.id AND s.revoked_at IS NULL AND s.expires_at > now()) AS active_sessions`;

function view(row: UserRow): UserView {
  return {
    id: row.id,
    username: row.username,
    displayName: row.display_name,
    role: row.role,
    regions: row.regions,
    branches: row.branches,
    disabled: row.disabled,
    employeeId: row.employee_id ?? null,
    version: row.version,
    createdAt: row.created_at.toISOString(),
    createdBy: row.created_by,
    updatedAt: row.updated_at.toISOString(),
    updatedBy: row.updated_by,
    activeSessions: Number(row.active_sessions ?? 0),
  };
}

/** What principalFromClaims would refuse in a token of this role and scope, as field errors. */
export function scopeProblems(role: UserRole, regions: readonly string[], branches: readonly string[]): FieldError[] {
  const errors: FieldError[] = [];
  if (role === 'region-manager' && regions.length === 0) errors.push({ field: 'regions', messages: ['a region-manager needs at least one region'] });
  if (BRANCH_ROLES.includes(role) && branches.length === 0) errors.push({ field: 'branches', messages: [`a ${role} needs at least one branch`] });
  return errors;
}

/** The partial unique index: at most one user account per employee. */
const EMPLOYEE_ID_INDEX = 'users_employee_id_key';

/** The constraint a unique violation (23505) names (`''` when it names none), or undefined for another error. */
function uniqueViolation(error: unknown): string | undefined {
  const e = error as { code?: string; constraint?: string; driverError?: { code?: string; constraint?: string } };
  if (e.driverError?.code !== '23505' && e.code !== '23505') return undefined;
  return e.driverError?.constraint ?? e.constraint ?? '';
}

/** 409 `EMPLOYEE_ALREADY_LINKED`: another user account is linked to the employee. */
function employeeLinked(employeeId: string): Error {
  return conflict('EMPLOYEE_ALREADY_LINKED', `another user account is linked to employee ${employeeId}; unlink it first (employeeId: null)`);
}

const unique = (ids: readonly string[] | undefined): string[] => [...new Set(ids ?? [])];
const sameSet = (a: readonly string[], b: readonly string[]): boolean => a.length === b.length && a.every((x) => b.includes(x));

/**
 * Users and their sign-in sessions in Postgres. Every change runs in one transaction with its
 * audit entry; a change of role or scope, disabling, or a password reset revokes the user's open
 * sessions, so a token never carries more than the user has now. The last enabled head-office
 * user cannot be disabled or demoted (409 LAST_HEAD_OFFICE).
 */
@Injectable()
export class UsersService {
  private readonly logger = new Logger('Users');

  constructor(
    private readonly dataSource: DataSource,
    private readonly hasher: PasswordHasher,
    private readonly audit: AuditLog,
    @Inject(IDENTITY_SETTINGS) private readonly settings: IdentitySettings,
  ) {}

  async list(): Promise<UserView[]> {
    const rows = await this.dataSource.query<UserRow[]>(`SELECT ${COLUMNS} FROM users u ORDER BY lower(u.username)`);
    return rows.map(view);
  }

  async get(userId: string): Promise<UserView> {
    const row = isUuid(userId) ? (await this.dataSource.query<UserRow[]>(`SELECT ${COLUMNS} FROM users u WHERE u.id = $1`, [userId]))[0] : undefined;
    if (!row) throw notFound('USER_NOT_FOUND', `no user ${userId}`);
    return view(row);
  }

  /** The user of a token's subject, if the subject is a user of this platform (dev tokens are not). */
  async find(userId: string): Promise<UserView | undefined> {
    if (!isUuid(userId)) return undefined;
    const [row] = await this.dataSource.query<UserRow[]>(`SELECT ${COLUMNS} FROM users u WHERE u.id = $1`, [userId]);
    return row ? view(row) : undefined;
  }

  async create(actor: string, user: NewUser): Promise<UserView> {
    const regions = user.role === 'head-office' ? [] : unique(user.regions);
    const branches = user.role === 'head-office' ? [] : unique(user.branches);
    const errors = scopeProblems(user.role, regions, branches);
    const weak = passwordProblems(user.password, user.username);
    if (weak.length > 0) errors.push({ field: 'password', messages: weak.map((p) => `password ${p}`) });
    if (errors.length > 0) throw validationFailed(errors);
    const passwordHash = await this.hasher.hash(user.password);
    const id = randomUUID();
    await this.dataSource.transaction(async (manager) => {
      await this.insert(manager, actor, { id, ...user, regions, branches, employeeId: user.employeeId ?? null }, passwordHash);
      await this.audit.record(manager, actor, 'user.created', id, {
        username: user.username,
        displayName: user.displayName,
        role: user.role,
        regions,
        branches,
        ...(user.employeeId ? { employeeId: user.employeeId } : {}),
      });
    });
    this.logger.log(`user ${user.username} (${user.role}) created by ${actor}`);
    return this.get(id);
  }

  /** Applies a change; `expectedVersion` (from If-Match) must be the current version when given. */
  async update(actor: string, userId: string, change: UserChange, expectedVersion?: number): Promise<UserView> {
    await this.dataSource.transaction(async (manager) => {
      // One role change at a time, so two head offices cannot demote each other to none.
      await manager.query(`SELECT pg_advisory_xact_lock(hashtext('dealer-kpi:user-roles'))`);
      const current = await this.lock(manager, userId);
      if (expectedVersion !== undefined && expectedVersion !== current.version) throw versionConflict(current.version);
      const role = change.role ?? current.role;
      const regions = role === 'head-office' ? [] : change.regions !== undefined ? unique(change.regions) : current.regions;
      const branches = role === 'head-office' ? [] : change.branches !== undefined ? unique(change.branches) : current.branches;
      const disabled = change.disabled ?? current.disabled;
      const displayName = change.displayName ?? current.display_name;
      const employeeId = change.employeeId !== undefined ? change.employeeId : current.employee_id;
      const errors = scopeProblems(role, regions, branches);
      if (errors.length > 0) throw validationFailed(errors);
      const changed: Record<string, unknown> = {};
      if (displayName !== current.display_name) changed.displayName = displayName;
      if (role !== current.role) changed.role = role;
      if (!sameSet(regions, current.regions)) changed.regions = regions;
      if (!sameSet(branches, current.branches)) changed.branches = branches;
      if (disabled !== current.disabled) changed.disabled = disabled;
      if (employeeId !== current.employee_id) changed.employeeId = employeeId;
      if (Object.keys(changed).length === 0) return;
      try {
        await manager.query(
          `UPDATE users SET display_name = $2, role = $3, regions = $4, branches = $5, disabled = $6, employee_id = $8,
                  version = version + 1, updated_at = now(), updated_by = $7 WHERE id = $1`,
          [userId, displayName, role, regions, branches, disabled, actor, employeeId],
        );
      } catch (error) {
        throw uniqueViolation(error) === EMPLOYEE_ID_INDEX ? employeeLinked(employeeId ?? '') : error;
      }
      if (current.role === 'head-office' && !current.disabled && (role !== 'head-office' || disabled)) await this.assertHeadOfficeLeft(manager);
      // The employee link is a claim of the user's tokens (employee_id), so a change ends the sessions too.
      const revokes = 'role' in changed || 'regions' in changed || 'branches' in changed || 'employeeId' in changed || disabled;
      const revoked = revokes ? await this.revokeSessionsOf(manager, userId) : 0;
      await this.audit.record(manager, actor, 'user.updated', userId, { ...changed, ...(revokes ? { sessionsRevoked: revoked } : {}) });
    });
    return this.get(userId);
  }

  async resetPassword(actor: string, userId: string, password: string): Promise<UserView> {
    const user = await this.get(userId);
    const weak = passwordProblems(password, user.username);
    if (weak.length > 0) throw validationFailed([{ field: 'password', messages: weak.map((p) => `password ${p}`) }]);
    const passwordHash = await this.hasher.hash(password);
    await this.dataSource.transaction(async (manager) => {
      await this.lock(manager, userId);
      await manager.query(`UPDATE users SET password_hash = $2, version = version + 1, updated_at = now(), updated_by = $3 WHERE id = $1`, [
        userId,
        passwordHash,
        actor,
      ]);
      const revoked = await this.revokeSessionsOf(manager, userId);
      await this.audit.record(manager, actor, 'user.password-reset', userId, { sessionsRevoked: revoked });
    });
    return this.get(userId);
  }

  /** Ends every open session of the user; their tokens are refused from the next request on. */
  async revokeSessions(actor: string, userId: string): Promise<number> {
    return this.dataSource.transaction(async (manager) => {
      await this.lock(manager, userId);
      const revoked = await this.revokeSessionsOf(manager, userId);
      await this.audit.record(manager, actor, 'user.sessions-revoked', userId, { sessionsRevoked: revoked });
      return revoked;
    });
  }

  /**
   * The user whose username and password these are, enabled; `undefined` otherwise. Always spends
   * one argon2 verification, so the time does not tell an unknown user from a wrong password.
   */
  async authenticate(username: string, password: string): Promise<UserView | undefined> {
    const [row] = await this.dataSource.query<UserRow[]>(`SELECT u.password_hash, ${COLUMNS} FROM users u WHERE lower(u.username) = lower($1)`, [username]);
    if (!row) return this.hasher.verifyNothing(password).then(() => undefined);
    const matches = await this.hasher.verify(row.password_hash, password);
    return matches && !row.disabled ? view(row) : undefined;
  }

  /** Opens a session of the configured length for the user. */
  async openSession(userId: string): Promise<{ sessionId: string; expiresAt: Date }> {
    const sessionId = randomUUID();
    const [row] = await this.dataSource.query<{ expires_at: Date }[]>(
      `INSERT INTO sessions (id, user_id, expires_at) VALUES ($1, $2, now() + make_interval(secs => $3)) RETURNING expires_at`,
      [sessionId, userId, this.settings.sessionTtlSeconds],
    );
    return { sessionId, expiresAt: row!.expires_at };
  }

  /** Sign-out: ends this session (no-op when it is not the user's or already ended). */
  async closeSession(sessionId: string, userId: string): Promise<void> {
    if (!isUuid(sessionId) || !isUuid(userId)) return;
    await this.dataSource.query(`UPDATE sessions SET revoked_at = now() WHERE id = $1 AND user_id = $2 AND revoked_at IS NULL`, [sessionId, userId]);
  }

  /**
   * Creates the first head-office account when there is no user at all (under an advisory lock,
   * so two processes starting together create one). Returns what was created, or `undefined`.
   */
  async createFirstAccount(username: string, password: string): Promise<UserView | undefined> {
    const passwordHash = await this.hasher.hash(password);
    const id = randomUUID();
    const created = await this.dataSource.transaction(async (manager) => {
      await manager.query(`SELECT pg_advisory_xact_lock(hashtext('dealer-kpi:first-account'))`);
      const [{ n }] = await manager.query<[{ n: number }]>(`SELECT count(*)::int AS n FROM users`);
      if (n > 0) return false;
      const actor = 'system:first-start';
      await this.insert(
        manager,
        actor,
        { id, username, displayName: 'Administrator', role: 'head-office', regions: [], branches: [], employeeId: null },
        passwordHash,
      );
      await this.audit.record(manager, actor, 'user.created', id, { username, role: 'head-office', firstAccount: true });
      return true;
    });
    return created ? this.get(id) : undefined;
  }

  async count(): Promise<number> {
    const [row] = await this.dataSource.query<{ n: number }[]>(`SELECT count(*)::int AS n FROM users`);
    return row?.n ?? 0;
  }

  private async insert(
    manager: EntityManager,
    actor: string,
    user: { id: string; username: string; displayName: string; role: UserRole; regions: string[]; branches: string[]; employeeId: string | null },
    passwordHash: string,
  ): Promise<void> {
    try {
      await manager.query(
        `INSERT INTO users (id, username, display_name, password_hash, role, regions, branches, employee_id, created_by, updated_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $9, $8, $8)`,
        [user.id, user.username, user.displayName, passwordHash, user.role, user.regions, user.branches, actor, user.employeeId],
      );
    } catch (error) {
      const index = uniqueViolation(error);
      if (index === EMPLOYEE_ID_INDEX) throw employeeLinked(user.employeeId ?? '');
      if (index !== undefined) throw conflict('USERNAME_TAKEN', `the username ${user.username} is taken`);
      throw error;
    }
  }

  private async lock(manager: EntityManager, userId: string): Promise<UserRow> {
    const [row] = isUuid(userId) ? await manager.query<UserRow[]>(`SELECT * FROM users WHERE id = $1 FOR UPDATE`, [userId]) : [];
    if (!row) throw notFound('USER_NOT_FOUND', `no user ${userId}`);
    return row;
  }

  private async assertHeadOfficeLeft(manager: EntityManager): Promise<void> {
    const [{ n }] = await manager.query<[{ n: number }]>(`SELECT count(*)::int AS n FROM users WHERE role = 'head-office' AND NOT disabled`);
    if (n === 0) throw conflict('LAST_HEAD_OFFICE', 'the last enabled head-office user cannot be disabled or given another role');
  }

  private async revokeSessionsOf(manager: EntityManager, userId: string): Promise<number> {
    const rows = await manager.query<{ id: string }[]>(`UPDATE sessions SET revoked_at = now() WHERE user_id = $1 AND revoked_at IS NULL RETURNING id`, [
      userId,
    ]);
    // TypeORM answers an UPDATE … RETURNING with [rows, count].
    const list = Array.isArray(rows[0]) ? (rows[0] as unknown as { id: string }[]) : rows;
    return list.length;
  }
}
