import { StreamCommandResult } from '@app/event-store';
import { commandContextOf, CommandDispatcher, defineCommandRoute } from '@app/platform-kit';
import { Body, Controller, Param, Post, Req, Res } from '@nestjs/common';
import { ApiParam, ApiTags } from '@nestjs/swagger';
import { Request, Response } from 'express';
import { randomUUID } from 'node:crypto';
import { ApiPartsCommand } from '../parts-api';
import { ReturnPartsCommand } from './return-parts.command';
import { ReturnPartsRequest } from './return-parts.request.dto';

export const returnPartsRoute = defineCommandRoute<ReturnPartsRequest, StreamCommandResult>({
  name: 'ReturnParts',
  context: 'parts',
  dto: ReturnPartsRequest,
  path: '/api/v1/parts/returns/:returnId',
  successStatus: 201,
  toCommand: (body, params, context) =>
    new ReturnPartsCommand(
      {
        type: 'ReturnParts',
        eventId: randomUUID(),
        occurredAt: new Date(body.occurredAt).toISOString(),
        branchId: body.branchId,
        returnId: params.returnId ?? '',
        direction: body.direction,
        originalDocumentId: body.originalDocumentId,
        reason: body.reason ?? null,
        lines: body.lines.map((l) => ({ partNumber: l.partNumber, quantity: l.quantity, amount: { ...l.amount }, cost: { ...l.cost } })),
      },
      context,
    ),
});

@ApiTags('parts')
@Controller('api/v1/parts/returns')
export class ReturnPartsController {
  constructor(private readonly dispatcher: CommandDispatcher) {}

  @Post(':returnId')
  @ApiParam({ name: 'returnId', description: 'Return id, unique within the branch' })
  @ApiPartsCommand({
    summary: 'Record parts returned by a customer or to a supplier',
    created: 'The return was recorded',
    conflict: 'Return id already recorded, more than is left on the original document (RETURN_EXCEEDS_ORIGINAL), or a part is short in stock',
    unprocessable: 'The original sale or receipt is not recorded at the branch (ORIGINAL_DOCUMENT_NOT_FOUND), or the Idempotency-Key was used for a different request',
  })
  async returnParts(
    @Param('returnId') returnId: string,
    @Body() body: ReturnPartsRequest,
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
  ): Promise<StreamCommandResult> {
    const result = await this.dispatcher.respond(response, returnPartsRoute, body, { returnId }, commandContextOf(request, 'parts'));
    response.setHeader('ETag', `"${result.streamVersion}"`);
    return result;
  }
}
