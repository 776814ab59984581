import { DEFAULT_SIMULATION_OPTIONS, MAX_BRANCHES } from '@app/simulator';
import { demoSeedSettings } from './demo-seed.config';

describe('demoSeedSettings: how npm start seeds the demo', () => {
  const defaults = {
    enabled: true,
    seed: DEFAULT_SIMULATION_OPTIONS.seed,
    branches: DEFAULT_SIMULATION_OPTIONS.branches,
    months: DEFAULT_SIMULATION_OPTIONS.months,
    scale: DEFAULT_SIMULATION_OPTIONS.scale,
  };

  it("seeds by default with the simulator's default group", () => {
    expect(demoSeedSettings({}, [])).toEqual(defaults);
  });

  it.each([['0'], ['false'], ['OFF'], ['no']])('DEMO_SEED=%s turns seeding off', (value) => {
    expect(demoSeedSettings({ DEMO_SEED: value }, [])).toEqual({ ...defaults, enabled: false });
  });

  it('--no-seed turns it off whatever DEMO_SEED says', () => {
    expect(demoSeedSettings({ DEMO_SEED: '1' }, ['--no-seed']).enabled).toBe(false);
  });

  it('takes the size and the seed from the environment', () => {
    expect(demoSeedSettings({ DEMO_SEED_VALUE: '7', DEMO_BRANCHES: '3', DEMO_MONTHS: '2', DEMO_SCALE: '0.5' }, [])).toEqual({
      enabled: true,
      seed: 7,
      branches: 3,
      months: 2,
      scale: 0.5,
    });
  });

  it('lists every bad value in one error', () => {
    expect(() => demoSeedSettings({ DEMO_SEED: 'maybe', DEMO_BRANCHES: '99', DEMO_MONTHS: '1.5', DEMO_SCALE: '-1', DEMO_SEED_VALUE: 'x' }, ['--seed'])).toThrow(
      new RegExp(
        [
          'unknown argument\\(s\\) --seed',
          'DEMO_SEED must be 1 or 0',
          'DEMO_SEED_VALUE must be a whole number',
          `DEMO_BRANCHES must be a whole number from 1 to ${MAX_BRANCHES}`,
          'DEMO_MONTHS must be a whole number from 1 to 120',
          'DEMO_SCALE must be a number above 0 and at most 10',
        ].join('[^]*'),
      ),
    );
  });
});
