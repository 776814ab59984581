import { ConfigurationError, describeConfig, loadPlatformConfig } from './platform.config';

describe('loadPlatformConfig', () => {
  it('applies the documented defaults', () => {
    const config = loadPlatformConfig({});
    expect(config).toMatchObject({ PORT: 3000, HOST: '127.0.0.1', KAFKA_TOPIC_PREFIX: '', LOG_LEVEL: 'log' });
  });

  it('lists every problem at once, with the variable names', () => {
    let error: unknown;
    try {
      loadPlatformConfig({
        PORT: 'eighty',
        DATABASE_URL: 'mysql://x',
        KAFKA_BROKERS: 'localhost',
        CLICKHOUSE_URL: 'tcp://ch:9000',
        LOG_LEVEL: 'chatty',
        KAFKA_TOPIC_PARTITIONS: 'many',
      });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigurationError);
    const message = (error as Error).message;
    for (const name of ['PORT', 'DATABASE_URL', 'KAFKA_BROKERS', 'CLICKHOUSE_URL', 'LOG_LEVEL', 'KAFKA_TOPIC_PARTITIONS']) {
      expect(message).toContain(name);
    }
    expect((error as ConfigurationError).problems).toHaveLength(6);
  });

  it('never shows a secret when describing the configuration', () => {
    const config = loadPlatformConfig({
      DATABASE_URL: 'postgres://kpi:s3cret-pw@db:5432/kpi',
      CLICKHOUSE_URL: 'http://ch:8123',
      CLICKHOUSE_PASSWORD: 'ch-s3cret',
    });
    const described = JSON.stringify(describeConfig(config));
    expect(described).not.toContain('s3cret');
    expect(described).toContain('postgres://kpi:***@db:5432/kpi');
    const tricky = describeConfig(loadPlatformConfig({ DATABASE_URL: 'postgres://kpi:p%40ss%2Fw0rd@db:5432/kpi' }));
    expect(JSON.stringify(tricky)).not.toContain('w0rd');
    expect(described).toContain('"CLICKHOUSE_PASSWORD":"***"');
  });
});
