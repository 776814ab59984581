import { StreamCommandResult } from '@app/event-store';
import { defineCommandRoute } from '@app/platform-kit';
import { randomUUID } from 'node:crypto';
import { ChangeKpiSettingCommand } from './change-kpi-setting.command';
import { ChangeKpiSettingRequest } from './change-kpi-setting.request.dto';

export const changeKpiSettingRoute = defineCommandRoute<ChangeKpiSettingRequest, StreamCommandResult>({
  name: 'ChangeKpiSetting',
  context: 'org',
  dto: ChangeKpiSettingRequest,
  path: '/api/v1/org/kpi-settings',
  successStatus: 201,
  etag: false,
  docs: {
    summary: 'Change a KPI setting from a date on, e.g. the comeback window (KpiSettingChanged)',
    success: 'The setting has the value from effectiveFrom on (no event when that value is already set for that date)',
    badRequest: 'Unknown key, a value the key does not accept, or an invalid date',
    stream: 'the setting',
  },
  toCommand: (dto, _params, context) =>
    new ChangeKpiSettingCommand(
      {
        type: 'ChangeKpiSetting',
        eventId: randomUUID(),
        occurredAt: new Date().toISOString(),
        key: dto.key,
        value: dto.value,
        effectiveFrom: dto.effectiveFrom,
      },
      context,
    ),
});
