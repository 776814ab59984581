import { ApiProperty } from '@nestjs/swagger';
import { IsIn, IsString, Length } from 'class-validator';
import { KPI_SETTING_KEYS, KpiSettingKey } from '../../domain/kpi-setting.aggregate';
import { IsLocalDate } from '../shared/org-validation';

export class ChangeKpiSettingRequest {
  @ApiProperty({ enum: KPI_SETTING_KEYS, example: 'rework_window_days' })
  @IsIn(KPI_SETTING_KEYS, { message: `key must be one of ${KPI_SETTING_KEYS.join(', ')}` })
  key!: KpiSettingKey;

  @ApiProperty({ example: '30', description: 'The value as text, checked against the key (rework_window_days: an integer of days, 1–365)' })
  @IsString({ message: 'value must be text such as "30"' })
  @Length(1, 100)
  value!: string;

  @ApiProperty({ example: '2026-01-01', description: 'First business date the value applies to' })
  @IsLocalDate()
  effectiveFrom!: string;
}
