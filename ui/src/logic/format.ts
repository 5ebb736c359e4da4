/**
 * Every number, figure, date and time the UI shows is written here, with
 * Intl and the active language's locale (`languages.json`). Arabic's locale
 * carries `-u-nu-arab`, so counts, scores, percentages, dates and times all
 * come out in Arabic-Indic digits together, whatever the browser's default
 * numbering for plain `ar` is.
 */

/** A stop visit's date, time and weekday, as shown. */
export interface VisitTime {
  /** e.g. "22 November 2025" */
  date: string;
  /** e.g. "14:05" */
  time: string;
  /** Day of the walk, e.g. "Saturday" */
  weekday: string;
}

const MINUTE = 60_000;

/** A number in the locale (a count, a score, a coordinate…). */
export function formatNumber(
  value: number,
  locale: string,
  options?: Intl.NumberFormatOptions,
): string {
  return new Intl.NumberFormat(locale, options).format(value);
}

/** A mean or other figure with two decimals in the locale; an en dash when there is none. */
export function formatFigure(value: number | null, locale: string, digits = 2): string {
  if (value === null || !Number.isFinite(value)) return "–";
  return formatNumber(value, locale, {
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  });
}

/** A change with its sign (+0.40, −0.25, ±0.00); an en dash when there is none. */
export function formatChange(change: number | null, locale: string): string {
  if (change === null || !Number.isFinite(change)) return "–";
  const rounded = Math.round(change * 100) / 100;
  if (rounded === 0) return `±${formatFigure(0, locale)}`;
  return formatNumber(rounded, locale, {
    minimumFractionDigits: 2,
    maximumFractionDigits: 2,
    signDisplay: "always",
  });
}

/** The visit's date, time and weekday in `locale`, at the walk's own UTC offset. */
export function formatVisitTime(
  visitedAt: number,
  utcOffsetMin: number,
  locale: string,
): VisitTime {
  const wallClock = new Date(visitedAt + utcOffsetMin * MINUTE);
  const options = { timeZone: "UTC" } as const;
  return {
    date: new Intl.DateTimeFormat(locale, { ...options, dateStyle: "long" }).format(wallClock),
    time: new Intl.DateTimeFormat(locale, {
      ...options,
      hour: "2-digit",
      minute: "2-digit",
    }).format(wallClock),
    weekday: new Intl.DateTimeFormat(locale, { ...options, weekday: "long" }).format(wallClock),
  };
}

/** A moment such as the last sync, short: time today, else date and time. */
export function formatMoment(instant: number, now: number, locale: string): string {
  const when = new Date(instant);
  const sameDay = new Date(now).toDateString() === when.toDateString();
  const format = sameDay
    ? new Intl.DateTimeFormat(locale, { hour: "2-digit", minute: "2-digit" })
    : new Intl.DateTimeFormat(locale, { dateStyle: "medium", timeStyle: "short" });
  return format.format(when);
}

/** A "YYYY-MM-DD" day (such as an audit's first day) in `locale`; other text is shown as it is. */
export function formatIsoDay(day: string, locale: string): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day.trim());
  if (!match) return day;
  const instant = Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]));
  if (new Date(instant).getUTCDate() !== Number(match[3])) return day;
  return new Intl.DateTimeFormat(locale, { timeZone: "UTC", dateStyle: "long" }).format(instant);
}

/** A number written in a text, not inside a word or code such as "MC3D-Z24Q". */
const NUMBER_IN_TEXT = /(?<![\p{L}\d])\d+(?:\.\d+)?(?![\p{L}\d])/gu;

/**
 * A catalogue text with its own numbers ("from 1 to 5") in the locale's
 * digits, so they match the numbers filled in; unchanged where the locale
 * writes Latin digits. Digits inside words and codes stay as they are.
 */
export function localizeDigits(text: string, locale: string): string {
  const numbering = new Intl.NumberFormat(locale).resolvedOptions().numberingSystem;
  if (numbering === "latn") return text;
  return text.replace(NUMBER_IN_TEXT, (digits) => {
    const decimals = digits.split(".")[1]?.length ?? 0;
    return formatNumber(Number(digits), locale, {
      useGrouping: false,
      minimumFractionDigits: decimals,
      maximumFractionDigits: decimals,
    });
  });
}

/** The formatters of one locale, as the screens get them from `useI18n()`. */
export interface Formatter {
  /** The Intl locale, e.g. "cs-CZ" or "ar-u-nu-arab". */
  locale: string;
  number(value: number, options?: Intl.NumberFormatOptions): string;
  /** A statistic with fixed decimals (mean, SD), or an en dash. */
  figure(value: number | null, digits?: number): string;
  /** A signed change against an earlier audit, or an en dash. */
  change(value: number | null): string;
  /** A position in a list, e.g. "3." before a statement. */
  listNumber(position: number): string;
  /** A "YYYY-MM-DD" day, written out. */
  isoDay(day: string): string;
  /** An instant relative to now (time today, else date and time). */
  moment(instant: number, now: number): string;
  visitTime(visitedAt: number, utcOffsetMin: number): VisitTime;
  /** A text's own numbers in the locale's digits (see `localizeDigits`). */
  digits(text: string): string;
}

/** The formatters of `locale`; plain numbers share one Intl.NumberFormat. */
export function createFormatter(locale: string): Formatter {
  const plain = new Intl.NumberFormat(locale);
  const number = (value: number, options?: Intl.NumberFormatOptions) =>
    options ? formatNumber(value, locale, options) : plain.format(value);
  const latin = plain.resolvedOptions().numberingSystem === "latn";
  return {
    locale,
    number,
    figure: (value, digits) => formatFigure(value, locale, digits),
    change: (value) => formatChange(value, locale),
    listNumber: (position) => `${number(position)}.`,
    isoDay: (day) => formatIsoDay(day, locale),
    moment: (instant, now) => formatMoment(instant, now, locale),
    visitTime: (visitedAt, offset) => formatVisitTime(visitedAt, offset, locale),
    digits: (text) => (latin ? text : localizeDigits(text, locale)),
  };
}
