import { describe, expect, it } from "vitest";
import { catalogues } from "../i18n";
import { LANGUAGES, placeholdersOf } from "./i18n";
import { locationSourceKey } from "./location";
import { syncStateKey } from "./sync";
import { RECEIVED_VIA } from "../receivedApi";
import { LEGEND_KEYS } from "../components/map/drawing";

const english = catalogues.en;

describe("the catalogues", () => {
  it.each(LANGUAGES.filter((l) => l !== "en"))("%s has exactly the keys of English", (language) => {
    expect(Object.keys(catalogues[language]).sort()).toEqual(Object.keys(english).sort());
  });

  it.each(LANGUAGES.filter((l) => l !== "en"))(
    "%s uses the same placeholders as English",
    (language) => {
      for (const [key, value] of Object.entries(english)) {
        expect({ key, placeholders: placeholdersOf(catalogues[language][key] ?? "") }).toEqual({
          key,
          placeholders: placeholdersOf(value),
        });
      }
    },
  );

  it.each(LANGUAGES)("%s has no empty strings", (language) => {
    for (const [key, value] of Object.entries(catalogues[language])) {
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
      ...LANGUAGES.map((language) => `language.${language}`),
      ...RECEIVED_VIA.map((via) => `received.via.${via}`),
      // The map's legend keys come from core (MapFeatures.legend).
      ...Object.values(LEGEND_KEYS),
      ...[1, 2, 3, 4, 5].map((score) => `map.legend.score${score}`),
    ];
    expect(built.filter((key) => !(key in english))).toEqual([]);
  });
});
