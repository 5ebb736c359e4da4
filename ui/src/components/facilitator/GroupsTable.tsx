import type { Section } from "../../api";
import type { ResultsView } from "../../facilitatorApi";
import { statementText } from "../../logic/results";
import { useI18n } from "../I18n";

/** The same means per participant group, side by side: areas, overall, then every statement. */
export function GroupsTable({
  results,
  sections,
  groupLabel,
}: {
  results: ResultsView;
  sections: Section[];
  groupLabel(group: string): string;
}) {
  const { t, text, number, format } = useI18n();
  const groups = results.groups;
  const areaOf = (g: (typeof groups)[number], section: string) =>
    g.sections.find((s) => s.section === section);
  const header = (
    <thead>
      <tr>
        <th scope="col">{t("results.groupsArea")}</th>
        <th scope="col">{t("results.everyone")}</th>
        {groups.map((g) => (
          <th key={g.group} scope="col" data-testid={`results-group-${g.group}`}>
            {groupLabel(g.group)} <span class="hint">({number(g.participants)})</span>
          </th>
        ))}
      </tr>
    </thead>
  );
  return (
    <section class="card" aria-labelledby="results-groups-title" data-testid="results-groups">
      <h2 id="results-groups-title">{t("results.groups")}</h2>
      <div class="table-scroll" tabIndex={0} role="region" aria-labelledby="results-groups-title">
        <table class="data-table statement-table">
          {header}
          <tbody>
            {results.sections.map((area) => (
              <tr key={area.section}>
                <th scope="row">
                  {text(sections.find((s) => s.id === area.section)?.title) || area.section}
                </th>
                <td>{format.figure(area.mean)}</td>
                {groups.map((g) => (
                  <td key={g.group} data-testid={`results-group-mean-${g.group}-${area.section}`}>
                    {format.figure(areaOf(g, area.section)?.mean ?? null)}
                  </td>
                ))}
              </tr>
            ))}
            <tr class="total-row">
              <th scope="row">{t("results.overall")}</th>
              <td>{format.figure(results.overallMean)}</td>
              {groups.map((g) => (
                <td key={g.group}>{format.figure(g.overallMean)}</td>
              ))}
            </tr>
          </tbody>
        </table>
      </div>
      <details class="statement-details">
        <summary>{t("results.groupsPerStatement")}</summary>
        <div
          class="table-scroll"
          tabIndex={0}
          role="region"
          aria-label={t("results.groupsPerStatement")}
        >
          <table class="data-table statement-table">
            {header}
            <tbody>
              {results.sections.flatMap((area) =>
                area.items.map((s, i) => (
                  <tr key={s.item}>
                    <th scope="row">{text(statementText(sections, s.item))}</th>
                    <td>{format.figure(s.scores.mean)}</td>
                    {groups.map((g) => (
                      <td key={g.group}>
                        {format.figure(areaOf(g, area.section)?.items[i]?.scores.mean ?? null)}
                      </td>
                    ))}
                  </tr>
                )),
              )}
            </tbody>
          </table>
        </div>
      </details>
    </section>
  );
}
