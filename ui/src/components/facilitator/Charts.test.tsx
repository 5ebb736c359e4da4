// @vitest-environment happy-dom
import { render } from "preact";
import { act } from "preact/test-utils";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { createTranslator, loadCatalogue } from "../../i18n";
import { I18nProvider } from "../I18n";
import { AreaMeansChart, DistributionChart } from "./Charts";

const container = document.createElement("div");
document.body.append(container);
afterEach(() => act(() => render(null, container)));
beforeAll(() => loadCatalogue("ar"));

async function show(language: "en" | "ar", node: preact.ComponentChild) {
  await act(() =>
    render(<I18nProvider translator={createTranslator(language)}>{node}</I18nProvider>, container),
  );
}
const bars = () =>
  [...container.querySelectorAll("rect.bar")].map((r) => ({
    x: Number(r.getAttribute("x")),
    height: Number(r.getAttribute("height")),
    count: r.getAttribute("data-count"),
  }));

describe("DistributionChart", () => {
  it("draws one bar per score, 1 at the inline start, and says the counts in text", async () => {
    await show("en", <DistributionChart item="vision.1" counts={[2, 0, 1, 4, 0]} />);
    const drawn = bars();
    expect(drawn.map((b) => b.count)).toEqual(["2", "0", "1", "4", "0"]);
    expect(drawn[0]!.x).toBeLessThan(drawn[4]!.x);
    expect(drawn[3]!.height).toBeGreaterThan(drawn[0]!.height);
    expect(drawn[1]!.height).toBe(0);
    expect(container.querySelector("svg")!.getAttribute("aria-label")).toBe(
      "Scores given: 2 × 1, 0 × 2, 1 × 3, 4 × 4, 0 × 5",
    );
  });

  it("puts score 1 on the right in Arabic", async () => {
    await show("ar", <DistributionChart item="vision.1" counts={[2, 0, 1, 4, 0]} />);
    const drawn = bars();
    expect(drawn[0]!.x).toBeGreaterThan(drawn[4]!.x);
  });
});

describe("AreaMeansChart", () => {
  const area = (section: string, mean: number | null) => ({
    section,
    mean,
    items: [],
    best: [],
    mostChallenging: [],
  });
  it("draws a bar per area and series, longer for a higher mean, none without data", async () => {
    await show(
      "en",
      <AreaMeansChart
        areas={[area("vision", 4), area("attitudes", 2)]}
        groups={[
          {
            group: "ngos",
            participants: 2,
            overallMean: 3,
            sections: [area("vision", null), area("attitudes", 5)],
          },
        ]}
        areaTitle={(s) => s}
        groupLabel={(g) => g.toUpperCase()}
      />,
    );
    const width = (id: string) =>
      Number(container.querySelector(`[data-testid="chart-bar-${id}"]`)!.getAttribute("width"));
    expect(width("vision-all")).toBeGreaterThan(width("attitudes-all"));
    expect(width("vision-ngos")).toBe(0);
    expect(width("attitudes-ngos")).toBeGreaterThan(width("vision-all"));
    expect(container.textContent).toContain("NGOS");
  });
});
