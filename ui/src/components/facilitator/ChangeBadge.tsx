import { changeDirection } from "../../logic/results";
import { useI18n } from "../I18n";

/** A change against the earlier audit, with an arrow and its sign (colour is never the only cue). */
export function ChangeBadge({ change, testId }: { change: number | null; testId?: string }) {
  const { t, format } = useI18n();
  const direction = changeDirection(change);
  const arrow = { up: "▲", down: "▼", level: "＝", none: "" }[direction];
  return (
    <span
      class={`change change-${direction}`}
      data-testid={testId}
      data-direction={direction}
      title={t(`results.change.${direction}`)}
    >
      <span aria-hidden="true">{arrow} </span>
      <bdi dir="ltr">{format.change(change)}</bdi>
    </span>
  );
}
