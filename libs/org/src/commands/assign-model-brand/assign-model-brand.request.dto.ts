import { IsModelName } from '@app/platform-kit';
import { UNASSIGNED_BRAND } from '@app/contracts';
import { ApiProperty } from '@nestjs/swagger';
import { IsString, Length, Matches, NotContains, ValidateIf } from 'class-validator';
import { IsLocalDate } from '../shared/org-validation';

export class AssignModelBrandRequest {
  @ApiProperty({ example: 'Tiguan L', description: 'The model name, exactly as orders, deliveries, test drives, leads and repair orders name it' })
  @IsModelName()
  model!: string;

  @ApiProperty({
    example: 'Volkswagen',
    nullable: true,
    type: String,
    description: `The brand the model belongs to from effectiveFrom on; null = no brand (its facts show as "${UNASSIGNED_BRAND}")`,
  })
  @ValidateIf((_, value) => value !== null)
  @IsString({ message: 'brand must be text or null' })
  @Length(1, 100, { message: 'brand must be 1 to 100 characters' })
  @Matches(/^\S(?:.*\S)?$/s, { message: 'brand must name a brand, with no space before or after it ("unassigned " would read as a second unassigned)' })
  @Matches(new RegExp(`^(?!${UNASSIGNED_BRAND}$)`, 'i'), { message: `brand must not be "${UNASSIGNED_BRAND}" (the value of the models without a brand)` })
  @NotContains(',', { message: 'brand must not contain a comma (a brand filter lists brands separated by commas)' })
  brand!: string | null;

  @ApiProperty({ example: '2020-01-01', description: 'First business date on which the model belongs to the brand' })
  @IsLocalDate()
  effectiveFrom!: string;
}
