import { eventStoreDataSourceOptions, MIN_POOL_SIZE } from './data-source';

describe('event store data source options', () => {
  const url = 'postgres://127.0.0.1:5432/none';

  it('refuses a pool too small to migrate (the advisory lock holds one connection while TypeORM migrates on another)', () => {
    expect(MIN_POOL_SIZE).toBe(2);
    for (const poolSize of [0, 1, 1.5, -3]) {
      expect(() => eventStoreDataSourceOptions({ url, poolSize })).toThrow(/poolSize must be an integer of at least 2/);
    }
  });

  it('takes a pool of two or more, and ten by default', () => {
    expect(eventStoreDataSourceOptions({ url, poolSize: 2 })).toMatchObject({ poolSize: 2, synchronize: false });
    expect(eventStoreDataSourceOptions({ url })).toMatchObject({ poolSize: 10, applicationName: 'dealer-kpi' });
  });
});
