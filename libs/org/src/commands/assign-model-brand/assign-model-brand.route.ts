import { StreamCommandResult } from '@app/event-store';
import { defineCommandRoute } from '@app/platform-kit';
import { randomUUID } from 'node:crypto';
import { AssignModelBrandCommand } from './assign-model-brand.command';
import { AssignModelBrandRequest } from './assign-model-brand.request.dto';

export const assignModelBrandRoute = defineCommandRoute<AssignModelBrandRequest, StreamCommandResult>({
  name: 'AssignModelBrand',
  context: 'org',
  dto: AssignModelBrandRequest,
  path: '/api/v1/org/model-brands',
  successStatus: 201,
  etag: false,
  docs: {
    summary: "Assign a vehicle model to a brand from a date on: head office's model catalogue (ModelBrandAssigned)",
    success: "The brand breakdown of the KPIs reads the brand of each fact's model in force on its business date (no event when that assignment exists)",
    badRequest: 'A blank model or brand, a brand named "unassigned" or with a comma, an impossible date',
    stream: "the model's brand assignments",
  },
  toCommand: (dto, _params, context) =>
    new AssignModelBrandCommand(
      {
        type: 'AssignModelBrand',
        eventId: randomUUID(),
        occurredAt: new Date().toISOString(),
        model: dto.model,
        brand: dto.brand ?? null,
        effectiveFrom: dto.effectiveFrom,
      },
      context,
    ),
});
