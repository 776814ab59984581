import { bearerFor, TokenScope } from '@app/auth';
import { ORG_COMMAND_ROUTES } from '@app/org';
import { PARTS_COMMAND_ROUTES, PartsModule } from '@app/parts';
import { branchOfCommand, CommandRoute, fillPath, Role, WriteContext } from '@app/platform-kit';
import { SALES_COMMAND_ROUTES, SalesModule } from '@app/sales';
import { CommandTestApp, startCommandTestApp } from '@app/testing';
import { WORKSHOP_COMMAND_ROUTES, WorkshopModule } from '@app/workshop';
import { COMMAND_EXAMPLES } from '../reliability/support/command-examples';

/**
 * The authorization matrix, generated from the route tables: every write route × every role ×
 * in scope / out of scope, plus no token, an expired token, a token for another audience and one
 * signed with another secret. Each cell expects its status, and every refusal appends nothing.
 * The expectations are written here from docs/security.md, not computed by the code under test.
 */
const ROUTES: Record<Exclude<WriteContext, never>, readonly CommandRoute[]> = {
  org: ORG_COMMAND_ROUTES,
  sales: SALES_COMMAND_ROUTES,
  workshop: WORKSHOP_COMMAND_ROUTES,
  parts: PARTS_COMMAND_ROUTES,
};

/** The two branches of the matrix: the examples write FZ-01 (a transfer's receipt FZ-02). */
const BRANCHES = ['FZ-01', 'FZ-02'] as const;
const other = (branchId: string): string => (branchId === 'FZ-01' ? 'FZ-02' : 'FZ-01');

/** Who may write which context, per docs/security.md (written out, not imported). */
const MAY_WRITE: Record<string, readonly WriteContext[]> = {
  'head-office': ['org', 'sales', 'workshop', 'parts'],
  'region-manager': [],
  analyst: [],
  'branch-manager': ['sales', 'workshop', 'parts'],
  'sales-staff': ['sales'],
  'service-staff': ['workshop'],
  'parts-staff': ['parts'],
  'integration (sales, workshop, parts)': ['sales', 'workshop', 'parts'],
  'integration (sales only)': ['sales'],
};

interface Caller {
  readonly label: string;
  readonly role: Role;
  /** Scope for a command on `branchId`: in scope or not. */
  scope(branchId: string, inScope: boolean): TokenScope;
  /** Head office has no "out of scope". */
  readonly scoped: boolean;
}

const branchScoped =
  (role: Role, extra: Omit<TokenScope, 'branches'> = {}) =>
  (branchId: string, inScope: boolean): TokenScope => ({
    ...extra,
    branches: [inScope ? branchId : other(branchId)],
  });

const CALLERS: readonly Caller[] = [
  { label: 'head-office', role: 'head-office', scoped: false, scope: () => ({ subject: 'm-head-office' }) },
  { label: 'region-manager', role: 'region-manager', scoped: true, scope: () => ({ regions: ['MX-EAST'], subject: 'm-rm' }) },
  { label: 'analyst', role: 'analyst', scoped: true, scope: (b, inScope) => ({ branches: [inScope ? b : other(b)], subject: 'm-analyst' }) },
  { label: 'branch-manager', role: 'branch-manager', scoped: true, scope: branchScoped('branch-manager', { subject: 'm-bm' }) },
  // Linked to an employee (claim employee_id), as a signed-in sales consultant is: whose own activities they log.
  { label: 'sales-staff', role: 'sales-staff', scoped: true, scope: branchScoped('sales-staff', { subject: 'm-sales', employeeId: 'E-M-SALES' }) },
  { label: 'service-staff', role: 'service-staff', scoped: true, scope: branchScoped('service-staff', { subject: 'm-service' }) },
  { label: 'parts-staff', role: 'parts-staff', scoped: true, scope: branchScoped('parts-staff', { subject: 'm-parts' }) },
  {
    label: 'integration (sales, workshop, parts)',
    role: 'integration',
    scoped: true,
    scope: branchScoped('integration', { contexts: ['sales', 'workshop', 'parts'], subject: 'integration:m-dms' }),
  },
  {
    label: 'integration (sales only)',
    role: 'integration',
    scoped: true,
    scope: branchScoped('integration', { contexts: ['sales'], subject: 'integration:m-crm' }),
  },
];

