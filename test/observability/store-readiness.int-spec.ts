import { configureHttpApp, loadPlatformConfig } from '@app/platform-kit';
import { createTestDatabase, expectEventually, TestDatabase, useTestClickHouse } from '@app/testing';
import { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { Server as HttpServer } from 'node:http';
import { connect, createServer, Server, Socket } from 'node:net';
import request from 'supertest';
import { PlatformModule } from '../../apps/platform/src/platform.module';

/**
 * A loopback TCP proxy in front of the real Postgres: `cut()` closes it and every connection
 * through it (the store is unreachable, as on a network failure); `restore()` listens again on
 * the same port.
 */
class TcpProxy {
  private server: Server | undefined;
  private readonly sockets = new Set<Socket>();
  port = 0;

  constructor(
    private readonly targetHost: string,
    private readonly targetPort: number,
  ) {}

  get listening(): boolean {
    return this.server !== undefined;
  }

  async listen(): Promise<void> {
    const server = createServer((client) => {
      const upstream = connect(this.targetPort, this.targetHost);
      for (const socket of [client, upstream]) {
        this.sockets.add(socket);
        socket.on('close', () => this.sockets.delete(socket));
        socket.on('error', () => {
          client.destroy();
          upstream.destroy();
        });
      }
      client.pipe(upstream).pipe(client);
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.port, '127.0.0.1', resolve);
    });
    this.port = (server.address() as { port: number }).port;
    this.server = server;
  }

  async cut(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    for (const socket of this.sockets) socket.destroy();
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}

/**
 * Readiness while the event store is unreachable: the platform (embedded mode) reaches Postgres
 * through a loopback TCP proxy; with the proxy cut, `GET /health/ready` answers 503 NOT_READY and
 * `GET /health` 200; with it back, the pool reconnects and readiness is 200 again.
 */
describe('readiness: 503 while the event store is unreachable, 200 once it is back; liveness apart', () => {
  let db: TestDatabase;
  let app: INestApplication;
  let proxy: TcpProxy;
  const http = () => request(app.getHttpServer() as HttpServer);

  beforeAll(async () => {
    db = await createTestDatabase('store_readiness');
    const target = new URL(db.url);
    proxy = new TcpProxy(target.hostname, Number(target.port || 5432));
    await proxy.listen();
    const viaProxy = new URL(db.url);
    viaProxy.hostname = '127.0.0.1';
    viaProxy.port = String(proxy.port);
    useTestClickHouse();
    const config = loadPlatformConfig({ ...process.env, KAFKA_BROKERS: undefined });
    const moduleRef = await Test.createTestingModule({ imports: [PlatformModule.forRoot({ config, databaseUrl: viaProxy.toString() })] }).compile();
    app = moduleRef.createNestApplication({ logger: ['error'] });
    configureHttpApp(app, { title: 'store-readiness' });
    await app.init();
  }, 120_000);

  afterAll(async () => {
    if (proxy && !proxy.listening) await proxy.listen();
    await app?.close();
    await proxy?.cut();
    await db?.drop();
  }, 120_000);

  it('turns 503 with the store cut off and 200 after', async () => {
    await expectEventually(async () => expect((await http().get('/health/ready')).status).toBe(200), { timeoutMs: 60_000 });
    await proxy.cut();
    try {
      await expectEventually(async () => {
        const down = await http().get('/health/ready');
        expect(down.status).toBe(503);
        expect(down.body).toMatchObject({ code: 'NOT_READY', message: 'ClickHouse or the event store does not answer' });
      });
      await http().get('/health').expect(200);
    } finally {
      await proxy.listen();
    }
    await expectEventually(async () => expect((await http().get('/health/ready')).status).toBe(200), { timeoutMs: 60_000 });
    await http().get('/health').expect(200);
  }, 180_000);
});
