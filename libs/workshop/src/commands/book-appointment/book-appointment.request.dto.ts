import { APPOINTMENT_CHANNELS, AppointmentChannel, REPAIR_JOB_TYPES, RepairJobType, VIN_PATTERN } from '@app/contracts';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, Length, Matches } from 'class-validator';
import { WorkshopRequest } from '../workshop-request.dto';
import { IsInstant } from '../workshop-validation';

export class BookAppointmentRequest extends WorkshopRequest {
  @ApiPropertyOptional({ example: 'LSVAU2180N2183294', description: '17 characters, no I, O or Q; omit when not known yet' })
  @IsOptional()
  @Matches(VIN_PATTERN, { message: 'vin must be 17 characters: digits and capitals without I, O or Q' })
  vin?: string;

  @ApiPropertyOptional({ example: 'C-1001' })
  @IsOptional()
  @IsString()
  @Length(1, 64)
  customerId?: string;

  @ApiPropertyOptional({ example: 'SA-07', description: 'Service advisor the visit is booked with' })
  @IsOptional()
  @IsString()
  @Length(1, 64)
  advisorId?: string;

  @ApiProperty({ enum: REPAIR_JOB_TYPES })
  @IsIn(REPAIR_JOB_TYPES)
  jobType!: RepairJobType;

  @ApiProperty({ enum: APPOINTMENT_CHANNELS, description: 'How the booking was made' })
  @IsIn(APPOINTMENT_CHANNELS)
  channel!: AppointmentChannel;

  @ApiProperty({ example: '2026-01-03T01:00:00Z', description: 'When the vehicle is expected (may be in the future; not before the booking)' })
  @IsInstant()
  scheduledFor!: string;
}
