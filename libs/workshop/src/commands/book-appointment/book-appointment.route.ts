import { StreamCommandResult } from '@app/event-store';
import { defineCommandRoute } from '@app/platform-kit';
import { randomUUID } from 'node:crypto';
import { utc, WORKSHOP_BAD_REQUEST } from '../route-helpers';
import { BookAppointmentCommand } from './book-appointment.command';
import { BookAppointmentRequest } from './book-appointment.request.dto';

export const bookAppointmentRoute = defineCommandRoute<BookAppointmentRequest, StreamCommandResult>({
  name: 'BookAppointment',
  context: 'workshop',
  dto: BookAppointmentRequest,
  path: '/api/v1/workshop/appointments/:appointmentId',
  successStatus: 201,
  docs: {
    summary: 'Book a workshop appointment',
    success: 'The appointment was booked',
    badRequest: WORKSHOP_BAD_REQUEST,
    conflict: 'The appointment was booked before',
    params: { appointmentId: 'The appointment id, chosen by the dealer system' },
    stream: 'the appointment',
  },
  toCommand: (body, params, context) =>
    new BookAppointmentCommand(
      {
        type: 'BookAppointment',
        eventId: randomUUID(),
        occurredAt: utc(body.occurredAt),
        branchId: body.branchId,
        appointmentId: params.appointmentId ?? '',
        vin: body.vin ?? null,
        customerId: body.customerId ?? null,
        advisorId: body.advisorId ?? null,
        jobType: body.jobType,
        channel: body.channel,
        scheduledFor: utc(body.scheduledFor),
      },
      context,
    ),
});
