import { describe, expect, it } from "vitest";
import { createTranslator } from ".";

describe("a translator of the real catalogues", () => {
  it("picks Ukrainian's one, few and many for 1, 3 and 5", () => {
    const { t } = createTranslator("uk");
    expect([1, 3, 5].map((count) => t("progress.unreadable", { count }))).toEqual([
      "1 нечитабельне значення",
      "3 нечитабельні значення",
      "5 нечитабельних значень",
    ]);
  });

  it("shows a template text the UI language lacks in English, and one it has in itself", () => {
    const poor = { en: "poor", tr: { bg: "лошо", ar: "ضعيف" } };
    expect(createTranslator("uk").text(poor)).toBe("poor");
    expect(createTranslator("bg").text(poor)).toBe("лошо");
    expect(createTranslator("uk").text({ en: "Other", tr: { uk: "  " } })).toBe("Other");
  });
});
