import { ApiProperty } from '@nestjs/swagger';
import { IsString, Length } from 'class-validator';
import { WorkshopRequest } from '../workshop-request.dto';

export class ReopenRepairOrderRequest extends WorkshopRequest {
  @ApiProperty({ example: 'invoice corrected: wrong labour rate' })
  @IsString()
  @Length(1, 200)
  reason!: string;
}
