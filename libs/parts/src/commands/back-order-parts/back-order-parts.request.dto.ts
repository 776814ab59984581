import { PARTS_CUSTOMER_TYPES, PARTS_REQUEST_CHANNELS, PartsCustomerType, PartsRequestChannel } from '@app/contracts';
import { IsPlausibleInstant } from '@app/platform-kit';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsOptional, IsString, Length, ValidateIf } from 'class-validator';
import { IsQuantity } from '../parts-request.validators';

/**
 * A request the stores could not serve in full from stock at once: a counter customer's or a repair
 * order's. The parts handed over later name it (`backOrderId` on the counter sale line or on the
 * workshop's parts issue), so the parts fill rate counts the request once, as a miss.
 */
export class BackOrderPartsRequest {
  @ApiProperty({ example: 'SH-01' })
  @IsString()
  @Length(1, 64)
  branchId!: string;

  @ApiProperty({ enum: PARTS_REQUEST_CHANNELS, description: 'counter: a parts counter customer; workshop: a repair order' })
  @IsIn(PARTS_REQUEST_CHANNELS)
  channel!: PartsRequestChannel;

  @ApiPropertyOptional({ example: 'RO-2026-0107', description: 'The repair order that asked for the part (channel workshop only)' })
  @ValidateIf((o: BackOrderPartsRequest) => o.channel === 'workshop' || o.repairOrderId !== undefined)
  @IsString()
  @Length(1, 64)
  repairOrderId?: string;

  @ApiPropertyOptional({ enum: PARTS_CUSTOMER_TYPES, description: 'The counter customer type (channel counter only)' })
  @ValidateIf((o: BackOrderPartsRequest) => o.channel === 'counter' || o.customerType !== undefined)
  @IsIn(PARTS_CUSTOMER_TYPES)
  customerType?: PartsCustomerType;

  @ApiProperty({ example: '06A115561B' })
  @IsString()
  @Length(1, 64)
  partNumber!: string;

  @ApiProperty({ example: true, description: 'Genuine (OEM) part' })
  @IsBoolean()
  genuine!: boolean;

  @ApiProperty({ example: '4', description: 'Quantity asked for: a decimal string greater than zero' })
  @IsQuantity('positive')
  quantityRequested!: string;

  @ApiPropertyOptional({
    example: '0',
    description:
      'What the stores handed over at once (less than requested; default 0). Record the back-order first, then sell the part handed over naming it (backOrderId on the counter sale line), as later deliveries are: a line naming the back-order is no request of its own, and lines naming it may sell at most the quantity requested.',
  })
  @IsOptional()
  @IsQuantity('non-negative')
  quantityServed?: string;

  @ApiProperty({ example: '2026-01-05T03:00:00Z', description: 'When the part was asked for (UTC instant)' })
  @IsPlausibleInstant()
  occurredAt!: string;
}
