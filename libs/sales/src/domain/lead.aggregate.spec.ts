import { DeciderSpecification, foldEvents } from '@app/contracts/testing';
import {
  CompleteTestDrive,
  CreateLead,
  decideLead,
  evolveLead,
  initialLead,
  InvalidLeadError,
  InvalidTestDriveError,
  LeadAlreadyCreatedError,
  LeadNotFoundError,
} from './lead.aggregate';
import { OtherBranchError } from './sales.errors';

const create: CreateLead = {
  type: 'CreateLead',
  eventId: '7a6b1c2d-3e4f-4a5b-8c6d-000000000001',
  occurredAt: '2026-01-03T02:00:00.000Z',
  branchId: 'SH-01',
  leadId: 'L-1',
  source: 'walk_in',
  segment: 'taxi',
  consultantId: 'E-7',
  modelOfInterest: 'Lavida',
  customerId: null,
};

const testDrive: CompleteTestDrive = {
  type: 'CompleteTestDrive',
  eventId: '7a6b1c2d-3e4f-4a5b-8c6d-000000000002',
  occurredAt: '2026-01-04T06:30:00.000Z',
  branchId: 'SH-01',
  leadId: 'L-1',
  model: 'Lavida',
  consultantId: 'E-7',
};

const lead = { decide: decideLead, evolve: evolveLead, initialState: initialLead, streamId: 'lead-L-1' };
const given = DeciderSpecification.for(lead);

const created = () => decideLead(create, initialLead);

describe('Lead', () => {
  it('records a lead with its source, segment, consultant and model of interest', () => {
    given()
      .when(create)
      .then([
        {
          type: 'LeadCreated',
          schemaVersion: 2,
          eventId: create.eventId,
          branchId: 'SH-01',
          payload: { leadId: 'L-1', source: 'walk_in', segment: 'taxi', consultantId: 'E-7', modelOfInterest: 'Lavida', customerId: null },
        },
      ]);
  });

  it('records the customer who referred a referral lead (LeadCreated v2)', () => {
    given()
      .when({ ...create, source: 'referral', referrerCustomerId: 'C-0815' })
      .then([
        {
          type: 'LeadCreated',
          schemaVersion: 2,
          eventId: create.eventId,
          branchId: 'SH-01',
          payload: {
            leadId: 'L-1',
            source: 'referral',
            segment: 'taxi',
            consultantId: 'E-7',
            modelOfInterest: 'Lavida',
            customerId: null,
            referrerCustomerId: 'C-0815',
          },
        },
      ]);
  });

  it('refuses a referrer on a lead whose source is not referral', () => {
    given()
      .when({ ...create, referrerCustomerId: 'C-0815' })
      .thenThrows(InvalidLeadError);
  });

  it('creates a lead once', () => {
    given(created()).when(create).thenThrows(LeadAlreadyCreatedError);
  });

  it('refuses a source or segment outside the published lists', () => {
    given()
      .when({ ...create, source: 'billboard' as CreateLead['source'] })
      .thenThrows(InvalidLeadError);
    given()
      .when({ ...create, segment: 'vip' as CreateLead['segment'] })
      .thenThrows(InvalidLeadError);
  });

  it('records test drives of an existing lead, more than one', () => {
    const first = decideLead(testDrive, foldEvents(lead, created()));
    given([...created(), ...first])
      .when({ ...testDrive, eventId: '7a6b1c2d-3e4f-4a5b-8c6d-000000000003', model: 'Tiguan' })
      .then([{ type: 'TestDriveCompleted', payload: { leadId: 'L-1', model: 'Tiguan', consultantId: 'E-7' } }]);
  });

  it('refuses a test drive for a lead that does not exist', () => {
    given().when(testDrive).thenThrows(LeadNotFoundError);
  });

  it('refuses a test drive booked at another branch than the lead', () => {
    given(created())
      .when({ ...testDrive, branchId: 'BJ-01' })
      .thenThrows(OtherBranchError);
  });

  it('refuses a test drive without a model', () => {
    given(created())
      .when({ ...testDrive, model: '' })
      .thenThrows(InvalidTestDriveError);
  });
});
