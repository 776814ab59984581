import { bearerFor } from '@app/auth';
import { SalesModule } from '@app/sales';
import { CommandTestApp, startCommandTestApp } from '@app/testing';
import { COMMAND_EXAMPLES } from '../reliability/support/command-examples';

/**
 * Attribution: the actor on every event is the authenticated subject; a request cannot name
 * another. Idempotency keys belong to their caller.
 */
describe('security: who an event names, and whose idempotency key it is', () => {
  let t: CommandTestApp;
  const lead = COMMAND_EXAMPLES.CreateLead!.body as Record<string, unknown>;

  beforeAll(async () => {
    t = await startCommandTestApp('authz_attribution', [SalesModule]);
    await t.openBranch('FZ-01');
  });

  afterAll(async () => {
    await t?.stop();
  });

  async function actorOf(streamId: string): Promise<unknown> {
    const events = await t.store.readStream(streamId);
    return events.map((e) => e.actor);
  }

  it('records the token subject as the actor, and refuses X-Actor-Id with a 400 that says why', async () => {
    const manager = bearerFor('branch-manager', { branches: ['FZ-01'], subject: 'user-42' });
    await t.anonymous().post('/api/v1/sales/leads/L-ATTR-1').set(manager).send(lead).expect(201);
    expect(await actorOf('lead-L-ATTR-1')).toEqual([{ kind: 'user', id: 'user-42' }]);

    const before = await t.eventCount();
    const spoofed = await t.anonymous().post('/api/v1/sales/leads/L-ATTR-2').set(manager).set('X-Actor-Id', 'head-office-boss').send(lead).expect(400);
    expect(spoofed.body).toMatchObject({
      code: 'INVALID_HEADER',
      message: expect.stringContaining('the actor of every event is the authenticated caller') as string,
    });
    expect(await t.eventCount()).toBe(before);
  });

  it("keeps an integration's own user apart as onBehalfOf, and refuses that header from a person", async () => {
    const dms = bearerFor('integration', { branches: ['FZ-01'], contexts: ['sales'], subject: 'integration:dms-7' });
    await t.anonymous().post('/api/v1/sales/leads/L-ATTR-3').set(dms).set('X-On-Behalf-Of', 'dms-user-0815').send(lead).expect(201);
    expect(await actorOf('lead-L-ATTR-3')).toEqual([{ kind: 'integration', id: 'integration:dms-7', onBehalfOf: 'dms-user-0815' }]);

    const person = bearerFor('sales-staff', { branches: ['FZ-01'], subject: 'user-43' });
    const refused = await t.anonymous().post('/api/v1/sales/leads/L-ATTR-4').set(person).set('X-On-Behalf-Of', 'someone').send(lead).expect(400);
    expect(refused.body).toMatchObject({ code: 'INVALID_HEADER' });
  });

  it('records batch items under the caller too', async () => {
    const staff = bearerFor('sales-staff', { branches: ['FZ-01'], subject: 'user-44' });
    const items = [{ command: 'CreateLead', idempotencyKey: 'attr-b1', params: { leadId: 'L-ATTR-5' }, body: lead }];
    await t.anonymous().post('/api/v1/sales/batch').set(staff).send({ items }).expect(200);
    expect(await actorOf('lead-L-ATTR-5')).toEqual([{ kind: 'user', id: 'user-44' }]);
  });

  it("never answers or blocks one caller's idempotency key with another caller's", async () => {
    const alice = bearerFor('sales-staff', { branches: ['FZ-01'], subject: 'alice' });
    const bob = bearerFor('sales-staff', { branches: ['FZ-01'], subject: 'bob' });
    const first = await t.anonymous().post('/api/v1/sales/leads/L-IDEM-A').set(alice).set('Idempotency-Key', 'shared-key-1').send(lead).expect(201);
    // Alice's retry is answered from her key; nothing is appended.
    const before = await t.eventCount();
    const retry = await t.anonymous().post('/api/v1/sales/leads/L-IDEM-A').set(alice).set('Idempotency-Key', 'shared-key-1').send(lead).expect(201);
    expect(retry.headers['idempotent-replayed']).toBe('true');
    expect(retry.body).toEqual(first.body);
    expect(await t.eventCount()).toBe(before);
    // Bob's different request with the same key is his own: not a 422 (key reused), not Alice's answer.
    const other = await t.anonymous().post('/api/v1/sales/leads/L-IDEM-B').set(bob).set('Idempotency-Key', 'shared-key-1').send(lead).expect(201);
    expect(other.headers['idempotent-replayed']).toBe('false');
    expect(other.body).toMatchObject({ streamId: 'lead-L-IDEM-B' });
    // And Bob sending exactly Alice's request with her key gets his own outcome (the lead exists: 409), not her 201.
    const copy = await t.anonymous().post('/api/v1/sales/leads/L-IDEM-A').set(bob).set('Idempotency-Key', 'shared-key-1').send(lead);
    expect(copy.headers['idempotent-replayed']).not.toBe('true');
  });
});
