import { Projection } from '../projection';
import { followUpCallsProjection } from './follow-up.projection';
import { csiResponsesProjection, serviceComebacksProjection, serviceRevenueProjection } from './service-facts.projection';
import { complaintsProjection, serviceLabourLinesProjection, warrantyDecisionsProjection } from './service-more.projection';
import { repairOrderOpensProjection } from './repair-order-opens.projection';

export * from './service-segment';
export * from './csi-score';
export * from './service-facts.projection';
export * from './service-more.projection';
export * from './follow-up.projection';
export * from './repair-order-opens.projection';

/**
 * The workshop (service) projections: RO revenue at close/reopen, comebacks, CSI responses,
 * labour lines (per-technician hours), warranty decisions, complaints, follow-up calls and RO
 * openings (appointment share).
 */
export const SERVICE_PROJECTIONS: readonly Projection[] = [
  serviceRevenueProjection,
  serviceComebacksProjection,
  csiResponsesProjection,
  serviceLabourLinesProjection,
  warrantyDecisionsProjection,
  complaintsProjection,
  followUpCallsProjection,
  repairOrderOpensProjection,
];
