import { EventEnvelope, topicFor, WORKSHOP_EVENTS } from '@app/contracts';
import { CheckpointStore } from '@app/event-store';
import { ensureTopics, EventRelay, KafkaEventPublisher, kafkaSettingsFromEnv } from '@app/messaging';
import { CommandTestApp, readTopic, runUntilHandedOver, startCommandTestApp, TEST_METADATA, testKafka, uniqueId, vehicleDelivered } from '@app/testing';
import { WorkshopModule } from '@app/workshop';

const VIN = 'LSVAU2180N2183294';
const OTHER_VIN = 'LFV2A21K8G4000001';
const cny = (net: string, tax: string, gross: string) => ({ currency: 'CNY', net, tax, gross });
const BASE = '/api/v1/workshop';

interface ErrorBody {
  code: string;
  message: string;
  errors?: { field: string; messages: string[] }[];
}

const openRo = (overrides: Record<string, unknown> = {}) => ({
  branchId: 'SH-01',
  intakeVisitId: 'V1',
  vin: VIN,
  mileageKm: 42000,
  advisorId: 'SA-1',
  jobType: 'repair',
  payer: 'customer',
  occurredAt: '2026-01-03T01:00:00Z',
  ...overrides,
});

const labourLine = (overrides: Record<string, unknown> = {}) => ({
  branchId: 'SH-01',
  lineId: 'L1',
  category: 'mechanical',
  soldHours: '2.00',
  clockedHours: '1.75',
  rate: '300.00',
  technicianId: 'T-1',
  payer: 'customer',
  amount: cny('600.00', '78.00', '678.00'),
  occurredAt: '2026-01-03T03:00:00Z',
  ...overrides,
});

const partsIssue = (overrides: Record<string, unknown> = {}) => ({
  branchId: 'SH-01',
  lineId: 'P1',
  partNumber: '5Q0698151',
  quantity: '2',
  genuine: true,
  unitPrice: '200.00',
  payer: 'customer',
  amount: cny('400.00', '52.00', '452.00'),
  cost: cny('260.00', '33.80', '293.80'),
  occurredAt: '2026-01-03T03:30:00Z',
  ...overrides,
});

const closure = (occurredAt: string, overrides: Record<string, unknown> = {}) => ({ branchId: 'SH-01', occurredAt, ...overrides });

