import { bandName, describeParts, duration, percent } from '../src/lib/delivery-format';

describe('how the delivery page writes its numbers', () => {
  it.each([
    [null, '–'],
    [0, '0 min'],
    [45 * 60, '45 min'],
    [119 * 60, '119 min'],
    [2 * 3600, '2 h'],
    [5.25 * 3600, '5.3 h'],
    [47 * 3600, '47 h'],
    [3.5 * 86_400, '3.5 d'],
  ])('writes %p seconds as %p', (seconds, written) => {
    expect(duration(seconds)).toBe(written);
  });

  it('writes a rate as a whole percentage and no rate as a dash', () => {
    expect(percent(0.2)).toBe('20%');
    expect(percent(1 / 3)).toBe('33%');
    expect(percent(null)).toBe('–');
  });

  it('names each band in words, and says when there is none', () => {
    expect(bandName('elite')).toBe('Elite');
    expect(bandName('low')).toBe('Low');
    expect(bandName(null)).toBe('No band yet');
  });

  it('says the lead time parts in the order they happen', () => {
    expect(describeParts({ buildAndQat: 3600, waitingForQc: 5400, waitingForPmo: 7200, productionDeploy: 600 })).toBe(
      'Build & QAT 60 min, waiting for QC 90 min, waiting for PMO 2 h, production deploy 10 min',
    );
  });
});
