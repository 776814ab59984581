import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { EVENT_DEFINITIONS } from './event-catalogue';
import { renderEventDocs } from './event-docs';

describe('docs/events.md', () => {
  it('is generated from the current event definitions (run `npm run docs:events` after changing an event)', () => {
    const onDisk = readFileSync(join(__dirname, '..', '..', '..', 'docs', 'events.md'), 'utf8');
    expect(onDisk).toBe(renderEventDocs());
  });

  it('documents every event with a description and its fields', () => {
    const docs = renderEventDocs();
    for (const definition of EVENT_DEFINITIONS) {
      expect(definition.description.length).toBeGreaterThan(20);
      expect(docs).toContain(`### ${definition.type} (v${definition.schemaVersion})`);
    }
    expect(docs).toContain('| `invoice.net` | string | yes | decimal string with two fraction digits |');
  });
});
