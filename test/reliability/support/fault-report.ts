import { repoRoot } from '@app/infra';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** `FAULTS=full` runs the full fault counts (docs/reliability.md); anything else the reduced CI counts. */
export const FULL_RUN = process.env.FAULTS === 'full';

/** Picks the full or the CI figure. */
export const faultCount = (ci: number, full: number): number => (FULL_RUN ? full : ci);

/**
 * What a fault scenario injected and measured. Printed at the end of the scenario and written to
 * test-artifacts/reliability/<scenario>.json, where docs/reliability.md takes its figures from.
 */
export class FaultReport {
  private readonly started = Date.now();
  private readonly figures: Record<string, number | string> = {};
  private injected = 0;

  constructor(private readonly scenario: string) {}

  /** Printed straight to stdout: the test apps narrow Nest's logger to warnings and errors. */
  private say(text: string): void {
    process.stdout.write(`[faults:${this.scenario}] +${((Date.now() - this.started) / 1000).toFixed(1)} s ${text}\n`);
  }

  /** A step of the scenario, with the time since it began. */
  step(what: string): void {
    this.say(what);
  }

  /** One fault injected, with what it was. */
  fault(what: string): void {
    this.injected += 1;
    this.say(`fault ${this.injected}: ${what}`);
  }

  get count(): number {
    return this.injected;
  }

  set(name: string, value: number | string): void {
    this.figures[name] = value;
  }

  finish(): void {
    const seconds = Math.round((Date.now() - this.started) / 100) / 10;
    const summary = {
      scenario: this.scenario,
      mode: FULL_RUN ? 'full' : 'ci',
      faultsInjected: this.injected,
      seconds,
      ...this.figures,
      finishedAt: new Date().toISOString(),
    };
    this.say(`faults injected: ${this.injected} (${FULL_RUN ? 'full' : 'CI'} run, ${seconds} s) ${JSON.stringify(this.figures)}`);
    const dir = join(repoRoot(), 'test-artifacts', 'reliability');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, `${this.scenario}.${FULL_RUN ? 'full' : 'ci'}.json`), `${JSON.stringify(summary, null, 2)}\n`);
  }
}
