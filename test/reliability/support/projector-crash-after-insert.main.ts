/**
 * The real projector (apps/projector/src/main.ts), killed with SIGKILL right after ClickHouse
 * acknowledged its first batch and before the consumer commits that batch's offsets: the exact
 * window "inserted but not committed". Used by projector-crash-after-insert.int-spec.ts.
 */
import { ClickHouseProjectionSink } from '@app/projections';

const write = ClickHouseProjectionSink.prototype.write;
ClickHouseProjectionSink.prototype.write = async function crashAfterInsert(this: ClickHouseProjectionSink, events) {
  const result = await write.call(this, events);
  process.stderr.write(`[crash-after-insert] ClickHouse stored ${events.length} event(s); SIGKILL before the offset commit\n`);
  process.kill(process.pid, 'SIGKILL');
  return result;
};

// eslint-disable-next-line @typescript-eslint/no-require-imports
require('../../../apps/projector/src/main');
