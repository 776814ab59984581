import { StreamCommandResult } from '@app/event-store';
import { defineCommandRoute } from '@app/platform-kit';
import { randomUUID } from 'node:crypto';
import { utc, WORKSHOP_BAD_REQUEST } from '../route-helpers';
import { OpenRepairOrderCommand } from './open-repair-order.command';
import { OpenRepairOrderRequest } from './open-repair-order.request.dto';

export const openRepairOrderRoute = defineCommandRoute<OpenRepairOrderRequest, StreamCommandResult>({
  name: 'OpenRepairOrder',
  context: 'workshop',
  dto: OpenRepairOrderRequest,
  path: '/api/v1/workshop/repair-orders/:repairOrderId',
  successStatus: 201,
  docs: {
    summary: 'Open a repair order at vehicle intake',
    success: 'The RO was opened',
    badRequest: WORKSHOP_BAD_REQUEST,
    conflict: 'The RO was opened before',
    unprocessable: 'The appointment named was never booked, or was booked at another branch',
    params: { repairOrderId: 'The repair order (RO) id' },
    stream: 'the repair order',
  },
  toCommand: (body, params, context) =>
    new OpenRepairOrderCommand(
      {
        type: 'OpenRepairOrder',
        eventId: randomUUID(),
        occurredAt: utc(body.occurredAt),
        branchId: body.branchId,
        repairOrderId: params.repairOrderId ?? '',
        intakeVisitId: body.intakeVisitId,
        vin: body.vin,
        mileageKm: body.mileageKm,
        advisorId: body.advisorId,
        jobType: body.jobType,
        payer: body.payer,
        appointmentId: body.appointmentId ?? null,
        customerId: body.customerId ?? null,
        complaint: body.complaint ?? null,
        model: body.model ?? null,
      },
      context,
    ),
});
