import { createContext, type ComponentChildren } from "preact";
import { useContext, useEffect, useMemo, useRef, useState } from "preact/hooks";
import { setErrorTranslator } from "../api";
import {
  catalogues,
  createTranslator,
  hasCatalogue,
  loadTranslator,
  type CatalogueStore,
  type Translator,
} from "../i18n";
import type { Language } from "../logic/i18n";

const I18nContext = createContext<Translator>(createTranslator("en"));

/** Gives the screens the translator; failures from core are worded in its language too. */
export function I18nProvider(props: { translator: Translator; children: ComponentChildren }) {
  setErrorTranslator(props.translator.errorText);
  return <I18nContext.Provider value={props.translator}>{props.children}</I18nContext.Provider>;
}

/** The translator of the language in use. */
export function useI18n(): Translator {
  return useContext(I18nContext);
}

/**
 * The translator of `wanted` as soon as its catalogue is loaded (at once when
 * it already is). While it loads, the language shown before stays, so no
 * screen is ever half translated; before any language has been shown it is
 * null (the app shows nothing yet). A catalogue that cannot be loaded leaves
 * the UI in English.
 */
export function useTranslator(
  wanted: Language,
  store: CatalogueStore = catalogues,
): Translator | null {
  const [failed, setFailed] = useState<{ wanted: Language; translator: Translator } | null>(null);
  const [, setArrived] = useState<Language | null>(null);
  const loaded = hasCatalogue(wanted, store);
  const ready = useMemo(
    () => (loaded ? createTranslator(wanted, store) : null),
    [wanted, loaded, store],
  );
  useEffect(() => {
    if (hasCatalogue(wanted, store)) return;
    let current = true;
    void loadTranslator(wanted, store).then((translator) => {
      if (!current) return;
      if (translator.language === wanted) setArrived(wanted);
      else setFailed({ wanted, translator });
    });
    return () => {
      current = false;
    };
  }, [wanted, store]);
  const shown = useRef<Translator | null>(null);
  const translator = ready ?? (failed?.wanted === wanted ? failed.translator : shown.current);
  shown.current = translator;
  return translator;
}
