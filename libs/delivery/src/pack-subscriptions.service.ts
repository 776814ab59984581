import { AccessScope, ResolvedScope } from '@app/auth';
import { AuditLog, UsersService, UserView } from '@app/identity';
import { Locale } from '@app/kpi';
import { Principal } from '@app/platform-kit';
import { KpiReportingService } from '@app/reporting';
import { Injectable, Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { duplicateSubscription, subscriptionNotFound, unknownBranch, unknownRegion, unprocessable, validationFailed, versionConflict } from './delivery.errors';
import { PackSchedule } from './pack-schedule';
import {
  CreatePackSubscriptionRequest,
  DeliveryStatus,
  Pack,
  PackCurrency,
  PackFormat,
  PackLevel,
  PackScheduleDto,
  PackView,
  requestedLevel,
  UpdatePackSubscriptionRequest,
} from './pack-subscriptions.dto';

/** The unit of a pack: a branch, a region or the group (its id is `group`). */
export interface PackUnit {
  readonly level: PackLevel;
  readonly unitId: string;
}

export const GROUP_UNIT_ID = 'group';

export interface PackSubscriptionView {
  readonly id: string;
  readonly recipientUserId: string;
  readonly email: string;
  readonly pack: Pack;
  readonly level: PackLevel;
  readonly unitId: string;
  readonly branchId: string | null;
  readonly regionId: string | null;
  readonly currency: PackCurrency;
  readonly view: PackView;
  readonly timeZone: string | null;
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
  level: PackLevel;
  unit_id: string;
  currency: PackCurrency;
  view: PackView;
  time_zone: string | null;
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
  readonly level: PackLevel;
  readonly unitId: string;
  readonly branchId: string | null;
  readonly regionId: string | null;
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
  level: PackLevel;
  unit_id: string;
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

/** The unit as the API shows it: level and id, and the id again as branchId or regionId (the field a request names it by). */
function unitFields(row: { level: PackLevel; unit_id: string }): { level: PackLevel; unitId: string; branchId: string | null; regionId: string | null } {
  return {
    level: row.level,
    unitId: row.unit_id,
    branchId: row.level === 'branch' ? row.unit_id : null,
    regionId: row.level === 'region' ? row.unit_id : null,
  };
}

/** The pack's name in a log line: `SH-01`, `region EAST`, `group`. */
export function describeUnit(unit: { level: PackLevel; unit_id: string }): string {
  return unit.level === 'branch' ? unit.unit_id : unit.level === 'region' ? `region ${unit.unit_id}` : 'group';
}

/**
 * The unit a request names (400 with the field otherwise): level (or the level of pack, else
 * branch) with branchId for a branch, regionId for a region, neither for the group; `pack`, when
 * given, is the level's. A change (PATCH) keeps the current unit for what it does not name.
 */
function unitOf(request: CreatePackSubscriptionRequest | UpdatePackSubscriptionRequest, current?: PackSubscriptionRow): PackUnit {
  const named = request.level !== undefined || request.pack !== undefined || request.branchId !== undefined || request.regionId !== undefined;
  if (current && !named) return { level: current.level, unitId: current.unit_id };
  const level = (
    request.level !== undefined || request.pack !== undefined
      ? requestedLevel(request)
      : request.regionId !== undefined
        ? 'region'
        : request.branchId !== undefined
          ? 'branch'
          : (current?.level ?? 'branch')
  ) as PackLevel;
  const errors = [];
  if (request.pack !== undefined && request.pack !== `${level}-monthly`) {
    errors.push({ field: 'pack', messages: [`pack must be ${level}-monthly for level ${level} (or left out)`] });
  }
  if (level !== 'branch' && request.branchId !== undefined)
    errors.push({ field: 'branchId', messages: [`branchId is for level branch; level ${level} does not take it`] });
  if (level !== 'region' && request.regionId !== undefined)
    errors.push({ field: 'regionId', messages: [`regionId is for level region; level ${level} does not take it`] });
  const sameLevel = current?.level === level ? current.unit_id : undefined;
  const unitId = level === 'group' ? GROUP_UNIT_ID : level === 'region' ? (request.regionId ?? sameLevel) : (request.branchId ?? sameLevel);
  if (unitId === undefined) errors.push({ field: level === 'region' ? 'regionId' : 'branchId', messages: [`level ${level} needs its ${level}Id`] });
  if (errors.length > 0) throw validationFailed(errors);
  return { level, unitId: unitId! };
}

function view(row: PackSubscriptionRow): PackSubscriptionView {
  return {
    id: row.id,
    recipientUserId: row.recipient_user_id,
    email: row.email,
    pack: row.pack,
    ...unitFields(row),
    currency: row.currency,
    view: row.view,
    timeZone: row.time_zone,
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
    ...unitFields(row),
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

const COLUMNS = `id, recipient_user_id, email, pack, level, unit_id, currency, view, time_zone, formats, locale, schedule_kind, business_day, weekday,
  enabled, version, created_at, created_by, updated_at, updated_by`;

const isUuid = (value: string): boolean => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value);

/**
 * Head office's pack subscriptions in Postgres (docs/adr/0023-scheduled-pack-delivery.md): to the
 * monthly pack of a branch, a region or the group. Each change checks that the recipient exists,
 * is enabled and may see the unit (422 otherwise),
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
    const unit = unitOf(request);
    await this.assertDeliverable(request.recipientUserId, unit);
    const id = randomUUID();
    const schedule = request.schedule;
    const currency = request.currency ?? (unit.level === 'branch' ? 'branch' : 'group');
    const packView = request.view ?? 'restated';
    await this.dataSource.transaction(async (manager) => {
      await this.assertNotDuplicate(manager, id, { recipient: request.recipientUserId, email: request.email, unit, schedule, currency, view: packView });
      await manager.query(
        `INSERT INTO pack_subscriptions (id, recipient_user_id, email, pack, level, unit_id, currency, view, time_zone, formats, locale,
                                         schedule_kind, business_day, weekday, enabled, created_by, updated_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $16)`,
        [
          id,
          request.recipientUserId,
          request.email,
          `${unit.level}-monthly`,
          unit.level,
          unit.unitId,
          currency,
          packView,
          request.timeZone ?? null,
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
    this.logger.log(`pack subscription ${id} (${describeUnit({ level: unit.level, unit_id: unit.unitId })}, ${schedule.kind}) created by ${actor}`);
    return this.get(id);
  }

  async update(actor: string, id: string, change: UpdatePackSubscriptionRequest, expected?: number): Promise<PackSubscriptionView> {
    assertOneKindOfDay(change.schedule);
    await this.dataSource.transaction(async (manager) => {
      const current = await this.lock(manager, id);
      if (expected !== undefined && expected !== current.version) throw versionConflict(current.version);
      const recipient = change.recipientUserId ?? current.recipient_user_id;
      const unit = unitOf(change, current);
      const schedule = change.schedule ?? scheduleOf(current);
      const email = change.email ?? current.email;
      const currency = change.currency ?? (unit.level === current.level ? current.currency : unit.level === 'branch' ? 'branch' : 'group');
      const packView = change.view ?? current.view;
      await this.assertDeliverable(recipient, unit);
      await this.assertNotDuplicate(manager, id, { recipient, email, unit, schedule, currency, view: packView });
      await manager.query(
        `UPDATE pack_subscriptions SET recipient_user_id = $2, email = $3, pack = $4, level = $5, unit_id = $6, currency = $7, view = $8, time_zone = $9,
                formats = $10, locale = $11, schedule_kind = $12, business_day = $13, weekday = $14, enabled = $15,
                version = version + 1, updated_at = now(), updated_by = $16
          WHERE id = $1`,
        [
          id,
          recipient,
          email,
          `${unit.level}-monthly`,
          unit.level,
          unit.unitId,
          currency,
          packView,
          change.timeZone === undefined ? current.time_zone : change.timeZone,
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
      await this.audit.record(manager, actor, 'pack-subscription.deleted', id, {
        level: current.level,
        unitId: current.unit_id,
        recipientUserId: current.recipient_user_id,
      });
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
   * The recipient's scope, if the unit's pack may be sent to them now: 422 when the user is unknown
   * or disabled or may not see the unit (a branch, a region, or the group: head office and
   * analysts without restriction only), with the field that names it; 400 UNKNOWN_BRANCH or
   * UNKNOWN_REGION for a unit nobody knows.
   */
  async assertDeliverable(recipientUserId: string, unit: PackUnit): Promise<{ user: UserView; scope: ResolvedScope }> {
    const user = await this.users.find(recipientUserId);
    if (!user) throw unprocessable('UNKNOWN_RECIPIENT', 'recipientUserId', `no user ${recipientUserId}`);
    if (user.disabled) throw unprocessable('RECIPIENT_DISABLED', 'recipientUserId', `user ${user.username} is disabled`);
    const units = await this.reporting.units();
    if (unit.level === 'branch' && !units.branches.has(unit.unitId)) throw unknownBranch(unit.unitId);
    if (unit.level === 'region' && !units.regions.has(unit.unitId)) throw unknownRegion(unit.unitId);
    const scope = await this.access.resolve(principalOfUser(user));
    const who = `${user.username} (${user.role})`;
    if (unit.level === 'branch' && !scope.all && !scope.branches.includes(unit.unitId)) {
      throw unprocessable('RECIPIENT_OUT_OF_SCOPE', 'branchId', `branch ${unit.unitId} is outside the access scope of ${who}`);
    }
    if (unit.level === 'region' && !scope.all && !scope.regions.includes(unit.unitId)) {
      throw unprocessable('RECIPIENT_OUT_OF_SCOPE', 'regionId', `region ${unit.unitId} is outside the access scope of ${who}`);
    }
    if (unit.level === 'group' && !scope.all) {
      throw unprocessable(
        'RECIPIENT_OUT_OF_SCOPE',
        'level',
        `the group pack is outside the access scope of ${who}: it is for head office and analysts of the whole group`,
      );
    }
    return { user, scope };
  }

  /**
   * 409 DUPLICATE_SUBSCRIPTION when another subscription already mails the same pack (unit,
   * currency, view) on the same schedule to the same recipient and address: the recipient would
   * get it twice. Creations and changes for one recipient take a transaction lock first, so two at
   * once cannot both pass.
   */
  private async assertNotDuplicate(
    manager: EntityManager,
    id: string,
    key: { recipient: string; email: string; unit: PackUnit; schedule: PackSchedule | PackScheduleDto; currency: PackCurrency; view: PackView },
  ): Promise<void> {
    await manager.query(`SELECT pg_advisory_xact_lock(hashtext('pack-subscriptions:' || $1))`, [key.recipient]);
    const businessDay = key.schedule.kind === 'monthly' ? key.schedule.businessDay : null;
    const weekday = key.schedule.kind === 'weekly' ? key.schedule.weekday : null;
    const [existing] = await manager.query<{ id: string }[]>(
      `SELECT id FROM pack_subscriptions
        WHERE id <> $1 AND recipient_user_id = $2 AND lower(email) = lower($3) AND level = $4 AND unit_id = $5 AND currency = $6 AND view = $7
          AND schedule_kind = $8 AND business_day IS NOT DISTINCT FROM $9::integer AND weekday IS NOT DISTINCT FROM $10::integer
        LIMIT 1`,
      [id, key.recipient, key.email, key.unit.level, key.unit.unitId, key.currency, key.view, key.schedule.kind, businessDay, weekday],
    );
    if (existing) throw duplicateSubscription(existing.id);
  }

  private async lock(manager: EntityManager, id: string): Promise<PackSubscriptionRow> {
    const [row] = isUuid(id) ? await manager.query<PackSubscriptionRow[]>(`SELECT ${COLUMNS} FROM pack_subscriptions WHERE id = $1 FOR UPDATE`, [id]) : [];
    if (!row) throw subscriptionNotFound(id);
    return row;
  }
}
