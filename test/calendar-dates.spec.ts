/**
 * Impossible calendar dates are a 400 in every command DTO: each instant (`…At`), date
 * (`…On`, `…From`, `…Until`, `…Date`, holiday lists) and month (`month`, `period`) field of every
 * request DTO of sales, workshop, parts and org refuses 2026-02-30 (which `Date.parse` would roll
 * over to 2 March), 2026-04-31, 2026-13, T24:00 and the like, and accepts a real value of the
 * same shape (which proves the field was found and understood).
 */
import { isInstant, isLocalDate } from '@app/contracts';
import { plainToInstance } from 'class-transformer';
import { getMetadataStorage, validateSync } from 'class-validator';
import { readdirSync } from 'node:fs';
import { join, relative } from 'node:path';

type Kind = 'instant' | 'date' | 'month';

const ROOT = join(__dirname, '..');
const CONTEXTS = ['org', 'sales', 'workshop', 'parts'];

function dtoFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? dtoFiles(join(dir, entry.name)) : entry.name.endsWith('.dto.ts') ? [join(dir, entry.name)] : [],
  );
}

function kindOf(property: string): Kind | undefined {
  if (/At$/.test(property)) return 'instant';
  if (/(On|From|Until|Date)$/.test(property) || property === 'holidays' || property === 'extraWorkingDays') return 'date';
  if (property === 'month' || property === 'period') return 'month';
  return undefined;
}

/** An hour ago, to the second: a plausible business instant. */
const recent = new Date(Math.floor(Date.now() / 1000 - 3600) * 1000).toISOString().replace('.000Z', 'Z');
const VALID: Record<Kind, string> = { instant: recent, date: '2024-02-29', month: '2026-02' };
const IMPOSSIBLE: Record<Kind, string[]> = {
  instant: [
    '2026-02-30T00:00:00Z',
    '2025-02-29T08:00:00+08:00',
    '2026-04-31T10:00:00Z',
    '2026-01-01T24:00:00Z',
    '2026-01-01T23:60:00Z',
    '2026-01-01T10:00:60Z',
    '2026-13-01T00:00:00Z',
    '2026-01-01T10:00:00+25:00',
  ],
  date: ['2026-02-30', '2026-02-29', '2026-04-31', '2026-13-01', '2026-00-10', '2026-01-00', '2026-01-32'],
  month: ['2026-13', '2026-00', '9999-12'],
};

interface Field {
  readonly file: string;
  readonly dto: new () => object;
  readonly property: string;
  readonly kind: Kind;
  readonly each: boolean;
}

async function dateFields(): Promise<Field[]> {
  const fields: Field[] = [];
  const storage = getMetadataStorage();
  for (const context of CONTEXTS) {
    for (const file of dtoFiles(join(ROOT, 'libs', context, 'src', 'commands'))) {
      const exported = (await import(file)) as Record<string, unknown>;
      for (const value of Object.values(exported)) {
        if (typeof value !== 'function') continue;
        const metadata = storage.getTargetValidationMetadatas(value, '', true, false);
        for (const property of new Set(metadata.map((m) => m.propertyName))) {
          const kind = kindOf(property);
          if (!kind) continue;
          const each = metadata.some((m) => m.propertyName === property && m.each === true);
          fields.push({ file: relative(ROOT, file), dto: value as new () => object, property, kind, each });
        }
      }
    }
  }
  return fields;
}

function problemsOf(field: Field, value: string): string[] {
  const plain: Record<string, unknown> = { [field.property]: field.each ? [value] : value };
  if (field.property === 'period') plain.periodKind = 'month';
  const errors = validateSync(plainToInstance(field.dto, plain), { stopAtFirstError: false });
  return errors.filter((e) => e.property === field.property).flatMap((e) => Object.values(e.constraints ?? {}));
}

describe('impossible calendar dates in command DTOs', () => {
  let fields: Field[];

  beforeAll(async () => {
    fields = await dateFields();
  });

  it('finds the date, instant and month fields of every context', () => {
    const names = new Set(fields.map((f) => `${f.dto.name}.${f.property}`));
    for (const expected of ['OpenBranchRequest.openedOn', 'CloseBranchRequest.closedOn', 'SetExchangeRateRequest.month']) expect(names).toContain(expected);
    for (const context of CONTEXTS) expect(fields.some((f) => f.file.startsWith(`libs/${context}/`))).toBe(true);
    expect(fields.filter((f) => f.kind === 'instant').length).toBeGreaterThanOrEqual(15);
    expect(fields.filter((f) => f.kind === 'date').length).toBeGreaterThanOrEqual(5);
  });

  it('accepts a real value of each field and refuses every impossible one', () => {
    const accepted: string[] = [];
    const missed: string[] = [];
    for (const field of fields) {
      const name = `${field.file} ${field.dto.name}.${field.property}`;
      if (problemsOf(field, VALID[field.kind]).length > 0)
        accepted.push(`${name} refuses ${VALID[field.kind]}: ${problemsOf(field, VALID[field.kind]).join('; ')}`);
      for (const impossible of IMPOSSIBLE[field.kind]) {
        if (problemsOf(field, impossible).length === 0) missed.push(`${name} accepts ${impossible}`);
      }
    }
    expect(accepted).toEqual([]);
    expect(missed).toEqual([]);
  });

  it('isInstant and isLocalDate check the calendar, not just the shape', () => {
    for (const bad of IMPOSSIBLE.instant) expect([bad, isInstant(bad)]).toEqual([bad, false]);
    for (const good of ['2024-02-29T23:59:59.999Z', '2026-12-31T00:00:00+14:00', '2026-01-01T00:00:00-12:00'])
      expect([good, isInstant(good)]).toEqual([good, true]);
    for (const bad of IMPOSSIBLE.date) expect([bad, isLocalDate(bad)]).toEqual([bad, false]);
    for (const good of ['2024-02-29', '2026-12-31', '2000-02-29']) expect([good, isLocalDate(good)]).toEqual([good, true]);
    expect(isLocalDate('1900-02-29')).toBe(false);
  });
});
