/**
 * A text core sends as a catalogue key and its arguments (core's `Phrase`),
 * for the UI to word in its own language.
 */
import type { Phrase } from "../generated/contract";
import type { Params } from "./i18n";

/** A whole or decimal number as core writes it (`9`, `-2`, `2.5`). */
const NUMBER = /^-?\d+(\.\d+)?$/;

/**
 * The phrase's arguments as translation parameters: numbers as numbers, so
 * they are written in the language's digits; any other text as given.
 */
export function phraseParams(args: Record<string, string | undefined>): Params {
  const params: Params = {};
  for (const [name, value] of Object.entries(args)) {
    if (value === undefined) continue;
    params[name] = NUMBER.test(value) ? Number(value) : value;
  }
  return params;
}

/** The phrase in the language of `t` (a translator's `t`). */
export function wordPhrase(t: (key: string, params?: Params) => string, phrase: Phrase): string {
  return t(phrase.key, phraseParams(phrase.args));
}
