import { formatKib, formatMs, formatRatio, markdownTable, marked } from '../table';

describe('bench tables', () => {
  const columns = [{ header: 'function' }, { header: 'ms', align: 'right' as const }];

  it('writes a Markdown table with right-aligned numeric columns and escaped pipes', () => {
    expect(markdownTable(columns, [['a|b', '1.0']])).toBe(
      ['| function | ms |', '| --- | ---: |', '| a\\|b | 1.0 |'].join('\n'),
    );
  });

  it('formats milliseconds, ratios and KiB, with a dash for unknown values', () => {
    expect(formatMs(81.25)).toBe('81.3');
    expect(formatMs(Number.NaN)).toBe('–');
    expect(formatRatio(3.8234)).toBe('3.82×');
    expect(formatRatio(undefined)).toBe('–');
    expect(formatKib(141_217)).toBe('137.9');
  });

  it('marks a missed target with ✗ and a met one with ✓, a skipped one not at all', () => {
    expect(marked('3.82×', 'missed')).toBe('3.82× ✗');
    expect(marked('1.20×', 'met')).toBe('1.20× ✓');
    expect(marked('–', 'skipped')).toBe('–');
  });
});
