import { LOCALES, Locale } from '@app/kpi';
import { IsTimeZone } from '@app/platform-kit';
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

/** The unit a pack is about: a branch, a region or the group (docs/adr/0027-region-and-group-packs.md). */
export const PACK_LEVELS = ['branch', 'region', 'group'] as const;
export type PackLevel = (typeof PACK_LEVELS)[number];
/** The monthly pack of a level; a subscription's `pack` is always its level's (`region-monthly` for a region). */
export const PACKS = ['branch-monthly', 'region-monthly', 'group-monthly'] as const;
export type Pack = (typeof PACKS)[number];
export const PACK_CURRENCIES = ['group', 'branch'] as const;
export type PackCurrency = (typeof PACK_CURRENCIES)[number];
export const PACK_VIEWS = ['restated', 'as-closed'] as const;
export type PackView = (typeof PACK_VIEWS)[number];

/** The level a request names: `level`, else the level of `pack`, else branch (the requests of before region and group packs). */
export function requestedLevel(o: { level?: unknown; pack?: unknown }): unknown {
  if (o.level !== undefined) return o.level;
  if (typeof o.pack === 'string' && (PACKS as readonly string[]).includes(o.pack)) return o.pack.slice(0, -'-monthly'.length);
  return 'branch';
}
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
    description:
      "monthly: the N-th working day of the month in the unit's calendar (a branch's: branch → region → group; a region's: region → group; the group's: group; else Monday to Friday)",
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

  @ApiPropertyOptional({ enum: PACK_LEVELS, default: 'branch', description: "The pack's unit: a branch (branchId), a region (regionId) or the group" })
  @IsOptional()
  @IsIn(PACK_LEVELS, { message: `level must be one of ${PACK_LEVELS.join(', ')}` })
  level?: PackLevel;

  @ApiPropertyOptional({ enum: PACKS, description: "The level's monthly pack (default); another level's is refused" })
  @IsOptional()
  @IsIn(PACKS, { message: `pack must be one of ${PACKS.join(', ')}` })
  pack?: Pack;

  @ApiPropertyOptional({ example: 'SH-01', description: 'level branch: the branch (required)' })
  @ValidateIf((o: CreatePackSubscriptionRequest) => o.branchId !== undefined || requestedLevel(o) === 'branch')
  @Matches(ORG_ID, { message: 'branchId must be an id of letters, digits, _ . : - (at most 64)' })
  branchId?: string;

  @ApiPropertyOptional({ example: 'EAST', description: 'level region: the region (required)' })
  @ValidateIf((o: CreatePackSubscriptionRequest) => o.regionId !== undefined || requestedLevel(o) === 'region')
  @Matches(ORG_ID, { message: 'regionId must be an id of letters, digits, _ . : - (at most 64)' })
  regionId?: string;

  @ApiPropertyOptional({
    enum: PACK_CURRENCIES,
    description:
      "group: money consolidated in the group currency at each month's rate; branch: each branch's own currency (above branch level one labelled subtotal per currency). Default: branch for a branch pack, group for a region or group pack",
  })
  @IsOptional()
  @IsIn(PACK_CURRENCIES, { message: `currency must be one of ${PACK_CURRENCIES.join(', ')}` })
  currency?: PackCurrency;

  @ApiPropertyOptional({ enum: PACK_VIEWS, default: 'restated', description: 'as-closed: closed months as frozen at their close' })
  @IsOptional()
  @IsIn(PACK_VIEWS, { message: `view must be one of ${PACK_VIEWS.join(', ')}` })
  view?: PackView;

  @ApiPropertyOptional({
    example: 'Asia/Shanghai',
    nullable: true,
    type: String,
    description:
      "IANA time zone the pack's times are shown in and its 07:00 is read in. Default (null): the branch's; for a region or the group, its branches' when they share one, else UTC",
  })
  @IsOptional()
  @MaxLength(64, { message: 'timeZone must be an IANA time zone such as Asia/Shanghai' })
  @IsTimeZone({ message: 'timeZone must be an IANA time zone such as Asia/Shanghai' })
  timeZone?: string | null;

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
  @ApiProperty({ enum: PACK_LEVELS }) level!: PackLevel;
  @ApiProperty({ example: 'EAST', description: 'The branch or region id; `group` for the group' }) unitId!: string;
  @ApiProperty({ nullable: true, type: String, description: 'The branch of a branch subscription, else null' }) branchId!: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'The region of a region subscription, else null' }) regionId!: string | null;
  @ApiProperty({ enum: PACK_CURRENCIES }) currency!: PackCurrency;
  @ApiProperty({ enum: PACK_VIEWS }) view!: PackView;
  @ApiProperty({ nullable: true, type: String, description: "null: the unit's time zone" }) timeZone!: string | null;
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
  @ApiProperty({ enum: PACK_LEVELS }) level!: PackLevel;
  @ApiProperty({ example: 'EAST', description: 'The branch or region id; `group` for the group' }) unitId!: string;
  @ApiProperty({ nullable: true, type: String, description: 'The branch of a branch pack, else null' }) branchId!: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'The region of a region pack, else null' }) regionId!: string | null;
  @ApiProperty({ enum: DELIVERY_STATUSES }) status!: DeliveryStatus;
  @ApiProperty() attempts!: number;
  @ApiProperty({ nullable: true, type: String }) nextAttemptAt!: string | null;
  @ApiProperty({ nullable: true, type: String }) lastError!: string | null;
  @ApiProperty({ nullable: true, type: String }) messageId!: string | null;
  @ApiProperty() createdAt!: string;
  @ApiProperty() updatedAt!: string;
  @ApiProperty({ nullable: true, type: String }) sentAt!: string | null;
}
