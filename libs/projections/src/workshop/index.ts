import { Projection } from '../projection';
import { csiResponsesProjection, serviceComebacksProjection, serviceRevenueProjection } from './service-facts.projection';

export * from './service-segment';
export * from './csi-score';
export * from './service-facts.projection';

/** The workshop (service) projections: RO revenue at close/reopen, comebacks, CSI responses. */
export const SERVICE_PROJECTIONS: readonly Projection[] = [serviceRevenueProjection, serviceComebacksProjection, csiResponsesProjection];
