import { describe, expect, it } from "vitest";
import { distributionBars, groupedLayout, linearScale, meanLength, wrapLabel } from "./chart";

describe("linearScale", () => {
  it("maps the ends and the middle", () => {
    const scale = linearScale([1, 5], [0, 200]);
    expect(scale(1)).toBe(0);
    expect(scale(5)).toBe(200);
    expect(scale(3)).toBe(100);
  });

  it("can run backwards (SVG y grows downwards)", () => {
    expect(linearScale([0, 10], [100, 0])(2.5)).toBe(75);
  });

  it("maps everything to the start of the range when the domain is a point", () => {
    expect(linearScale([4, 4], [10, 90])(4)).toBe(10);
  });
});

describe("distributionBars", () => {
  it("scales the largest count to the full height and keeps bars inside the box", () => {
    const bars = distributionBars([1, 0, 2, 4, 1], 100, 40);
    expect(bars.map((b) => b.height)).toEqual([10, 0, 20, 40, 10]);
    expect(bars.map((b) => b.y)).toEqual([30, 40, 20, 0, 30]);
    for (const bar of bars) {
      expect(bar.x).toBeGreaterThanOrEqual(0);
      expect(bar.x + bar.width).toBeLessThanOrEqual(100);
    }
    expect(bars[1]!.x).toBeCloseTo(20 + 1.5);
  });

  it("draws nothing tall when nobody scored", () => {
    expect(distributionBars([0, 0, 0, 0, 0], 100, 40).every((b) => b.height === 0)).toBe(true);
  });
});

describe("meanLength", () => {
  it("puts 1 at zero and 5 at full length", () => {
    expect(meanLength(1, 300)).toBe(0);
    expect(meanLength(5, 300)).toBe(300);
    expect(meanLength(3.4, 300)).toBeCloseTo(180);
  });

  it("is zero without data and clamps values outside the scale", () => {
    expect(meanLength(null, 300)).toBe(0);
    expect(meanLength(Number.NaN, 300)).toBe(0);
    expect(meanLength(7, 300)).toBe(300);
  });
});

describe("groupedLayout", () => {
  it("stacks series within a band and bands one after another", () => {
    const layout = groupedLayout(4, 3, 10);
    expect(layout.bandHeight).toBe(40);
    expect(layout.height).toBe(160);
    expect(layout.barTop(0, 0)).toBe(5);
    expect(layout.barTop(1, 2)).toBe(65);
  });
});

describe("wrapLabel", () => {
  it("breaks a long area name at spaces and keeps every word", () => {
    const name = "Civic Participation and Social Inclusion of TCN and Migrant Communities";
    const lines = wrapLabel(name, 28);
    expect(lines).toEqual([
      "Civic Participation and",
      "Social Inclusion of TCN and",
      "Migrant Communities",
    ]);
    expect(lines.every((l) => l.length <= 28)).toBe(true);
    expect(lines.join(" ")).toBe(name);
    expect(wrapLabel("Attitudes", 28)).toEqual(["Attitudes"]);
    expect(wrapLabel("", 28)).toEqual([]);
  });

  it("gives a band room for a wrapped label", () => {
    expect(groupedLayout(2, 1, 14).bandHeight).toBe(28);
    expect(groupedLayout(2, 1, 14, 51).bandHeight).toBe(51);
    expect(groupedLayout(2, 3, 14, 20).bandHeight).toBe(56);
  });
});
