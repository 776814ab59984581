import { z } from 'zod';
import { EVENT_DEFINITIONS } from './event-catalogue';
import { EventDefinition } from './event-definition';
import { BOUNDED_CONTEXTS, dlqTopicFor, topicFor } from './topics';

type JsonSchema = {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  enum?: unknown[];
  pattern?: string;
  format?: string;
  description?: string;
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  anyOf?: JsonSchema[];
  maxItems?: number;
};

interface Row {
  readonly field: string;
  readonly type: string;
  readonly required: boolean;
  readonly notes: string;
}

const SAFE_INT = 9007199254740991;

function typeOf(schema: JsonSchema): string {
  if (schema.enum) return schema.enum.map((v) => `\`${String(v)}\``).join(' \\| ');
  if (schema.anyOf) return schema.anyOf.map(typeOf).join(' \\| ');
  const types = Array.isArray(schema.type) ? schema.type : [schema.type ?? 'any'];
  return types.map((t) => (t === 'array' ? `${schema.items ? typeOf(schema.items) : 'any'}[]` : t)).join(' \\| ');
}

function notesOf(schema: JsonSchema): string {
  const notes: string[] = [];
  if (schema.description) notes.push(schema.description);
  if (schema.format) notes.push(`format ${schema.format}`);
  if (schema.pattern && !schema.description) notes.push(`pattern \`${schema.pattern}\``);
  if (schema.minimum !== undefined && schema.minimum > -SAFE_INT) notes.push(`≥ ${schema.minimum}`);
  if (schema.maximum !== undefined && schema.maximum < SAFE_INT) notes.push(`≤ ${schema.maximum}`);
  if (schema.maxLength !== undefined && schema.type === 'string' && !schema.pattern) notes.push(`${schema.minLength ?? 0}–${schema.maxLength} characters`);
  if (schema.maxItems !== undefined) notes.push(`at most ${schema.maxItems} items`);
  return notes.join('; ').replace(/\|/g, '\\|');
}

function rows(schema: JsonSchema, prefix: string, required: boolean): Row[] {
  const own: Row[] = prefix ? [{ field: prefix, type: schema.properties ? 'object' : typeOf(schema), required, notes: notesOf(schema) }] : [];
  if (schema.properties) {
    const req = new Set(schema.required ?? []);
    return [...own, ...Object.entries(schema.properties).flatMap(([name, child]) => rows(child, prefix ? `${prefix}.${name}` : name, req.has(name)))];
  }
  if (schema.items?.properties) return [...own, ...rows(schema.items, `${prefix}[]`, true).slice(1)];
  return own;
}

function section(definition: EventDefinition): string {
  const schema = z.toJSONSchema(definition.schema, { unrepresentable: 'any', io: 'input' }) as JsonSchema;
  const table = rows(schema, '', true)
    .map((r) => `| \`${r.field}\` | ${r.type} | ${r.required ? 'yes' : 'no'} | ${r.notes} |`)
    .join('\n');
  return [
    `### ${definition.type} (v${definition.schemaVersion})`,
    '',
    definition.description,
    '',
    '| Field | Type | Required | Notes |',
    '|---|---|---|---|',
    table,
    '',
  ].join('\n');
}

/** docs/events.md, generated from the event definitions: `npm run docs:events`. */
export function renderEventDocs(): string {
  const parts = [
    '# Events',
    '',
    '<!-- Generated from libs/contracts by `npm run docs:events`; a unit test fails when this file is stale. -->',
    '',
    'Every business event travels in the same envelope. Nothing is updated in place: a correction is a new',
    'event that refers to the one it corrects. Published versions are never edited; a new version comes with',
    'an upcaster from the previous one and a fixture of each old version (`libs/contracts/fixtures/`);',
    '`libs/contracts/published-schemas.json` fingerprints every published version and a test fails if one',
    'changes (`npm run contracts:publish` records new versions).',
    '',
    '| Envelope field | Meaning |',
    '|---|---|',
    '| `eventId` | UUID; the idempotency key of the event |',
    '| `type`, `schemaVersion` | event type (past tense) and payload version |',
    "| `streamId`, `streamPosition` | the aggregate stream and the event's position in it (1, 2, …) |",
    '| `globalPosition` | position in the store (decimal string) |',
    "| `occurredAt` | when it happened (UTC instant); the business date is derived from it in the branch's time zone and cut-off |",
    '| `recordedAt` | when the store accepted it |',
    '| `branchId` | the branch the event belongs to |',
    '| `actor`, `correlationId`, `causationId` | who, which request, which event caused it |',
    '| `payload` | the fields below |',
    '',
    'Money is always `{ currency, net, tax, gross }` with decimal strings of two fraction digits and',
    'net + tax = gross; net of VAT is the revenue figure.',
    '',
    '## Topics',
    '',
    '| Context | Topic | Dead-letter topic |',
    '|---|---|---|',
    ...BOUNDED_CONTEXTS.map((c) => `| ${c} | \`${topicFor(c)}\` | \`${dlqTopicFor(topicFor(c))}\` |`),
    '',
    'Key = stream id; headers `event-type`, `schema-version`, `event-id`. Dead-letter records keep the',
    'original key, value and headers and add `dlq-reason` and `dlq-source` (topic/partition/offset).',
    '',
  ];
  for (const context of BOUNDED_CONTEXTS) {
    const definitions = EVENT_DEFINITIONS.filter((d) => d.context === context).sort(
      (a, b) => a.type.localeCompare(b.type) || a.schemaVersion - b.schemaVersion,
    );
    parts.push(`## ${context[0]?.toUpperCase() ?? ''}${context.slice(1)}`, '');
    if (definitions.length === 0) parts.push('No events yet.', '');
    for (const definition of definitions) parts.push(section(definition));
  }
  return `${parts.join('\n').trimEnd()}\n`;
}
