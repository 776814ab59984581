import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { schemaFingerprints } from './published-schemas';

const PUBLISHED = join(__dirname, '..', 'published-schemas.json');

describe('published event versions', () => {
  const published = JSON.parse(readFileSync(PUBLISHED, 'utf8')) as Record<string, string>;
  const current = schemaFingerprints();

  it.each(Object.keys(published))('%s is unchanged since it was published (add a version and an upcaster instead)', (key) => {
    expect(current[key]).toBe(published[key]);
  });

  it('records every version it defines (run `npm run contracts:publish` after adding one)', () => {
    expect(Object.keys(current).filter((key) => !(key in published))).toEqual([]);
  });
});
