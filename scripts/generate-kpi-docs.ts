// Writes docs/kpis.md from the KPI catalogue in libs/kpi.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderKpiDocs } from '../libs/kpi/src/catalogue/kpi-docs';

const target = join(__dirname, '..', 'docs', 'kpis.md');
writeFileSync(target, renderKpiDocs());
process.stdout.write(`wrote ${target}\n`);
