import { businessDate } from '../business-date';
import { OrgBranchCalendar, UnknownBranchCalendarError } from './org-branch-calendar';
import { envelope } from './org-events.spec-helper';

const opened = envelope(
  'BranchOpened',
  { branchId: 'SH-01', name: 'Shanghai', brands: [], currency: 'CNY', timeZone: 'Asia/Shanghai', cutoffMinutes: 240, openedOn: '2025-01-01' },
  { branchId: 'SH-01' },
);

describe('OrgBranchCalendar', () => {
  it("uses each branch's own time zone and cut-off once it has seen the branch open: 00:30 with a 04:00 cut-off is the previous business day", () => {
    const calendar = new OrgBranchCalendar();
    calendar.learn([opened]);
    expect(calendar.knows('SH-01')).toBe(true);
    expect(businessDate('2026-03-14T16:30:00.000Z', calendar.entryFor('SH-01'))).toBe('2026-03-14');
    expect(businessDate('2026-03-14T20:30:00.000Z', calendar.entryFor('SH-01'))).toBe('2026-03-15');
  });

  it('refuses an unknown branch unless it was given a fallback', () => {
    expect(() => new OrgBranchCalendar().entryFor('NOPE')).toThrow(UnknownBranchCalendarError);
    expect(new OrgBranchCalendar({ timeZone: 'UTC', cutoffMinutes: 0 }).entryFor('NOPE')).toEqual({ timeZone: 'UTC', cutoffMinutes: 0 });
  });
});
