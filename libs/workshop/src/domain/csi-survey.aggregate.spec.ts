import { CsiAnswerV1 } from '@app/contracts';
import { randomUUID } from 'node:crypto';
import { DeciderSpecification, decideInTurn, foldEvents } from '@app/contracts/testing';
import {
  CsiSurveyAlreadyRecordedError,
  decideCsiSurvey,
  evolveCsiSurvey,
  initialCsiSurvey,
  RecordCsiSurveyResponse,
  ReferencedVehicleSaleNotDeliveredError,
} from './csi-survey.aggregate';
import { decideRepairOrder, evolveRepairOrder, initialRepairOrder, RepairOrderCommand, RepairOrderState } from './repair-order.aggregate';
import {
  InvalidWorkshopEventError,
  OccurredTooEarlyError,
  ReferenceBranchMismatchError,
  ReferencedRepairOrderNotClosedError,
  ReferencedRepairOrderNotFoundError,
} from './workshop.errors';

const csiSurvey = { decide: decideCsiSurvey, evolve: evolveCsiSurvey, initialState: initialCsiSurvey, streamId: 'csi-survey-S-2' };
const repairOrder = { decide: decideRepairOrder, evolve: evolveRepairOrder, initialState: initialRepairOrder };

const base = { branchId: 'SH-01', repairOrderId: 'RO-2' };
const opened: RepairOrderCommand = {
  ...base,
  type: 'OpenRepairOrder',
  eventId: randomUUID(),
  occurredAt: '2026-01-10T01:00:00.000Z',
  intakeVisitId: 'V2',
  vin: 'LSVAU2180N2183294',
  mileageKm: 1000,
  advisorId: 'SA-1',
  jobType: 'insurance',
  payer: 'insurance',
  appointmentId: null,
  customerId: null,
  complaint: null,
  model: null,
  appointment: null,
};
const closed: RepairOrderCommand = {
  ...base,
  type: 'CloseRepairOrder',
  eventId: randomUUID(),
  occurredAt: '2026-01-12T08:00:00.000Z',
  sublet: null,
  currency: 'CNY',
};

/** The repair order the commands leave, each decided on the state its predecessors left. */
const repairOrderAfter = (...commands: RepairOrderCommand[]): RepairOrderState => foldEvents(repairOrder, decideInTurn(repairOrder, commands));

const answer = (overrides: Partial<CsiAnswerV1> = {}): CsiAnswerV1 => ({
  questionId: 'overall',
  answer: '5',
  min: '1',
  max: '5',
  weight: '2',
  overall: true,
  ...overrides,
});

/** The worked example's RO-2 survey: overall 5 (w 2), cleanliness 3 (w 1) on a 1–5 scale, arriving 9 Feb. */
const survey = (overrides: Partial<RecordCsiSurveyResponse> = {}): RecordCsiSurveyResponse => ({
  type: 'RecordCsiSurveyResponse',
  eventId: randomUUID(),
  occurredAt: '2026-02-09T02:00:00.000Z',
  branchId: 'SH-01',
  surveyId: 'S-2',
  source: 'oem_survey',
  kind: 'service',
  repairOrderId: 'RO-2',
  vehicleSaleId: null,
  customerId: null,
  answers: [answer(), answer({ questionId: 'cleanliness', answer: '3', weight: '1', overall: false })],
  repairOrder: repairOrderAfter(opened, closed),
  vehicleSale: null,
  ...overrides,
});

const salesSurvey = (overrides: Partial<RecordCsiSurveyResponse> = {}): RecordCsiSurveyResponse =>
  survey({
    kind: 'sales',
    source: 'internal_call',
    repairOrderId: null,
    vehicleSaleId: 'VS-1',
    repairOrder: null,
    vehicleSale: { status: 'delivered', branchId: 'SH-01', deliveredAt: '2026-01-05T03:00:00.000Z' },
    ...overrides,
  });

const given = DeciderSpecification.for(csiSurvey);

describe('CsiSurvey', () => {
  it("records a service survey that arrives weeks later, referring to the RO's close", () => {
    given()
      .when(survey())
      .then([
        {
          type: 'CsiSurveyResponded',
          payload: {
            surveyId: 'S-2',
            kind: 'service',
            source: 'oem_survey',
            repairOrderId: 'RO-2',
            referencedAt: '2026-01-12T08:00:00.000Z',
            answers: survey().answers,
          },
        },
      ]);
  });

  it('records a sales survey referring to the delivery', () => {
    given()
      .when(salesSurvey())
      .then([{ payload: { kind: 'sales', vehicleSaleId: 'VS-1', referencedAt: '2026-01-05T03:00:00.000Z' } }]);
  });

  it('records a survey id once', () => {
    given(decideCsiSurvey(survey(), initialCsiSurvey)).when(survey()).thenThrows(CsiSurveyAlreadyRecordedError);
  });

  it('refuses a service survey about an unknown RO, an RO of another branch, or an RO not closed', () => {
    given()
      .when(survey({ repairOrder: initialRepairOrder }))
      .thenThrows(ReferencedRepairOrderNotFoundError);
    given()
      .when(survey({ branchId: 'SH-02' }))
      .thenThrows(ReferenceBranchMismatchError);
    given()
      .when(survey({ repairOrder: repairOrderAfter(opened) }))
      .thenThrows(ReferencedRepairOrderNotClosedError);
  });

  it('refuses a sales survey about a sale not delivered, delivered by another branch, or before the delivery', () => {
    given()
      .when(salesSurvey({ vehicleSale: { status: 'not-delivered' } }))
      .thenThrows(ReferencedVehicleSaleNotDeliveredError);
    given()
      .when(salesSurvey({ vehicleSale: { status: 'delivered', branchId: 'SH-02', deliveredAt: '2026-01-05T03:00:00.000Z' } }))
      .thenThrows(ReferenceBranchMismatchError);
    given()
      .when(salesSurvey({ occurredAt: '2026-01-04T00:00:00.000Z' }))
      .thenThrows(OccurredTooEarlyError);
  });

  it('refuses a survey whose kind does not match its reference', () => {
    given()
      .when(survey({ kind: 'sales' }))
      .thenThrows(InvalidWorkshopEventError);
    given()
      .when(salesSurvey({ repairOrderId: 'RO-2' }))
      .thenThrows(InvalidWorkshopEventError);
  });

  it.each([
    ['min not below max', [answer({ min: '5', max: '5' })]],
    ['an answer above max', [answer({ answer: '6' })]],
    ['an answer below min', [answer({ answer: '0' })]],
    ['a zero weight', [answer({ weight: '0' })]],
    ['no overall answer', [answer({ overall: false })]],
    ['two overall answers', [answer(), answer({ questionId: 'q2' })]],
    ['a question answered twice', [answer(), answer({ overall: false })]],
  ])('refuses answers with %s', (_why, answers) => {
    given().when(survey({ answers })).thenThrows(InvalidWorkshopEventError);
  });
});
