import { AccessScope, ResolvedScope } from '@app/auth';
import { AuditLog, UsersService, UserView } from '@app/identity';
import { Locale } from '@app/kpi';
import { Principal } from '@app/platform-kit';
import { KpiReportingService } from '@app/reporting';
import { Injectable, Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { subscriptionNotFound, unknownBranch, unprocessable, validationFailed, versionConflict } from './delivery.errors';
import { PackSchedule } from './pack-schedule';
import { CreatePackSubscriptionRequest, DeliveryStatus, Pack, PackFormat, PackScheduleDto, UpdatePackSubscriptionRequest } from './pack-subscriptions.dto';

export interface PackSubscriptionView {
  readonly id: string;
  readonly recipientUserId: string;
  readonly email: string;
  readonly pack: Pack;
  readonly branchId: string;
  readonly formats: PackFormat[];
  readonly locale: Locale;
  readonly schedule: PackSchedule;
  readonly enabled: boolean;
  readonly version: number;
  readonly createdAt: string;
  readonly createdBy: string;
  readonly updatedAt: string;
  readonly updatedBy: string;
}

export interface PackSubscriptionRow {
  id: string;
  recipient_user_id: string;
  email: string;
  pack: Pack;
  branch_id: string;
  formats: PackFormat[];
  locale: Locale;
  schedule_kind: 'monthly' | 'weekly';
  business_day: number | null;
  weekday: number | null;
  enabled: boolean;
  version: number;
  created_at: Date;
  created_by: string;
  updated_at: Date;
  updated_by: string;
}

export interface PackDeliveryView {
  readonly id: string;
  readonly subscriptionId: string;
  readonly periodKey: string;
  readonly period: string;
  readonly dueAt: string;
  readonly recipientUserId: string;
  readonly email: string;
  readonly branchId: string;
  readonly status: DeliveryStatus;
  readonly attempts: number;
  readonly nextAttemptAt: string | null;
  readonly lastError: string | null;
  readonly messageId: string | null;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly sentAt: string | null;
}

interface PackDeliveryRow {
  id: string;
  subscription_id: string;
  period_key: string;
  period: string;
  due_at: Date;
  recipient_user_id: string;
  email: string;
  branch_id: string;
  status: DeliveryStatus;
  attempts: number;
  next_attempt_at: Date;
  last_error: string | null;
  message_id: string | null;
  created_at: Date;
  updated_at: Date;
  sent_at: Date | null;
}

export function scheduleOf(row: Pick<PackSubscriptionRow, 'schedule_kind' | 'business_day' | 'weekday'>): PackSchedule {
  return row.schedule_kind === 'monthly' ? { kind: 'monthly', businessDay: row.business_day ?? 1 } : { kind: 'weekly', weekday: row.weekday ?? 1 };
}

function view(row: PackSubscriptionRow): PackSubscriptionView {
  return {
    id: row.id,
    recipientUserId: row.recipient_user_id,
    email: row.email,
    pack: row.pack,
    branchId: row.branch_id,
    formats: row.formats,
    locale: row.locale,
    schedule: scheduleOf(row),
    enabled: row.enabled,
    version: row.version,
    createdAt: row.created_at.toISOString(),
    createdBy: row.created_by,
    updatedAt: row.updated_at.toISOString(),
    updatedBy: row.updated_by,
  };
}

function deliveryView(row: PackDeliveryRow): PackDeliveryView {
  return {
    id: String(row.id),
    subscriptionId: row.subscription_id,
    periodKey: row.period_key,
    period: row.period,
    dueAt: row.due_at.toISOString(),
    recipientUserId: row.recipient_user_id,
    email: row.email,
    branchId: row.branch_id,
    status: row.status,
    attempts: row.attempts,
    nextAttemptAt: row.status === 'queued' ? row.next_attempt_at.toISOString() : null,
    lastError: row.last_error,
    messageId: row.message_id,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
    sentAt: row.sent_at?.toISOString() ?? null,
  };
}

/** The principal a user account stands for: what it would be allowed to read if it signed in now. */
export function principalOfUser(user: UserView): Principal {
  return { kind: 'user', subject: user.id, role: user.role, regions: user.regions, branches: user.branches, contexts: [] };
}

/** A schedule names the day of its own kind only: business day for monthly, weekday for weekly (400 otherwise). */
function assertOneKindOfDay(schedule: PackScheduleDto | undefined): void {
  if (schedule?.kind === 'monthly' && schedule.weekday !== undefined) {
    throw validationFailed([{ field: 'schedule.weekday', messages: ['weekday is for weekly schedules; a monthly one names its businessDay'] }]);
  }
  if (schedule?.kind === 'weekly' && schedule.businessDay !== undefined) {
    throw validationFailed([{ field: 'schedule.businessDay', messages: ['businessDay is for monthly schedules; a weekly one names its weekday'] }]);
  }
}

const COLUMNS = `id, recipient_user_id, email, pack, branch_id, formats, locale, schedule_kind, business_day, weekday, enabled, version,
  created_at, created_by, updated_at, updated_by`;

const isUuid = (value: string): boolean => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value);

