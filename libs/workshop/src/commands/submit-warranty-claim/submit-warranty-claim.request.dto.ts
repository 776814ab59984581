import { MoneyDto } from '@app/platform-kit';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsOptional, IsString, Length, ValidateNested } from 'class-validator';
import { WorkshopRequest } from '../workshop-request.dto';
import { IsNonNegativeMoney } from '../workshop-validation';

export class SubmitWarrantyClaimRequest extends WorkshopRequest {
  @ApiProperty({ example: 'RO-7', description: 'The RO the warranty work was done on (same branch)' })
  @IsString()
  @Length(1, 64)
  repairOrderId!: string;

  @ApiPropertyOptional({ example: 'OEM-2026-778', description: "The manufacturer's claim reference" })
  @IsOptional()
  @IsString()
  @Length(1, 64)
  manufacturerClaimNumber?: string;

  @ApiProperty({ type: MoneyDto, description: 'Amount claimed from the manufacturer' })
  @ValidateNested()
  @Type(() => MoneyDto)
  @IsNonNegativeMoney()
  claimed!: MoneyDto;
}
