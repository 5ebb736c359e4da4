/**
 * Dates and times of stop visits. A visit stores the instant (ms since the
 * epoch) and the device's UTC offset at that moment, so it is always shown
 * in the wall-clock time of the walk, wherever the report is read later.
 */

export { formatIsoDay, formatMoment, formatVisitTime, type VisitTime } from "./format";

const MINUTE = 60_000;

/** The device's UTC offset in minutes at `instant` (east of Greenwich is positive). */
export function deviceUtcOffsetMin(instant: number): number {
  const offset = -new Date(instant).getTimezoneOffset();
  return offset === 0 ? 0 : offset; // never -0
}

const pad = (n: number) => String(n).padStart(2, "0");

/** The `<input type="datetime-local">` value ("YYYY-MM-DDTHH:mm") of an instant at an offset. */
export function toDateTimeLocal(instant: number, utcOffsetMin: number): string {
  const d = new Date(instant + utcOffsetMin * MINUTE);
  return (
    `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}` +
    `T${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`
  );
}

/**
 * The instant of a "YYYY-MM-DDTHH:mm" wall-clock time at a given UTC offset,
 * or null when the text is not such a time.
 */
export function fromDateTimeLocal(value: string, utcOffsetMin: number): number | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::\d{2}(?:\.\d+)?)?$/.exec(value);
  if (!match) return null;
  const [year, month, day, hour, minute] = match.slice(1).map(Number) as [
    number,
    number,
    number,
    number,
    number,
  ];
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59) return null;
  const utc = Date.UTC(year, month - 1, day, hour, minute);
  const check = new Date(utc);
  if (check.getUTCDate() !== day) return null; // e.g. 31 February
  return utc - utcOffsetMin * MINUTE;
}

/**
 * A wall-clock time typed on this device, as the instant and the device's
 * offset at that time (which differs from now's across a daylight-saving change).
 */
export function deviceDateTime(value: string): { instant: number; utcOffsetMin: number } | null {
  const guess = fromDateTimeLocal(value, deviceUtcOffsetMin(Date.now()));
  if (guess === null) return null;
  const utcOffsetMin = deviceUtcOffsetMin(guess);
  const instant = fromDateTimeLocal(value, utcOffsetMin);
  return instant === null ? null : { instant, utcOffsetMin };
}
