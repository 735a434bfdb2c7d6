// Money is integer fen in the API (SPEC §6, §9) and shown as yuan: ¥1,234.50.

/** 123_450 fen → "¥1,234.50" in both languages (the currency is always the yuan). */
export function formatFen(fen: number, language: string): string {
  return new Intl.NumberFormat(language, {
    style: 'currency',
    currency: 'CNY',
    currencyDisplay: 'narrowSymbol',
    minimumFractionDigits: 2,
  }).format(fen / 100);
}

/**
 * "1234.5" or 1234.5 yuan → 123_450 fen, or null when it is not an amount of at most two
 * decimals. Parsed from the text, so no binary-floating-point rounding creeps in.
 */
export function yuanToFen(yuan: string | number | null | undefined): number | null {
  if (yuan === null || yuan === undefined) return null;
  const text = String(yuan).trim().replace(/,/g, '');
  const match = /^(\d{1,12})(?:\.(\d{1,2}))?$/.exec(text);
  if (!match) return null;
  const whole = Number(match[1]);
  const cents = Number((match[2] ?? '').padEnd(2, '0'));
  return whole * 100 + cents;
}

/** 123_450 fen → "1234.50": the value of a yuan input. */
export function fenToYuanText(fen: number): string {
  return `${Math.floor(fen / 100)}.${String(fen % 100).padStart(2, '0')}`;
}
