import { LOCALES, Locale } from '@app/kpi';
import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayNotEmpty,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsEmail,
  IsIn,
  IsInt,
  IsOptional,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { MAX_BUSINESS_DAY } from './pack-schedule';

export const PACKS = ['branch-monthly'] as const;
export type Pack = (typeof PACKS)[number];
export const PACK_FORMATS = ['pdf', 'xlsx'] as const;
export type PackFormat = (typeof PACK_FORMATS)[number];
export const SCHEDULE_KINDS = ['monthly', 'weekly'] as const;
/** `sending`: claimed by a scheduler round, until it records the outcome (or its lease runs out). */
export const DELIVERY_STATUSES = ['queued', 'sending', 'sent', 'failed'] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

const ORG_ID = /^[A-Za-z0-9][A-Za-z0-9_.:-]{0,63}$/;

export class PackScheduleDto {
  @ApiProperty({ enum: SCHEDULE_KINDS, description: 'monthly: the previous month on business day N; weekly: the month to date on a weekday' })
  @IsIn(SCHEDULE_KINDS, { message: `schedule.kind must be one of ${SCHEDULE_KINDS.join(', ')}` })
  kind!: (typeof SCHEDULE_KINDS)[number];

  @ApiPropertyOptional({
    minimum: 1,
    maximum: MAX_BUSINESS_DAY,
    example: 3,
    description: "monthly: the N-th working day of the month in the branch's calendar",
  })
  @ValidateIf((o: PackScheduleDto) => o.kind === 'monthly' || o.businessDay !== undefined)
  @IsInt({ message: `businessDay must be a whole number from 1 to ${MAX_BUSINESS_DAY} (monthly schedules only)` })
  @Min(1, { message: `businessDay must be a whole number from 1 to ${MAX_BUSINESS_DAY} (monthly schedules only)` })
  @Max(MAX_BUSINESS_DAY, { message: `businessDay must be a whole number from 1 to ${MAX_BUSINESS_DAY} (monthly schedules only)` })
  businessDay?: number;

  @ApiPropertyOptional({ minimum: 1, maximum: 7, example: 1, description: 'weekly: 1 = Monday … 7 = Sunday' })
  @ValidateIf((o: PackScheduleDto) => o.kind === 'weekly' || o.weekday !== undefined)
  @IsInt({ message: 'weekday must be 1 (Monday) to 7 (Sunday) (weekly schedules only)' })
  @Min(1, { message: 'weekday must be 1 (Monday) to 7 (Sunday) (weekly schedules only)' })
  @Max(7, { message: 'weekday must be 1 (Monday) to 7 (Sunday) (weekly schedules only)' })
  weekday?: number;
}

export class CreatePackSubscriptionRequest {
  @ApiProperty({ format: 'uuid', description: "The recipient's user account: the pack is rendered in its scope" })
  @IsUUID('all', { message: 'recipientUserId must be the id (a UUID) of a user' })
  recipientUserId!: string;

  @ApiProperty({ example: 'wang.li@dealer.example', description: "The recipient's mail address" })
  @MaxLength(254, { message: 'email must be a mail address' })
  @IsEmail({}, { message: 'email must be a mail address' })
  email!: string;

  @ApiPropertyOptional({ enum: PACKS, default: 'branch-monthly' })
  @IsOptional()
  @IsIn(PACKS, { message: `pack must be one of ${PACKS.join(', ')}` })
  pack?: Pack;

  @ApiProperty({ example: 'SH-01' })
  @Matches(ORG_ID, { message: 'branchId must be an id of letters, digits, _ . : - (at most 64)' })
  branchId!: string;

  @ApiProperty({ enum: PACK_FORMATS, isArray: true, example: ['pdf', 'xlsx'] })
  @IsArray({ message: 'formats must be a list of pdf, xlsx' })
  @ArrayNotEmpty({ message: 'formats must name pdf, xlsx or both' })
  @ArrayUnique({ message: 'formats must not repeat a format' })
  @IsIn(PACK_FORMATS, { each: true, message: 'formats must be a list of pdf, xlsx' })
  formats!: PackFormat[];

  @ApiProperty({ enum: LOCALES })
  @IsIn(LOCALES, { message: `locale must be one of ${LOCALES.join(', ')}` })
  locale!: Locale;

  @ApiProperty({ type: PackScheduleDto })
  @ValidateNested()
  @Type(() => PackScheduleDto)
  schedule!: PackScheduleDto;

  @ApiPropertyOptional({ default: true })
  @IsOptional()
  @IsBoolean({ message: 'enabled must be true or false' })
  enabled?: boolean;
}

export class UpdatePackSubscriptionRequest extends PartialType(CreatePackSubscriptionRequest) {}

export class PackDeliveriesQuery {
  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID('all', { message: 'subscriptionId must be the id (a UUID) of a subscription' })
  subscriptionId?: string;

  @ApiPropertyOptional({ enum: DELIVERY_STATUSES })
  @IsOptional()
  @IsIn(DELIVERY_STATUSES, { message: `status must be one of ${DELIVERY_STATUSES.join(', ')}` })
  status?: DeliveryStatus;

  @ApiPropertyOptional({ minimum: 1, maximum: 1000, default: 100 })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'limit must be a whole number from 1 to 1000' })
  @Min(1, { message: 'limit must be a whole number from 1 to 1000' })
  @Max(1000, { message: 'limit must be a whole number from 1 to 1000' })
  limit?: number;
}

export class PackScheduleViewDto {
  @ApiProperty({ enum: SCHEDULE_KINDS }) kind!: 'monthly' | 'weekly';
  @ApiPropertyOptional() businessDay?: number;
  @ApiPropertyOptional() weekday?: number;
}

export class PackSubscriptionViewDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) recipientUserId!: string;
  @ApiProperty() email!: string;
  @ApiProperty({ enum: PACKS }) pack!: Pack;
  @ApiProperty() branchId!: string;
  @ApiProperty({ enum: PACK_FORMATS, isArray: true }) formats!: PackFormat[];
  @ApiProperty({ enum: LOCALES }) locale!: Locale;
  @ApiProperty({ type: PackScheduleViewDto }) schedule!: PackScheduleViewDto;
  @ApiProperty() enabled!: boolean;
  @ApiProperty({ description: 'Increases with every change; send it back as If-Match: "<version>"' }) version!: number;
  @ApiProperty() createdAt!: string;
  @ApiProperty() createdBy!: string;
  @ApiProperty() updatedAt!: string;
  @ApiProperty() updatedBy!: string;
}

export class PackDeliveryViewDto {
  @ApiProperty() id!: string;
  @ApiProperty({ format: 'uuid' }) subscriptionId!: string;
  @ApiProperty({ example: 'monthly:2026-11' }) periodKey!: string;
  @ApiProperty({ example: '2026-11' }) period!: string;
  @ApiProperty() dueAt!: string;
  @ApiProperty({ format: 'uuid' }) recipientUserId!: string;
  @ApiProperty() email!: string;
  @ApiProperty() branchId!: string;
  @ApiProperty({ enum: DELIVERY_STATUSES }) status!: DeliveryStatus;
  @ApiProperty() attempts!: number;
  @ApiProperty({ nullable: true, type: String }) nextAttemptAt!: string | null;
  @ApiProperty({ nullable: true, type: String }) lastError!: string | null;
  @ApiProperty({ nullable: true, type: String }) messageId!: string | null;
  @ApiProperty() createdAt!: string;
  @ApiProperty() updatedAt!: string;
  @ApiProperty({ nullable: true, type: String }) sentAt!: string | null;
}
