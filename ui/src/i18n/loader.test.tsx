// @vitest-environment happy-dom
import { render } from "preact";
import { act } from "preact/test-utils";
import { afterEach, describe, expect, it, vi } from "vitest";
import labels from "virtual:cityaudit-language-labels";
import { useTranslator } from "../components/I18n";
import { LANGUAGES, type Catalogue } from "../logic/i18n";
import {
  catalogues,
  createCatalogueStore,
  createTranslator,
  english,
  hasCatalogue,
  loadCatalogue,
  type CatalogueStore,
  type Translator,
} from ".";
import croatian from "./hr.json";

const onDisk: Record<string, Catalogue> = Object.fromEntries(
  Object.entries(
    import.meta.glob<Catalogue>(["./*.json", "!./languages.json"], {
      import: "default",
      eager: true,
    }),
  ).map(([path, catalogue]) => [/\/(\w+)\.json$/.exec(path)![1]!, catalogue]),
);

describe("loading a language's catalogue", () => {
  it("has only English until a language is asked for, then that language", async () => {
    expect(hasCatalogue("en")).toBe(true);
    expect(hasCatalogue("hr")).toBe(false);
    // Asked for before its catalogue is there: English throughout, not half Croatian.
    expect(createTranslator("hr").language).toBe("en");
    expect(createTranslator("hr").t("language.label")).toBe(english["language.label"]);

    expect(await loadCatalogue("hr")).toBe(true);
    const { language, dir, t } = createTranslator("hr");
    expect([language, dir]).toEqual(["hr", "ltr"]);
    expect(t("language.label")).toBe(croatian["language.label"]);
    expect(t("language.label")).not.toBe(english["language.label"]);
    expect(hasCatalogue("it")).toBe(false);
  });

  it("can load every language of the registry", async () => {
    expect([...catalogues.languages].sort()).toEqual([...LANGUAGES].sort());
    for (const language of LANGUAGES) {
      expect(await loadCatalogue(language)).toBe(true);
      expect(catalogues.get(language)).toEqual(onDisk[language]);
    }
  });

  it("falls back to English when a catalogue cannot be loaded, and tries again later", async () => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => undefined);
    const load = vi
      .fn<() => Promise<Catalogue>>()
      .mockRejectedValueOnce(new TypeError("Failed to fetch dynamically imported module"))
      .mockResolvedValueOnce({ "language.label": "Jazyk" });
    const store = createCatalogueStore(english, { cs: load });

    expect(await Promise.all([store.load("cs"), store.load("cs")])).toEqual([false, false]);
    expect(load).toHaveBeenCalledTimes(1);
    expect(warn).toHaveBeenCalledTimes(1);
    const fallback = createTranslator("cs", store);
    expect([fallback.language, fallback.dir]).toEqual(["en", "ltr"]);
    expect(fallback.t("language.label")).toBe(english["language.label"]);
    expect(fallback.errorText("score_out_of_range", { score: 9 })).toBe(
      createTranslator("en").errorText("score_out_of_range", { score: 9 }),
    );

    expect(await store.load("cs")).toBe(true);
    expect(createTranslator("cs", store).t("language.label")).toBe("Jazyk");
    // A key the catalogue lacks still reads in English.
    expect(createTranslator("cs", store).t("app.name")).toBe(english["app.name"]);
    warn.mockRestore();
  });

  it("knows no catalogue for a language without a loader", async () => {
    const store = createCatalogueStore(english, {});
    expect(await store.load("ar")).toBe(false);
    expect(createTranslator("ar", store).language).toBe("en");
  });
});

describe("the picker's word for Language in every language", () => {
  it("is each catalogue's own, built in without loading the catalogues", () => {
    expect(labels).toEqual(
      Object.fromEntries(LANGUAGES.map((code) => [code, onDisk[code]!["language.label"]])),
    );
  });
});

describe("useTranslator", () => {
  const container = document.createElement("div");
  document.body.append(container);
  afterEach(() => act(() => render(null, container)));

  let seen: (Translator | null)[] = [];
  function Probe({ wanted, store }: { wanted: string; store: CatalogueStore }) {
    seen.push(useTranslator(wanted, store));
    return null;
  }
  const show = (wanted: string, store: CatalogueStore) =>
    act(() => render(<Probe wanted={wanted} store={store} />, container));
  const last = () => seen.at(-1) ?? null;
  // The store's loads, then the hook's own step after them.
  const arrived = (store: CatalogueStore) =>
    act(async () => {
      await store.idle();
      for (let i = 0; i < 3; i += 1) await Promise.resolve();
    });

  it("shows nothing at start until the language has arrived, then keeps the previous one while the next loads", async () => {
    seen = [];
    let arrive!: (catalogue: Catalogue) => void;
    const store = createCatalogueStore(english, {
      it: () => Promise.resolve(onDisk.it!),
      uk: () => new Promise<Catalogue>((resolve) => (arrive = resolve)),
    });
    await show("it", store);
    expect(seen[0]).toBeNull();
    await arrived(store);
    expect(last()?.language).toBe("it");

    await show("uk", store);
    expect(last()?.language).toBe("it");
    expect(seen.every((translator) => translator?.language !== "uk")).toBe(true);
    arrive(onDisk.uk!);
    await arrived(store);
    expect(last()?.language).toBe("uk");
    expect(last()?.t("language.label")).toBe(onDisk.uk!["language.label"]);
  });

  it("shows English when the chosen language cannot be loaded", async () => {
    seen = [];
    const warn = vi.spyOn(console, "warn").mockImplementation(() => undefined);
    const store = createCatalogueStore(english, {
      ar: () => Promise.reject(new TypeError("Failed to fetch dynamically imported module")),
    });
    await show("ar", store);
    expect(seen[0]).toBeNull();
    await arrived(store);
    expect(last()?.language).toBe("en");
    expect(last()?.dir).toBe("ltr");
    warn.mockRestore();
  });
});
