import { MARKET_SEGMENT_MAX_MODELS, MAX_MARKET_REGISTRATIONS } from '@app/contracts';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsBoolean, IsInt, IsOptional, IsString, Length, Matches, Max, Min, ValidateNested } from 'class-validator';
import { ORG_ID_PATTERN } from '../shared/org-validation';

/** The most rows one import may hold (as a plan file). */
export const MAX_MARKET_ROWS = 5000;

/** One cell: a market area × segment × month and the market's registrations in it. */
export class MarketRegistrationsRowRequest {
  @ApiProperty({ example: 'SH-01', description: 'The market area: the branch whose territory the statistics cover' })
  @Matches(ORG_ID_PATTERN, { message: 'area must be a branch id: 1 to 64 letters, digits, ".", "_" or "-"' })
  area!: string;

  @ApiProperty({ example: 'suv_b', description: "Head office's market segment" })
  @Matches(ORG_ID_PATTERN, { message: 'segment must be 1 to 64 letters, digits, ".", "_" or "-"' })
  segment!: string;

  @ApiProperty({ example: '2026-01' })
  @Matches(/^20\d{2}-(0[1-9]|1[0-2])$/, { message: 'month must be a month such as 2026-01' })
  month!: string;

  @ApiProperty({ example: 1200, description: 'New-vehicle registrations of the whole market in the cell (a whole number, 0 or more)' })
  @IsInt({ message: 'registrations must be a whole number' })
  @Min(0, { message: 'registrations must not be negative' })
  @Max(MAX_MARKET_REGISTRATIONS, { message: `registrations must be at most ${MAX_MARKET_REGISTRATIONS}` })
  registrations!: number;

  @ApiProperty({
    type: [String],
    example: ['Tiguan L', 'Tayron'],
    description: 'The own models (as deliveries name them) that belong to the segment: their new-vehicle deliveries are the own registrations of the cell',
  })
  @IsArray({ message: 'models must be a list of model names' })
  @ArrayMinSize(1, { message: 'models must name at least one own model of the segment' })
  @ArrayMaxSize(MARKET_SEGMENT_MAX_MODELS, { message: `models may name at most ${MARKET_SEGMENT_MAX_MODELS} models` })
  @IsString({ each: true, message: 'each model must be text' })
  @Length(1, 100, { each: true, message: 'each model must be 1 to 100 characters' })
  @Matches(/\S/, { each: true, message: 'each model must name a model (not only spaces)' })
  models!: string[];
}

export class ImportMarketRegistrationsRequest {
  @ApiPropertyOptional({
    default: false,
    description: 'true: a cell already imported with other figures is revised (a new version); false: that is a 409 and nothing is imported',
  })
  @IsOptional()
  @IsBoolean({ message: 'revise must be true or false' })
  revise?: boolean;

  @ApiProperty({ type: [MarketRegistrationsRowRequest] })
  @IsArray({ message: 'rows must be a list' })
  @ArrayMinSize(1, { message: 'rows must hold at least one cell' })
  @ArrayMaxSize(MAX_MARKET_ROWS, { message: `rows may hold at most ${MAX_MARKET_ROWS} cells` })
  @ValidateNested({ each: true })
  @Type(() => MarketRegistrationsRowRequest)
  rows!: MarketRegistrationsRowRequest[];
}
