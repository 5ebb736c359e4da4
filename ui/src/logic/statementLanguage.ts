/**
 * A template language the app's screens do not have (a city added Persian
 * to its checklist, say): a participant can read the statements, themes and
 * groups in it while buttons and help stay in the app's language.
 */
import type { AuditView, Text } from "../api";
import type { Translator } from "../i18n";
import { LANGUAGES } from "./i18n";

/** The audit's template languages the app has no screens in, in the template's order. */
export function extraTemplateLanguages(audit: AuditView | null): string[] {
  if (!audit) return [];
  const tags = new Set([
    ...Object.keys(audit.checklist?.translations ?? {}),
    ...Object.keys(audit.photovoice?.translations ?? {}),
  ]);
  return [...tags].filter((tag) => !LANGUAGES.includes(tag));
}

/** The translator whose template texts come in `tag` where a text has it. */
export function withStatementLanguage(translator: Translator, tag: string | null): Translator {
  if (!tag) return translator;
  return {
    ...translator,
    text: (text: Text | null | undefined) => {
      const chosen = text?.tr?.[tag];
      return chosen && chosen.trim() !== "" ? chosen : translator.text(text);
    },
  };
}

/** A language tag's name in `locale` (`fa` → "Persian" in English), else the tag. */
export function languageName(tag: string, locale: string): string {
  try {
    return new Intl.DisplayNames([locale], { type: "language" }).of(tag) ?? tag;
  } catch {
    return tag;
  }
}

/** A language's name in itself (`fa` → "فارسی"), else the tag. */
export const ownName = (tag: string): string => languageName(tag, tag);
