// Writes docs/events.md from the event definitions in libs/contracts.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderEventDocs } from '../libs/contracts/src/event-docs';

const target = join(__dirname, '..', 'docs', 'events.md');
writeFileSync(target, renderEventDocs());
process.stdout.write(`wrote ${target}\n`);
