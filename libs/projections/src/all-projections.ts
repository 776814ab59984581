import { ORG_PROJECTIONS } from './org';
import { PARTS_PROJECTIONS } from './parts';
import { SALES_PROJECTIONS } from './sales';
import { SERVICE_PROJECTIONS } from './workshop';
import { Projection } from './projection';
import { vehicleSalesProjection } from './vehicle-sales.projection';

/** Every projection the projector runs. */
export const ALL_PROJECTIONS: readonly Projection[] = [
  vehicleSalesProjection,
  ...SALES_PROJECTIONS,
  ...SERVICE_PROJECTIONS,
  ...PARTS_PROJECTIONS,
  ...ORG_PROJECTIONS,
];
