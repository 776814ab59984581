import { StreamCommandResult } from '@app/event-store';
import { commandContextOf, CommandDispatcher, defineCommandRoute } from '@app/platform-kit';
import { Body, Controller, Param, Post, Req, Res } from '@nestjs/common';
import { ApiBadRequestResponse, ApiConflictResponse, ApiCreatedResponse, ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Request, Response } from 'express';
import { randomUUID } from 'node:crypto';
import { CreateLeadCommand } from './create-lead.command';
import { CreateLeadRequest } from './create-lead.request.dto';

export const createLeadRoute = defineCommandRoute<CreateLeadRequest, StreamCommandResult>({
  name: 'CreateLead',
  context: 'sales',
  dto: CreateLeadRequest,
  path: '/api/v1/sales/leads/:leadId',
  successStatus: 201,
  toCommand: (body, params, context) =>
    new CreateLeadCommand(
      {
        type: 'CreateLead',
        eventId: randomUUID(),
        leadId: params.leadId ?? '',
        branchId: body.branchId,
        source: body.source,
        segment: body.segment,
        consultantId: body.consultantId,
        modelOfInterest: body.modelOfInterest ?? null,
        customerId: body.customerId ?? null,
        occurredAt: new Date(body.occurredAt).toISOString(),
      },
      context,
    ),
});

@ApiTags('sales')
@Controller('api/v1/sales/leads')
export class CreateLeadController {
  constructor(private readonly dispatcher: CommandDispatcher) {}

  @Post(':leadId')
  @ApiOperation({ summary: 'Record a new lead (LeadCreated)' })
  @ApiHeader({ name: 'Idempotency-Key', required: false, description: 'A retry with the same key returns the first answer' })
  @ApiHeader({ name: 'If-Match', required: false, description: 'Expected stream version, e.g. "0" for a new lead' })
  @ApiCreatedResponse({ description: 'The lead was recorded' })
  @ApiBadRequestResponse({ description: 'Invalid fields, or an unknown or closed branch' })
  @ApiConflictResponse({ description: 'A lead with this id exists, or the lead changed since the given version' })
  async create(
    @Param('leadId') leadId: string,
    @Body() body: CreateLeadRequest,
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
  ): Promise<StreamCommandResult> {
    const result = await this.dispatcher.respond(response, createLeadRoute, body, { leadId }, commandContextOf(request, 'sales'));
    response.setHeader('ETag', `"${result.streamVersion}"`);
    return result;
  }
}
