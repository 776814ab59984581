import { ClickHouseClient } from '@app/clickhouse';
import { DomainEvent } from '@app/contracts';
import { BranchCalendar, BranchCalendarEntry } from '../business-date';
import { ORG_TABLES } from './org-tables';

export class UnknownBranchCalendarError extends Error {
  constructor(readonly branchId: string) {
    super(`no time zone and cut-off known for branch ${branchId} (its BranchOpened has not been projected yet)`);
    this.name = 'UnknownBranchCalendarError';
  }
}

/**
 * Each branch's time zone and business-day cut-off from head-office data, replacing the uniform
 * calendar: loaded from org_branches, and learnt from BranchOpened events as they pass. Without a
 * fallback, an unknown branch is an error (better than a figure on the wrong business day: the
 * batch is retried once the branch's opening has been projected).
 */
export class OrgBranchCalendar implements BranchCalendar {
  private readonly entries = new Map<string, BranchCalendarEntry>();

  constructor(private readonly fallback?: BranchCalendarEntry) {}

  /** Learns the branches opened in a batch; call it before projecting the batch. */
  learn(events: readonly DomainEvent[]): void {
    for (const event of events) {
      if (event.type === 'BranchOpened') {
        this.entries.set(event.payload.branchId, { timeZone: event.payload.timeZone, cutoffMinutes: event.payload.cutoffMinutes });
      }
    }
  }

  /** Loads every projected branch; returns how many are known. */
  async load(client: ClickHouseClient): Promise<number> {
    const rows = await client.query<{ branch_id: string; time_zone: string; cutoff_minutes: number }>(
      `SELECT branch_id, time_zone, cutoff_minutes FROM ${ORG_TABLES.branches} FINAL`,
    );
    for (const row of rows) this.entries.set(row.branch_id, { timeZone: row.time_zone, cutoffMinutes: row.cutoff_minutes });
    return this.entries.size;
  }

  knows(branchId: string): boolean {
    return this.entries.has(branchId);
  }

  entryFor(branchId: string): BranchCalendarEntry {
    const entry = this.entries.get(branchId) ?? this.fallback;
    if (!entry) throw new UnknownBranchCalendarError(branchId);
    return entry;
  }
}
