/** Milliseconds as hours, to two decimals (study time is counted in ms by the API). */
export function msToHours(ms: number): number {
  return Math.round((ms / 3_600_000) * 100) / 100;
}
