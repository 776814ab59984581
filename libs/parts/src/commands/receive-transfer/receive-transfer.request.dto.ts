import { MAX_PARTS_LINES } from '@app/contracts';
import { IsPlausibleInstant } from '@app/platform-kit';
import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsString, Length, ValidateNested } from 'class-validator';
import { IsQuantity } from '../parts-request.validators';

export class ReceivedTransferLineDto {
  @ApiProperty({ example: '06A115561B' })
  @IsString()
  @Length(1, 64)
  partNumber!: string;

  @ApiProperty({ example: '3', description: 'Quantity that arrived: greater than zero, at most what was dispatched' })
  @IsQuantity('positive')
  quantity!: string;
}

/** The receiving branch (`branchId`) records what arrived of a transfer, once. */
export class ReceiveTransferRequest {
  @ApiProperty({ example: 'SH-02', description: 'The receiving branch: the transfer’s destination' })
  @IsString()
  @Length(1, 64)
  branchId!: string;

  @ApiProperty({ example: 'SH-01', description: 'The branch that dispatched the transfer' })
  @IsString()
  @Length(1, 64)
  fromBranchId!: string;

  @ApiProperty({ type: [ReceivedTransferLineDto], minItems: 1, maxItems: MAX_PARTS_LINES, description: 'Parts that arrived; leave out what did not' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_PARTS_LINES)
  @ValidateNested({ each: true })
  @Type(() => ReceivedTransferLineDto)
  lines!: ReceivedTransferLineDto[];

  @ApiProperty({ example: '2026-01-09T03:00:00Z', description: 'When the parts arrived (UTC instant)' })
  @IsPlausibleInstant()
  occurredAt!: string;
}
