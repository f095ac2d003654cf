import { matchesNamePattern } from '../src/image-build/image-build-parameters';
import { parseMaxWaitHours } from '../src/image-build/image-build-settings';

describe('maximum wait setting', () => {
  it('accepts whole and fractional hours below CodePipeline’s 24-hour limit', () => {
    expect(parseMaxWaitHours('4')).toBe(4);
    expect(parseMaxWaitHours('0.5')).toBe(0.5);
    expect(parseMaxWaitHours('23.5')).toBe(23.5);
  });

  it.each(['0', '-1', '24', 'four', ''])('refuses %j at module load rather than waiting forever', (raw) => {
    expect(() => parseMaxWaitHours(raw)).toThrow(/MAX_WAIT_HOURS must be a number of hours above 0 and below 24/);
  });
});

describe('image pipeline name pattern', () => {
  it('matches names with IAM-style wildcards', () => {
    expect(matchesNamePattern('runway-app-qat', 'runway-*')).toBe(true);
    expect(matchesNamePattern('runway-app-qat', 'runway-app-???')).toBe(true);
    expect(matchesNamePattern('runway-app-qat', 'runway-app-qat')).toBe(true);
  });

  it('matches the whole name, not a part of it', () => {
    expect(matchesNamePattern('my-runway-app', 'runway-*')).toBe(false);
    expect(matchesNamePattern('runway-app-qat', 'runway-app')).toBe(false);
  });

  it('treats regular expression characters in the pattern literally', () => {
    expect(matchesNamePattern('runway_app', 'runway.app')).toBe(false);
    expect(matchesNamePattern('runway.app', 'runway.app')).toBe(true);
  });
});
