import { CurrentPrincipal } from '@app/auth';
import { ApiErrorResponses, assertHeadOffice, causes, GATE_REFUSALS, Principal } from '@app/platform-kit';
import { Body, Controller, Delete, Get, Headers, HttpCode, Param, Patch, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiHeader, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { expectedVersion } from './delivery.errors';
import {
  CreatePackSubscriptionRequest,
  PackDeliveriesQuery,
  PackDeliveryViewDto,
  PackSubscriptionViewDto,
  UpdatePackSubscriptionRequest,
} from './pack-subscriptions.dto';
import { PackDeliveryView, PackSubscriptionsService, PackSubscriptionView } from './pack-subscriptions.service';

const ETAG = { ETag: { description: 'The version: "<version>"', schema: { type: 'string' } } };
const INVALID_BODY =
  'Invalid fields, one message per field (VALIDATION_FAILED: also a unit field that does not fit the level), or an unknown branch (UNKNOWN_BRANCH) or region (UNKNOWN_REGION)';
const UNDELIVERABLE =
  'The recipient is not a user (UNKNOWN_RECIPIENT), is disabled (RECIPIENT_DISABLED), or may not see the unit (RECIPIENT_OUT_OF_SCOPE: the field branchId, regionId, or level for the group pack)';
const NOT_FOUND = 'No subscription with this id (SUBSCRIPTION_NOT_FOUND)';
const STALE = 'If-Match names another version than the current one (VERSION_CONFLICT)';
const DUPLICATE =
  'Another subscription already mails this pack (unit, currency, view) on this schedule to this recipient and address (DUPLICATE_SUBSCRIPTION; the message names it)';
const ApiSubscriptionId = (): MethodDecorator => ApiParam({ name: 'subscriptionId', schema: { type: 'string', format: 'uuid' } });
const IfMatch = (): MethodDecorator =>
  ApiHeader({ name: 'If-Match', required: false, description: 'The version the change is based on; 409 VERSION_CONFLICT when stale' });

/**
 * Head office subscribes users to packs sent by mail (docs/adr/0023-scheduled-pack-delivery.md):
 * the monthly pack of a branch, a region or the group (in its currency and view) as PDF and/or
 * Excel, monthly on business day N or weekly, rendered in the recipient's scope and locale; and
 * reads the delivery log.
 */
@ApiTags('pack delivery')
@ApiBearerAuth()
@ApiErrorResponses({ ...GATE_REFUSALS, 403: 'The caller is not a head-office user (ROLE_FORBIDDEN)' })
@Controller('api/v1')
export class PackSubscriptionsController {
  constructor(private readonly subscriptions: PackSubscriptionsService) {}

  @Get('pack-subscriptions')
  @ApiOperation({ summary: 'Every pack subscription (head office only)' })
  @ApiOkResponse({ type: [PackSubscriptionViewDto] })
  list(@CurrentPrincipal() principal: Principal): Promise<PackSubscriptionView[]> {
    assertHeadOffice(principal, 'pack subscriptions');
    return this.subscriptions.list();
  }

  @Get('pack-subscriptions/:subscriptionId')
  @ApiOperation({ summary: 'One pack subscription (head office only)' })
  @ApiSubscriptionId()
  @ApiOkResponse({ type: PackSubscriptionViewDto, headers: ETAG })
  @ApiErrorResponses({ 404: NOT_FOUND })
  async get(
    @CurrentPrincipal() principal: Principal,
    @Param('subscriptionId') id: string,
    @Res({ passthrough: true }) response: Response,
  ): Promise<PackSubscriptionView> {
    assertHeadOffice(principal, 'pack subscriptions');
    const subscription = await this.subscriptions.get(id);
    response.setHeader('ETag', `"${subscription.version}"`);
    return subscription;
  }

  @Post('pack-subscriptions')
  @ApiOperation({
    summary: "Subscribe a user to a branch, region or group pack (head office only); the recipient's scope must cover the unit; the actor is recorded",
  })
  @ApiCreatedResponse({ type: PackSubscriptionViewDto, headers: ETAG })
  @ApiErrorResponses({ 400: INVALID_BODY, 409: DUPLICATE, 422: UNDELIVERABLE })
  async create(
    @CurrentPrincipal() principal: Principal,
    @Body() body: CreatePackSubscriptionRequest,
    @Res({ passthrough: true }) response: Response,
  ): Promise<PackSubscriptionView> {
    assertHeadOffice(principal, 'pack subscriptions');
    const subscription = await this.subscriptions.create(principal.subject, body);
    response.setHeader('ETag', `"${subscription.version}"`);
    response.setHeader('Location', `/api/v1/pack-subscriptions/${subscription.id}`);
    return subscription;
  }

  @Patch('pack-subscriptions/:subscriptionId')
  @ApiOperation({ summary: 'Change a pack subscription (head office only)' })
  @ApiSubscriptionId()
  @IfMatch()
  @ApiOkResponse({ type: PackSubscriptionViewDto, headers: ETAG })
  @ApiErrorResponses({ 400: causes(INVALID_BODY, 'an unreadable If-Match'), 404: NOT_FOUND, 409: causes(STALE, DUPLICATE), 422: UNDELIVERABLE })
  async update(
    @CurrentPrincipal() principal: Principal,
    @Param('subscriptionId') id: string,
    @Body() body: UpdatePackSubscriptionRequest,
    @Headers('if-match') ifMatch: string | undefined,
    @Res({ passthrough: true }) response: Response,
  ): Promise<PackSubscriptionView> {
    assertHeadOffice(principal, 'pack subscriptions');
    const subscription = await this.subscriptions.update(principal.subject, id, body, expectedVersion(ifMatch));
    response.setHeader('ETag', `"${subscription.version}"`);
    return subscription;
  }

  @Delete('pack-subscriptions/:subscriptionId')
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete a pack subscription (head office only); its queued deliveries are not sent, its log stays' })
  @ApiSubscriptionId()
  @IfMatch()
  @ApiNoContentResponse({ description: 'Deleted' })
  @ApiErrorResponses({ 400: 'an unreadable If-Match (VALIDATION_FAILED)', 404: NOT_FOUND, 409: STALE })
  async remove(@CurrentPrincipal() principal: Principal, @Param('subscriptionId') id: string, @Headers('if-match') ifMatch: string | undefined): Promise<void> {
    assertHeadOffice(principal, 'pack subscriptions');
    await this.subscriptions.remove(principal.subject, id, expectedVersion(ifMatch));
  }

  @Get('pack-deliveries')
  @ApiOperation({
    summary: 'The delivery log, newest first (head office only): the unit, status queued, sending, sent or failed, attempts, last error, message id',
  })
  @ApiOkResponse({ type: [PackDeliveryViewDto] })
  @ApiErrorResponses({ 400: 'Invalid parameters (VALIDATION_FAILED)' })
  deliveries(@CurrentPrincipal() principal: Principal, @Query() query: PackDeliveriesQuery): Promise<PackDeliveryView[]> {
    assertHeadOffice(principal, 'pack subscriptions');
    return this.subscriptions.deliveries(query);
  }
}
