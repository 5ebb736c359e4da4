import { describe, expect, it } from "vitest";
import { choiceOf, isValidScore, newerAnswer, scaleScores, valueOf } from "./answers";

const scale = { min: 1, max: 5 };

describe("answer values", () => {
  it("lists the scores of the scale lowest first", () => {
    expect(scaleScores(scale)).toEqual([1, 2, 3, 4, 5]);
  });

  it("reads a stored score, don't know, and nothing", () => {
    expect(choiceOf(4, scale)).toEqual({ kind: "score", score: 4 });
    expect(choiceOf("dont_know", scale)).toEqual({ kind: "dontKnow" });
    expect(choiceOf(null, scale)).toEqual({ kind: "none" });
    expect(choiceOf(undefined, scale)).toEqual({ kind: "none" });
  });

  it("shows a value no valid writer produces as unanswered", () => {
    expect(choiceOf(9, scale)).toEqual({ kind: "none" });
    expect(choiceOf(0, scale)).toEqual({ kind: "none" });
    expect(choiceOf(2.5, scale)).toEqual({ kind: "none" });
    expect(choiceOf("excellent" as never, scale)).toEqual({ kind: "none" });
    expect(isValidScore(Number.NaN, scale)).toBe(false);
  });

  it("maps each choice to the value the backend stores", () => {
    expect(valueOf({ kind: "score", score: 1 })).toBe(1);
    expect(valueOf({ kind: "dontKnow" })).toBe("dont_know");
    expect(valueOf({ kind: "none" })).toBeNull();
  });

  it("keeps the answer the backend stamped later when saves resolve out of order", () => {
    const older = { value: 2, comment: "", updatedAt: 100 };
    const newer = { value: 4, comment: "", updatedAt: 200 };
    expect(newerAnswer(newer, older)).toBe(newer);
    expect(newerAnswer(older, newer)).toBe(newer);
    expect(newerAnswer(undefined, older)).toBe(older);
  });
});
