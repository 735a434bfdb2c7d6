import { describe, expect, it } from 'vitest';

import { hoursHistogram, shortTitle } from './components/records-charts';
import { formatDuration, formatHours } from './format';

describe('training formats', () => {
  it('shows durations as the manual does and hours by locale', () => {
    expect(formatDuration(2_144_000)).toBe('00:35:44');
    expect(formatDuration(0)).toBe('00:00:00');
    expect(formatDuration(150 * 3_600_000)).toBe('150:00:00');
    expect(formatHours(8_400_000, 'zh-CN')).toBe('2.33');
    expect(formatHours(5_000 * 3_600_000, 'en')).toBe('5,000');
  });

  it('bins students by whole hours, the last bin taking the rest', () => {
    const h = 3_600_000;
    expect(hoursHistogram([])).toEqual([]);
    expect(hoursHistogram([0.5 * h, 1.2 * h, 1.9 * h])).toEqual([
      { range: '0–1', students: 1 },
      { range: '1–2', students: 2 },
    ]);
    expect(hoursHistogram([20 * h, 0], 3)).toEqual([
      { range: '0–1', students: 1 },
      { range: '1–2', students: 0 },
      { range: '≥2', students: 1 },
    ]);
  });
});

describe('shortTitle', () => {
  it('cuts a session title under the chart, keeping short ones whole', () => {
    expect(shortTitle('第一讲：平台规则与选品方法', 6)).toBe('第一讲：平…');
    expect(shortTitle('开班仪式', 6)).toBe('开班仪式');
    expect(shortTitle('Session one', 10)).toBe('Session o…');
  });
});