/**
 * Head office's pack subscriptions in Postgres (docs/adr/0023-scheduled-pack-delivery.md). Each
 * change checks that the recipient exists, is enabled and may see the branch (422 otherwise),
 * bumps the version (If-Match → 409 on a stale one), records the actor, and writes an audit entry
 * in the same transaction.
 */
@Injectable()
export class PackSubscriptionsService {
  private readonly logger = new Logger('PackSubscriptions');

  constructor(
    private readonly dataSource: DataSource,
    private readonly users: UsersService,
    private readonly audit: AuditLog,
    private readonly reporting: KpiReportingService,
  ) {}

  get access(): AccessScope {
    return this.reporting.access;
  }

  async list(): Promise<PackSubscriptionView[]> {
    const rows = await this.dataSource.query<PackSubscriptionRow[]>(`SELECT ${COLUMNS} FROM pack_subscriptions ORDER BY created_at, id`);
    return rows.map(view);
  }

  async get(id: string): Promise<PackSubscriptionView> {
    const [row] = isUuid(id) ? await this.dataSource.query<PackSubscriptionRow[]>(`SELECT ${COLUMNS} FROM pack_subscriptions WHERE id = $1`, [id]) : [];
    if (!row) throw subscriptionNotFound(id);
    return view(row);
  }

  async create(actor: string, request: CreatePackSubscriptionRequest): Promise<PackSubscriptionView> {
    assertOneKindOfDay(request.schedule);
    await this.assertDeliverable(request.recipientUserId, request.branchId);
    const id = randomUUID();
    const schedule = request.schedule;
    await this.dataSource.transaction(async (manager) => {
      await manager.query(
        `INSERT INTO pack_subscriptions (id, recipient_user_id, email, pack, branch_id, formats, locale, schedule_kind, business_day, weekday, enabled, created_by, updated_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $12)`,
        [
          id,
          request.recipientUserId,
          request.email,
          request.pack ?? 'branch-monthly',
          request.branchId,
          request.formats,
          request.locale,
          schedule.kind,
          schedule.kind === 'monthly' ? schedule.businessDay : null,
          schedule.kind === 'weekly' ? schedule.weekday : null,
          request.enabled ?? true,
          actor,
        ],
      );
      await this.audit.record(manager, actor, 'pack-subscription.created', id, { ...request });
    });
    this.logger.log(`pack subscription ${id} (${request.branchId}, ${schedule.kind}) created by ${actor}`);
    return this.get(id);
  }

