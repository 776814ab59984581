import { ConfigurationError } from '@app/platform-kit';
import { DEFAULT_SIMULATION_OPTIONS, MAX_BRANCHES } from '@app/simulator';

/** How `npm start` seeds the demo on a first start (see docs/operations.md). */
export interface DemoSeedSettings {
  /** False with `DEMO_SEED=0` or `npm start -- --no-seed`. */
  readonly enabled: boolean;
  readonly seed: number;
  readonly branches: number;
  readonly months: number;
  readonly scale: number;
}

/**
 * The default demo is the simulator's default group (4 regions, 24 branches, 24 months, seed 42)
 * at its default scale, chosen to keep a first start to a few minutes.
 */
export const DEMO_DEFAULTS: Omit<DemoSeedSettings, 'enabled'> = {
  seed: DEFAULT_SIMULATION_OPTIONS.seed,
  branches: DEFAULT_SIMULATION_OPTIONS.branches,
  months: DEFAULT_SIMULATION_OPTIONS.months,
  scale: DEFAULT_SIMULATION_OPTIONS.scale,
};

const SWITCH: Record<string, boolean> = { '1': true, true: true, on: true, yes: true, '0': false, false: false, off: false, no: false };

function wholeNumber(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number, max: number, problems: string[]): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!/^\d+$/.test(raw) || value < min || value > max) {
    problems.push(`${name} must be a whole number from ${min} to ${max}, not ${JSON.stringify(raw)}`);
    return fallback;
  }
  return value;
}

/** Reads DEMO_SEED, DEMO_SEED_VALUE, DEMO_BRANCHES, DEMO_MONTHS, DEMO_SCALE and the `--no-seed` flag; throws one error listing every problem. */
export function demoSeedSettings(env: NodeJS.ProcessEnv = process.env, argv: readonly string[] = process.argv.slice(2)): DemoSeedSettings {
  const problems: string[] = [];
  const unknownFlags = argv.filter((arg) => arg !== '--no-seed');
  if (unknownFlags.length > 0) problems.push(`unknown argument(s) ${unknownFlags.join(' ')}: npm start takes only --no-seed`);
  let enabled = true;
  const raw = env.DEMO_SEED;
  if (raw !== undefined && raw !== '') {
    const parsed = SWITCH[raw.toLowerCase()];
    if (parsed === undefined) problems.push(`DEMO_SEED must be 1 or 0 (also true/false, on/off), not ${JSON.stringify(raw)}`);
    else enabled = parsed;
  }
  if (argv.includes('--no-seed')) enabled = false;
  const seed = wholeNumber(env, 'DEMO_SEED_VALUE', DEMO_DEFAULTS.seed, 0, 2 ** 31 - 1, problems);
  const branches = wholeNumber(env, 'DEMO_BRANCHES', DEMO_DEFAULTS.branches, 1, MAX_BRANCHES, problems);
  const months = wholeNumber(env, 'DEMO_MONTHS', DEMO_DEFAULTS.months, 1, 120, problems);
  let scale = DEMO_DEFAULTS.scale;
  const rawScale = env.DEMO_SCALE;
  if (rawScale !== undefined && rawScale !== '') {
    const value = Number(rawScale);
    if (!/^\d+(\.\d+)?$/.test(rawScale) || value <= 0 || value > 10) {
      problems.push(`DEMO_SCALE must be a number above 0 and at most 10, not ${JSON.stringify(rawScale)}`);
    } else {
      scale = value;
    }
  }
  if (problems.length > 0) throw new ConfigurationError(problems);
  return { enabled, seed, branches, months, scale };
}
