import { Projection } from '../projection';
import { followUpCallsProjection } from './follow-up.projection';
import { csiResponsesProjection, serviceComebacksProjection, serviceRevenueProjection } from './service-facts.projection';
import { complaintsProjection, serviceLabourLinesProjection, warrantyDecisionsProjection } from './service-more.projection';

export * from './service-segment';
export * from './csi-score';
export * from './service-facts.projection';
export * from './service-more.projection';
export * from './follow-up.projection';

/**
 * The workshop (service) projections: RO revenue at close/reopen, comebacks, CSI responses,
 * labour lines (per-technician hours), warranty decisions, complaints and follow-up calls.
 */
export const SERVICE_PROJECTIONS: readonly Projection[] = [
  serviceRevenueProjection,
  serviceComebacksProjection,
  csiResponsesProjection,
  serviceLabourLinesProjection,
  warrantyDecisionsProjection,
  complaintsProjection,
  followUpCallsProjection,
];
