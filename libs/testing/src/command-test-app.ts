import { tokenFor } from '@app/auth';
import { EventStore, EventStoreModule } from '@app/event-store';
import { BranchDirectoryModule, OrgModule } from '@app/org';
import { configureHttpApp } from '@app/platform-kit';
import { DynamicModule, INestApplication, Type } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { Server } from 'node:http';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { createTestDatabase, TestDatabase } from './test-database';

export interface TestBranch {
  readonly currency?: string;
  readonly timeZone?: string;
  readonly cutoffMinutes?: number;
  readonly openedOn?: string;
}

/** A command-side app on a fresh database of the real Postgres, with head office's branch commands. */
export interface CommandTestApp {
  readonly app: INestApplication;
  readonly store: EventStore;
  readonly dataSource: DataSource;
  readonly db: TestDatabase;
  /** Requests as head office (a valid head-office token is sent on each); override with `.set('authorization', …)`. */
  http(): ReturnType<typeof request.agent>;
  /** Requests without any token. */
  anonymous(): ReturnType<typeof request>;
  /** How many events the store holds: to prove that a refused command appended nothing. */
  eventCount(): Promise<number>;
  streamTypes(streamId: string): Promise<string[]>;
  openBranch(branchId: string, branch?: TestBranch): Promise<void>;
  closeBranch(branchId: string, closedOn?: string): Promise<void>;
  stop(): Promise<void>;
}

export async function startCommandTestApp(name: string, contextModules: readonly (Type<unknown> | DynamicModule)[]): Promise<CommandTestApp> {
  const db = await createTestDatabase(name);
  const moduleRef = await Test.createTestingModule({
    imports: [EventStoreModule.forRoot(() => ({ url: db.url })), BranchDirectoryModule, OrgModule, ...contextModules],
  }).compile();
  const app = moduleRef.createNestApplication({ logger: ['error', 'warn'] });
  configureHttpApp(app, { title: name });
  await app.init();
  const store = app.get(EventStore);
  const dataSource = app.get(DataSource);
  const authorization = `Bearer ${await tokenFor('head-office', { subject: 'test-head-office' })}`;
  const anonymous = () => request(app.getHttpServer() as Server);
  const http = () => request.agent(app.getHttpServer() as Server).set('authorization', authorization);
  return {
    app,
    store,
    dataSource,
    db,
    http,
    anonymous,
    eventCount: async () => Number((await dataSource.query<{ n: string }[]>('SELECT count(*) AS n FROM events'))[0]?.n),
    streamTypes: async (streamId) => (await store.readStream(streamId)).map((e) => e.type),
    openBranch: async (branchId, branch = {}) => {
      await http()
        .post('/api/v1/org/branches')
        .send({
          branchId,
          name: `Branch ${branchId}`,
          brands: ['Volkswagen'],
          currency: branch.currency ?? 'CNY',
          timeZone: branch.timeZone ?? 'Asia/Shanghai',
          cutoffMinutes: branch.cutoffMinutes ?? 0,
          openedOn: branch.openedOn ?? '2025-01-01',
        })
        .expect(201);
    },
    closeBranch: async (branchId, closedOn = '2025-12-31') => {
      await http().post(`/api/v1/org/branches/${branchId}/closure`).send({ closedOn, reason: 'merged' }).expect(201);
    },
    stop: async () => {
      await app.close();
      await db.drop();
    },
  };
}
