/** Progress through the checklist: answered statements per section and overall. */
import type { Answer, ChecklistTemplate, Scale, Section } from "../api";
import { isAnswered } from "./answers";

export type Progress = {
  answered: number;
  total: number;
};

/** Answered statements of one section. */
export function sectionProgress(
  section: Section,
  answers: Record<string, Answer>,
  scale: Pick<Scale, "min" | "max">,
): Progress {
  const answered = section.items.filter((item) => isAnswered(answers[item.id], scale)).length;
  return { answered, total: section.items.length };
}

/**
 * Answered whole-city statements over all sections answered here; sections
 * answered per stop are left out (they are counted on each stop).
 */
export function overallProgress(
  checklist: ChecklistTemplate,
  answers: Record<string, Answer>,
): Progress {
  return checklist.sections
    .filter((section) => !section.per_stop)
    .map((section) => sectionProgress(section, answers, checklist.scale))
    .reduce(
      (sum, part) => ({ answered: sum.answered + part.answered, total: sum.total + part.total }),
      { answered: 0, total: 0 },
    );
}

/** Whole percent, 0 when there is nothing to answer. */
export function percent(progress: Progress): number {
  return progress.total === 0 ? 0 : Math.round((progress.answered / progress.total) * 100);
}

/** True when every statement is answered (and there is at least one). */
export function isComplete(progress: Progress): boolean {
  return progress.total > 0 && progress.answered === progress.total;
}
