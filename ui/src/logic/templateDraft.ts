/**
 * Edits of a template set in the Prepare editor, as plain immutable updates:
 * a statement's text in one language, a statement added (no id: core numbers
 * it) or removed. Core checks the result (`check_template`); nothing is
 * decided here.
 */
import type { TemplateSet } from "../templateApi";
import type { Text } from "../api";

/** `text` with its wording in `language` replaced (`en` is the source). */
export function withWording(text: Text, language: string, wording: string): Text {
  if (language === "en") return { ...text, en: wording };
  const tr = { ...(text.tr ?? {}) };
  if (wording.trim() === "") delete tr[language];
  else tr[language] = wording;
  return { ...text, tr };
}

/** The wording of `text` in `language`, empty when it has none (no fallback: the editor shows gaps). */
export function wordingIn(text: Text, language: string): string {
  return language === "en" ? text.en : (text.tr?.[language] ?? "");
}

function mapSection(
  set: TemplateSet,
  area: number,
  change: (items: TemplateSet["checklist"]["sections"][number]["items"]) => typeof items,
): TemplateSet {
  const sections = set.checklist.sections.map((section, index) =>
    index === area ? { ...section, items: change(section.items) } : section,
  );
  return { ...set, checklist: { ...set.checklist, sections } };
}

/** The set with statement `item` of area `area` reworded in `language`. */
export function rewordStatement(
  set: TemplateSet,
  area: number,
  item: number,
  language: string,
  wording: string,
): TemplateSet {
  return mapSection(set, area, (items) =>
    items.map((it, index) =>
      index === item ? { ...it, text: withWording(it.text, language, wording) } : it,
    ),
  );
}

/** The set with a new, empty statement at the end of area `area`. */
export function addStatement(set: TemplateSet, area: number): TemplateSet {
  return mapSection(set, area, (items) => [...items, { id: "", text: { en: "" } }]);
}

/** The set without statement `item` of area `area`. */
export function removeStatement(set: TemplateSet, area: number, item: number): TemplateSet {
  return mapSection(set, area, (items) => items.filter((_, index) => index !== item));
}
