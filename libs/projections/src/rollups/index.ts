import { kpiMonthRollup } from './kpi-month.rollup';
import { Rollup } from './rollup';

export * from './rollup';
export * from './kpi-month.rollup';

/** Every roll-up the projector keeps. */
export const ALL_ROLLUPS: readonly Rollup[] = [kpiMonthRollup];
