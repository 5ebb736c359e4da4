import { describe, expect, it } from "vitest";
import {
  formatMessage,
  hasStrayBrace,
  placeholdersOf,
  pluralsOf,
  type MessageLocale,
} from "./message";

const localeOf = (locale: string): MessageLocale => {
  const rules = new Intl.PluralRules(locale);
  const numbers = new Intl.NumberFormat(locale);
  return { formatNumber: (n) => numbers.format(n), selectPlural: (n) => rules.select(n) };
};

const UK =
  "{count, plural, one {# фото} few {# фото, ще} many {# фотографій} other {# фотографії}}";
const CS = "{count, plural, one {# výrok} few {# výroky} many {# výroku} other {# výroků}}";

describe("catalogue messages", () => {
  it("fill placeholders and leave unknown ones visible", () => {
    expect(formatMessage("{a} and {b}", { a: "x" })).toBe("x and {b}");
    expect(formatMessage("no braces", { a: 1 })).toBe("no braces");
  });

  it("pick Ukrainian's one, few and many for 1, 3 and 5 (and 21, 22, 11)", () => {
    const uk = localeOf("uk-UA");
    const shown = [1, 3, 5, 21, 22, 11].map((count) => formatMessage(UK, { count }, uk));
    expect(shown).toEqual([
      "1 фото",
      "3 фото, ще",
      "5 фотографій",
      "21 фото",
      "22 фото, ще",
      "11 фотографій",
    ]);
  });

  it("pick Czech's one, few and other for 1, 3 and 5, and many for a fraction", () => {
    const cs = localeOf("cs-CZ");
    expect([1, 3, 5, 0, 1.5].map((count) => formatMessage(CS, { count }, cs))).toEqual([
      "1 výrok",
      "3 výroky",
      "5 výroků",
      "0 výroků",
      "1,5 výroku",
    ]);
  });

  it("writes the number of a plural in the locale's digits, and prefers an exact =N form", () => {
    const ar = localeOf("ar-u-nu-arab");
    const text = "{n, plural, =0 {لا شيء} one {واحد} other {# من {total}}}";
    expect(formatMessage(text, { n: 12, total: 30 }, ar)).toBe("١٢ من ٣٠");
    expect(formatMessage(text, { n: 0, total: 30 }, ar)).toBe("لا شيء");
  });

  it("keeps apostrophes as text (Italian, Ukrainian)", () => {
    expect(formatMessage("Dell'audit {n}", { n: 2 })).toBe("Dell'audit 2");
    expect(formatMessage("{n, plural, one {l'unica} other {# м'ячі}}", { n: 4 })).toBe("4 м'ячі");
  });

  it("shows a plural as written when its number is missing, and a malformed one as text", () => {
    expect(formatMessage(CS, {})).toBe(CS);
    expect(formatMessage("{count, plural, one {x}}", { count: 1 })).toBe(
      "{count, plural, one {x}}",
    );
    expect(hasStrayBrace("{count, plural, one {x}}")).toBe(true);
    expect(hasStrayBrace(CS)).toBe(false);
  });

  it("lists the names a message asks for, inside plural forms too", () => {
    expect(placeholdersOf("{b} {a} {b}")).toEqual(["a", "b"]);
    expect(placeholdersOf("{n, plural, one {# of {total}} other {# of {total}}}")).toEqual([
      "n",
      "total",
    ]);
    expect(pluralsOf(CS)).toEqual([{ name: "count", selectors: ["one", "few", "many", "other"] }]);
  });
});
