import { describe, expect, it } from "vitest";
import { catalogues as store } from "../i18n";
import { catalogueProblems } from "./catalogueCheck";
import { LANGUAGES, localeOf, type Catalogue } from "./i18n";
import { locationSourceKey } from "./location";
import { syncStateKey } from "./sync";
import { RECEIVED_VIA } from "../receivedApi";
import { LEGEND_KEYS } from "../components/map/drawing";

// Every catalogue read directly, whether or not the app has loaded it yet.
const catalogues: Record<string, Catalogue> = Object.fromEntries(
  Object.entries(
    import.meta.glob<Catalogue>(["../i18n/*.json", "!../i18n/languages.json"], {
      import: "default",
      eager: true,
    }),
  ).map(([path, catalogue]) => [/\/(\w+)\.json$/.exec(path)![1]!, catalogue]),
);
const english = catalogues.en!;
const translated = LANGUAGES.filter((l) => l !== "en");

describe("the catalogues", () => {
  it.each(translated)(
    "%s has exactly the keys and placeholders of English, and its plural forms",
    (language) => {
      expect(catalogueProblems(english, catalogues[language]!, localeOf(language))).toEqual([]);
    },
  );

  it("are one per language of the registry, and the registry lists each", () => {
    const files = import.meta.glob("../i18n/*.json");
    const onDisk = Object.keys(files)
      .map((path) => /\/(\w+)\.json$/.exec(path)![1]!)
      .filter((name) => name !== "languages")
      .sort();
    expect(onDisk).toEqual([...LANGUAGES].sort());
    expect(Object.keys(catalogues).sort()).toEqual([...LANGUAGES].sort());
    // The app can load each of them.
    expect([...store.languages].sort()).toEqual([...LANGUAGES].sort());
  });

  it.each(translated)("%s is translated, not English copied", (language) => {
    const same = Object.entries(english).filter(
      ([key, value]) =>
        catalogues[language]![key] === value && /\p{L}{3}/u.test(value.replace(/\{[^}]*\}/g, "")),
    );
    // A few words are the same in other languages ("Audit", "Server", "Photovoice"): at most 5 %.
    expect(same.length / Object.keys(english).length).toBeLessThan(0.05);
  });

  it.each(LANGUAGES)("%s has no empty strings", (language) => {
    for (const [key, value] of Object.entries(catalogues[language]!)) {
      expect({ key, empty: value.trim() === "" }).toEqual({ key, empty: false });
    }
  });

  it("has every key that the code asks for literally", () => {
    const files = import.meta.glob<string>(["../**/*.{ts,tsx}", "!../**/*.test.{ts,tsx}"], {
      query: "?raw",
      import: "default",
      eager: true,
    });
    const sources = Object.values(files);
    const used = new Set<string>();
    for (const source of sources) {
      for (const match of source.matchAll(/\bt\(\s*"([\w.]+)"/g)) used.add(match[1]!);
      for (const match of source.matchAll(/key: "([\w.]+)"/g)) used.add(match[1]!);
    }
    expect(used.size).toBeGreaterThan(50);
    expect([...used].filter((key) => !(key in english))).toEqual([]);
  });

  it("has the keys that are built at run time", () => {
    const built = [
      ...(["exif", "device", "manual"] as const).map((source) =>
        locationSourceKey({ lat: 0, lon: 0, accuracyM: null, source }),
      ),
      locationSourceKey(null),
      ...(["offline", "syncing", "upToDate", "error", "neverSynced"] as const).map(syncStateKey),
      "sync.state.waiting",
      ...["latitude", "longitude", "both"].map((problem) => `position.${problem}Invalid`),
      ...["participant", "facilitator"].map((role) => `settings.role.${role}`),
      ...RECEIVED_VIA.map((via) => `received.via.${via}`),
      // The map's legend keys come from core (MapFeatures.legend).
      ...Object.values(LEGEND_KEYS),
      ...[1, 2, 3, 4, 5].map((score) => `map.legend.score${score}`),
    ];
    expect(built.filter((key) => !(key in english))).toEqual([]);
  });
});
