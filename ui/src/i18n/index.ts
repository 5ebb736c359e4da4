/**
 * The UI's string catalogues and a translator bound to one language.
 * Components get it from `useI18n()` (components/I18n.tsx).
 *
 * Every language of `languages.json` has a catalogue here (a test checks
 * both ways). Template texts (checklist, themes, groups) come from core's
 * templates and may lack a language the UI has: `text()` then shows the
 * English source.
 */
import type { Text } from "../api";
import { createFormatter, type Formatter } from "../logic/format";
import {
  directionOf,
  languageInfo,
  textIn,
  translate,
  type Catalogue,
  type Language,
  type Params,
} from "../logic/i18n";
import ar from "./ar.json";
import bg from "./bg.json";
import en from "./en.json";
import it from "./it.json";
import hr from "./hr.json";
import sk from "./sk.json";
import cs from "./cs.json";
import uk from "./uk.json";

/** Each language's catalogue by code; the listed ones are typed so `catalogues.en` needs no check. */
export const catalogues: Record<"en" | "bg" | "ar", Catalogue> & Record<Language, Catalogue> = {
  en,
  bg,
  ar,
  cs,
  sk,
  hr,
  it,
  uk,
};

export interface Translator {
  language: Language;
  /** The language's name in itself. */
  name: string;
  /** False while the catalogue is a machine draft no native speaker has reviewed. */
  reviewed: boolean;
  /** Intl locale for numbers and dates. */
  locale: string;
  dir: "ltr" | "rtl";
  /** Numbers, figures, dates and times in this locale. */
  format: Formatter;
  /** A UI string from the catalogue. */
  t(key: string, params?: Params): string;
  /** A template text (checklist, themes, groups) in this language, else in English. */
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
  const info = languageInfo(language);
  const format = createFormatter(info.locale);
  const plurals = new Intl.PluralRules(info.locale);
  const selectPlural = (n: number) => plurals.select(n);
  const formatNumber = (value: number) => format.number(value);
  const lookup = (key: string, params?: Params) =>
    translate(catalogues, info.code, key, params, formatNumber, selectPlural, format.digits);
  return {
    language: info.code,
    name: info.name,
    reviewed: info.reviewed,
    locale: info.locale,
    dir: directionOf(info.code),
    format,
    t: lookup,
    text: (text) => textIn(text, info.code),
    number: format.number,
    errorText: (code, details) => {
      const key = `error.${code}`;
      if (!(key in catalogues.en)) return null;
      return lookup(key, paramsOf(details));
    },
  };
}
