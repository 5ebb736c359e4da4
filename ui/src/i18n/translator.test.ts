import { beforeAll, describe, expect, it } from "vitest";
import { createTranslator, loadCatalogue } from ".";

describe("a translator of the real catalogues", () => {
  beforeAll(async () => {
    for (const language of ["uk", "cs", "bg"]) expect(await loadCatalogue(language)).toBe(true);
  });

  it("picks Ukrainian's one, few and many for 1, 3 and 5", () => {
    const { t } = createTranslator("uk");
    expect([1, 3, 5].map((count) => t("progress.unreadable", { count }))).toEqual([
      "1 нечитабельне значення",
      "3 нечитабельні значення",
      "5 нечитабельних значень",
    ]);
  });

  it("picks Czech's one, few and other for 1, 3 and 5", () => {
    const { t } = createTranslator("cs");
    expect([1, 3, 5].map((visits) => t("results.stopSummary", { visits, mean: "3,50" }))).toEqual([
      "1 návštěva, průměr 3,50",
      "3 návštěvy, průměr 3,50",
      "5 návštěv, průměr 3,50",
    ]);
  });

  it("writes Czech numbers with a decimal comma, also inside a text", () => {
    const { t, number, format } = createTranslator("cs");
    expect(number(3.5)).toBe("3,5");
    expect(t("chart.scoreCount", { count: 2, score: 3.5 })).toBe("2 × 3,5");
    expect(format.figure(2.875)).toBe("2,88");
  });

  it("shows a template text the UI language lacks in English, and one it has in itself", () => {
    const poor = { en: "poor", tr: { bg: "лошо", ar: "ضعيف" } };
    expect(createTranslator("uk").text(poor)).toBe("poor");
    expect(createTranslator("bg").text(poor)).toBe("лошо");
    expect(createTranslator("uk").text({ en: "Other", tr: { uk: "  " } })).toBe("Other");
  });
});
