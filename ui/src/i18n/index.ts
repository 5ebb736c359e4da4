/**
 * The UI's string catalogues and a translator bound to one language.
 * Components get it from `useI18n()` (components/I18n.tsx).
 *
 * English is the fallback and part of the entry chunk. Every other language's
 * catalogue is loaded with `import()` when it is chosen or restored at start
 * (`loadCatalogue`), so the build has one small chunk per language and a
 * phone downloads only the language in use; the browser app's service worker
 * still keeps every chunk, so a language can be switched to offline.
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
import en from "./en.json";

/** The English catalogue: the fallback of every other, always loaded. */
export const english: Catalogue = en;

/** Loads a catalogue's chunk. */
export type CatalogueLoader = () => Promise<Catalogue>;

/** The catalogues of one run: English from the start, the others once loaded. */
export interface CatalogueStore {
  /** The languages that have a catalogue (English and each loader's). */
  readonly languages: readonly Language[];
  /** The language's catalogue when it has been loaded; English always is. */
  get(language: Language): Catalogue | undefined;
  /**
   * Loads the language's catalogue once; resolves true when it is there,
   * false when it cannot be loaded (the UI then stays in English). Never rejects.
   */
  load(language: Language): Promise<boolean>;
  /** Resolves once no catalogue is loading (the screens' tests wait for it). */
  idle(): Promise<void>;
}

/** A store over English and a loader per other language; a failed load may be tried again. */
export function createCatalogueStore(
  fallback: Catalogue,
  loaders: Record<Language, CatalogueLoader>,
): CatalogueStore {
  const loaded = new Map<Language, Catalogue>([["en", fallback]]);
  const pending = new Map<Language, Promise<boolean>>();
  return {
    languages: ["en", ...Object.keys(loaders).filter((code) => code !== "en")],
    get: (language) => loaded.get(language),
    load(language) {
      if (loaded.has(language)) return Promise.resolve(true);
      const started = pending.get(language);
      if (started) return started;
      const loader = loaders[language];
      if (!loader) return Promise.resolve(false);
      const loading = loader().then(
        (catalogue) => {
          loaded.set(language, catalogue);
          pending.delete(language);
          return true;
        },
        (error: unknown) => {
          console.warn(`cityaudit: the ${language} texts could not be loaded:`, error);
          pending.delete(language);
          return false;
        },
      );
      pending.set(language, loading);
      return loading;
    },
    async idle() {
      while (pending.size > 0) await Promise.all(pending.values());
    },
  };
}

/** One loader per catalogue file but English's; Vite makes each a chunk of its own. */
function loadersOf(files: Record<string, CatalogueLoader>): Record<Language, CatalogueLoader> {
  const loaders: Record<Language, CatalogueLoader> = {};
  for (const [path, load] of Object.entries(files)) {
    const code = /\/(\w+)\.json$/.exec(path)?.[1];
    if (code) loaders[code] = load;
  }
  return loaders;
}

/** The app's catalogues. */
export const catalogues: CatalogueStore = createCatalogueStore(
  english,
  loadersOf(
    import.meta.glob<Catalogue>(["./*.json", "!./en.json", "!./languages.json"], {
      import: "default",
    }),
  ),
);

/** True once the language's catalogue is loaded (English always is). */
export function hasCatalogue(language: Language, store: CatalogueStore = catalogues): boolean {
  return store.get(language) !== undefined;
}

/** Loads the language's catalogue; false when it cannot be (see `CatalogueStore.load`). */
export function loadCatalogue(language: Language, store: CatalogueStore = catalogues) {
  return store.load(language);
}

/** The translator of the language once its catalogue is loaded; English's when it cannot be. */
export async function loadTranslator(
  language: Language,
  store: CatalogueStore = catalogues,
): Promise<Translator> {
  await store.load(language);
  return createTranslator(language, store);
}

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

/**
 * The translator of a language whose catalogue is loaded. A language still
 * loading, or that failed to, gets English's translator: never a screen
 * half in one language and half in another.
 */
export function createTranslator(
  language: Language,
  store: CatalogueStore = catalogues,
): Translator {
  const loaded = store.get(languageInfo(language).code);
  const info = languageInfo(loaded ? language : "en");
  const fallback = store.get("en") ?? english;
  const inUse: Record<Language, Catalogue> = { en: fallback, [info.code]: loaded ?? fallback };
  const format = createFormatter(info.locale);
  const plurals = new Intl.PluralRules(info.locale);
  const selectPlural = (n: number) => plurals.select(n);
  const formatNumber = (value: number) => format.number(value);
  const lookup = (key: string, params?: Params) =>
    translate(inUse, info.code, key, params, formatNumber, selectPlural, format.digits);
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
      if (!(key in fallback)) return null;
      return lookup(key, paramsOf(details));
    },
  };
}
