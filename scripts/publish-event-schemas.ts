// Adds the fingerprints of new event versions to libs/contracts/published-schemas.json. It never
// changes a fingerprint already there: a published version is never edited.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { schemaFingerprints } from '../libs/contracts/src/published-schemas';

const file = join(__dirname, '..', 'libs', 'contracts', 'published-schemas.json');
const published = existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as Record<string, string>) : {};
const current = schemaFingerprints();
const added = Object.keys(current).filter((key) => !(key in published));
const changed = Object.keys(published).filter((key) => current[key] !== undefined && current[key] !== published[key]);
if (changed.length > 0) {
  process.stderr.write(`published versions changed, not recorded: ${changed.join(', ')}\n`);
  process.exitCode = 1;
}
const merged = Object.fromEntries(
  Object.entries({ ...Object.fromEntries(added.map((k) => [k, current[k]])), ...published }).sort(([a], [b]) => a.localeCompare(b)),
);
writeFileSync(file, `${JSON.stringify(merged, null, 2)}\n`);
process.stdout.write(`recorded ${added.length} new version(s): ${added.join(', ') || 'none'}\n`);
