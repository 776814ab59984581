/** Business dates live in @app/contracts: the command side checks them too (closed branches). */
export { businessDate, UniformBranchCalendar } from '@app/contracts';
export type { BranchCalendar, BranchCalendarEntry } from '@app/contracts';
