import { describe, expect, it } from "vitest";
import type { Answer, ChecklistTemplate, Section } from "../api";
import { isComplete, overallProgress, percent, sectionProgress } from "./progress";

const text = (en: string) => ({ en, tr: {} });
const section = (id: string, items: number, perStop = false): Section => ({
  id,
  title: text(id),
  guidance: null,
  per_stop: perStop,
  items: Array.from({ length: items }, (_, i) => ({
    id: `${id}.${i + 1}`,
    text: text(`${id} ${i + 1}`),
  })),
});
const checklist: ChecklistTemplate = {
  id: "test",
  version: 1,
  title: text("Test"),
  scale: {
    min: 1,
    max: 5,
    min_label: text("poor"),
    max_label: text("excellent"),
    dont_know_label: text("don't know"),
  },
  sections: [section("vision", 3), section("environment", 4, true), section("attitudes", 2)],
};
const answer = (value: Answer["value"]): Answer => ({ value, comment: "", updatedAt: 1 });

describe("checklist progress", () => {
  it("counts answered statements of a section, don't know included", () => {
    const answers = {
      "vision.1": answer(3),
      "vision.2": answer("dont_know"),
      "vision.3": answer(null),
    };
    expect(sectionProgress(checklist.sections[0]!, answers, checklist.scale)).toEqual({
      answered: 2,
      total: 3,
    });
  });

  it("does not count invalid scores or answers to other statements", () => {
    const answers = { "vision.1": answer(9), "attitudes.1": answer(5) };
    expect(sectionProgress(checklist.sections[0]!, answers, checklist.scale)).toEqual({
      answered: 0,
      total: 3,
    });
  });

  it("leaves per-stop sections out of the overall progress", () => {
    const answers = { "vision.1": answer(1), "attitudes.2": answer(2), "environment.1": answer(4) };
    expect(overallProgress(checklist, answers)).toEqual({ answered: 2, total: 5 });
  });

  it("gives whole percents and knows when a section is complete", () => {
    expect(percent({ answered: 1, total: 3 })).toBe(33);
    expect(percent({ answered: 0, total: 0 })).toBe(0);
    expect(isComplete({ answered: 3, total: 3 })).toBe(true);
    expect(isComplete({ answered: 2, total: 3 })).toBe(false);
    expect(isComplete({ answered: 0, total: 0 })).toBe(false);
  });
});
