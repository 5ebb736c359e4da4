import { describe, expect, it } from "vitest";
import type { ReviewPhoto, StatementResult } from "../facilitatorApi";
import {
  changeDirection,
  flaggedStatements,
  formatChange,
  formatFigure,
  photosByTheme,
  statementText,
} from "./results";

const statement = (item: string, flagged: boolean): StatementResult => ({
  item,
  scores: { n: 3, mean: 3, median: 3, min: 1, max: 5, sd: 1.63 },
  dontKnow: 0,
  counts: [1, 0, 1, 0, 1],
  flagged,
});

describe("flaggedStatements", () => {
  it("lists the flagged statements area by area, in template order", () => {
    const flagged = flaggedStatements({
      sections: [
        {
          section: "vision",
          mean: 3,
          items: [statement("vision.1", false), statement("vision.2", true)],
          best: [],
          mostChallenging: [],
        },
        {
          section: "attitudes",
          mean: 3,
          items: [statement("attitudes.4", true), statement("attitudes.1", true)],
          best: [],
          mostChallenging: [],
        },
      ],
    });
    expect(flagged.map((f) => `${f.section}:${f.statement.item}`)).toEqual([
      "vision:vision.2",
      "attitudes:attitudes.4",
      "attitudes:attitudes.1",
    ]);
  });

  it("is empty when nobody disagrees", () => {
    expect(
      flaggedStatements({
        sections: [
          {
            section: "vision",
            mean: 3,
            items: [statement("vision.1", false)],
            best: [],
            mostChallenging: [],
          },
        ],
      }),
    ).toEqual([]);
  });
});

describe("formatting figures", () => {
  it("writes two decimals in the locale, and a dash without data", () => {
    expect(formatFigure(3.456, "en-GB")).toBe("3.46");
    expect(formatFigure(3.456, "bg-BG")).toBe("3,46");
    expect(formatFigure(null, "en-GB")).toBe("–");
    expect(formatFigure(Number.NaN, "en-GB")).toBe("–");
  });

  it("writes a change with its sign", () => {
    expect(formatChange(0.4, "en-GB")).toBe("+0.40");
    expect(formatChange(-0.254, "en-GB")).toBe("-0.25");
    expect(formatChange(0.001, "en-GB")).toBe("±0.00");
    expect(formatChange(null, "en-GB")).toBe("–");
  });

  it("tells the direction of a change", () => {
    expect(changeDirection(0.5)).toBe("up");
    expect(changeDirection(-0.5)).toBe("down");
    expect(changeDirection(0.004)).toBe("level");
    expect(changeDirection(null)).toBe("none");
  });
});

describe("photosByTheme", () => {
  const photo = (hash: string, theme: string) => ({ hash, theme }) as ReviewPhoto;
  it("keeps the template's theme order, empty themes included, unknown themes last", () => {
    const grouped = photosByTheme(
      [
        photo("a", "improvement"),
        photo("b", "friendly"),
        photo("c", "elsewhere"),
        photo("d", "improvement"),
      ],
      [
        { id: "friendly", title: { en: "Friendly" } },
        { id: "improvement", title: { en: "Room" } },
        { id: "unused", title: { en: "Unused" } },
      ],
    );
    expect(grouped.map((g) => [g.theme, g.photos.map((p) => p.hash)])).toEqual([
      ["friendly", ["b"]],
      ["improvement", ["a", "d"]],
      ["unused", []],
      ["elsewhere", ["c"]],
    ]);
    expect(grouped[3]!.title).toBeNull();
  });
});

describe("statementText", () => {
  it("finds the statement in any section, else shows the id", () => {
    const sections = [{ items: [{ id: "vision.1", text: { en: "A vision" } }] }];
    expect(statementText(sections, "vision.1")).toEqual({ en: "A vision" });
    expect(statementText(sections, "nope.9")).toEqual({ en: "nope.9" });
  });
});
