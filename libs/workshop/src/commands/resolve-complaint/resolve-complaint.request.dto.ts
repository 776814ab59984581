import { MoneyDto } from '@app/platform-kit';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsOptional, IsString, Length, ValidateNested } from 'class-validator';
import { WorkshopRequest } from '../workshop-request.dto';
import { IsNonNegativeMoney } from '../workshop-validation';

export class ResolveComplaintRequest extends WorkshopRequest {
  @ApiProperty({ example: 'apologised; free car wash' })
  @IsString()
  @Length(1, 2000)
  resolution!: string;

  @ApiPropertyOptional({ type: MoneyDto, description: 'Goodwill paid to the customer, if any' })
  @IsOptional()
  @ValidateNested()
  @Type(() => MoneyDto)
  @IsNonNegativeMoney()
  compensation?: MoneyDto;
}
