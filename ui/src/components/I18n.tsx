import { createContext, type ComponentChildren } from "preact";
import { useContext } from "preact/hooks";
import { setErrorTranslator } from "../api";
import { createTranslator, type Translator } from "../i18n";

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
