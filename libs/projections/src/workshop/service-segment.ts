import { NON_KPI_JOB_TYPES, RepairJobType, RepairPayer } from '@app/contracts';

/**
 * The service segment of a repair order, for per-vehicle yield and revenue splits:
 *
 * - `insurance`: insurance repair (job type insurance, or a maintenance/repair/body & paint RO whose payer is insurance);
 * - `warranty`: warranty work (job type warranty, or a maintenance/repair/body & paint RO whose payer is warranty);
 * - `customer`: customer repair and maintenance (every other maintenance, repair and body & paint RO);
 * - `internal`, `pdi`: excluded from service KPIs (recorded all the same).
 */
export type ServiceSegment = 'insurance' | 'customer' | 'warranty' | 'internal' | 'pdi';
export const SERVICE_KPI_SEGMENTS = ['insurance', 'customer', 'warranty'] as const;

export function serviceSegment(jobType: RepairJobType, payer: RepairPayer): ServiceSegment {
  switch (jobType) {
    case 'internal':
    case 'pdi':
    case 'insurance':
    case 'warranty':
      return jobType;
    case 'maintenance':
    case 'repair':
    case 'body_paint':
      return payer === 'insurance' ? 'insurance' : payer === 'warranty' ? 'warranty' : 'customer';
  }
}

/** Internal and PDI ROs are excluded from service KPIs (DOMAIN.md). */
export function isServiceKpiJobType(jobType: RepairJobType): boolean {
  return !NON_KPI_JOB_TYPES.includes(jobType);
}
