import { createHash } from 'node:crypto';
import { z } from 'zod';
import { EVENT_DEFINITIONS } from './event-catalogue';

/**
 * A fingerprint of every event version's JSON Schema. `published-schemas.json` keeps the
 * fingerprints of versions that were published; a test fails when one of them changes (a
 * published version is never edited: add a version and an upcaster instead). The JSON Schema
 * covers fields, types, formats, patterns and ranges; cross-field rules (net + tax = gross) are
 * held by the fixtures of each version.
 */
export function schemaFingerprints(): Record<string, string> {
  return Object.fromEntries(
    [...EVENT_DEFINITIONS]
      .sort((a, b) => a.type.localeCompare(b.type) || a.schemaVersion - b.schemaVersion)
      .map((d) => {
        const schema = JSON.stringify(z.toJSONSchema(d.schema, { unrepresentable: 'any', io: 'input' }));
        return [`${d.type}@${d.schemaVersion}`, createHash('sha256').update(schema).digest('hex').slice(0, 16)];
      }),
  );
}
