import { Logger } from '@nestjs/common';
import { LoadPlan, PostJson, sendBatches } from './load';

export interface LoadDriverOptions {
  /** Units per wave (each ≈ 14 commands over the three business contexts). */
  readonly units: number;
  /** Pause between waves. */
  readonly gapMs: number;
  /** At least this many waves, then on until `finish()`. */
  readonly minWaves: number;
  /** Hard cap, so a run always ends. */
  readonly maxWaves: number;
}

/** Sends waves of the plan through the batch endpoints in the background until told to finish. */
export class LoadDriver {
  private readonly logger = new Logger('Load');
  private finishing = false;
  private waves = 0;
  private failure: unknown;
  private readonly done: Promise<void>;

  constructor(
    private readonly plan: LoadPlan,
    private readonly post: PostJson,
    private readonly options: LoadDriverOptions,
  ) {
    this.done = this.run();
    // Surfaced by assertRunning() and finish(); never an unhandled rejection meanwhile.
    this.done.catch((error: unknown) => {
      this.failure = error;
    });
  }

  get wavesSent(): number {
    return this.waves;
  }

  private async run(): Promise<void> {
    while (this.waves < this.options.maxWaves && (!this.finishing || this.waves < this.options.minWaves)) {
      await sendBatches(this.post, this.plan.wave(this.waves, this.options.units));
      this.waves += 1;
      await pause(this.options.gapMs);
    }
    this.logger.log(`${this.waves} wave(s), ${this.plan.totals.commands} command(s) sent`);
  }

  /** Throws the load's failure, if it failed: a fault loop calls this instead of waiting in vain. */
  assertRunning(): void {
    if (this.failure !== undefined) throw this.failure instanceof Error ? this.failure : new Error(`the load failed: ${JSON.stringify(this.failure)}`);
  }

  /** Stops after the current wave (and at least `minWaves`); rethrows a failure of the load. */
  async finish(): Promise<void> {
    this.finishing = true;
    await this.done;
  }
}

export const pause = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
