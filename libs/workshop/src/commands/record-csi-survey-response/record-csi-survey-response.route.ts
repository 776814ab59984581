import { StreamCommandResult } from '@app/event-store';
import { defineCommandRoute } from '@app/platform-kit';
import { randomUUID } from 'node:crypto';
import { utc, WORKSHOP_BAD_REQUEST } from '../route-helpers';
import { RecordCsiSurveyResponseCommand } from './record-csi-survey-response.command';
import { RecordCsiSurveyResponseRequest } from './record-csi-survey-response.request.dto';

export const recordCsiSurveyResponseRoute = defineCommandRoute<RecordCsiSurveyResponseRequest, StreamCommandResult>({
  name: 'RecordCsiSurveyResponse',
  context: 'workshop',
  dto: RecordCsiSurveyResponseRequest,
  path: '/api/v1/workshop/csi-surveys/:surveyId',
  successStatus: 201,
  docs: {
    summary: 'Record a customer satisfaction survey response about a repair order or a vehicle delivery',
    success: 'The response was recorded',
    badRequest: WORKSHOP_BAD_REQUEST,
    conflict: 'The survey was recorded before',
    unprocessable: 'The RO is unknown or not closed, the vehicle sale is not delivered, or either belongs to another branch',
    params: { surveyId: 'The survey response id' },
    stream: 'the survey response',
  },
  toCommand: (body, params, context) =>
    new RecordCsiSurveyResponseCommand(
      {
        type: 'RecordCsiSurveyResponse',
        eventId: randomUUID(),
        occurredAt: utc(body.occurredAt),
        branchId: body.branchId,
        surveyId: params.surveyId ?? '',
        source: body.source,
        kind: body.kind,
        repairOrderId: body.repairOrderId ?? null,
        vehicleSaleId: body.vehicleSaleId ?? null,
        customerId: body.customerId ?? null,
        answers: body.answers.map((a) => ({ questionId: a.questionId, answer: a.answer, min: a.min, max: a.max, weight: a.weight, overall: a.overall })),
      },
      context,
    ),
});
