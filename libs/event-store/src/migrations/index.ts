import { CreateEventStore1763856000000 } from './1763856000000-create-event-store';

/** Every event-store migration, in order. TypeORM records the applied ones in `migrations`. */
export const EVENT_STORE_MIGRATIONS = [CreateEventStore1763856000000];
