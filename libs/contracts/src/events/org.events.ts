import { z } from 'zod';
import { defineEvent } from '../event-definition';
import { Currency, Id, LocalDate, Text } from '../schema';

const TimeZone = z
  .string()
  .min(1)
  .max(64)
  .refine((zone) => {
    try {
      new Intl.DateTimeFormat('en', { timeZone: zone });
      return true;
    } catch {
      return false;
    }
  }, 'must be an IANA time zone such as Asia/Shanghai')
  .describe('IANA time zone');

/** A branch starts trading. Its currency, time zone and business-day cut-off govern every figure it books. */
export const BranchOpened = defineEvent({
  type: 'BranchOpened',
  schemaVersion: 1,
  context: 'org',
  description: 'Head office opened a branch with its brands, currency, time zone and business-day cut-off.',
  schema: z.strictObject({
    branchId: Id,
    name: Text,
    brands: z.array(Text).max(20),
    currency: Currency,
    timeZone: TimeZone,
    /** Minutes after local midnight at which the business day turns (a workshop open until 01:00 has 60). */
    cutoffMinutes: z.number().int().min(0).max(360),
    openedOn: LocalDate,
  }),
});
export type BranchOpenedV1 = z.infer<typeof BranchOpened.schema>;

export const BranchClosed = defineEvent({
  type: 'BranchClosed',
  schemaVersion: 1,
  context: 'org',
  description: 'Head office closed a branch; it accepts no more business events.',
  schema: z.strictObject({ branchId: Id, closedOn: LocalDate, reason: Text }),
});
export type BranchClosedV1 = z.infer<typeof BranchClosed.schema>;

/** The current version of every org event. */
export const ORG_EVENTS = [BranchOpened, BranchClosed] as const;
