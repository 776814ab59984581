import { CSI_KINDS, CSI_SOURCES, CsiKind, CsiSource } from '@app/contracts';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsBoolean, IsIn, IsOptional, IsString, Length, Matches, ValidateNested } from 'class-validator';
import { WorkshopRequest } from '../workshop-request.dto';
import { ComparesTo, IsPositiveDecimal, Satisfies, SCALE_PATTERN } from '../workshop-validation';

const SCALE_MESSAGE = (field: string) => `${field} must be a decimal string with at most three fraction digits, e.g. "8" or "4.5" (numbers are refused)`;

export class CsiAnswerDto {
  @ApiProperty({ example: 'overall' })
  @IsString()
  @Length(1, 64)
  questionId!: string;

  @ApiProperty({ example: '8', description: 'The answer on the question scale, min ≤ answer ≤ max' })
  @Matches(SCALE_PATTERN, { message: SCALE_MESSAGE('answer') })
  @ComparesTo('min', '>=', 'answer must not be below min')
  @ComparesTo('max', '<=', 'answer must not be above max')
  answer!: string;

  @ApiProperty({ example: '0', description: 'Lowest point of the scale' })
  @Matches(SCALE_PATTERN, { message: SCALE_MESSAGE('min') })
  @ComparesTo('max', '<', 'min must be below max')
  min!: string;

  @ApiProperty({ example: '10', description: 'Highest point of the scale' })
  @Matches(SCALE_PATTERN, { message: SCALE_MESSAGE('max') })
  max!: string;

  @ApiProperty({ example: '1', description: 'Weight in the response score, greater than zero' })
  @Matches(SCALE_PATTERN, { message: SCALE_MESSAGE('weight') })
  @IsPositiveDecimal()
  weight!: string;

  @ApiProperty({ description: 'The overall-satisfaction question; exactly one answer per response' })
  @IsBoolean()
  overall!: boolean;
}

const answersOf = (o: Record<string, unknown>): Record<string, unknown>[] =>
  Array.isArray(o.answers) ? o.answers.filter((a): a is Record<string, unknown> => typeof a === 'object' && a !== null) : [];

const referenceMatchesKind = (o: Record<string, unknown>) => {
  const has = (field: string) => o[field] !== undefined && o[field] !== null;
  if (o.kind === 'service') return has('repairOrderId') && !has('vehicleSaleId');
  if (o.kind === 'sales') return has('vehicleSaleId') && !has('repairOrderId');
  return true;
};

export class RecordCsiSurveyResponseRequest extends WorkshopRequest {
  @ApiProperty({ enum: CSI_SOURCES })
  @IsIn(CSI_SOURCES)
  source!: CsiSource;

  @ApiProperty({ enum: CSI_KINDS, description: 'service surveys name a repairOrderId, sales surveys a vehicleSaleId' })
  @IsIn(CSI_KINDS)
  @Satisfies('referenceMatchesKind', referenceMatchesKind, 'a service survey names a repairOrderId only, a sales survey a vehicleSaleId only')
  kind!: CsiKind;

  @ApiPropertyOptional({ example: 'RO-2', description: 'The RO surveyed (kind service); it must have been closed before the response' })
  @IsOptional()
  @IsString()
  @Length(1, 64)
  repairOrderId?: string;

  @ApiPropertyOptional({ example: 'VS-1', description: 'The vehicle sale surveyed (kind sales); it must have been delivered' })
  @IsOptional()
  @IsString()
  @Length(1, 64)
  vehicleSaleId?: string;

  @ApiPropertyOptional({ example: 'C-1001' })
  @IsOptional()
  @IsString()
  @Length(1, 64)
  customerId?: string;

  @ApiProperty({ type: [CsiAnswerDto], minItems: 1, maxItems: 100 })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(100)
  @ValidateNested({ each: true })
  @Type(() => CsiAnswerDto)
  @Satisfies('exactlyOneOverall', (o) => answersOf(o).filter((a) => a.overall === true).length === 1, 'exactly one answer must be the overall one')
  @Satisfies('uniqueQuestions', (o) => new Set(answersOf(o).map((a) => a.questionId)).size === answersOf(o).length, 'each question may be answered once')
  answers!: CsiAnswerDto[];
}
