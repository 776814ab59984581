import { MAX_PARTS_LINES } from '@app/contracts';
import { IsPlausibleInstant, MoneyDto } from '@app/platform-kit';
import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsString, Length, ValidateNested } from 'class-validator';
import { IsNonNegativeMoney } from '@app/platform-kit';
import { IsQuantity } from '../parts-request.validators';

export class TransferLineDto {
  @ApiProperty({ example: '06A115561B' })
  @IsString()
  @Length(1, 64)
  partNumber!: string;

  @ApiProperty({ example: '3', description: 'Decimal string greater than zero' })
  @IsQuantity('positive')
  quantity!: string;

  @ApiProperty({ type: MoneyDto, description: 'Value of the line at cost' })
  @ValidateNested()
  @Type(() => MoneyDto)
  @IsNonNegativeMoney()
  value!: MoneyDto;
}

/** Parts leaving the sending branch (`branchId`) for another branch of the group. Not revenue. */
export class DispatchTransferRequest {
  @ApiProperty({ example: 'SH-01', description: 'The sending branch' })
  @IsString()
  @Length(1, 64)
  branchId!: string;

  @ApiProperty({ example: 'SH-02', description: 'The receiving branch' })
  @IsString()
  @Length(1, 64)
  toBranchId!: string;

  @ApiProperty({ type: [TransferLineDto], minItems: 1, maxItems: MAX_PARTS_LINES })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_PARTS_LINES)
  @ValidateNested({ each: true })
  @Type(() => TransferLineDto)
  lines!: TransferLineDto[];

  @ApiProperty({ example: '2026-01-08T03:00:00Z', description: 'When the parts left (UTC instant)' })
  @IsPlausibleInstant()
  occurredAt!: string;
}
