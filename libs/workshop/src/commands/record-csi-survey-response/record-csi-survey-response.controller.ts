import { StreamCommandResult } from '@app/event-store';
import { CommandDispatcher, defineCommandRoute } from '@app/platform-kit';
import { Body, Controller, Param, Post, Req, Res } from '@nestjs/common';
import { ApiParam, ApiTags } from '@nestjs/swagger';
import { Request, Response } from 'express';
import { randomUUID } from 'node:crypto';
import { respondWithVersion, utc, WORKSHOP_BASE_PATH, WorkshopCommandDocs } from '../command-http';
import { RecordCsiSurveyResponseCommand } from './record-csi-survey-response.command';
import { RecordCsiSurveyResponseRequest } from './record-csi-survey-response.request.dto';

export const recordCsiSurveyResponseRoute = defineCommandRoute<RecordCsiSurveyResponseRequest, StreamCommandResult>({
  name: 'RecordCsiSurveyResponse',
  context: 'workshop',
  dto: RecordCsiSurveyResponseRequest,
  path: '/api/v1/workshop/csi-surveys/:surveyId',
  successStatus: 201,
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

@ApiTags('workshop')
@Controller(`${WORKSHOP_BASE_PATH}/csi-surveys`)
export class RecordCsiSurveyResponseController {
  constructor(private readonly dispatcher: CommandDispatcher) {}

  @Post(':surveyId')
  @ApiParam({ name: 'surveyId', description: '1 to 64 letters, digits, ".", "_", ":" or "-"' })
  @WorkshopCommandDocs({
    summary: 'Record a customer satisfaction survey response about a repair order or a vehicle delivery',
    created: 'The response was recorded',
    conflict: 'The survey was recorded before',
    unprocessable: 'The RO is unknown or not closed, the vehicle sale is not delivered, or either belongs to another branch',
  })
  record(
    @Param('surveyId') surveyId: string,
    @Body() body: RecordCsiSurveyResponseRequest,
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
  ): Promise<StreamCommandResult> {
    return respondWithVersion(this.dispatcher, request, response, recordCsiSurveyResponseRoute, body, { surveyId });
  }
}
