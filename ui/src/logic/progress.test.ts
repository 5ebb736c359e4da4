import { describe, expect, it } from "vitest";
import { isComplete, percent } from "./progress";

describe("showing progress core counted", () => {
  it("gives whole percents and knows when a section is complete", () => {
    expect(percent({ answered: 1, total: 3 })).toBe(33);
    expect(percent({ answered: 0, total: 0 })).toBe(0);
    expect(isComplete({ answered: 3, total: 3 })).toBe(true);
    expect(isComplete({ answered: 2, total: 3 })).toBe(false);
    expect(isComplete({ answered: 0, total: 0 })).toBe(false);
  });
});
