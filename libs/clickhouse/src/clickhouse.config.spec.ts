import { join } from 'node:path';
import { clickHouseConfigFromEnv, DEFAULT_CLICKHOUSE_DATABASE, describeClickHouseConfig } from './clickhouse.config';
import { ClickHouseConfigError } from './clickhouse.errors';

const repoRoot = join(__dirname, '..', '..', '..');

describe('clickHouseConfigFromEnv', () => {
  it('picks the embedded driver in <repo>/.data/clickhouse without CLICKHOUSE_URL', () => {
    expect(clickHouseConfigFromEnv({})).toEqual({ driver: 'embedded', dataDir: join(repoRoot, '.data', 'clickhouse'), database: 'kpi' });
    expect(DEFAULT_CLICKHOUSE_DATABASE).toBe('kpi');
  });

  it('honours CLICKHOUSE_DATA_DIR, DATA_DIR and CLICKHOUSE_DATABASE; empty values count as unset', () => {
    expect(clickHouseConfigFromEnv({ CLICKHOUSE_DATA_DIR: '/var/lib/kpi-ch', CLICKHOUSE_DATABASE: 'kpi_dev' })).toEqual({
      driver: 'embedded',
      dataDir: '/var/lib/kpi-ch',
      database: 'kpi_dev',
    });
    expect(clickHouseConfigFromEnv({ DATA_DIR: '/srv/data' })).toMatchObject({ dataDir: '/srv/data/clickhouse' });
    expect(clickHouseConfigFromEnv({ CLICKHOUSE_DATA_DIR: 'rel/dir' })).toMatchObject({ dataDir: join(process.cwd(), 'rel', 'dir') });
    expect(clickHouseConfigFromEnv({ CLICKHOUSE_URL: '  ', CLICKHOUSE_DATABASE: '' })).toMatchObject({ driver: 'embedded', database: 'kpi' });
  });

  it("reads the embedded engine's pool size from CLICKHOUSE_EMBEDDED_CONNECTIONS (1 to 64)", () => {
    expect(clickHouseConfigFromEnv({ CLICKHOUSE_DATA_DIR: '/d', CLICKHOUSE_EMBEDDED_CONNECTIONS: '8' })).toEqual({
      driver: 'embedded',
      dataDir: '/d',
      database: 'kpi',
      connections: 8,
    });
    expect(clickHouseConfigFromEnv({ CLICKHOUSE_DATA_DIR: '/d', CLICKHOUSE_EMBEDDED_CONNECTIONS: '' })).not.toHaveProperty('connections');
    for (const bad of ['0', '65', '2.5', 'four', '-1']) {
      expect(() => clickHouseConfigFromEnv({ CLICKHOUSE_EMBEDDED_CONNECTIONS: bad })).toThrow(/CLICKHOUSE_EMBEDDED_CONNECTIONS .* whole number from 1 to 64/);
    }
  });

  it('picks the server driver with CLICKHOUSE_URL and its credentials', () => {
    expect(
      clickHouseConfigFromEnv({
        CLICKHOUSE_URL: 'https://ch.internal:8443/',
        CLICKHOUSE_USER: 'kpi_app',
        CLICKHOUSE_PASSWORD: ' spaces kept ',
        CLICKHOUSE_DATABASE: 'kpi_prod',
      }),
    ).toEqual({ driver: 'server', url: 'https://ch.internal:8443', username: 'kpi_app', password: ' spaces kept ', database: 'kpi_prod' });
    expect(clickHouseConfigFromEnv({ CLICKHOUSE_URL: 'http://localhost:8123' })).toEqual({
      driver: 'server',
      url: 'http://localhost:8123',
      database: 'kpi',
    });
  });

  it('moves credentials out of the URL, but refuses them in two places', () => {
    expect(clickHouseConfigFromEnv({ CLICKHOUSE_URL: 'http://app:p%40ss@localhost:8123' })).toEqual({
      driver: 'server',
      url: 'http://localhost:8123',
      username: 'app',
      password: 'p@ss',
      database: 'kpi',
    });
    expect(() => clickHouseConfigFromEnv({ CLICKHOUSE_URL: 'http://app:pw@localhost:8123', CLICKHOUSE_PASSWORD: 'pw' })).toThrow(
      /both in CLICKHOUSE_URL and in CLICKHOUSE_USER/,
    );
  });

  it('explains invalid values without revealing the password', () => {
    const attempt = (env: NodeJS.ProcessEnv) => {
      try {
        clickHouseConfigFromEnv(env);
      } catch (error) {
        expect(error).toBeInstanceOf(ClickHouseConfigError);
        return (error as Error).message;
      }
      throw new Error('expected a ClickHouseConfigError');
    };
    const invalid = attempt({ CLICKHOUSE_URL: 'http://app:hunter2@bad host:8123' });
    expect(invalid).toMatch(/CLICKHOUSE_URL .* is not a valid URL; expected e\.g\. http:\/\/localhost:8123/);
    expect(invalid).not.toContain('hunter2');
    expect(attempt({ CLICKHOUSE_URL: 'localhost:8123' })).toMatch(/must use http:\/\/ or https:\/\//);
    expect(attempt({ CLICKHOUSE_URL: 'tcp://app:hunter2@localhost:9000' })).not.toContain('hunter2');
    expect(attempt({ CLICKHOUSE_DATABASE: 'kpi-prod' })).toMatch(/CLICKHOUSE_DATABASE "kpi-prod" is not a valid database name/);
    expect(attempt({ CLICKHOUSE_DATABASE: 'kpi; DROP DATABASE x' })).toMatch(/not a valid database name/);
  });

  it('reads CLICKHOUSE_CLUSTER for a server only: the embedded engine cannot run the cluster form', () => {
    const config = clickHouseConfigFromEnv({ CLICKHOUSE_URL: 'http://ch:8123', CLICKHOUSE_CLUSTER: '{cluster}' });
    expect(config).toEqual({ driver: 'server', url: 'http://ch:8123', database: 'kpi', cluster: '{cluster}' });
    expect(describeClickHouseConfig(config)).toBe('ClickHouse server http://ch:8123 as default, database kpi, cluster {cluster}');
    expect(() => clickHouseConfigFromEnv({ CLICKHOUSE_CLUSTER: 'kpi' })).toThrow('needs a ClickHouse server (CLICKHOUSE_URL)');
    expect(() => clickHouseConfigFromEnv({ CLICKHOUSE_URL: 'http://ch:8123', CLICKHOUSE_CLUSTER: "a' b" })).toThrow('not a valid cluster name');
  });

  it('describes a config for logs without the password', () => {
    const server = clickHouseConfigFromEnv({ CLICKHOUSE_URL: 'http://localhost:8123', CLICKHOUSE_USER: 'kpi_app', CLICKHOUSE_PASSWORD: 'hunter2' });
    expect(describeClickHouseConfig(server)).toBe('ClickHouse server http://localhost:8123 as kpi_app (password set), database kpi');
    expect(describeClickHouseConfig({ driver: 'embedded', dataDir: '/d', database: 'kpi' })).toBe('embedded ClickHouse (chdb) at /d, database kpi');
  });
});
