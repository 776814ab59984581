import { ApiProperty } from '@nestjs/swagger';
import { LAG_COUNT_LIMIT } from './as-of.types';

class AsOfLagDto {
  @ApiProperty({
    type: Number,
    nullable: true,
    example: 0,
    description: `Events committed to the store after the mark (counted up to ${LAG_COUNT_LIMIT}: that value means at least as many); null when this process cannot read the store`,
  })
  events!: number | null;

  @ApiProperty({
    type: Number,
    nullable: true,
    example: 0,
    description: "The store head's recordedAt minus the mark's, in whole seconds; 0 when current; null when unknown",
  })
  seconds!: number | null;
}

class StoreHeadDto {
  @ApiProperty({ type: String, nullable: true, example: '1042', description: 'Position of the last event committed to the store (null: empty store)' })
  position!: string | null;

  @ApiProperty({ type: String, nullable: true, example: '2026-12-07T05:00:00.000Z' })
  recordedAt!: string | null;
}

/** The as-of mark of a report (docs/adr/0018-as-of-marks.md). */
export class AsOfDto {
  @ApiProperty({
    enum: ['facts', 'kpi-month-rollup'],
    description: 'What the figures were read from: the fact tables, or the KPI month roll-up (month pages), which trails the facts and states its own mark',
  })
  readModel!: string;

  @ApiProperty({
    type: String,
    nullable: true,
    example: '1042',
    description: 'Global store position of the last event the figures include (null: nothing projected yet)',
  })
  position!: string | null;

  @ApiProperty({ type: String, nullable: true, example: '2026-12-07T05:00:00.000Z', description: 'When the store recorded that event' })
  recordedAt!: string | null;

  @ApiProperty({ type: AsOfLagDto })
  lag!: AsOfLagDto;

  @ApiProperty({ type: StoreHeadDto, nullable: true, description: "The store's last committed event; null when this process has no connection to the store" })
  storeHead!: StoreHeadDto | null;
}

/** GET /health/ready */
export class ReadinessDto {
  @ApiProperty({
    enum: ['ready'],
    description:
      'Ready; 503 NOT_READY when ClickHouse or the event store does not answer, or the projector is behind more than READINESS_MAX_LAG_EVENTS / READINESS_MAX_LAG_SECONDS (unset: no limit)',
  })
  status!: string;

  @ApiProperty({ type: AsOfDto, description: "The projector: the facts' mark and lag" })
  projector!: AsOfDto;

  @ApiProperty({ type: AsOfDto, description: "The KPI month roll-up's own mark and lag" })
  kpiRollup!: AsOfDto;

  @ApiProperty({ description: 'The roll-up holds the current definition (else the month pages read the facts)' })
  kpiRollupCurrent!: boolean;
}
