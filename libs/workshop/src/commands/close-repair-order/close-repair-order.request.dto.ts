import { MoneyDto } from '@app/platform-kit';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsOptional, ValidateNested } from 'class-validator';
import { WorkshopRequest } from '../workshop-request.dto';
import { IsNonNegativeMoney } from '../workshop-validation';

export class CloseRepairOrderRequest extends WorkshopRequest {
  @ApiPropertyOptional({ type: MoneyDto, description: 'Outside work bought in and invoiced with the RO; omit for none' })
  @IsOptional()
  @ValidateNested()
  @Type(() => MoneyDto)
  @IsNonNegativeMoney()
  sublet?: MoneyDto;
}
