import { describe, expect, it } from "vitest";
import {
  LANGUAGE_INFO,
  LANGUAGES,
  directionOf,
  interpolate,
  isRtl,
  localeOf,
  placeholdersOf,
  resolveLanguage,
  supportedLanguage,
  textIn,
  translate,
  type Catalogue,
  type Language,
} from "./i18n";

describe("choosing the language", () => {
  it("uses the person's choice when it is supported", () => {
    expect(resolveLanguage("ar", ["en-US"])).toBe("ar");
    expect(resolveLanguage("bg-BG", ["en-US"])).toBe("bg");
  });

  it("follows the system when nothing, or something unsupported, is chosen", () => {
    expect(resolveLanguage(null, ["ar-SY", "en"])).toBe("ar");
    expect(resolveLanguage("fr", ["de-DE", "bg"])).toBe("bg");
  });

  it("falls back to English", () => {
    expect(resolveLanguage(null, ["tr-TR", "fa"])).toBe("en");
    expect(resolveLanguage(null, [])).toBe("en");
    expect(supportedLanguage("")).toBeNull();
  });

  it("knows which languages are written right to left", () => {
    expect(isRtl("ar")).toBe(true);
    expect(isRtl("ar-EG")).toBe(true);
    expect(isRtl("fa")).toBe(true);
    expect(isRtl("bg")).toBe(false);
    expect(isRtl("en-GB")).toBe(false);
    expect(directionOf("ar")).toBe("rtl");
    expect(directionOf("bg")).toBe("ltr");
  });

  it("has an Intl locale for each language", () => {
    for (const language of LANGUAGES) {
      expect(Intl.NumberFormat.supportedLocalesOf([localeOf(language)])).toHaveLength(1);
      expect(new Intl.PluralRules(localeOf(language)).resolvedOptions().locale).toMatch(
        new RegExp(`^${language}`),
      );
    }
  });

  it("writes Arabic, and only Arabic, right to left", () => {
    const rtl = LANGUAGE_INFO.filter((info) => info.dir === "rtl").map((info) => info.code);
    expect(rtl).toEqual(["ar"]);
    for (const info of LANGUAGE_INFO)
      expect(directionOf(info.code)).toBe(isRtl(info.code) ? "rtl" : "ltr");
  });

  it("lists each language once, named in itself, English first and the only one reviewed", () => {
    expect(LANGUAGES[0]).toBe("en");
    expect(new Set(LANGUAGES).size).toBe(LANGUAGES.length);
    for (const info of LANGUAGE_INFO) {
      expect(info.code).toMatch(/^[a-z]{2,3}$/);
      expect(info.name.trim()).not.toBe("");
      expect(typeof info.reviewed).toBe("boolean");
    }
    expect(LANGUAGE_INFO.filter((info) => info.reviewed).map((info) => info.code)).toEqual(["en"]);
  });
});

describe("catalogue lookup", () => {
  const catalogues: Record<Language, Catalogue> = {
    en: { hello: "Hello {name}", only: "English only", count: "Not yet sent: {count}" },
    bg: { hello: "Здравей, {name}" },
    ar: { hello: "مرحبًا {name}" },
  };

  it("fills placeholders in the chosen language", () => {
    expect(translate(catalogues, "bg", "hello", { name: "Мира" })).toBe("Здравей, Мира");
  });

  it("falls back to English for a missing key, then to the key itself", () => {
    expect(translate(catalogues, "ar", "only")).toBe("English only");
    expect(translate(catalogues, "ar", "nowhere")).toBe("nowhere");
  });

  it("formats numbers for the locale and leaves unknown placeholders visible", () => {
    const arabicDigits = (n: number) => new Intl.NumberFormat("ar-EG").format(n);
    expect(interpolate("Not yet sent: {count}", { count: 12 }, arabicDigits)).toBe(
      "Not yet sent: ١٢",
    );
    expect(interpolate("{a} and {b}", { a: "x" })).toBe("x and {b}");
  });

  it("lists placeholders once each, sorted", () => {
    expect(placeholdersOf("{b} {a} {b}")).toEqual(["a", "b"]);
    expect(placeholdersOf("none")).toEqual([]);
  });

  it("takes template texts in the language, else the English source", () => {
    const text = { en: "poor", tr: { bg: "лошо", ar: "" } };
    expect(textIn(text, "bg")).toBe("лошо");
    expect(textIn(text, "ar")).toBe("poor");
    expect(textIn({ en: "Other" }, "bg")).toBe("Other");
    expect(textIn(null, "bg")).toBe("");
  });
});
