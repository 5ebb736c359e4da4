import type { ComponentChildren } from "preact";
import type { Scale } from "../api";
import { scaleScores, type Choice } from "../logic/answers";
import { useI18n } from "./I18n";
import type { ItemTestIds } from "./testIds";

interface Props {
  itemId: string;
  scale: Scale;
  choice: Choice;
  disabled?: boolean;
  testIds: ItemTestIds;
  labelledBy: string;
  onChoose(choice: Choice): void;
  /** Shown between the end labels, under the buttons just tapped (whether it was saved). */
  status?: ComponentChildren;
  /** Shown beside "don't know" (the comment field). */
  children?: ComponentChildren;
}

/**
 * The 1-5 scale as large buttons across the width ("poor" under 1,
 * "excellent" under 5), then "don't know" and whatever the statement adds
 * beside it, so one statement takes three short rows.
 */
export function ScoreButtons({
  itemId,
  scale,
  choice,
  disabled,
  testIds,
  labelledBy,
  onChoose,
  status,
  children,
}: Props) {
  const { t, text, number } = useI18n();
  const scores = scaleScores(scale);
  return (
    <div class="score-buttons" role="group" aria-labelledby={labelledBy}>
      <div class="score-row">
        {scores.map((score) => {
          const endLabel =
            score === scale.min
              ? text(scale.min_label)
              : score === scale.max
                ? text(scale.max_label)
                : "";
          return (
            <button
              key={score}
              type="button"
              class="score-button"
              aria-pressed={choice.kind === "score" && choice.score === score}
              aria-label={
                t("item.scoreOf", { score, max: scale.max }) + (endLabel ? ` (${endLabel})` : "")
              }
              disabled={disabled}
              data-testid={testIds.score(itemId, score)}
              onClick={() => onChoose({ kind: "score", score })}
            >
              {number(score)}
            </button>
          );
        })}
      </div>
      <div class="scale-labels">
        <span class="scale-min" aria-hidden="true">
          {text(scale.min_label)}
        </span>
        <span class="scale-status">{status}</span>
        <span class="scale-max" aria-hidden="true">
          {text(scale.max_label)}
        </span>
      </div>
      <div class="item-actions">
        <button
          type="button"
          class="dont-know-button"
          aria-pressed={choice.kind === "dontKnow"}
          disabled={disabled}
          data-testid={testIds.dontKnow(itemId)}
          onClick={() => onChoose({ kind: "dontKnow" })}
        >
          {text(scale.dont_know_label)}
        </button>
        {children}
      </div>
    </div>
  );
}
