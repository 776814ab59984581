import { CLICKHOUSE_CLIENT, ClickHouseClient } from '@app/clickhouse';
import { UsersService } from '@app/identity';
import { branchWorkingDayCalendar, CalendarDay, RegionAssignment, unitWorkingDayCalendar, WorkingDayCalendar } from '@app/kpi';
import { outcomeOf, packDeliveries } from '@app/observability';
import { MonthlySummaryService, ReadModelFreshness, renderSummaryFile, sharedTimeZone } from '@app/reporting';
import { HttpException, Inject, Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { createTransport, Transporter } from 'nodemailer';
import type SMTPTransport from 'nodemailer/lib/smtp-transport';
import { DataSource } from 'typeorm';
import { DELIVERY_SETTINGS, DeliverySettings, describeSmtp, retryDelayMs } from './delivery.settings';
import { composePackMail, packFileName } from './pack-mail';
import { latestDueDelivery } from './pack-schedule';
import { PackLevel } from './pack-subscriptions.dto';
import { describeUnit, PackSubscriptionRow, PackSubscriptionsService, scheduleOf } from './pack-subscriptions.service';

/** "Now" for the scheduler; tests hand in their own. */
export const PACK_DELIVERY_CLOCK = Symbol('PACK_DELIVERY_CLOCK');
export type Clock = () => Date;

/** A failure no retry can mend (the recipient is gone, disabled or no longer sees the unit). */
class PermanentDeliveryError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

interface ClaimedDelivery {
  id: string;
  subscription_id: string;
  period_key: string;
  period: string;
  recipient_user_id: string;
  email: string;
  level: PackLevel;
  unit_id: string;
  attempts: number;
}

export interface DeliveryRound {
  /** Deliveries that became due in this round (new rows in the log). */
  readonly planned: number;
  readonly sent: number;
  readonly retried: number;
  readonly failed: number;
}

/** At most this many deliveries per round; the next round goes on. */
const MAX_PER_ROUND = 200;
const MAX_ERROR_LENGTH = 1000;
/** How long a claimed delivery is the claimer's; then another round may take it (the sender died). */
const SEND_LEASE_MS = 15 * 60_000;

/**
 * Finds due pack deliveries and sends them (docs/adr/0023-scheduled-pack-delivery.md):
 * 1. plan: for each enabled subscription, the latest occurrence of its schedule that is due in the
 *    unit's time zone and calendar (a branch's: the branch's zone, branch → region → group
 *    holidays; a region's or the group's: its branches' zone when they share one, else UTC, and
 *    region → group or group holidays; the subscription's own time zone when it names one), and
 *    not before the subscription existed, is inserted into
 *    pack_deliveries with ON CONFLICT (subscription_id, period_key) DO NOTHING;
 * 2. send: one due delivery at a time is claimed with FOR UPDATE SKIP LOCKED and marked `sending`
 *    with a 15-minute lease, rendered in the recipient's scope and locale by the same renderers as
 *    the export endpoint, and sent; the row becomes sent, or queued again with an exponential
 *    backoff, or failed after the last attempt.
 * Replicas and restarts therefore do not send a delivery twice, short of a crash between the SMTP
 * server's acceptance and the record of it, or a send that outlasts its lease (at least once, not
 * exactly once). Off without SMTP settings.
 */
@Injectable()
export class PackDeliveryScheduler implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('PackDelivery');
  private transport?: Transporter<SMTPTransport.SentMessageInfo>;
  private timer?: NodeJS.Timeout;
  private running?: Promise<DeliveryRound>;

  constructor(
    private readonly dataSource: DataSource,
    private readonly subscriptions: PackSubscriptionsService,
    private readonly users: UsersService,
    private readonly summaries: MonthlySummaryService,
    private readonly freshness: ReadModelFreshness,
    @Inject(CLICKHOUSE_CLIENT) private readonly clickhouse: ClickHouseClient,
    @Inject(DELIVERY_SETTINGS) private readonly settings: DeliverySettings,
    @Inject(PACK_DELIVERY_CLOCK) private readonly clock: Clock,
  ) {}

  get enabled(): boolean {
    return this.settings.smtp !== undefined;
  }

  onApplicationBootstrap(): void {
    if (!this.settings.smtp) {
      this.logger.log('scheduled pack delivery is off: SMTP is not configured (set SMTP_URL, or SMTP_HOST, and SMTP_FROM); subscriptions are kept');
      return;
    }
    this.transport = createTransport(this.settings.smtp, { from: this.settings.from });
    this.logger.log(
      `scheduled pack delivery is on: SMTP ${describeSmtp(this.settings)}, every ${this.settings.intervalMs} ms, up to ${this.settings.maxAttempts} attempts`,
    );
    this.timer = setInterval(() => {
      if (this.running) return;
      this.runOnce().catch((error: unknown) => this.logger.warn(`pack delivery round failed: ${error instanceof Error ? error.message : String(error)}`));
    }, this.settings.intervalMs);
    this.timer.unref();
  }

  async onModuleDestroy(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.running?.catch(() => undefined);
    this.transport?.close();
  }

  /** One round at `now` (the clock's by default): plan what is due, then send what is queued and due. */
  async runOnce(now: Date = this.clock()): Promise<DeliveryRound> {
    if (!this.transport) throw new Error('scheduled pack delivery is off: SMTP is not configured');
    while (this.running) await this.running.catch(() => undefined);
    const round = this.round(now);
    this.running = round;
    try {
      return await round;
    } finally {
      this.running = undefined;
    }
  }

  private async round(now: Date): Promise<DeliveryRound> {
    const planned = await this.plan(now);
    const counts = { sent: 0, retried: 0, failed: 0 };
    for (let i = 0; i < MAX_PER_ROUND; i += 1) {
      const outcome = await this.sendNext(now);
      if (outcome === undefined) break;
      counts[outcome] += 1;
    }
    return { planned, ...counts };
  }

  /** Inserts the deliveries that are due at `now`; an existing (subscription, period) is left alone. */
  async plan(now: Date): Promise<number> {
    const rows = await this.dataSource.query<PackSubscriptionRow[]>(`SELECT * FROM pack_subscriptions WHERE enabled ORDER BY id`);
    if (rows.length === 0) return 0;
    const units = await this.summaries.reporting.units();
    const [assignments, calendarDays] = await Promise.all([
      this.clickhouse.query<{ branch_id: string; region_id: string; valid_from: string }>(
        `SELECT toString(branch_id) AS branch_id, toString(region_id) AS region_id, toString(valid_from) AS valid_from FROM org_branch_region_assignments FINAL`,
      ),
      this.clickhouse.query<{ scope: string; scope_id: string; day: string; day_kind: string }>(
        `SELECT toString(h.scope) AS scope, h.scope_id AS scope_id, toString(h.date) AS day, h.day_kind AS day_kind FROM dim_holiday_calendar AS h WHERE h.date >= {from:Date}`,
        { from: new Date(now.getTime() - 62 * 86_400_000).toISOString().slice(0, 10) },
      ),
    ]);
    const regionAssignments: RegionAssignment[] = assignments.map((a) => ({ branchId: a.branch_id, regionId: a.region_id, validFrom: a.valid_from }));
    const days: CalendarDay[] = calendarDays.map((d) => ({ scope: d.scope, scopeId: d.scope_id, date: d.day, dayKind: d.day_kind }));
    const when = (row: PackSubscriptionRow): { timeZone: string; calendar: WorkingDayCalendar } | undefined => {
      if (row.level === 'branch') {
        const branch = units.branches.get(row.unit_id);
        return branch && { timeZone: row.time_zone ?? (branch.timeZone || 'UTC'), calendar: branchWorkingDayCalendar(row.unit_id, days, regionAssignments) };
      }
      if (row.level === 'region' && !units.regions.has(row.unit_id)) return undefined;
      // The region's branches today (or every branch): their zone when they share one, as the pack's own times.
      const branchIds = [...units.branches.values()].filter((b) => row.level === 'group' || b.regionId === row.unit_id).map((b) => b.id);
      return { timeZone: row.time_zone ?? sharedTimeZone(units, branchIds), calendar: unitWorkingDayCalendar(row.level, row.unit_id, days) };
    };
    let planned = 0;
    for (const row of rows) {
      const unit = when(row);
      if (!unit) {
        this.logger.warn(`pack subscription ${row.id}: ${describeUnit(row)} is not known; nothing planned`);
        continue;
      }
      const due = latestDueDelivery(scheduleOf(row), now, unit.timeZone, unit.calendar);
      // Occurrences due before the subscription existed are not sent.
      if (due.dueAt.getTime() < row.created_at.getTime()) continue;
      const inserted = await this.dataSource.query<unknown[]>(
        `INSERT INTO pack_deliveries (subscription_id, period_key, period, due_at, recipient_user_id, email, level, unit_id, next_attempt_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $4)
         ON CONFLICT (subscription_id, period_key) DO NOTHING RETURNING id`,
        [row.id, due.periodKey, due.period, due.dueAt, row.recipient_user_id, row.email, row.level, row.unit_id],
      );
      planned += inserted.length;
    }
    return planned;
  }

  /**
   * Claims one due delivery and attempts it; undefined when there is none. The claim is a short
   * transaction (SKIP LOCKED) that marks the row `sending` with a lease (its next_attempt_at): no
   * connection or lock is held while the pack renders and the SMTP server answers, and a row whose
   * sender died is claimed again once the lease has run out.
   */
  private async sendNext(now: Date): Promise<'sent' | 'retried' | 'failed' | undefined> {
    // TypeORM answers an UPDATE with [rows, row count].
    const [rows] = await this.dataSource.query<[ClaimedDelivery[], number]>(
      `UPDATE pack_deliveries d SET status = 'sending', attempts = d.attempts + 1, next_attempt_at = $2, updated_at = $1
        WHERE d.id = (SELECT id FROM pack_deliveries
                       WHERE status IN ('queued', 'sending') AND next_attempt_at <= $1
                       ORDER BY next_attempt_at, id
                       LIMIT 1
                       FOR UPDATE SKIP LOCKED)
        RETURNING d.id, d.subscription_id, d.period_key, d.period, d.recipient_user_id, d.email, d.level, d.unit_id, d.attempts`,
      [now, new Date(now.getTime() + SEND_LEASE_MS)],
    );
    const claimed = rows[0];
    if (!claimed) return undefined;
    try {
      if (claimed.attempts > this.settings.maxAttempts)
        throw new PermanentDeliveryError('ATTEMPT_UNFINISHED', 'the last attempt did not finish (the sender stopped)');
      const messageId = await this.deliver(claimed, now);
      await this.dataSource.query(
        `UPDATE pack_deliveries SET status = 'sent', message_id = $3, last_error = NULL, sent_at = $4, updated_at = $4
          WHERE id = $1 AND status = 'sending' AND attempts = $2`,
        [claimed.id, claimed.attempts, messageId, now],
      );
      packDeliveries.inc({ outcome: 'sent' });
      this.logger.log(`pack delivery ${claimed.id} (${describeUnit(claimed)} ${claimed.period_key}) sent, attempt ${claimed.attempts}`);
      return 'sent';
    } catch (error) {
      return this.recordFailure(claimed, error, now);
    }
  }

  private async recordFailure(claimed: ClaimedDelivery, error: unknown, now: Date): Promise<'retried' | 'failed'> {
    const attempts = claimed.attempts;
    const permanent = error instanceof PermanentDeliveryError;
    const message = (permanent ? `${error.code}: ${error.message}` : describeError(error)).slice(0, MAX_ERROR_LENGTH);
    if (permanent || attempts >= this.settings.maxAttempts) {
      await this.dataSource.query(
        `UPDATE pack_deliveries SET status = 'failed', last_error = $3, updated_at = $4 WHERE id = $1 AND status = 'sending' AND attempts = $2`,
        [claimed.id, attempts, message, now],
      );
      packDeliveries.inc({ outcome: 'failed' });
      this.logger.warn(`pack delivery ${claimed.id} (${describeUnit(claimed)} ${claimed.period_key}) failed after ${attempts} attempt(s): ${message}`);
      return 'failed';
    }
    const next = new Date(now.getTime() + retryDelayMs(this.settings, attempts));
    await this.dataSource.query(
      `UPDATE pack_deliveries SET status = 'queued', last_error = $3, next_attempt_at = $4, updated_at = $5 WHERE id = $1 AND status = 'sending' AND attempts = $2`,
      [claimed.id, attempts, message, next, now],
    );
    packDeliveries.inc({ outcome: 'retry' });
    this.logger.warn(
      `pack delivery ${claimed.id} (${describeUnit(claimed)} ${claimed.period_key}) attempt ${attempts} failed, next at ${next.toISOString()}: ${message}`,
    );
    return 'retried';
  }

  /** Renders the pack in the recipient's scope and locale and sends it; the SMTP message id. */
  private async deliver(claimed: ClaimedDelivery, now: Date): Promise<string> {
    const [subscription] = await this.dataSource.query<
      Pick<PackSubscriptionRow, 'formats' | 'locale' | 'schedule_kind' | 'enabled' | 'currency' | 'view' | 'time_zone'>[]
    >(`SELECT formats, locale, schedule_kind, enabled, currency, view, time_zone FROM pack_subscriptions WHERE id = $1`, [claimed.subscription_id]);
    if (!subscription) throw new PermanentDeliveryError('SUBSCRIPTION_DELETED', 'the subscription was deleted');
    if (!subscription.enabled) throw new PermanentDeliveryError('SUBSCRIPTION_DISABLED', 'the subscription was disabled');
    const { formats, locale } = subscription;
    const user = await this.users.find(claimed.recipient_user_id);
    if (!user) throw new PermanentDeliveryError('UNKNOWN_RECIPIENT', `no user ${claimed.recipient_user_id}`);
    if (user.disabled) throw new PermanentDeliveryError('RECIPIENT_DISABLED', `user ${user.username} is disabled`);
    let scope;
    try {
      ({ scope } = await this.subscriptions.assertDeliverable(claimed.recipient_user_id, { level: claimed.level, unitId: claimed.unit_id }));
    } catch (error) {
      // A refusal (a 4xx: the unit unknown, or outside the recipient's scope) is for good; anything else (an
      // outage of the store, a dropped connection) is retried.
      if (!(error instanceof HttpException) || error.getStatus() < 400 || error.getStatus() >= 500) throw error;
      throw new PermanentDeliveryError(outcomeOf(error), `${errorMessage(error) ?? `${describeUnit(claimed)} cannot be sent to ${user.username}`}`);
    }
    const kind = subscription.schedule_kind;
    // A weekly pack's key is its due date; it covers the month to the day before.
    const dueDate = kind === 'weekly' ? claimed.period_key.slice('weekly:'.length) : '';
    const throughDay = kind === 'weekly' ? new Date(Date.parse(`${dueDate}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10) : lastDayOf(claimed.period);
    // The figures as the month roll-up has them now, with its as-of mark (docs/adr/0018-as-of-marks.md).
    const asOf = await this.freshness.prepare(undefined, 'kpi-month-rollup');
    const request = {
      level: claimed.level,
      unitId: claimed.level === 'group' ? undefined : claimed.unit_id,
      period: claimed.period,
      locale,
      currency: subscription.currency,
      view: subscription.view,
      timeZone: subscription.time_zone ?? undefined,
    };
    const summary = { ...(await this.summaries.summary(scope, request, now)), asOf };
    const attachments = [];
    for (const format of formats) {
      const file = await renderSummaryFile(summary, format);
      attachments.push({
        filename: packFileName(claimed.unit_id, claimed.period, kind, throughDay, locale, format),
        content: typeof file.body === 'string' ? Buffer.from(file.body, 'utf8') : file.body,
        contentType: file.contentType,
      });
    }
    const mail = composePackMail({
      locale,
      recipientName: user.displayName || user.username,
      level: claimed.level,
      unitName: summary.unit.name,
      unitId: claimed.unit_id,
      period: claimed.period,
      kind,
      through: throughDay,
      formats,
      asOfPosition: asOf.position,
    });
    const info = await this.transport!.sendMail({
      to: claimed.email,
      subject: mail.subject,
      text: mail.text,
      attachments,
      headers: { 'X-Pack-Delivery': `${claimed.subscription_id}/${claimed.period_key}` },
    });
    return info.messageId;
  }
}

/** The message of an HTTP exception's body (e.g. RECIPIENT_OUT_OF_SCOPE's), or of an error. */
function errorMessage(error: unknown): string | undefined {
  const response = (error as { getResponse?: () => unknown }).getResponse?.();
  if (response && typeof response === 'object' && typeof (response as { message?: unknown }).message === 'string')
    return (response as { message: string }).message;
  return error instanceof Error ? error.message : undefined;
}

function lastDayOf(period: string): string {
  return new Date(Date.UTC(Number(period.slice(0, 4)), Number(period.slice(5, 7)), 0)).toISOString().slice(0, 10);
}

/** The error's message and SMTP reply code; never the transport's options (no credentials). */
function describeError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const smtp = error as Error & { code?: string; responseCode?: number };
  return [smtp.code, smtp.responseCode, error.message].filter((x) => x !== undefined && x !== '').join(' ');
}
