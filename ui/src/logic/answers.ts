/**
 * Answer values as the UI shows them. The backend stores a score 1-5,
 * "don't know" or nothing; a peer with a bug may have written anything else,
 * which the UI shows as unanswered and never counts.
 */
import { DONT_KNOW, type Answer, type AnswerValue, type Scale } from "../api";

/** What a person sees selected for a statement. */
export type Choice = { kind: "score"; score: number } | { kind: "dontKnow" } | { kind: "none" };

/** The scores of a scale, lowest first (1..5 for the INTEGRA checklist). */
export function scaleScores(scale: Pick<Scale, "min" | "max">): number[] {
  const scores: number[] = [];
  for (let score = scale.min; score <= scale.max; score += 1) scores.push(score);
  return scores;
}

/** True for a whole number within the scale. */
export function isValidScore(value: unknown, scale: Pick<Scale, "min" | "max">): value is number {
  return (
    typeof value === "number" && Number.isInteger(value) && value >= scale.min && value <= scale.max
  );
}

/** The choice shown for a stored value; invalid values read as no choice. */
export function choiceOf(
  value: AnswerValue | undefined,
  scale: Pick<Scale, "min" | "max">,
): Choice {
  if (value === DONT_KNOW) return { kind: "dontKnow" };
  if (isValidScore(value, scale)) return { kind: "score", score: value };
  return { kind: "none" };
}

/** The value sent to the backend for a choice. */
export function valueOf(choice: Choice): AnswerValue {
  switch (choice.kind) {
    case "score":
      return choice.score;
    case "dontKnow":
      return DONT_KNOW;
    case "none":
      return null;
  }
}

/**
 * The newer of two versions of the same answer. Saves can resolve out of
 * order; the one the backend stamped later wins, ties go to the incoming one.
 */
export function newerAnswer(current: Answer | undefined, incoming: Answer): Answer {
  if (!current || incoming.updatedAt >= current.updatedAt) return incoming;
  return current;
}
