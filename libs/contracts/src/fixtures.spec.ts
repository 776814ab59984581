import { readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { EVENT_DEFINITIONS, parseEvent } from './event-catalogue';

const FIXTURES = join(__dirname, '..', 'fixtures');

/** Every published event version has a fixture; every fixture still parses (Invariant 5). */
function fixtureFiles(): string[] {
  return readdirSync(FIXTURES, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .flatMap((d) => readdirSync(join(FIXTURES, d.name)).map((f) => join(FIXTURES, d.name, f)))
    .filter((f) => f.endsWith('.json'));
}

describe('event fixtures', () => {
  const files = fixtureFiles();

  it.each(files.map((f) => [basename(f), f]))('%s parses and is named after its type and version', (_name, file) => {
    const raw = JSON.parse(readFileSync(file, 'utf8')) as { type: string; schemaVersion: number };
    expect(basename(file)).toBe(`${raw.type}.v${raw.schemaVersion}.json`);
    const parsed = parseEvent(raw);
    expect(parsed).toMatchObject({ ok: true });
  });

  it('exist for every published event version', () => {
    const have = new Set(files.map((f) => basename(f, '.json')));
    const missing = EVENT_DEFINITIONS.map((d) => `${d.type}.v${d.schemaVersion}`).filter((name) => !have.has(name));
    expect(missing).toEqual([]);
  });
});
