import { BranchCalendarEntry, BranchCalendar } from './business-date';
import { BranchDirectory, UnknownBranchError } from '@app/contracts';

export class UnknownBranchCalendarError extends Error {
  constructor(readonly branchId: string) {
    super(`branch ${branchId} is not known to head office: no time zone and cut-off for its business dates`);
    this.name = 'UnknownBranchCalendarError';
  }
}

/**
 * Each branch's time zone and cut-off, read from head office's branch streams in the event store
 * (the BranchDirectory) and kept in memory. The store is consistent with every event the projector
 * sees: a business event was accepted only after its branch's BranchOpened had committed, whatever
 * order the Kafka topics are consumed in. A branch's time zone and cut-off never change after it
 * opens, so a cached entry stays right.
 */
export class StoreBranchCalendar implements BranchCalendar {
  private readonly entries = new Map<string, BranchCalendarEntry>();

  constructor(private readonly directory: BranchDirectory) {}

  async prepare(branchIds: readonly string[]): Promise<void> {
    for (const branchId of new Set(branchIds)) {
      if (this.entries.has(branchId)) continue;
      try {
        const branch = await this.directory.find(branchId);
        this.entries.set(branchId, { timeZone: branch.timeZone, cutoffMinutes: branch.cutoffMinutes });
      } catch (error) {
        // A branch the store does not know: the events that need it go to the DLQ with the reason
        // (group-wide org events carry no real branch and never ask). Any other error is an outage.
        if (!(error instanceof UnknownBranchError)) throw error;
      }
    }
  }

  entryFor(branchId: string): BranchCalendarEntry {
    const entry = this.entries.get(branchId);
    if (!entry) throw new UnknownBranchCalendarError(branchId);
    return entry;
  }
}
