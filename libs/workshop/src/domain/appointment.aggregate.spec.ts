import { randomUUID } from 'node:crypto';
import { DeciderSpecification } from '@app/contracts/testing';
import {
  AppointmentAlreadyBookedError,
  AppointmentScheduledBeforeBookingError,
  BookAppointment,
  decideAppointment,
  evolveAppointment,
  initialAppointment,
} from './appointment.aggregate';
import { InvalidWorkshopEventError } from './workshop.errors';

const appointment = { decide: decideAppointment, evolve: evolveAppointment, initialState: initialAppointment, streamId: 'appointment-A-1' };

const book = (overrides: Partial<BookAppointment> = {}): BookAppointment => ({
  type: 'BookAppointment',
  eventId: randomUUID(),
  occurredAt: '2026-01-02T02:00:00.000Z',
  branchId: 'SH-01',
  appointmentId: 'A-1',
  vin: 'LSVAU2180N2183294',
  customerId: 'C-1',
  advisorId: 'SA-1',
  jobType: 'maintenance',
  channel: 'phone',
  scheduledFor: '2026-01-03T01:00:00.000Z',
  ...overrides,
});

const given = DeciderSpecification.for(appointment);

describe('Appointment', () => {
  it('books an appointment with its vehicle, job type, channel and slot', () => {
    given()
      .when(book())
      .then([
        {
          type: 'AppointmentBooked',
          branchId: 'SH-01',
          payload: { appointmentId: 'A-1', jobType: 'maintenance', channel: 'phone', scheduledFor: '2026-01-03T01:00:00.000Z' },
        },
      ]);
  });

  it('books an appointment whose vehicle is not identified yet', () => {
    given()
      .when(book({ vin: null }))
      .then([{ payload: { vin: null } }]);
  });

  it('refuses to book the same appointment twice', () => {
    given(decideAppointment(book(), initialAppointment)).when(book()).thenThrows(AppointmentAlreadyBookedError);
  });

  it('refuses a slot before the booking', () => {
    given()
      .when(book({ scheduledFor: '2026-01-01T00:00:00.000Z' }))
      .thenThrows(AppointmentScheduledBeforeBookingError);
  });

  it('refuses a malformed VIN', () => {
    given()
      .when(book({ vin: 'SHORT' }))
      .thenThrows(InvalidWorkshopEventError);
  });
});
