import { lagProblem, readinessLimitsFromEnv } from './readiness.settings';

describe('readiness lag limits', () => {
  it('are off unless set, and accept whole numbers in range', () => {
    expect(readinessLimitsFromEnv({})).toEqual({ maxLagEvents: undefined, maxLagSeconds: undefined });
    expect(readinessLimitsFromEnv({ READINESS_MAX_LAG_EVENTS: '5000', READINESS_MAX_LAG_SECONDS: ' 300 ' })).toEqual({
      maxLagEvents: 5000,
      maxLagSeconds: 300,
    });
  });

  it.each([
    ['READINESS_MAX_LAG_EVENTS', '0'],
    ['READINESS_MAX_LAG_EVENTS', '100001'],
    ['READINESS_MAX_LAG_EVENTS', '1.5'],
    ['READINESS_MAX_LAG_SECONDS', 'ten'],
    ['READINESS_MAX_LAG_SECONDS', '604801'],
  ])('refuse %s=%s at start, naming the variable', (name, value) => {
    expect(() => readinessLimitsFromEnv({ [name]: value })).toThrow(new RegExp(`^${name} must be a whole number from 1 to`));
  });

  it('say how far past a limit the projector is; nothing within it, without a limit, or without a known lag', () => {
    const limits = { maxLagEvents: 100, maxLagSeconds: 60 };
    expect(lagProblem({ events: 100, seconds: 60 }, limits)).toBeUndefined();
    expect(lagProblem({ events: 101, seconds: 5 }, limits)).toBe('the projector is 101 events behind (READINESS_MAX_LAG_EVENTS=100) the event store');
    expect(lagProblem({ events: 500, seconds: 61 }, limits)).toBe(
      'the projector is 500 events behind (READINESS_MAX_LAG_EVENTS=100) and 61 s behind (READINESS_MAX_LAG_SECONDS=60) the event store',
    );
    expect(lagProblem({ events: 10_000, seconds: 9_999 }, {})).toBeUndefined();
    expect(lagProblem({ events: null, seconds: null }, limits)).toBeUndefined();
  });
});
