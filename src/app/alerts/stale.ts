/**
 * Data that end long before an evaluation: a rule judges the last days or months the loaded data
 * cover, and says how far behind they are, so that a quiet rule is not read as quiet days since.
 */

/** Days after which the data's last day is named as stale in a rule's note. */
export const STALE_DAYS = 62;

/** How many days `lastDay` (YYYY-MM-DD) lies before `now` when more than STALE_DAYS; else null. */
export function staleDays(lastDay: string, now: Date): number | null {
  const behind = Math.floor((now.getTime() - Date.parse(`${lastDay}T00:00:00Z`)) / 86_400_000);
  return behind > STALE_DAYS ? behind : null;
}
