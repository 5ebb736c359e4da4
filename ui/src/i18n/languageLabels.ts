/**
 * A build plugin (both Vite configs, and the tests through `vite.config.ts`):
 * the virtual module `virtual:cityaudit-language-labels` holds each UI
 * language's word for "Language" (`language.label` of its catalogue), read
 * from the catalogues at build time. The language picker shows them all, so
 * someone who cannot read the language in use finds it, without the entry
 * chunk carrying every catalogue (those load per language, i18n/index.ts).
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { Plugin } from "vite";

/** The module's name, as the picker imports it. */
export const LANGUAGE_LABELS_MODULE = "virtual:cityaudit-language-labels";
const RESOLVED = `\0${LANGUAGE_LABELS_MODULE}`;

/** The plugin that provides `virtual:cityaudit-language-labels`. */
export function languageLabels(): Plugin {
  const fileOf = (name: string) => fileURLToPath(new URL(`./${name}.json`, import.meta.url));
  const read = (name: string): unknown => JSON.parse(readFileSync(fileOf(name), "utf8"));
  return {
    name: "cityaudit-language-labels",
    resolveId: (id) => (id === LANGUAGE_LABELS_MODULE ? RESOLVED : null),
    load(id) {
      if (id !== RESOLVED) return null;
      const labels: Record<string, string> = {};
      for (const { code } of read("languages") as { code: string }[]) {
        this.addWatchFile(fileOf(code));
        const label = (read(code) as Record<string, unknown>)["language.label"];
        if (typeof label !== "string") this.error(`${code}.json has no "language.label"`);
        labels[code] = label;
      }
      return `export default ${JSON.stringify(labels)};\n`;
    },
  };
}
