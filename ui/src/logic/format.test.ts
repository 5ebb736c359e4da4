import { describe, expect, it } from "vitest";
import { createFormatter } from "./format";
import { localeOf } from "./i18n";

const LATIN_DIGIT = /[0-9]/;
const instant = Date.UTC(2025, 10, 22, 11, 5); // Saturday 22 November 2025, 14:05 in Sofia

describe("numbers, figures and dates per locale", () => {
  it("writes Arabic with Arabic-Indic digits only: counts, scores, percentages, changes, dates, times", () => {
    const ar = createFormatter(localeOf("ar"));
    const shown = [
      ar.number(1234),
      ar.number(3.5),
      ar.number(0.25, { style: "percent" }),
      ar.figure(3.456),
      ar.figure(4, 1),
      ar.change(-0.25),
      ar.change(0),
      ar.listNumber(12),
      ar.isoDay("2025-05-17"),
      ar.moment(instant, instant + 60_000),
      ar.moment(instant, instant + 7 * 86_400_000),
      ...Object.values(ar.visitTime(instant, 180)),
    ];
    for (const text of shown)
      expect({ text, latin: LATIN_DIGIT.test(text) }).toEqual({ text, latin: false });
    expect(ar.figure(3.456)).toBe("٣٫٤٦");
    expect(ar.listNumber(12)).toBe("١٢.");
  });

  it("puts a catalogue text's own numbers in Arabic digits, but not the digits of a code", () => {
    const ar = createFormatter(localeOf("ar"));
    expect(ar.digits("من 1 إلى 5، مثلًا 42.6977، مثل MC3D-Z24Q")).toBe(
      "من ١ إلى ٥، مثلًا ٤٢٫٦٩٧٧، مثل MC3D-Z24Q",
    );
    expect(createFormatter(localeOf("cs")).digits("od 1 do 5")).toBe("od 1 do 5");
  });

  it("writes Czech with a decimal comma", () => {
    const cs = createFormatter(localeOf("cs"));
    expect(cs.number(3.5)).toBe("3,5");
    expect(cs.figure(3.456)).toBe("3,46");
    expect(cs.change(0.4)).toBe("+0,40");
    expect(cs.isoDay("2025-05-17")).toBe("17. května 2025");
  });

  it("writes English with a decimal point, and no figure as an en dash", () => {
    const en = createFormatter(localeOf("en"));
    expect(en.figure(3.456)).toBe("3.46");
    expect(en.change(-0.254)).toBe("-0.25");
    expect(en.change(0.001)).toBe("±0.00");
    expect(en.figure(null)).toBe("–");
    expect(en.visitTime(instant, 180)).toEqual({
      date: "22 November 2025",
      time: "14:05",
      weekday: "Saturday",
    });
  });
});
