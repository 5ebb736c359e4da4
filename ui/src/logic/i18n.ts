/**
 * Language choice and catalogue lookup, free of any UI framework.
 *
 * The languages are data (`src/i18n/languages.json`): code, own name,
 * Intl locale, direction, and whether a native speaker has reviewed the
 * catalogue. UI strings live in flat catalogues (`src/i18n/<code>.json`)
 * whose values are messages (logic/message.ts): `{name}` placeholders and
 * plural choices. A missing key falls back to English; a number parameter is
 * formatted for the chosen locale.
 */
import type { Text } from "../api";
import registry from "../i18n/languages.json";
import { formatMessage, type MessageLocale } from "./message";

export { placeholdersOf } from "./message";

/** A language of the UI as `languages.json` lists it. */
export interface LanguageInfo {
  /** BCP 47 primary tag, also the catalogue's file name. */
  code: string;
  /** The language's name in itself ("Čeština"), as the picker shows it. */
  name: string;
  /** Intl locale for numbers, dates and plural rules. */
  locale: string;
  dir: "ltr" | "rtl";
  /** False until a native speaker has reviewed the catalogue: the UI then says it is machine-drafted. */
  reviewed: boolean;
}

/** The UI's languages in the picker's order; English first. */
export const LANGUAGE_INFO: readonly LanguageInfo[] = registry as LanguageInfo[];

/** The codes of the UI's languages. */
export const LANGUAGES: readonly string[] = LANGUAGE_INFO.map((language) => language.code);

/** A code listed in `languages.json` (checked by `supportedLanguage`). */
export type Language = string;

export type Catalogue = Record<string, string>;
export type Params = Record<string, string | number>;

const RTL_LANGUAGES = new Set(["ar", "fa", "he", "ur", "ps", "ckb", "yi", "dv"]);

/** The registry entry of a language; English for a code that is not listed. */
export function languageInfo(language: Language): LanguageInfo {
  return (
    LANGUAGE_INFO.find((info) => info.code === language) ??
    (LANGUAGE_INFO.find((info) => info.code === "en") as LanguageInfo)
  );
}

/** The primary subtag of a BCP 47 tag, lower case ("ar-SY" -> "ar"). */
export function primaryTag(tag: string): string {
  return tag.trim().split(/[-_]/)[0]?.toLowerCase() ?? "";
}

/** The supported language of a tag, if any. */
export function supportedLanguage(tag: string | null | undefined): Language | null {
  if (!tag) return null;
  const primary = primaryTag(tag);
  return LANGUAGES.includes(primary) ? primary : null;
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

/** Text direction for `<html dir>`: the registry's for a UI language, else by the tag. */
export function directionOf(tag: string): "rtl" | "ltr" {
  const listed = LANGUAGE_INFO.find((info) => info.code === primaryTag(tag));
  if (listed) return listed.dir;
  return isRtl(tag) ? "rtl" : "ltr";
}

/** The Intl locale used for numbers, dates and plural rules of a UI language. */
export function localeOf(language: Language): string {
  return languageInfo(language).locale;
}

/**
 * Fills placeholders and plural choices; numbers go through `formatNumber`,
 * the message's own text through `localizeText`. Unknown placeholders stay visible.
 */
export function interpolate(
  template: string,
  params: Params | undefined,
  formatNumber: (n: number) => string = String,
  selectPlural: (n: number) => string = (n) => (n === 1 ? "one" : "other"),
  localizeText?: (text: string) => string,
): string {
  const locale: MessageLocale = { formatNumber, selectPlural };
  if (localizeText) locale.localizeText = localizeText;
  return formatMessage(template, params, locale);
}

/** Looks up `key` in the language's catalogue, then in English, else shows the key. */
export function translate(
  catalogues: Record<Language, Catalogue>,
  language: Language,
  key: string,
  params?: Params,
  formatNumber?: (n: number) => string,
  selectPlural?: (n: number) => string,
  localizeText?: (text: string) => string,
): string {
  const template = catalogues[language]?.[key] ?? catalogues.en?.[key] ?? key;
  return interpolate(template, params, formatNumber, selectPlural, localizeText);
}

/** A template text in the language, falling back to the English source. */
export function textIn(text: Text | null | undefined, language: string): string {
  if (!text) return "";
  const translated = text.tr?.[language];
  return translated && translated.trim() !== "" ? translated : text.en;
}
