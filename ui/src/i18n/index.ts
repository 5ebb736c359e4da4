/**
 * The UI's string catalogues and a translator bound to one language.
 * Components get it from `useI18n()` (components/I18n.tsx).
 */
import type { Text } from "../api";
import {
  directionOf,
  localeOf,
  textIn,
  translate,
  type Catalogue,
  type Language,
  type Params,
} from "../logic/i18n";
import ar from "./ar.json";
import bg from "./bg.json";
import en from "./en.json";

export const catalogues: Record<Language, Catalogue> = { en, bg, ar };

export interface Translator {
  language: Language;
  /** Intl locale for numbers and dates. */
  locale: string;
  dir: "ltr" | "rtl";
  /** A UI string from the catalogue. */
  t(key: string, params?: Params): string;
  /** A template text (checklist, themes, groups) in this language. */
  text(text: Text | null | undefined): string;
  /** A number in this locale. */
  number(value: number, options?: Intl.NumberFormatOptions): string;
  /** The catalogue's text (`error.<code>`) for an error code of core; null when it has none. */
  errorText(code: string, details: unknown): string | null;
}

/** The text-or-number values of an error's details, as catalogue parameters. */
function paramsOf(details: unknown): Params {
  const params: Params = {};
  if (details && typeof details === "object") {
    for (const [key, value] of Object.entries(details)) {
      if (typeof value === "string" || typeof value === "number") params[key] = value;
    }
  }
  return params;
}

export function createTranslator(language: Language): Translator {
  const locale = localeOf(language);
  const numberFormat = new Intl.NumberFormat(locale);
  const formatNumber = (value: number) => numberFormat.format(value);
  return {
    language,
    locale,
    dir: directionOf(language),
    t: (key, params) => translate(catalogues, language, key, params, formatNumber),
    text: (text) => textIn(text, language),
    number: (value, options) =>
      options ? new Intl.NumberFormat(locale, options).format(value) : formatNumber(value),
    errorText: (code, details) => {
      const key = `error.${code}`;
      if (!(key in catalogues.en)) return null;
      return translate(catalogues, language, key, paramsOf(details), formatNumber);
    },
  };
}
