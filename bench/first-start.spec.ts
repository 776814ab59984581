import { rateByTenth, rateByWindow, Sample } from './first-start.bench';

describe('first start: the seed rate over time', () => {
  // 100 commands a second for 5 s, then 50 a second for 10 s: 1,000 commands, sampled every second.
  const samples: Sample[] = Array.from({ length: 16 }, (_, t) => ({ t: 10 + t, commands: t <= 5 ? t * 100 : 500 + (t - 5) * 50 }));

  it('gives the rate of each tenth of the commands, so a slowdown as the store grows shows', () => {
    expect(rateByTenth(samples, 10, 1000)).toEqual([100, 100, 100, 100, 100, 50, 50, 50, 50, 50]);
  });

  it('gives the rate of each window of time, the last one shorter', () => {
    expect(rateByWindow(samples, 10, 25, 4)).toEqual([100, 62.5, 50, 50]);
  });

  it('has no rate for a tenth the samples never reached', () => {
    expect(rateByTenth(samples.slice(0, 6), 10, 1000).slice(4)).toEqual([100, null, null, null, null, null]);
  });
});
