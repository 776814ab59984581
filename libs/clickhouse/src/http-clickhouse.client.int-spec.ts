/**
 * The server driver against a real ClickHouse when CLICKHOUSE_URL is set (CLICKHOUSE_USER /
 * CLICKHOUSE_PASSWORD as needed): the same contract the embedded engine passes, in a throw-away
 * database. Without CLICKHOUSE_URL the platform runs on the embedded engine, and this spec checks
 * that the configuration resolves to it.
 */
import { randomBytes } from 'node:crypto';
import { clickHouseContract, type ContractContext } from './clickhouse.contract';
import { clickHouseConfigFromEnv, type ServerClickHouseConfig } from './clickhouse.config';
import { createClickHouseClient } from './clickhouse.factory';
import type { ClickHouseClient } from './clickhouse.port';
import { HttpClickHouseClient } from './http-clickhouse.client';

const config = clickHouseConfigFromEnv(process.env);

if (config.driver === 'embedded') {
  describe('ClickHouse configuration without CLICKHOUSE_URL', () => {
    it('resolves to the embedded driver', () => {
      expect(process.env.CLICKHOUSE_URL ?? '').toBe('');
      expect(config).toMatchObject({ driver: 'embedded', database: process.env.CLICKHOUSE_DATABASE || 'kpi' });
      expect(config.dataDir).toMatch(/clickhouse/);
    });
  });
} else {
  describeServer(config);
}

function describeServer(server: ServerClickHouseConfig): void {
  describe(`HttpClickHouseClient against ${server.url}`, () => {
    const runId = `${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
    const databases: string[] = [];
    const clients: ClickHouseClient[] = [];
    let client: ClickHouseClient;

    async function open(database: string): Promise<ClickHouseClient> {
      databases.push(database);
      const opened = await createClickHouseClient({ ...server, database });
      clients.push(opened);
      return opened;
    }

    beforeAll(async () => {
      client = await open(`kpi_it_${runId}`);
    });

    afterAll(async () => {
      // The client's own database last: the server refuses requests whose database is gone.
      for (const database of [...databases].reverse()) {
        await client.command(`DROP DATABASE IF EXISTS \`${database}\``);
      }
      for (const opened of clients) await opened.close();
    });

    it('is the server driver and answers', async () => {
      expect(client).toBeInstanceOf(HttpClickHouseClient);
      expect(client.driver).toBe('server');
      expect(await client.ping()).toBe(true);
      await expect(client.query('SELECT currentDatabase() AS db')).resolves.toEqual([{ db: `kpi_it_${runId}` }]);
    });

    const ctx: ContractContext = {
      get client() {
        return client;
      },
      runId,
      openClient: open,
    };
    for (const contractCase of clickHouseContract) {
      it(contractCase.name, () => contractCase.run(ctx));
    }
  });
}
