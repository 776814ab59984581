import { COMPLAINT_CHANNELS, ComplaintChannel, CSI_KINDS, CsiKind } from '@app/contracts';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, Length } from 'class-validator';
import { WorkshopRequest } from '../workshop-request.dto';
import { Satisfies } from '../workshop-validation';

export class LogComplaintRequest extends WorkshopRequest {
  @ApiProperty({ enum: CSI_KINDS, description: 'What the complaint is about' })
  @IsIn(CSI_KINDS)
  @Satisfies(
    'complaintReferenceMatchesKind',
    (o) => (o.kind === 'service' ? o.vehicleSaleId === undefined || o.vehicleSaleId === null : o.repairOrderId === undefined || o.repairOrderId === null),
    'a service complaint may name a repairOrderId only, a sales complaint a vehicleSaleId only',
  )
  kind!: CsiKind;

  @ApiProperty({ enum: COMPLAINT_CHANNELS })
  @IsIn(COMPLAINT_CHANNELS)
  channel!: ComplaintChannel;

  @ApiPropertyOptional({ example: 'RO-1', description: 'The RO complained about (kind service; same branch)' })
  @IsOptional()
  @IsString()
  @Length(1, 64)
  repairOrderId?: string;

  @ApiPropertyOptional({ example: 'VS-1', description: 'The vehicle sale complained about (kind sales)' })
  @IsOptional()
  @IsString()
  @Length(1, 64)
  vehicleSaleId?: string;

  @ApiPropertyOptional({ example: 'C-1001' })
  @IsOptional()
  @IsString()
  @Length(1, 64)
  customerId?: string;

  @ApiProperty({ example: 'waited three hours past the promised time' })
  @IsString()
  @Length(1, 2000)
  description!: string;
}
