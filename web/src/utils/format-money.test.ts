import { describe, expect, it } from 'vitest';

import { fenToYuanText, formatFen, yuanToFen } from './format-money';

describe('money', () => {
  it('shows fen as yuan with the ¥ sign, grouping and two decimals in both languages', () => {
    expect(formatFen(123_450, 'zh-CN')).toBe('¥1,234.50');
    expect(formatFen(123_450, 'en')).toBe('¥1,234.50');
    expect(formatFen(80_000, 'en')).toBe('¥800.00');
    expect(formatFen(0, 'zh-CN')).toBe('¥0.00');
  });

  it('reads yuan as fen without floating-point drift', () => {
    expect(yuanToFen('1234.5')).toBe(123_450);
    expect(yuanToFen('0.29')).toBe(29);
    expect(yuanToFen(19.99)).toBe(1999);
    expect(yuanToFen('1,000')).toBe(100_000);
    for (const bad of ['', '1.234', '-1', 'abc', '1e3']) expect(yuanToFen(bad)).toBeNull();
  });

  it('writes fen as the text of a yuan input', () => {
    expect(fenToYuanText(123_405)).toBe('1234.05');
  });
});
