import { ApiProperty } from '@nestjs/swagger';

export type MarketCellAction = 'imported' | 'revised' | 'unchanged';

class MarketImportCellDto {
  @ApiProperty({ example: 1, description: 'The row of the request (1 = the first)' }) row!: number;
  @ApiProperty({ example: 'SH-01' }) area!: string;
  @ApiProperty({ example: 'suv_b' }) segment!: string;
  @ApiProperty({ example: '2026-01' }) month!: string;
  @ApiProperty({ enum: ['imported', 'revised', 'unchanged'] }) action!: MarketCellAction;
  @ApiProperty({ example: 1, description: 'The version of the cell in force after the import' }) version!: number;
}

/** The answer of a market registrations import: what happened to each row's cell, and the events appended. */
export class MarketImportResult {
  @ApiProperty({ type: [MarketImportCellDto] }) cells!: MarketImportCellDto[];
  @ApiProperty({ type: [String] }) eventIds!: string[];
  @ApiProperty({ type: [String], description: 'Global position of each event, in the order of eventIds' }) positions!: string[];
  @ApiProperty({ type: String, nullable: true, description: 'The last of positions (null: nothing appended)' }) position!: string | null;
}
