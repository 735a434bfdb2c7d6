// How the training feature shows times: hours by locale and durations as the manual shows
// them (直播总时长 00:35:44). Money (fen as ¥1,234.50) is `utils/format-money.ts`.

const msPerHour = 3_600_000;

/** 5_400_000 → "1.5" (zh-CN and en alike, grouped by locale for large values). */
export function formatHours(ms: number, language: string): string {
  return new Intl.NumberFormat(language, { maximumFractionDigits: 2 }).format(ms / msPerHour);
}

/** 2_144_000 → "00:35:44"; hours grow past 99 as needed. */
export function formatDuration(ms: number): string {
  const total = Math.max(0, Math.round(ms / 1000));
  const hours = Math.floor(total / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const seconds = total % 60;
  return [hours, minutes, seconds].map((n) => String(n).padStart(2, '0')).join(':');
}

export function hoursToMs(hours: number): number {
  return Math.round(hours * msPerHour);
}

export function msToHours(ms: number): number {
  return ms / msPerHour;
}
