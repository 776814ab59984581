import { CUSTOMER_SEGMENTS, CustomerSegment, LEAD_SOURCES, LeadSource } from '@app/contracts';
import { IsPlausibleInstant, IsModelName } from '@app/platform-kit';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, Length } from 'class-validator';

export class CreateLeadRequest {
  @ApiProperty({ example: 'SH-01' })
  @IsString()
  @Length(1, 64)
  branchId!: string;

  @ApiProperty({ enum: LEAD_SOURCES, description: 'Where the lead came from' })
  @IsIn(LEAD_SOURCES)
  source!: LeadSource;

  @ApiProperty({ enum: CUSTOMER_SEGMENTS, description: 'Customer segment' })
  @IsIn(CUSTOMER_SEGMENTS)
  segment!: CustomerSegment;

  @ApiProperty({ example: 'E-0042', description: 'Sales consultant who owns the lead' })
  @IsString()
  @Length(1, 64)
  consultantId!: string;

  @ApiPropertyOptional({ example: 'Lavida 1.5L', nullable: true, description: 'The model the prospect asked about' })
  @IsOptional()
  @IsModelName('modelOfInterest')
  modelOfInterest?: string;

  @ApiPropertyOptional({ example: 'C-1001', nullable: true, description: 'The customer record, when the prospect is already known' })
  @IsOptional()
  @IsString()
  @Length(1, 64)
  customerId?: string;

  @ApiPropertyOptional({
    example: 'C-0815',
    nullable: true,
    description: 'The customer who referred the prospect; only on a lead with source referral (credited with the referral and its sales)',
  })
  @IsOptional()
  @IsString()
  @Length(1, 64)
  referrerCustomerId?: string;

  @ApiProperty({ example: '2026-01-03T02:00:00Z', description: 'When the lead came in (UTC instant)' })
  @IsPlausibleInstant()
  occurredAt!: string;
}
