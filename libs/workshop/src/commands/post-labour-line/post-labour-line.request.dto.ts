import { LABOUR_CATEGORIES, LabourCategory, REPAIR_PAYERS, RepairPayer } from '@app/contracts';
import { MoneyDto } from '@app/platform-kit';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsOptional, IsString, Length, Matches, ValidateNested } from 'class-validator';
import { WorkshopRequest } from '../workshop-request.dto';
import { HOURS_PATTERN, NON_NEGATIVE_AMOUNT_PATTERN, nonNegativeAmountMessage, NotNegativeUnlessCorrection } from '../workshop-validation';

const HOURS_MESSAGE = (field: string) => `${field} must be a decimal string with at most two fraction digits, e.g. "1.50" (numbers are refused)`;

export class PostLabourLineRequest extends WorkshopRequest {
  @ApiProperty({ example: 'L1', description: 'Unique within the RO' })
  @IsString()
  @Length(1, 64)
  lineId!: string;

  @ApiPropertyOptional({ example: 'L0', description: 'The earlier labour line of this RO that this line corrects; only then may hours and amount be negative' })
  @IsOptional()
  @IsString()
  @Length(1, 64)
  correctsLineId?: string;

  @ApiProperty({ enum: LABOUR_CATEGORIES })
  @IsIn(LABOUR_CATEGORIES)
  category!: LabourCategory;

  @ApiPropertyOptional({ example: 'replace front brake pads' })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  operation?: string;

  @ApiProperty({ example: '2.00', description: 'Hours billed' })
  @Matches(HOURS_PATTERN, { message: HOURS_MESSAGE('soldHours') })
  @NotNegativeUnlessCorrection()
  soldHours!: string;

  @ApiProperty({ example: '1.75', description: 'Hours the technician clocked' })
  @Matches(HOURS_PATTERN, { message: HOURS_MESSAGE('clockedHours') })
  @NotNegativeUnlessCorrection()
  clockedHours!: string;

  @ApiProperty({ example: '300.00', description: 'Net labour rate per sold hour' })
  @Matches(NON_NEGATIVE_AMOUNT_PATTERN, { message: nonNegativeAmountMessage('rate') })
  rate!: string;

  @ApiProperty({ example: 'T-12' })
  @IsString()
  @Length(1, 64)
  technicianId!: string;

  @ApiProperty({ enum: REPAIR_PAYERS })
  @IsIn(REPAIR_PAYERS)
  payer!: RepairPayer;

  @ApiProperty({ type: MoneyDto, description: 'The line amount; net is the labour revenue at close' })
  @ValidateNested()
  @Type(() => MoneyDto)
  @NotNegativeUnlessCorrection()
  amount!: MoneyDto;
}
