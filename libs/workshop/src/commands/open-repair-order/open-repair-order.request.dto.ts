import { IsModelName } from '@app/platform-kit';
import { REPAIR_JOB_TYPES, REPAIR_PAYERS, RepairJobType, RepairPayer, VIN_PATTERN } from '@app/contracts';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsInt, IsOptional, IsString, Length, Matches, Max, Min } from 'class-validator';
import { WorkshopRequest } from '../workshop-request.dto';

export class OpenRepairOrderRequest extends WorkshopRequest {
  @ApiProperty({ example: 'V-2026-0001', description: 'The vehicle visit; ROs split from one intake (mechanical + body) share it' })
  @IsString()
  @Length(1, 64)
  intakeVisitId!: string;

  @ApiProperty({ example: 'LSVAU2180N2183294', description: '17 characters, no I, O or Q' })
  @Matches(VIN_PATTERN, { message: 'vin must be 17 characters: digits and capitals without I, O or Q' })
  vin!: string;

  @ApiProperty({ example: 42000, description: 'Odometer at intake, whole km' })
  @IsInt()
  @Min(0)
  @Max(5_000_000)
  mileageKm!: number;

  @ApiProperty({ example: 'SA-07', description: 'Service advisor' })
  @IsString()
  @Length(1, 64)
  advisorId!: string;

  @ApiProperty({ enum: REPAIR_JOB_TYPES, description: 'internal and pdi ROs are recorded but excluded from service KPIs' })
  @IsIn(REPAIR_JOB_TYPES)
  jobType!: RepairJobType;

  @ApiProperty({ enum: REPAIR_PAYERS, description: 'Who pays the RO by default' })
  @IsIn(REPAIR_PAYERS)
  payer!: RepairPayer;

  @ApiPropertyOptional({ example: 'A-1', description: 'The appointment the visit was booked under; it must have been booked at this branch' })
  @IsOptional()
  @IsString()
  @Length(1, 64)
  appointmentId?: string;

  @ApiPropertyOptional({ example: 'C-1001' })
  @IsOptional()
  @IsString()
  @Length(1, 64)
  customerId?: string;

  @ApiPropertyOptional({ example: 'brakes squeal when cold', description: "The customer's description of the fault or request" })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  complaint?: string;

  @ApiPropertyOptional({
    example: 'Lavida 1.5L',
    description:
      "The vehicle's model, exactly as the sales events and head office's model catalogue name it (the service KPIs are cut by model and by its brand as of the opening); omit when not known",
  })
  @IsOptional()
  @IsModelName()
  model?: string;
}
