import { CreateEventStore1763856000000 } from './1763856000000-create-event-store';
import { CreateIdempotencyKeys1763900000000 } from './1763900000000-create-idempotency-keys';
import { CreateIdentity1764200000000 } from './1764200000000-create-identity';
import { CreatePackSubscriptions1765000000000 } from './1765000000000-create-pack-subscriptions';
import { AddUserEmployeeId1765100000000 } from './1765100000000-add-user-employee-id';
import { AddPackSubscriptionUnits1765200000000 } from './1765200000000-add-pack-subscription-units';

/** Every event-store migration, in order. TypeORM records the applied ones in `migrations`. */
export const EVENT_STORE_MIGRATIONS = [
  CreateEventStore1763856000000,
  CreateIdempotencyKeys1763900000000,
  CreateIdentity1764200000000,
  CreatePackSubscriptions1765000000000,
  AddUserEmployeeId1765100000000,
  AddPackSubscriptionUnits1765200000000,
];
