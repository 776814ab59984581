import { WARRANTY_DECISIONS, WarrantyDecision } from '@app/contracts';
import { MoneyDto } from '@app/platform-kit';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsOptional, IsString, Length, ValidateNested } from 'class-validator';
import { WorkshopRequest } from '../workshop-request.dto';
import { IsNonNegativeMoney, Satisfies } from '../workshop-validation';

export class DecideWarrantyClaimRequest extends WorkshopRequest {
  @ApiProperty({ enum: WARRANTY_DECISIONS })
  @IsIn(WARRANTY_DECISIONS)
  @Satisfies(
    'approvedUnlessRejected',
    (o) => o.decision === 'rejected' || (o.approved !== undefined && o.approved !== null),
    'approved is required unless the claim is rejected',
  )
  decision!: WarrantyDecision;

  @ApiPropertyOptional({
    type: MoneyDto,
    description:
      'Amount the manufacturer pays: the claimed amount when approved, less (but more than zero) when partially approved; omit or zero when rejected',
  })
  @IsOptional()
  @ValidateNested()
  @Type(() => MoneyDto)
  @IsNonNegativeMoney()
  approved?: MoneyDto;

  @ApiPropertyOptional({ example: 'labour time capped at the standard time' })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  reason?: string;
}
