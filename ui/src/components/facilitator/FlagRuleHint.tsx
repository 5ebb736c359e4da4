import type { FlagRule } from "../../facilitatorApi";
import { useI18n } from "../I18n";

/** Core's disagreement rule in the language in use, beside the flags. */
export function FlagRuleHint({ rule }: { rule: FlagRule }) {
  const { t } = useI18n();
  const words = t("results.flagRuleWords", {
    range: rule.minRange,
    sd: rule.minSd,
    n: rule.minScores,
  });
  return <p class="hint">{t("results.flagRule", { rule: words })}</p>;
}