  async update(actor: string, id: string, change: UpdatePackSubscriptionRequest, expected?: number): Promise<PackSubscriptionView> {
    assertOneKindOfDay(change.schedule);
    await this.dataSource.transaction(async (manager) => {
      const current = await this.lock(manager, id);
      if (expected !== undefined && expected !== current.version) throw versionConflict(current.version);
      const recipient = change.recipientUserId ?? current.recipient_user_id;
      const branchId = change.branchId ?? current.branch_id;
      const schedule = change.schedule ?? scheduleOf(current);
      await this.assertDeliverable(recipient, branchId);
      await manager.query(
        `UPDATE pack_subscriptions SET recipient_user_id = $2, email = $3, pack = $4, branch_id = $5, formats = $6, locale = $7,
                schedule_kind = $8, business_day = $9, weekday = $10, enabled = $11,
                version = version + 1, updated_at = now(), updated_by = $12
          WHERE id = $1`,
        [
          id,
          recipient,
          change.email ?? current.email,
          change.pack ?? current.pack,
          branchId,
          change.formats ?? current.formats,
          change.locale ?? current.locale,
          schedule.kind,
          schedule.kind === 'monthly' ? schedule.businessDay : null,
          schedule.kind === 'weekly' ? schedule.weekday : null,
          change.enabled ?? current.enabled,
          actor,
        ],
      );
      await this.audit.record(manager, actor, 'pack-subscription.updated', id, { ...change });
    });
    return this.get(id);
  }

  async remove(actor: string, id: string, expected?: number): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const current = await this.lock(manager, id);
      if (expected !== undefined && expected !== current.version) throw versionConflict(current.version);
      await manager.query(`DELETE FROM pack_subscriptions WHERE id = $1`, [id]);
      // Deliveries not sent yet are not sent any more; the log of the others stays.
      await manager.query(
        `UPDATE pack_deliveries SET status = 'failed', last_error = 'SUBSCRIPTION_DELETED: the subscription was deleted', updated_at = now()
          WHERE subscription_id = $1 AND status = 'queued'`,
        [id],
      );
      await this.audit.record(manager, actor, 'pack-subscription.deleted', id, { branchId: current.branch_id, recipientUserId: current.recipient_user_id });
    });
    this.logger.log(`pack subscription ${id} deleted by ${actor}`);
  }

  async deliveries(filter: { subscriptionId?: string; status?: DeliveryStatus; limit?: number }): Promise<PackDeliveryView[]> {
    const rows = await this.dataSource.query<PackDeliveryRow[]>(
      `SELECT * FROM pack_deliveries
        WHERE ($1::uuid IS NULL OR subscription_id = $1::uuid) AND ($2::text IS NULL OR status = $2)
        ORDER BY id DESC LIMIT $3`,
      [filter.subscriptionId ?? null, filter.status ?? null, filter.limit ?? 100],
    );
    return rows.map(deliveryView);
  }

  /**
   * The recipient's scope, if the pack of the branch may be sent to them now: 422 when the user is
   * unknown or disabled or may not see the branch; 400 UNKNOWN_BRANCH for a branch nobody knows.
   */
  async assertDeliverable(recipientUserId: string, branchId: string): Promise<{ user: UserView; scope: ResolvedScope }> {
    const user = await this.users.find(recipientUserId);
    if (!user) throw unprocessable('UNKNOWN_RECIPIENT', 'recipientUserId', `no user ${recipientUserId}`);
    if (user.disabled) throw unprocessable('RECIPIENT_DISABLED', 'recipientUserId', `user ${user.username} is disabled`);
    const units = await this.reporting.units();
    if (!units.branches.has(branchId)) throw unknownBranch(branchId);
    const scope = await this.access.resolve(principalOfUser(user));
    if (!scope.all && !scope.branches.includes(branchId)) {
      throw unprocessable('RECIPIENT_OUT_OF_SCOPE', 'branchId', `branch ${branchId} is outside the access scope of ${user.username} (${user.role})`);
    }
    return { user, scope };
  }

  private async lock(manager: EntityManager, id: string): Promise<PackSubscriptionRow> {
    const [row] = isUuid(id) ? await manager.query<PackSubscriptionRow[]>(`SELECT ${COLUMNS} FROM pack_subscriptions WHERE id = $1 FOR UPDATE`, [id]) : [];
    if (!row) throw subscriptionNotFound(id);
    return row;
  }
}