describe('workshop commands over HTTP (real Postgres, real Kafka)', () => {
  let t: CommandTestApp;
  const http = () => t.http();
  const eventCount = () => t.eventCount();
  const types = (streamId: string) => t.streamTypes(streamId);

  beforeAll(async () => {
    t = await startCommandTestApp('workshop', [WorkshopModule]);
    await t.openBranch('SH-01');
    await t.openBranch('SH-02');
    await t.openBranch('MAD-01', { currency: 'EUR', timeZone: 'Europe/Madrid' });
    await t.openBranch('OLD-01');
    await t.closeBranch('OLD-01');
  });

  afterAll(async () => {
    await t?.stop();
  });

  it('runs every command of the worked example: appointment, ROs, lines, close, comeback, follow-up, CSI, reopen', async () => {
    await http()
      .post(`${BASE}/appointments/A-1`)
      .send({ branchId: 'SH-01', vin: VIN, jobType: 'repair', channel: 'phone', scheduledFor: '2026-01-03T01:00:00Z', occurredAt: '2026-01-02T02:00:00Z' })
      .expect(201);
    const opened = await http()
      .post(`${BASE}/repair-orders/RO-1`)
      .send(openRo({ appointmentId: 'A-1' }))
      .expect(201);
    expect(opened.body).toMatchObject({ streamId: 'repair-order-RO-1', streamVersion: 1 });
    expect(opened.headers.etag).toBe('"1"');
    await http().post(`${BASE}/repair-orders/RO-1/labour-lines`).send(labourLine()).expect(201);
    await http()
      .post(`${BASE}/repair-orders/RO-1/parts-issues`)
      .send(partsIssue({ quantity: '3', amount: cny('600.00', '78.00', '678.00'), cost: cny('390.00', '50.70', '440.70') }))
      .expect(201);
    // One pad set back to stores: a negative quantity with negative amounts.
    await http()
      .post(`${BASE}/repair-orders/RO-1/parts-issues`)
      .send(partsIssue({ lineId: 'P2', quantity: '-1', amount: cny('-200.00', '-26.00', '-226.00'), cost: cny('-130.00', '-16.90', '-146.90') }))
      .expect(201);
    await http().post(`${BASE}/repair-orders/RO-1/closure`).send(closure('2026-01-04T08:00:00Z')).expect(201);

    const closed = (await t.store.readStream('repair-order-RO-1')).at(-1)!;
    expect(closed).toMatchObject({
      type: 'RepairOrderClosed',
      branchId: 'SH-01',
      payload: {
        intakeVisitId: 'V1',
        jobType: 'repair',
        advisorId: 'SA-1',
        closeSequence: 1,
        totals: {
          labour: cny('600.00', '78.00', '678.00'),
          parts: cny('400.00', '52.00', '452.00'),
          partsCost: cny('260.00', '33.80', '293.80'),
          sublet: cny('0.00', '0.00', '0.00'),
          total: cny('1000.00', '130.00', '1130.00'),
          soldHours: '2.00',
          technicianIds: ['T-1'],
        },
      },
    });

    await http()
      .post(`${BASE}/follow-up-calls/FU-1`)
      .send({ branchId: 'SH-01', repairOrderId: 'RO-1', callerId: 'CC-1', reached: true, outcome: 'satisfied', occurredAt: '2026-01-06T02:00:00Z' })
      .expect(201);
    await http()
      .post(`${BASE}/csi-surveys/S-1`)
      .send({
        branchId: 'SH-01',
        source: 'internal_call',
        kind: 'service',
        repairOrderId: 'RO-1',
        answers: [{ questionId: 'overall', answer: '8', min: '0', max: '10', weight: '1', overall: true }],
        occurredAt: '2026-01-06T02:10:00Z',
      })
      .expect(201);

    // RO-5: a comeback of RO-1 (same fault), closed at 0.00 with no lines.
    await http()
      .post(`${BASE}/repair-orders/RO-5`)
      .send(openRo({ intakeVisitId: 'V3', occurredAt: '2026-01-20T01:00:00Z' }))
      .expect(201);
    await http()
      .post(`${BASE}/repair-orders/RO-5/comeback`)
      .send({ branchId: 'SH-01', originalRepairOrderId: 'RO-1', faultDescription: 'brakes squeal', occurredAt: '2026-01-20T01:05:00Z' })
      .expect(201);
    await http().post(`${BASE}/repair-orders/RO-5/closure`).send(closure('2026-01-21T08:00:00Z')).expect(201);
    expect(await types('repair-order-RO-5')).toEqual(['RepairOrderOpened', 'ComebackRegistered', 'RepairOrderClosed']);
    const comeback = (await t.store.readStream('repair-order-RO-5'))[1]!;
    expect(comeback.payload).toMatchObject({
      originalRepairOrderId: 'RO-1',
      originalBranchId: 'SH-01',
      originalClosedAt: '2026-01-04T08:00:00.000Z',
      originalTechnicianIds: ['T-1'],
    });

    // Reopen RO-1, correct the labour line, close again.
    await http()
      .post(`${BASE}/repair-orders/RO-1/reopening`)
      .send({ branchId: 'SH-01', reason: 'labour overcharged', occurredAt: '2026-01-22T01:00:00Z' })
      .expect(201);
    await http()
      .post(`${BASE}/repair-orders/RO-1/labour-lines`)
      .send(
        labourLine({
          lineId: 'L1-fix',
          correctsLineId: 'L1',
          soldHours: '-0.50',
          clockedHours: '0.00',
          amount: cny('-150.00', '-19.50', '-169.50'),
          occurredAt: '2026-01-22T01:10:00Z',
        }),
      )
      .expect(201);
    await http()
      .post(`${BASE}/repair-orders/RO-1/closure`)
      .send(closure('2026-01-22T02:00:00Z', { sublet: cny('100.00', '6.00', '106.00') }))
      .expect(201);
    const events = await t.store.readStream('repair-order-RO-1');
    expect(events.map((e) => e.type)).toEqual([
      'RepairOrderOpened',
      'LabourLinePosted',
      'PartsIssuedToRepairOrder',
      'PartsIssuedToRepairOrder',
      'RepairOrderClosed',
      'RepairOrderReopened',
      'LabourLinePosted',
      'RepairOrderClosed',
    ]);
    expect(events[5]!.payload).toMatchObject({ reversedCloseSequence: 1, reversedTotals: { total: { net: '1000.00' } } });
    expect(events[7]!.payload).toMatchObject({ closeSequence: 2, totals: { labour: { net: '450.00' }, sublet: { net: '100.00' }, total: { net: '950.00' } } });
  });

  it('records warranty claims and their decisions, complaints and their resolutions, and internal and PDI ROs', async () => {
    await http()
      .post(`${BASE}/repair-orders/RO-W`)
      .send(openRo({ intakeVisitId: 'V9', jobType: 'warranty', payer: 'warranty' }))
      .expect(201);
    await http()
      .post(`${BASE}/warranty-claims/WC-1`)
      .send({ branchId: 'SH-01', repairOrderId: 'RO-W', claimed: cny('1000.00', '130.00', '1130.00'), occurredAt: '2026-01-05T01:00:00Z' })
      .expect(201);
    await http()
      .post(`${BASE}/warranty-claims/WC-1/decision`)
      .send({
        branchId: 'SH-01',
        decision: 'partially_approved',
        approved: cny('600.00', '78.00', '678.00'),
        reason: 'labour capped',
        occurredAt: '2026-01-25T01:00:00Z',
      })
      .expect(201);
    expect(
      (
        await http()
          .post(`${BASE}/warranty-claims/WC-1/decision`)
          .send({ branchId: 'SH-01', decision: 'rejected', occurredAt: '2026-01-26T01:00:00Z' })
          .expect(409)
      ).body,
    ).toMatchObject({
      code: 'WARRANTY_CLAIM_ALREADY_DECIDED',
    });
    expect(
      (
        await http()
          .post(`${BASE}/warranty-claims/WC-404/decision`)
          .send({ branchId: 'SH-01', decision: 'rejected', occurredAt: '2026-01-26T01:00:00Z' })
          .expect(404)
      ).body,
    ).toMatchObject({
      code: 'WARRANTY_CLAIM_NOT_FOUND',
    });

    await http()
      .post(`${BASE}/complaints/CP-1`)
      .send({ branchId: 'SH-01', kind: 'service', channel: 'phone', repairOrderId: 'RO-W', description: 'waited too long', occurredAt: '2026-01-05T02:00:00Z' })
      .expect(201);
    await http()
      .post(`${BASE}/complaints/CP-1/resolution`)
      .send({ branchId: 'SH-01', resolution: 'apologised', compensation: cny('50.00', '0.00', '50.00'), occurredAt: '2026-01-07T02:00:00Z' })
      .expect(201);
    expect(
      (await http().post(`${BASE}/complaints/CP-1/resolution`).send({ branchId: 'SH-01', resolution: 'again', occurredAt: '2026-01-08T02:00:00Z' }).expect(409))
        .body,
    ).toMatchObject({
      code: 'COMPLAINT_ALREADY_RESOLVED',
    });
    expect(await types('warranty-claim-WC-1')).toEqual(['WarrantyClaimSubmitted', 'WarrantyClaimDecided']);
    expect(await types('complaint-CP-1')).toEqual(['ComplaintLogged', 'ComplaintResolved']);

    await http()
      .post(`${BASE}/repair-orders/RO-I`)
      .send(openRo({ intakeVisitId: 'V10', jobType: 'internal', payer: 'internal' }))
      .expect(201);
    await http()
      .post(`${BASE}/repair-orders/RO-P`)
      .send(openRo({ intakeVisitId: 'V11', jobType: 'pdi', payer: 'internal' }))
      .expect(201);
  });

  it('records a sales CSI survey only for a delivered vehicle sale of the same branch', async () => {
    await t.store.append(
      'vehicle-sale-VS-9',
      0,
      [vehicleDelivered({ branchId: 'SH-01', occurredAt: '2026-01-05T03:00:00.000Z', payload: { vehicleSaleId: 'VS-9' } })],
      TEST_METADATA,
    );
    const survey = (vehicleSaleId: string, branchId = 'SH-01') => ({
      branchId,
      source: 'oem_survey',
      kind: 'sales',
      vehicleSaleId,
      answers: [
        { questionId: 'overall', answer: '5', min: '1', max: '5', weight: '2', overall: true },
        { questionId: 'handover', answer: '3', min: '1', max: '5', weight: '1', overall: false },
      ],
      occurredAt: '2026-02-09T02:00:00Z',
    });
    await http().post(`${BASE}/csi-surveys/S-VS-9`).send(survey('VS-9')).expect(201);
    expect((await t.store.readStream('csi-survey-S-VS-9'))[0]!.payload).toMatchObject({ kind: 'sales', referencedAt: '2026-01-05T03:00:00.000Z' });
    expect((await http().post(`${BASE}/csi-surveys/S-VS-9`).send(survey('VS-9')).expect(409)).body).toMatchObject({ code: 'CSI_SURVEY_ALREADY_RECORDED' });
    expect((await http().post(`${BASE}/csi-surveys/S-VS-0`).send(survey('VS-0')).expect(422)).body).toMatchObject({
      code: 'REFERENCED_VEHICLE_SALE_NOT_DELIVERED',
    });
    expect((await http().post(`${BASE}/csi-surveys/S-VS-2`).send(survey('VS-9', 'SH-02')).expect(422)).body).toMatchObject({
      code: 'REFERENCE_BRANCH_MISMATCH',
    });
  });

  it('answers rule violations with stable codes: 404 unknown RO, 409 closed RO, 422 comeback and return rules', async () => {
    expect((await http().post(`${BASE}/repair-orders/NOPE/labour-lines`).send(labourLine()).expect(404)).body).toMatchObject({
      code: 'REPAIR_ORDER_NOT_FOUND',
    });
    await http()
      .post(`${BASE}/repair-orders/RO-C`)
      .send(openRo({ intakeVisitId: 'V20' }))
      .expect(201);
    await http().post(`${BASE}/repair-orders/RO-C/closure`).send(closure('2026-01-04T00:00:00Z')).expect(201);
    expect((await http().post(`${BASE}/repair-orders/RO-C/labour-lines`).send(labourLine()).expect(409)).body).toMatchObject({ code: 'REPAIR_ORDER_NOT_OPEN' });
    expect((await http().post(`${BASE}/repair-orders/RO-C/closure`).send(closure('2026-01-05T00:00:00Z')).expect(409)).body).toMatchObject({
      code: 'REPAIR_ORDER_NOT_OPEN',
    });

    await http()
      .post(`${BASE}/repair-orders/RO-D`)
      .send(openRo({ intakeVisitId: 'V21', vin: OTHER_VIN, occurredAt: '2026-01-10T00:00:00Z' }))
      .expect(201);
    const link = (original: string) => ({ branchId: 'SH-01', originalRepairOrderId: original, faultDescription: 'noise', occurredAt: '2026-01-10T00:10:00Z' });
    expect((await http().post(`${BASE}/repair-orders/RO-D/comeback`).send(link('RO-C')).expect(422)).body).toMatchObject({ code: 'COMEBACK_VIN_MISMATCH' });
    expect((await http().post(`${BASE}/repair-orders/RO-D/comeback`).send(link('RO-D')).expect(400)).body).toMatchObject({ code: 'COMEBACK_SELF_LINK' });
    expect((await http().post(`${BASE}/repair-orders/RO-D/comeback`).send(link('RO-NONE')).expect(422)).body).toMatchObject({
      code: 'ORIGINAL_REPAIR_ORDER_NOT_FOUND',
    });

    await http()
      .post(`${BASE}/repair-orders/RO-D/parts-issues`)
      .send(partsIssue({ occurredAt: '2026-01-10T01:00:00Z' }))
      .expect(201);
    const tooMany = partsIssue({
      lineId: 'P2',
      quantity: '-3',
      amount: cny('-600.00', '-78.00', '-678.00'),
      cost: cny('-390.00', '-50.70', '-440.70'),
      occurredAt: '2026-01-10T02:00:00Z',
    });
    expect((await http().post(`${BASE}/repair-orders/RO-D/parts-issues`).send(tooMany).expect(422)).body).toMatchObject({
      code: 'PARTS_RETURN_EXCEEDS_ISSUED',
    });
  });

  it('registers a comeback found after the new RO was closed, measured from the close it came back after', async () => {
    // RO-G1 closed 4 Jan, reopened 6 Jan, closed again 8 Jan; RO-G2 opened 20 Jan and closed 21 Jan.
    await http()
      .post(`${BASE}/repair-orders/RO-G1`)
      .send(openRo({ intakeVisitId: 'V40' }))
      .expect(201);
    await http().post(`${BASE}/repair-orders/RO-G1/closure`).send(closure('2026-01-04T08:00:00Z')).expect(201);
    await http()
      .post(`${BASE}/repair-orders/RO-G1/reopening`)
      .send({ branchId: 'SH-01', reason: 'invoice corrected', occurredAt: '2026-01-06T02:00:00Z' })
      .expect(201);
    await http().post(`${BASE}/repair-orders/RO-G1/closure`).send(closure('2026-01-08T08:00:00Z')).expect(201);
    await http()
      .post(`${BASE}/repair-orders/RO-G2`)
      .send(openRo({ intakeVisitId: 'V41', occurredAt: '2026-01-20T01:00:00Z' }))
      .expect(201);
    await http().post(`${BASE}/repair-orders/RO-G2/closure`).send(closure('2026-01-21T08:00:00Z')).expect(201);

    const link = { branchId: 'SH-01', originalRepairOrderId: 'RO-G1', faultDescription: 'brakes squeal', occurredAt: '2026-01-28T02:00:00Z' };
    await http().post(`${BASE}/repair-orders/RO-G2/comeback`).send(link).expect(201);
    expect(await types('repair-order-RO-G2')).toEqual(['RepairOrderOpened', 'RepairOrderClosed', 'ComebackRegistered']);
    const registered = (await t.store.readStream('repair-order-RO-G2'))[2]!;
    expect(registered.payload).toMatchObject({
      originalRepairOrderId: 'RO-G1',
      openedAt: '2026-01-20T01:00:00.000Z',
      originalClosedAt: '2026-01-08T08:00:00.000Z',
    });
    expect((await http().post(`${BASE}/repair-orders/RO-G2/comeback`).send(link).expect(409)).body).toMatchObject({ code: 'COMEBACK_ALREADY_REGISTERED' });
  });

  it('refuses bad input with 400 and a message per field, appending nothing', async () => {
    await http()
      .post(`${BASE}/repair-orders/RO-V`)
      .send(openRo({ intakeVisitId: 'V30' }))
      .expect(201);
    const before = await eventCount();
    const fieldsOf = (body: ErrorBody) => (body.errors ?? []).map((e) => e.field);
    const bad = async (path: string, body: Record<string, unknown>, field: string) => {
      const response = await http().post(path).send(body).expect(400);
      expect(response.body).toMatchObject({ code: 'VALIDATION_FAILED' });
      expect(fieldsOf(response.body as ErrorBody)).toContain(field);
    };
    await bad(`${BASE}/repair-orders/RO-X`, openRo({ jobType: 'tuning' }), 'jobType');
    await bad(`${BASE}/repair-orders/RO-X`, openRo({ vin: 'LSVAU2180N218329O' }), 'vin');
    await bad(`${BASE}/repair-orders/RO-X`, openRo({ occurredAt: '2099-01-01T00:00:00Z' }), 'occurredAt');
    await bad(`${BASE}/repair-orders/RO-V/labour-lines`, labourLine({ amount: cny('-600.00', '-78.00', '-678.00') }), 'amount');
    await bad(`${BASE}/repair-orders/RO-V/labour-lines`, labourLine({ amount: { currency: 'CNY', net: 600, tax: '78.00', gross: '678.00' } }), 'amount.net');
    await bad(`${BASE}/repair-orders/RO-V/labour-lines`, labourLine({ amount: cny('600.00', '78.00', '679.00') }), 'amount.gross');
    await bad(`${BASE}/repair-orders/RO-V/labour-lines`, labourLine({ soldHours: 2.5 }), 'soldHours');
    await bad(`${BASE}/repair-orders/RO-V/parts-issues`, partsIssue({ quantity: '2', amount: cny('-400.00', '-52.00', '-452.00') }), 'amount');
    await bad(`${BASE}/repair-orders/RO-V/closure`, closure('2026-01-04T00:00:00Z', { sublet: cny('-1.00', '0.00', '-1.00') }), 'sublet');
    await bad(
      `${BASE}/follow-up-calls/FU-X`,
      { branchId: 'SH-01', repairOrderId: 'RO-V', callerId: 'C', reached: false, outcome: 'satisfied', occurredAt: '2026-01-06T00:00:00Z' },
      'outcome',
    );
    const answers = [{ questionId: 'overall', answer: '11', min: '0', max: '10', weight: '0', overall: true }];
    const csi = await http()
      .post(`${BASE}/csi-surveys/S-X`)
      .send({ branchId: 'SH-01', source: 'internal_call', kind: 'service', repairOrderId: 'RO-V', answers, occurredAt: '2026-01-06T00:00:00Z' })
      .expect(400);
    expect(fieldsOf(csi.body as ErrorBody)).toEqual(expect.arrayContaining(['answers.0.answer', 'answers.0.weight']));

    const eur = { currency: 'EUR', net: '600.00', tax: '126.00', gross: '726.00' };
    expect(
      (
        await http()
          .post(`${BASE}/repair-orders/RO-V/labour-lines`)
          .send(labourLine({ amount: eur }))
          .expect(400)
      ).body,
    ).toMatchObject({ code: 'CURRENCY_MISMATCH' });
    expect(
      (
        await http()
          .post(`${BASE}/repair-orders/RO-X`)
          .send(openRo({ branchId: 'NOPE-01' }))
          .expect(400)
      ).body,
    ).toMatchObject({ code: 'UNKNOWN_BRANCH' });
    expect(
      (
        await http()
          .post(`${BASE}/repair-orders/RO-X`)
          .send(openRo({ branchId: 'OLD-01' }))
          .expect(400)
      ).body,
    ).toMatchObject({ code: 'BRANCH_CLOSED' });
    expect(
      (
        await http()
          .post(`${BASE}/repair-orders/RO-V/labour-lines`)
          .send(labourLine({ branchId: 'SH-02' }))
          .expect(400)
      ).body,
    ).toMatchObject({ code: 'BRANCH_MISMATCH' });
    expect(await eventCount()).toBe(before);

    // The EUR branch books in EUR.
    await http()
      .post(`${BASE}/repair-orders/RO-MAD`)
      .send(openRo({ branchId: 'MAD-01', intakeVisitId: 'V-MAD' }))
      .expect(201);
    await http()
      .post(`${BASE}/repair-orders/RO-MAD/labour-lines`)
      .send(labourLine({ branchId: 'MAD-01', amount: eur }))
      .expect(201);
    expect(await eventCount()).toBe(before + 2);
  });

  it("takes the vehicle's model when the intake knows it (the service KPIs' model and brand), none when omitted, and refuses a padded one per field", async () => {
    await http()
      .post(`${BASE}/repair-orders/RO-M1`)
      .send(openRo({ intakeVisitId: 'V-M1', model: 'Formentor' }))
      .expect(201);
    await http()
      .post(`${BASE}/repair-orders/RO-M2`)
      .send(openRo({ intakeVisitId: 'V-M2' }))
      .expect(201);
    const [withModel] = await t.store.readStream('repair-order-RO-M1');
    const [withoutModel] = await t.store.readStream('repair-order-RO-M2');
    expect(withModel).toMatchObject({ type: 'RepairOrderOpened', schemaVersion: 2, payload: { model: 'Formentor' } });
    expect(withoutModel?.payload).not.toHaveProperty('model');

    const before = await eventCount();
    const refused = async (model: unknown, message: RegExp) => {
      const response = await http()
        .post(`${BASE}/repair-orders/RO-MX`)
        .send(openRo({ intakeVisitId: 'V-MX', model }))
        .expect(400);
      const body = response.body as ErrorBody;
      expect(body).toMatchObject({ code: 'VALIDATION_FAILED' });
      expect(body.errors?.find((e) => e.field === 'model')?.messages.join(' ')).toMatch(message);
    };
    await refused(' Formentor', /no space before or after it/);
    await refused('Formentor ', /no space before or after it/);
    await refused('', /1 to 200 characters/);
    await refused('x'.repeat(201), /1 to 200 characters/);
    await refused(42, /model must be text/);
    expect(await eventCount()).toBe(before);
  });

  it('lets exactly one of two changes with the same If-Match through (409 for the other)', async () => {
    await http()
      .post(`${BASE}/repair-orders/RO-CC`)
      .send(openRo({ intakeVisitId: 'V40' }))
      .expect(201);
    const responses = await Promise.all(
      ['LA', 'LB'].map((lineId) => http().post(`${BASE}/repair-orders/RO-CC/labour-lines`).set('If-Match', '"1"').send(labourLine({ lineId }))),
    );
    expect(responses.map((r) => r.status).sort()).toEqual([201, 409]);
    expect(responses.find((r) => r.status === 409)!.body).toMatchObject({ code: 'STREAM_VERSION_CONFLICT' });
    expect(await types('repair-order-RO-CC')).toEqual(['RepairOrderOpened', 'LabourLinePosted']);
    // A stale version is refused too.
    expect(
      (
        await http()
          .post(`${BASE}/repair-orders/RO-CC/labour-lines`)
          .set('If-Match', '"1"')
          .send(labourLine({ lineId: 'LC' }))
          .expect(409)
      ).body,
    ).toMatchObject({
      code: 'STREAM_VERSION_CONFLICT',
    });
  });

  it('answers a retry with the same Idempotency-Key with the first answer, and refuses the key for another request', async () => {
    await http()
      .post(`${BASE}/repair-orders/RO-ID`)
      .send(openRo({ intakeVisitId: 'V50' }))
      .expect(201);
    const path = `${BASE}/repair-orders/RO-ID/labour-lines`;
    const first = await http().post(path).set('Idempotency-Key', 'dms:RO-ID:L1').send(labourLine()).expect(201);
    expect(first.headers['idempotent-replayed']).toBe('false');
    const before = await eventCount();
    const retry = await http().post(path).set('Idempotency-Key', 'dms:RO-ID:L1').send(labourLine()).expect(201);
    expect(retry.headers['idempotent-replayed']).toBe('true');
    expect(retry.body).toEqual(first.body);
    expect(await eventCount()).toBe(before);
    const reused = await http()
      .post(path)
      .set('Idempotency-Key', 'dms:RO-ID:L1')
      .send(labourLine({ soldHours: '3.00' }))
      .expect(422);
    expect(reused.body).toMatchObject({ code: 'IDEMPOTENCY_KEY_REUSED' });
    expect(await eventCount()).toBe(before);
  });

  it('answers a batch item by item, and a retried batch applies nothing twice', async () => {
    const items = [
      { command: 'OpenRepairOrder', idempotencyKey: 'wb:1', params: { repairOrderId: 'RO-B1' }, body: openRo({ intakeVisitId: 'V60' }) },
      { command: 'PostLabourLine', idempotencyKey: 'wb:2', params: { repairOrderId: 'RO-B1' }, body: labourLine() },
      { command: 'IssuePartsToRepairOrder', idempotencyKey: 'wb:3', params: { repairOrderId: 'RO-B1' }, body: partsIssue() },
      { command: 'PostLabourLine', idempotencyKey: 'wb:4', params: { repairOrderId: 'RO-B1' }, body: labourLine({ category: 'welding' }) },
      { command: 'CloseRepairOrder', idempotencyKey: 'wb:5', params: { repairOrderId: 'RO-B1' }, body: closure('2026-01-04T00:00:00Z') },
      { command: 'PostLabourLine', idempotencyKey: 'wb:6', params: { repairOrderId: 'RO-B1' }, body: labourLine({ lineId: 'L2' }) },
      {
        command: 'BookAppointment',
        idempotencyKey: 'wb:7',
        params: {},
        body: { branchId: 'SH-01', jobType: 'maintenance', channel: 'app', scheduledFor: '2026-02-01T01:00:00Z', occurredAt: '2026-01-20T00:00:00Z' },
      },
      {
        command: 'LogComplaint',
        idempotencyKey: 'wb:8',
        params: { complaintId: 'CP-B' },
        body: { branchId: 'SH-01', kind: 'sales', channel: 'online', description: 'no call back', occurredAt: '2026-01-20T00:00:00Z' },
      },
      { command: 'FlyToMoon', idempotencyKey: 'wb:9', body: {} },
    ];
    const before = await eventCount();
    const first = await http().post(`${BASE}/batch`).send({ items }).expect(200);
    const statuses = (first.body as { results: { status: number; body: { code?: string } }[] }).results.map((r) => [r.status, r.body.code]);
    expect(statuses).toEqual([
      [201, undefined],
      [201, undefined],
      [201, undefined],
      [400, 'VALIDATION_FAILED'],
      [201, undefined],
      [409, 'REPAIR_ORDER_NOT_OPEN'],
      [400, 'VALIDATION_FAILED'],
      [201, undefined],
      [400, 'UNKNOWN_COMMAND'],
    ]);
    expect(first.body).toMatchObject({ succeeded: 5, failed: 4 });
    expect(await eventCount()).toBe(before + 5);

    const again = await http().post(`${BASE}/batch`).send({ items }).expect(200);
    expect((again.body as { results: { replayed: boolean }[] }).results.slice(0, 3)).toMatchObject([
      { replayed: true },
      { replayed: true },
      { replayed: true },
    ]);
    expect(await eventCount()).toBe(before + 5);
  });

  it('documents every workshop endpoint in the OpenAPI description', async () => {
    const document = (await http().get('/docs-json').expect(200)).body as { paths: Record<string, { post?: { summary?: string; tags?: string[] } }> };
    const paths = [
      '/api/v1/workshop/appointments/{appointmentId}',
      '/api/v1/workshop/repair-orders/{repairOrderId}',
      '/api/v1/workshop/repair-orders/{repairOrderId}/labour-lines',
      '/api/v1/workshop/repair-orders/{repairOrderId}/parts-issues',
      '/api/v1/workshop/repair-orders/{repairOrderId}/closure',
      '/api/v1/workshop/repair-orders/{repairOrderId}/reopening',
      '/api/v1/workshop/repair-orders/{repairOrderId}/comeback',
      '/api/v1/workshop/warranty-claims/{warrantyClaimId}',
      '/api/v1/workshop/warranty-claims/{warrantyClaimId}/decision',
      '/api/v1/workshop/follow-up-calls/{followUpCallId}',
      '/api/v1/workshop/csi-surveys/{surveyId}',
      '/api/v1/workshop/complaints/{complaintId}',
      '/api/v1/workshop/complaints/{complaintId}/resolution',
    ];
    for (const path of paths) {
      const post = document.paths[path]?.post;
      expect({ path, documented: typeof post?.summary === 'string' && post.summary.length > 0, tags: post?.tags }).toEqual({
        path,
        documented: true,
        tags: ['workshop'],
      });
    }
    expect(document.paths['/api/v1/workshop/batch']?.post).toBeDefined();
  });

  it('relays workshop events to the workshop Kafka topic, keyed by stream id', async () => {
    await http()
      .post(`${BASE}/repair-orders/RO-K`)
      .send(openRo({ intakeVisitId: 'V70' }))
      .expect(201);
    await http().post(`${BASE}/repair-orders/RO-K/closure`).send(closure('2026-01-04T00:00:00Z')).expect(201);
    const workshopTypes: string[] = WORKSHOP_EVENTS.map((d) => d.type);
    const rows = await t.dataSource.query<{ event_id: string }[]>('SELECT event_id FROM events WHERE type = ANY($1)', [workshopTypes]);
    expect(rows.length).toBeGreaterThan(20);

    const kafka = testKafka();
    const prefix = `${uniqueId('w')}.`;
    await ensureTopics(kafka, { ...kafkaSettingsFromEnv(process.env, 'test'), topicPrefix: prefix, partitions: 3 });
    const publisher = new KafkaEventPublisher(kafka, prefix);
    try {
      const relay = new EventRelay(t.dataSource, t.store, new CheckpointStore(t.dataSource), publisher, { name: uniqueId('relay-'), idleMs: 10 });
      const stored = Number((await t.dataSource.query<{ n: string }[]>('SELECT count(*) AS n FROM events'))[0]?.n);
      await runUntilHandedOver(() => relay.runOnce(), stored);
      const read = await readTopic(kafka, topicFor('workshop', prefix), rows.length);
      const received = read.map((r) => JSON.parse(r.message.value!.toString('utf8')) as EventEnvelope);
      expect(new Set(received.map((e) => e.eventId))).toEqual(new Set(rows.map((r) => r.event_id)));
      const closedK = read.find(
        (r) => r.message.key?.toString() === 'repair-order-RO-K' && r.message.headers?.['event-type']?.toString() === 'RepairOrderClosed',
      );
      expect(closedK).toBeDefined();
      expect(received.every((e) => workshopTypes.includes(e.type))).toBe(true);
    } finally {
      await publisher.disconnect();
    }
  });
});
