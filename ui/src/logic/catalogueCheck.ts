/**
 * What CI checks in a translated catalogue against English: the same keys
 * (none missing, none extra), no empty text, the same placeholders, no stray
 * brace, and plural choices that have a form for every whole number the
 * language's plural rules can pick (Czech 1, 3, 5 need one, few, other).
 */
import type { Catalogue } from "./i18n";
import { hasStrayBrace, placeholdersOf, pluralsOf } from "./message";

/** Whole numbers a count can take in the UI; enough to meet every integer category. */
const COUNTS = Array.from({ length: 201 }, (_, n) => n);

/** The problems of `catalogue` (a language at `locale`) against English, in words; empty when none. */
export function catalogueProblems(
  english: Catalogue,
  catalogue: Catalogue,
  locale: string,
): string[] {
  const problems: string[] = [];
  const rules = new Intl.PluralRules(locale);
  const categories = new Set<string>(rules.resolvedOptions().pluralCategories);
  for (const key of Object.keys(english)) {
    if (!(key in catalogue)) problems.push(`${key}: missing`);
  }
  for (const [key, value] of Object.entries(catalogue)) {
    const source = english[key];
    if (source === undefined) {
      problems.push(`${key}: not in English`);
      continue;
    }
    if (typeof value !== "string" || value.trim() === "") {
      problems.push(`${key}: empty`);
      continue;
    }
    const expected = placeholdersOf(source).join(", ");
    const found = placeholdersOf(value).join(", ");
    if (found !== expected)
      problems.push(`${key}: placeholders {${found}} instead of {${expected}}`);
    if (hasStrayBrace(value) && !hasStrayBrace(source)) problems.push(`${key}: stray brace`);
    for (const plural of pluralsOf(value)) {
      for (const selector of plural.selectors) {
        if (!selector.startsWith("=") && !categories.has(selector)) {
          problems.push(`${key}: plural form "${selector}" does not exist in ${locale}`);
        }
      }
      const needed = new Set(COUNTS.map((n) => rules.select(n)));
      for (const category of needed) {
        if (!plural.selectors.includes(category)) {
          problems.push(`${key}: plural form "${category}" missing for ${plural.name}`);
        }
      }
    }
  }
  return problems;
}
