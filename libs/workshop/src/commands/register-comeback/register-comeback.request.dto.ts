import { ApiProperty } from '@nestjs/swagger';
import { IsString, Length } from 'class-validator';
import { WorkshopRequest } from '../workshop-request.dto';

export class RegisterComebackRequest extends WorkshopRequest {
  @ApiProperty({ example: 'RO-1', description: 'The earlier, closed RO of the same vehicle whose fault came back' })
  @IsString()
  @Length(1, 64)
  originalRepairOrderId!: string;

  @ApiProperty({ example: 'brakes squeal when cold', description: 'The fault, the same as on the original RO' })
  @IsString()
  @Length(1, 200)
  faultDescription!: string;
}
