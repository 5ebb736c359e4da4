import type { Section } from "../../api";
import type { AreaResult, Comparison, FacilitatorRecords } from "../../facilitatorApi";
import { flaggedCount, statementText } from "../../logic/results";
import { useI18n } from "../I18n";
import { ChangeBadge } from "./ChangeBadge";
import { DistributionChart } from "./Charts";

/** One area: its mean, every statement's figures and distribution, flags, best and most challenging. */
export function AreaResultsCard({
  area,
  section,
  comparison,
  consensus,
}: {
  area: AreaResult;
  section: Section | null;
  comparison: Comparison | null;
  /** Agreed scores recorded in the consensus discussion, by statement id. */
  consensus: FacilitatorRecords["consensus"];
}) {
  const { t, text, number, format } = useI18n();
  const sections = section ? [section] : [];
  const statement = (item: string) => text(statementText(sections, item));
  const headingId = `results-area-title-${area.section}`;
  const flags = flaggedCount(area);
  return (
    <section
      class="card area-results"
      aria-labelledby={headingId}
      data-testid={`results-area-${area.section}`}
    >
      <h2 id={headingId}>{section ? text(section.title) : area.section}</h2>
      <p class="big-figure">
        <span class="label">{t("results.areaMean")}</span>{" "}
        <strong data-testid={`results-area-mean-${area.section}`}>
          {format.figure(area.mean)}
        </strong>
        {comparison && <ChangeBadge change={comparison.sections[area.section]?.change ?? null} />}
        {section?.per_stop && <span class="hint"> {t("results.perStopNote")}</span>}
      </p>
      {flags > 0 && (
        <p class="flag-note">
          <span class="flag" aria-hidden="true">
            ⚑
          </span>{" "}
          {t("results.flaggedInArea", { count: number(flags) })}
        </p>
      )}
      <div class="table-scroll" tabIndex={0} role="region" aria-labelledby={headingId}>
        <table class="data-table results-table">
          <thead>
            <tr>
              <th scope="col">{t("results.statement")}</th>
              <th scope="col">{t("results.n")}</th>
              <th scope="col">{t("results.mean")}</th>
              <th scope="col">{t("results.median")}</th>
              <th scope="col">{t("results.range")}</th>
              <th scope="col">{t("results.sd")}</th>
              <th scope="col">{t("results.dontKnow")}</th>
              <th scope="col">{t("results.distribution")}</th>
              {comparison && <th scope="col">{t("results.change")}</th>}
            </tr>
          </thead>
          <tbody>
            {area.items.map((s) => (
              <tr
                key={s.item}
                class={s.flagged ? "flagged" : undefined}
                data-testid={`results-item-${s.item}`}
                data-flagged={String(s.flagged)}
              >
                <th scope="row">
                  {s.flagged && (
                    <span
                      class="flag"
                      role="img"
                      aria-label={t("results.flagged")}
                      data-testid={`flag-${s.item}`}
                    >
                      ⚑{" "}
                    </span>
                  )}
                  {statement(s.item)}
                  {comparison?.reworded[s.item] !== undefined && (
                    <span
                      class="hint reworded"
                      dir="auto"
                      data-testid={`results-reworded-${s.item}`}
                    >
                      {" "}
                      {t("template.reworded", { text: comparison.reworded[s.item]! })}
                    </span>
                  )}
                  {consensus[s.item]?.score != null && (
                    <span class="agreed" data-testid={`results-agreed-${s.item}`}>
                      {" "}
                      {t("results.agreed", { score: number(consensus[s.item]!.score!) })}
                    </span>
                  )}
                </th>
                <td>{number(s.scores.n)}</td>
                <td data-testid={`results-mean-${s.item}`}>{format.figure(s.scores.mean)}</td>
                <td>{format.figure(s.scores.median, 1)}</td>
                <td>
                  {s.scores.min === null
                    ? "–"
                    : t("results.rangeValue", {
                        min: number(s.scores.min),
                        max: number(s.scores.max ?? s.scores.min),
                      })}
                </td>
                <td>{format.figure(s.scores.sd)}</td>
                <td>{number(s.dontKnow)}</td>
                <td>
                  <DistributionChart item={s.item} counts={s.counts} />
                </td>
                {comparison && (
                  <td>
                    <ChangeBadge
                      change={comparison.items[s.item]?.change ?? null}
                      testId={`results-change-${s.item}`}
                    />
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <div class="best-worst">
        <div data-testid={`results-best-${area.section}`}>
          <h3>{t("results.best")}</h3>
          {area.best.length === 0 ? (
            <p class="empty">–</p>
          ) : (
            <ul>
              {area.best.map((item) => (
                <li key={item}>{statement(item)}</li>
              ))}
            </ul>
          )}
        </div>
        <div data-testid={`results-challenging-${area.section}`}>
          <h3>{t("results.challenging")}</h3>
          {area.mostChallenging.length === 0 ? (
            <p class="empty">–</p>
          ) : (
            <ul>
              {area.mostChallenging.map((item) => (
                <li key={item}>{statement(item)}</li>
              ))}
            </ul>
          )}
        </div>
      </div>
    </section>
  );
}