type Expected = 'admitted' | 'ROLE_FORBIDDEN' | 'OUT_OF_SCOPE';

function expectedFor(caller: Caller, context: WriteContext, inScope: boolean): Expected {
  if (!MAY_WRITE[caller.label]!.includes(context)) return 'ROLE_FORBIDDEN';
  if (context === 'org' || !caller.scoped || inScope) return 'admitted';
  return 'OUT_OF_SCOPE';
}

describe('security: the authorization matrix of every write route', () => {
  let t: CommandTestApp;

  beforeAll(async () => {
    t = await startCommandTestApp('authz_matrix', [SalesModule, WorkshopModule, PartsModule]);
    for (const branchId of BRANCHES) await t.openBranch(branchId);
  });

  afterAll(async () => {
    await t?.stop();
  });

  /** Sends a request and returns its status and body, and how many events it appended. */
  async function send(
    path: string,
    body: unknown,
    headers: Record<string, string>,
  ): Promise<{ status: number; code?: string; appended: number; body: unknown }> {
    const before = await t.eventCount();
    const response = await t
      .anonymous()
      .post(path)
      .set(headers)
      .send(body as object);
    const appended = (await t.eventCount()) - before;
    return { status: response.status, code: (response.body as { code?: string }).code, appended, body: response.body as unknown };
  }

  for (const [context, routes] of Object.entries(ROUTES) as [WriteContext, readonly CommandRoute[]][]) {
    describe(`${context}`, () => {
      it.each(routes.map((route) => [route.name, route] as const))('%s: every role in and out of scope, and every bad token', async (_name, route) => {
        const example = COMMAND_EXAMPLES[route.name];
        if (!example) throw new Error(`no example for ${route.name}`);
        const path = fillPath(route.path, example.params);
        const branchId = context === 'org' ? 'FZ-01' : branchOfCommand(route, example.body as object, example.params);
        if (branchId === undefined) throw new Error(`${route.name} names no branch`);
        const cells: { cell: string; expected: string; got: string; appended: number }[] = [];

        const refusals: [string, Record<string, string>][] = [
          ['no token', {}],
          ['expired', bearerFor('head-office', {}, { expiresIn: '-2h' })],
          ['wrong audience', bearerFor('head-office', {}, { audience: 'another-api' })],
          ['wrong secret', bearerFor('head-office', {}, { secret: 'x'.repeat(48) })],
          ['not a bearer token', { authorization: 'Basic aGVhZDpvZmZpY2U=' }],
        ];
        for (const [cell, headers] of refusals) {
          const answer = await send(path, example.body, headers);
          cells.push({ cell, expected: '401 UNAUTHENTICATED', got: `${answer.status} ${answer.code ?? ''}`, appended: answer.appended });
        }
        for (const caller of CALLERS) {
          for (const inScope of caller.scoped ? [true, false] : [true]) {
            const expected = expectedFor(caller, context, inScope);
            const answer = await send(path, example.body, bearerFor(caller.role, caller.scope(branchId, inScope)));
            const cell = `${caller.label} ${inScope ? 'in scope' : 'out of scope'}`;
            if (expected === 'admitted') {
              // Past the gate and the permission check: whatever the domain answers, never 401/403/5xx.
              const admitted = answer.status < 500 && answer.status !== 401 && answer.status !== 403;
              cells.push({ cell, expected: 'admitted', got: admitted ? 'admitted' : `${answer.status} ${answer.code ?? ''}`, appended: 0 });
            } else {
              cells.push({ cell, expected: `403 ${expected}`, got: `${answer.status} ${answer.code ?? ''}`, appended: answer.appended });
            }
          }
        }
        // One comparison for the whole row, so a failure shows every cell that is wrong.
        expect(cells.filter((c) => c.expected !== c.got || c.appended !== 0)).toEqual([]);
      });
    });
  }

  it('checks each batch item on its own, and refuses a batch of a context the role may not write as a whole', async () => {
    const route = SALES_COMMAND_ROUTES.find((r) => r.name === 'CreateLead')!;
    const example = COMMAND_EXAMPLES.CreateLead!;
    const item = (branchId: string, key: string) => ({
      command: route.name,
      idempotencyKey: key,
      params: { leadId: `L-BATCH-${key}` },
      body: { ...(example.body as object), branchId },
    });
    const manager = bearerFor('branch-manager', { branches: ['FZ-01'], subject: 'm-batch-bm' });
    const before = await t.eventCount();
    const mixed = await t
      .anonymous()
      .post('/api/v1/sales/batch')
      .set(manager)
      .send({ items: [item('FZ-01', 'b1'), item('FZ-02', 'b2')] })
      .expect(200);
    expect(mixed.body).toMatchObject({
      succeeded: 1,
      failed: 1,
      results: [{ status: 201 }, { status: 403, body: { code: 'OUT_OF_SCOPE' } }],
    });
    expect((await t.eventCount()) - before).toBe(1);

    for (const [batchContext, token] of [
      ['org', manager],
      ['workshop', bearerFor('sales-staff', { branches: ['FZ-01'] })],
      ['sales', bearerFor('analyst')],
      ['parts', bearerFor('integration', { branches: ['FZ-01'], contexts: ['sales'] })],
    ] as const) {
      const answer = await send(`/api/v1/${batchContext}/batch`, { items: [item('FZ-01', 'b3')] }, token);
      expect({ batchContext, status: answer.status, code: answer.code, appended: answer.appended }).toEqual({
        batchContext,
        status: 403,
        code: 'ROLE_FORBIDDEN',
        appended: 0,
      });
    }
    for (const batchContext of Object.keys(ROUTES)) {
      const answer = await send(`/api/v1/${batchContext}/batch`, { items: [item('FZ-01', 'b4')] }, {});
      expect({ batchContext, status: answer.status, appended: answer.appended }).toEqual({ batchContext, status: 401, appended: 0 });
    }
  });

  it.each([
    ['the plan import', '/api/v1/org/targets/import', 'kpiId,year,period,grain,grainId,kind,value,unit\n'],
    ['the market registrations file', '/api/v1/org/market-registrations/import', 'area,segment,month,registrations,models\n'],
  ])('refuses %s to anyone but head office, before reading the file', async (_name, path, header) => {
    const csv = Buffer.from(header, 'utf8');
    const upload = (headers: Record<string, string>) =>
      t.anonymous().post(path).set(headers).attach('file', csv, { filename: 'file.csv', contentType: 'text/csv' });
    expect((await upload({})).status).toBe(401);
    expect((await upload(bearerFor('branch-manager', { branches: ['FZ-01'] }))).body).toMatchObject({ statusCode: 403, code: 'ROLE_FORBIDDEN' });
    expect((await upload(bearerFor('region-manager', { regions: ['EAST'] }))).body).toMatchObject({ statusCode: 403, code: 'ROLE_FORBIDDEN' });
    const headOffice = await upload(bearerFor('head-office'));
    expect([401, 403]).not.toContain(headOffice.status);
    expect(headOffice.status).toBeLessThan(500);
  });

  it("dispatches a transfer in the sender's scope and receives it in the receiver's", async () => {
    const dispatch = COMMAND_EXAMPLES.DispatchTransfer!;
    const receive = COMMAND_EXAMPLES.ReceiveTransfer!;
    const sender = bearerFor('parts-staff', { branches: ['FZ-01'], subject: 'm-sender' });
    const receiver = bearerFor('parts-staff', { branches: ['FZ-02'], subject: 'm-receiver' });
    const dispatchPath = '/api/v1/parts/transfers/TR-M1/dispatch';
    const receivePath = '/api/v1/parts/transfers/TR-M1/receipt';
    expect(await send(dispatchPath, dispatch.body, receiver)).toMatchObject({ status: 403, code: 'OUT_OF_SCOPE', appended: 0 });
    const sent = await send(dispatchPath, dispatch.body, sender);
    expect(sent.status).not.toBe(403);
    expect(await send(receivePath, receive.body, sender)).toMatchObject({ status: 403, code: 'OUT_OF_SCOPE', appended: 0 });
    const received = await send(receivePath, receive.body, receiver);
    expect(received.status).not.toBe(403);
  });
});
