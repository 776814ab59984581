/**
 * The server driver against a fake ClickHouse HTTP interface: checks what goes over the wire
 * (bound parameters, settings, database, insert bodies) and how answers and errors come back.
 * The real server is exercised by http-clickhouse.client.int-spec.ts when CLICKHOUSE_URL is set.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Logger } from '@nestjs/common';
import { ClickHouseArgumentError, ClickHouseClosedError, ClickHouseQueryError } from './clickhouse.errors';
import { createClickHouseClient } from './clickhouse.factory';
import { HttpClickHouseClient } from './http-clickhouse.client';

interface Recorded {
  readonly method: string;
  readonly path: string;
  readonly search: URLSearchParams;
  readonly body: string;
  readonly authorization: string | undefined;
}

type Reply = { status?: number; body?: string; headers?: Record<string, string> };

let server: Server;
let url: string;
const requests: Recorded[] = [];
let respond: (request: Recorded) => Reply = () => ({ body: '' });

beforeAll(async () => {
  Logger.overrideLogger(false); // the client's request-error warnings are expected here
  server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const parsed = new URL(req.url ?? '/', 'http://fake');
      const recorded: Recorded = {
        method: req.method ?? '',
        path: parsed.pathname,
        search: parsed.searchParams,
        body: Buffer.concat(chunks).toString('utf8'),
        authorization: req.headers.authorization,
      };
      requests.push(recorded);
      const reply = respond(recorded);
      res.writeHead(reply.status ?? 200, { 'Content-Type': 'text/plain; charset=UTF-8', ...reply.headers });
      res.end(reply.body ?? '');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())));
});

beforeEach(() => {
  requests.length = 0;
  respond = () => ({ body: '' });
});

const sqlOf = (r: Recorded) => r.search.get('query') ?? r.body;

describe('HttpClickHouseClient (fake server)', () => {
  it('binds parameters as param_* values, never in the SQL, and pins the output settings', async () => {
    const client = await HttpClickHouseClient.open({ url, username: 'kpi_app', password: 's3cret', database: 'kpi', ensureDatabase: false });
    respond = () => ({ body: '{"s":"x\'); DROP TABLE t; --","amount":"1234567890123.45","n":"9007199254740993"}\n' });
    try {
      const rows = await client.query<{ s: string; amount: string; n: string }>(
        'SELECT {s:String} AS s, {amount:Decimal(18,2)} AS amount, {n:Int64} AS n, {at:DateTime64(3)} AS at, {flag:Bool} AS flag',
        { s: "x'); DROP TABLE t; --", amount: '1234567890123.45', n: 9007199254740993n, at: new Date('2024-01-02T03:04:05.678Z'), flag: true },
        { max_execution_time: 30 },
      );
      expect(rows).toEqual([{ s: "x'); DROP TABLE t; --", amount: '1234567890123.45', n: '9007199254740993' }]);
      const request = requests[0]!;
      expect(request.body).toContain('SELECT {s:String} AS s');
      expect(request.body).not.toContain('DROP TABLE');
      expect(request.search.get('param_s')).toBe("x\\'); DROP TABLE t; --");
      expect(request.search.get('param_amount')).toBe('1234567890123.45');
      expect(request.search.get('param_n')).toBe('9007199254740993');
      expect(request.search.get('param_at')).toBe('1704164645.678');
      expect(request.search.get('param_flag')).toBe('1');
      expect(request.search.get('database')).toBe('kpi');
      expect(request.search.get('output_format_json_quote_64bit_integers')).toBe('1');
      expect(request.search.get('output_format_json_quote_decimals')).toBe('1');
      expect(request.search.get('output_format_decimal_trailing_zeros')).toBe('1');
      expect(request.search.get('max_execution_time')).toBe('30');
      expect(request.authorization).toBe(`Basic ${Buffer.from('kpi_app:s3cret').toString('base64')}`);
    } finally {
      await client.close();
    }
  });

  it('sends inserts as JSONEachRow into the qualified table with exact values and the dedup token', async () => {
    const client = await HttpClickHouseClient.open({ url, database: 'kpi', ensureDatabase: false });
    try {
      await client.insert(
        'sales',
        [
          { id: 1, amount: '1234567890123.45', seq: 18446744073709551615n, at: new Date('2024-01-02T03:04:05.678Z'), note: null },
          { id: 2, amount: '0.10', seq: 1n, at: new Date(0), note: "it's" },
        ],
        { deduplicationToken: 'batch-7', settings: { async_insert: 0 } },
      );
      await client.insert('sales', []);
      expect(requests).toHaveLength(1);
      const request = requests[0]!;
      expect(sqlOf(request)).toBe('INSERT INTO kpi.sales FORMAT JSONEachRow');
      expect(request.body.split('\n')).toEqual([
        '{"id":1,"amount":"1234567890123.45","seq":"18446744073709551615","at":"2024-01-02T03:04:05.678Z","note":null}',
        '{"id":2,"amount":"0.10","seq":"1","at":"1970-01-01T00:00:00.000Z","note":"it\'s"}',
        '',
      ]);
      expect(request.search.get('insert_deduplication_token')).toBe('batch-7');
      expect(request.search.get('date_time_input_format')).toBe('best_effort');
      expect(request.search.get('async_insert')).toBe('0');
      await expect(client.insert('other_db.facts', [{ a: 1 }])).resolves.toBeUndefined();
      expect(sqlOf(requests[1]!)).toBe('INSERT INTO other_db.facts FORMAT JSONEachRow');
      await expect(client.insert('facts; DROP TABLE x', [{ a: 1 }])).rejects.toThrow(ClickHouseArgumentError);
    } finally {
      await client.close();
    }
  });

  it('maps ClickHouse exceptions to ClickHouseQueryError with code and type', async () => {
    const client = await HttpClickHouseClient.open({ url, database: 'kpi', ensureDatabase: false });
    respond = () => ({
      status: 404,
      headers: { 'X-ClickHouse-Exception-Code': '60' },
      body: "Code: 60. DB::Exception: Unknown table expression identifier 'nope' in scope SELECT * FROM nope. (UNKNOWN_TABLE) (version 25.8.1.1)\n",
    });
    try {
      const failure = client.query('SELECT * FROM nope');
      await expect(failure).rejects.toBeInstanceOf(ClickHouseQueryError);
      await expect(failure).rejects.toMatchObject({ driver: 'server', clickhouseCode: 60, type: 'UNKNOWN_TABLE' });
      await expect(client.command('DROP TABLE nope')).rejects.toMatchObject({ clickhouseCode: 60 });
      expect(requests[1]!.search.get('wait_end_of_query')).toBe('1');
    } finally {
      await client.close();
    }
  });

  it('creates a missing database through a connection without a default database', async () => {
    respond = (request) => (sqlOf(request).includes('system.databases') ? { body: '{"n":"0"}\n' } : { body: '' });
    const client = await HttpClickHouseClient.open({ url, database: 'kpi_new' });
    try {
      expect(requests.map(sqlOf)).toEqual([
        expect.stringContaining('SELECT count() AS n FROM system.databases WHERE name = {database:String}'),
        'CREATE DATABASE IF NOT EXISTS `kpi_new`',
      ]);
      expect(requests.every((r) => !r.search.has('database'))).toBe(true);
      expect(requests[0]!.search.get('param_database')).toBe('kpi_new');

      requests.length = 0;
      respond = () => ({ body: '{"n":"1"}\n' });
      const existing = await HttpClickHouseClient.open({ url, database: 'kpi_new' });
      await existing.close();
      expect(requests).toHaveLength(1);
    } finally {
      await client.close();
    }
  });

  it('in cluster mode creates the database ON CLUSTER and sends the Distributed settings with every request', async () => {
    respond = (request) => (sqlOf(request).includes('system.databases') ? { body: '{"n":"0"}\n' } : { body: '' });
    const client = await HttpClickHouseClient.open({ url, database: 'kpi', cluster: '{cluster}' });
    try {
      expect(client.cluster).toBe('{cluster}');
      expect(requests.map(sqlOf)[1]).toBe("CREATE DATABASE IF NOT EXISTS `kpi` ON CLUSTER '{cluster}'");
      requests.length = 0;
      await client.insert('fact_x', [{ a: 1 }], { deduplicationToken: 't-1' });
      expect(requests[0]!.search.get('distributed_foreground_insert')).toBe('1');
      expect(requests[0]!.search.get('distributed_product_mode')).toBe('local');
      expect(requests[0]!.search.get('insert_deduplication_token')).toBe('t-1');
    } finally {
      await client.close();
    }
    await expect(HttpClickHouseClient.open({ url, database: 'kpi', cluster: "x' OR 1", ensureDatabase: false })).rejects.toThrow('not valid');
  });

  it('pings, closes idempotently and refuses use after close', async () => {
    const client = await createClickHouseClient({ driver: 'server', url, database: 'kpi', ensureDatabase: false });
    expect(client).toBeInstanceOf(HttpClickHouseClient);
    respond = () => ({ body: '{"ping":"ping"}\n' });
    expect(await client.ping()).toBe(true);
    await client.close();
    await client.close();
    expect(await client.ping()).toBe(false);
    await expect(client.query('SELECT 1')).rejects.toThrow(ClickHouseClosedError);
  });

  it('reports an unreachable server as a failed ping and a ClickHouseQueryError', async () => {
    const client = await HttpClickHouseClient.open({ url: 'http://127.0.0.1:1', database: 'kpi', ensureDatabase: false, requestTimeoutMs: 2_000 });
    try {
      expect(await client.ping()).toBe(false);
      await expect(client.query('SELECT 1')).rejects.toMatchObject({ name: 'ClickHouseQueryError', driver: 'server', clickhouseCode: undefined });
    } finally {
      await client.close();
    }
  });
});
