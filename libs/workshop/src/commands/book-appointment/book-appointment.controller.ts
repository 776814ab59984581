import { StreamCommandResult } from '@app/event-store';
import { CommandDispatcher, defineCommandRoute } from '@app/platform-kit';
import { Body, Controller, Param, Post, Req, Res } from '@nestjs/common';
import { ApiParam, ApiTags } from '@nestjs/swagger';
import { Request, Response } from 'express';
import { randomUUID } from 'node:crypto';
import { respondWithVersion, utc, WORKSHOP_BASE_PATH, WorkshopCommandDocs } from '../command-http';
import { BookAppointmentCommand } from './book-appointment.command';
import { BookAppointmentRequest } from './book-appointment.request.dto';

export const bookAppointmentRoute = defineCommandRoute<BookAppointmentRequest, StreamCommandResult>({
  name: 'BookAppointment',
  context: 'workshop',
  dto: BookAppointmentRequest,
  path: '/api/v1/workshop/appointments/:appointmentId',
  successStatus: 201,
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

@ApiTags('workshop')
@Controller(`${WORKSHOP_BASE_PATH}/appointments`)
export class BookAppointmentController {
  constructor(private readonly dispatcher: CommandDispatcher) {}

  @Post(':appointmentId')
  @ApiParam({ name: 'appointmentId', description: '1 to 64 letters, digits, ".", "_", ":" or "-"' })
  @WorkshopCommandDocs({
    summary: 'Book a workshop appointment',
    created: 'The appointment was booked',
    conflict: 'The appointment was booked before',
  })
  book(
    @Param('appointmentId') appointmentId: string,
    @Body() body: BookAppointmentRequest,
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
  ): Promise<StreamCommandResult> {
    return respondWithVersion(this.dispatcher, request, response, bookAppointmentRoute, body, { appointmentId });
  }
}
