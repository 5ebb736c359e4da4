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
  /** Shown beside "don't know" (the comment field). */
  children?: ComponentChildren;
}

/**
 * The 1-5 scale as large buttons across the width ("poor" inside 1,
 * "excellent" inside 5), then "don't know" and whatever the statement adds
 * beside it, so the answer takes two rows.
 */
export function ScoreButtons({
  itemId,
  scale,
  choice,
  disabled,
  testIds,
  labelledBy,
  onChoose,
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
              // The name starts with what the button shows ("1 poor"), so
              // speech input can say it (WCAG 2.5.3), then the scale.
              aria-label={
                (endLabel ? `${number(score)} ${endLabel}, ` : "") +
                t("item.scoreOf", { score: number(score), max: number(scale.max) })
              }
              disabled={disabled}
              data-testid={testIds.score(itemId, score)}
              onClick={() => onChoose({ kind: "score", score })}
            >
              <span class="score-number">{number(score)}</span>{" "}
              {endLabel && <span class="score-end">{endLabel}</span>}
            </button>
          );
        })}
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
