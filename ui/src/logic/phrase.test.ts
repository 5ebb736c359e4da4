import { describe, expect, it } from "vitest";
import { phraseParams } from "./phrase";

describe("a phrase's arguments", () => {
  it("pass numbers as numbers and keep texts as written", () => {
    expect(phraseParams({ value: "9", text: '"5"', detail: "2.5 apples", code: "-2" })).toEqual({
      value: 9,
      text: '"5"',
      detail: "2.5 apples",
      code: -2,
    });
  });
});
