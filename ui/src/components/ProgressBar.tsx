import type { Progress } from "../api";
import { percent } from "../logic/progress";

/** A thin bar for answered/total; the numbers are said in text beside it. */
export function ProgressBar({ progress }: { progress: Progress }) {
  return (
    <div class="progress-bar" aria-hidden="true">
      <div class="progress-fill" style={{ inlineSize: `${percent(progress)}%` }} />
    </div>
  );
}
