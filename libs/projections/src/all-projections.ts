import { ORG_PROJECTIONS } from './org';
import { Projection } from './projection';
import { vehicleSalesProjection } from './vehicle-sales.projection';

/** Every projection the projector runs. */
export const ALL_PROJECTIONS: readonly Projection[] = [vehicleSalesProjection, ...ORG_PROJECTIONS];
