import type { Section } from "../../api";
import type { StopResult } from "../../facilitatorApi";
import { statementText } from "../../logic/results";
import { useI18n } from "../I18n";
import { DistributionChart } from "./Charts";

/** The per-stop statements (Urban Environment and Safety) place by place. */
export function StopsTable({ stops, sections }: { stops: StopResult[]; sections: Section[] }) {
  const { t, text, number, format } = useI18n();
  return (
    <section class="card" aria-labelledby="results-stops-title" data-testid="results-stops">
      <h2 id="results-stops-title">{t("results.stops")}</h2>
      {stops.map((stop) => (
        <details key={stop.stop} class="stop-results" data-testid={`results-stop-${stop.stop}`}>
          <summary>
            <strong>
              <bdi>{stop.nameOfArea}</bdi>
            </strong>
            {stop.specificLocation && (
              <>
                {" · "}
                <bdi>{stop.specificLocation}</bdi>
              </>
            )}{" "}
            —{" "}
            {t("results.stopSummary", {
              visits: number(stop.visits),
              mean: format.figure(stop.mean),
            })}
          </summary>
          <div class="table-scroll" tabIndex={0} role="region" aria-label={stop.nameOfArea}>
            <table class="data-table statement-table">
              <thead>
                <tr>
                  <th scope="col">{t("results.statement")}</th>
                  <th scope="col">{t("results.n")}</th>
                  <th scope="col">{t("results.mean")}</th>
                  <th scope="col">{t("results.sd")}</th>
                  <th scope="col">{t("results.distribution")}</th>
                </tr>
              </thead>
              <tbody>
                {stop.items.map((s) => (
                  <tr
                    key={s.item}
                    class={s.flagged ? "flagged" : undefined}
                    data-flagged={String(s.flagged)}
                  >
                    <th scope="row">
                      {s.flagged && (
                        <span class="flag" role="img" aria-label={t("results.flagged")}>
                          ⚑{" "}
                        </span>
                      )}
                      {text(statementText(sections, s.item))}
                    </th>
                    <td>{number(s.scores.n)}</td>
                    <td>{format.figure(s.scores.mean)}</td>
                    <td>{format.figure(s.scores.sd)}</td>
                    <td>
                      <DistributionChart item={`${stop.stop}-${s.item}`} counts={s.counts} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </details>
      ))}
    </section>
  );
}
