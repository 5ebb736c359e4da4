/**
 * Language choice and catalogue lookup, free of any UI framework.
 *
 * UI strings live in flat catalogues (`src/i18n/<lang>.json`) whose values
 * may hold `{name}` placeholders. A missing key falls back to English; a
 * number parameter is formatted for the chosen locale.
 */
import type { Text } from "../api";

export const LANGUAGES = ["en", "bg", "ar"] as const;
export type Language = (typeof LANGUAGES)[number];

export type Catalogue = Record<string, string>;
export type Params = Record<string, string | number>;

const RTL_LANGUAGES = new Set(["ar", "fa", "he", "ur", "ps", "ckb", "yi", "dv"]);

/** The primary subtag of a BCP 47 tag, lower case ("ar-SY" -> "ar"). */
export function primaryTag(tag: string): string {
  return tag.trim().split(/[-_]/)[0]?.toLowerCase() ?? "";
}

/** The supported language of a tag, if any. */
export function supportedLanguage(tag: string | null | undefined): Language | null {
  if (!tag) return null;
  const primary = primaryTag(tag);
  return (LANGUAGES as readonly string[]).includes(primary) ? (primary as Language) : null;
}

/**
 * The language to show: the person's choice when set and supported, else the
 * first supported language the system prefers, else English.
 */
export function resolveLanguage(
  chosen: string | null,
  systemPreferred: readonly string[],
): Language {
  const fromChoice = supportedLanguage(chosen);
  if (fromChoice) return fromChoice;
  for (const tag of systemPreferred) {
    const language = supportedLanguage(tag);
    if (language) return language;
  }
  return "en";
}

/** True when the language is written right to left. */
export function isRtl(tag: string): boolean {
  return RTL_LANGUAGES.has(primaryTag(tag));
}

/** Text direction for `<html dir>`. */
export function directionOf(tag: string): "rtl" | "ltr" {
  return isRtl(tag) ? "rtl" : "ltr";
}

/** The Intl locale used for numbers and dates of a UI language. */
export function localeOf(language: Language): string {
  switch (language) {
    case "en":
      return "en-GB";
    case "bg":
      return "bg-BG";
    case "ar":
      return "ar";
  }
}

/** `{name}` placeholders in a catalogue value, sorted and without repeats. */
export function placeholdersOf(template: string): string[] {
  const names = new Set<string>();
  for (const match of template.matchAll(/\{(\w+)\}/g)) names.add(match[1] as string);
  return [...names].sort();
}

/** Fills `{name}` placeholders; numbers go through `formatNumber`. Unknown ones stay visible. */
export function interpolate(
  template: string,
  params: Params | undefined,
  formatNumber: (n: number) => string = String,
): string {
  if (!params) return template;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const value = params[name];
    if (value === undefined) return whole;
    return typeof value === "number" ? formatNumber(value) : value;
  });
}

/** Looks up `key` in the language's catalogue, then in English, else shows the key. */
export function translate(
  catalogues: Record<Language, Catalogue>,
  language: Language,
  key: string,
  params?: Params,
  formatNumber?: (n: number) => string,
): string {
  const template = catalogues[language][key] ?? catalogues.en[key] ?? key;
  return interpolate(template, params, formatNumber);
}

/** A template text in the language, falling back to the English source. */
export function textIn(text: Text | null | undefined, language: string): string {
  if (!text) return "";
  const translated = text.tr?.[language];
  return translated && translated.trim() !== "" ? translated : text.en;
}
