import { AppointmentBooked, AppointmentBookedV1, AppointmentChannel, buildEvent, DomainError, EventEnvelope, NewEvent, RepairJobType } from '@app/contracts';
import { isBefore, invalidWorkshopEvent } from './workshop.errors';

/** A booked workshop visit. */
export type AppointmentState =
  { readonly status: 'none' } | { readonly status: 'booked'; readonly branchId: string; readonly appointment: AppointmentBookedV1 };

export const initialAppointment: AppointmentState = { status: 'none' };

export interface BookAppointment {
  readonly type: 'BookAppointment';
  readonly eventId: string;
  readonly occurredAt: string;
  readonly branchId: string;
  readonly appointmentId: string;
  readonly vin: string | null;
  readonly customerId: string | null;
  readonly advisorId: string | null;
  readonly jobType: RepairJobType;
  readonly channel: AppointmentChannel;
  readonly scheduledFor: string;
}

export type AppointmentCommand = BookAppointment;

export class AppointmentAlreadyBookedError extends DomainError {
  readonly code = 'APPOINTMENT_ALREADY_BOOKED';
  readonly kind = 'conflict';
  constructor(appointmentId: string) {
    super(`appointment ${appointmentId} was booked before`);
  }
}

export class AppointmentScheduledBeforeBookingError extends DomainError {
  readonly code = 'APPOINTMENT_SCHEDULED_BEFORE_BOOKING';
  readonly kind = 'invalid';
  constructor(appointmentId: string) {
    super(`appointment ${appointmentId} cannot be scheduled before it was booked`);
  }
}

export function appointmentStreamId(appointmentId: string): string {
  return `appointment-${appointmentId}`;
}

export function decideAppointment(command: AppointmentCommand, state: AppointmentState): NewEvent[] {
  switch (command.type) {
    case 'BookAppointment': {
      if (state.status !== 'none') throw new AppointmentAlreadyBookedError(command.appointmentId);
      if (isBefore(command.scheduledFor, command.occurredAt)) throw new AppointmentScheduledBeforeBookingError(command.appointmentId);
      const payload: AppointmentBookedV1 = {
        appointmentId: command.appointmentId,
        vin: command.vin,
        customerId: command.customerId,
        advisorId: command.advisorId,
        jobType: command.jobType,
        channel: command.channel,
        scheduledFor: command.scheduledFor,
      };
      return [buildEvent(AppointmentBooked, command, payload, invalidWorkshopEvent)];
    }
    default: {
      const unhandled: never = command.type;
      throw new Error(`unhandled command ${String(unhandled)}`);
    }
  }
}

export function evolveAppointment(state: AppointmentState, event: EventEnvelope): AppointmentState {
  switch (event.type) {
    case AppointmentBooked.type:
      return { status: 'booked', branchId: event.branchId, appointment: event.payload as AppointmentBookedV1 };
    default:
      return state;
  }
}
