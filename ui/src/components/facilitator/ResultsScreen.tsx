import { useState } from "preact/hooks";
import { messageOf, type AuditView, type Section } from "../../api";
import {
  facilitatorApi,
  type AuditSummary,
  type FacilitatorRecords,
  type ResultsView,
} from "../../facilitatorApi";
import { flaggedStatements } from "../../logic/results";
import { wordPhrase } from "../../logic/phrase";
import { useI18n } from "../I18n";
import { FlagRuleHint } from "./FlagRuleHint";
import { AreaResultsCard } from "./AreaResultsCard";
import { AreaMeansChart } from "./Charts";
import { ChangeBadge } from "./ChangeBadge";
import { GroupsTable } from "./GroupsTable";
import { LoadState } from "./LoadState";
import { StopsTable } from "./StopsTable";
import { useLoad } from "./useLoad";
import { CommentsCard, useComments } from "./Comments";

interface Props {
  audit: AuditView;
  lastSyncAt: number | null;
  /** The earlier audit chosen on this screen; undefined: the one kept in the audit document. */
  compareWith: string | null | undefined;
  onCompareWith(audit: string | null): void;
}

/**
 * Fetches an earlier audit from the server with a reader invite its
 * facilitators made: it arrives read-only, to compare rounds.
 */
function EarlierAuditForm({ onOpened }: { onOpened(audit: AuditSummary): void }) {
  const { t, format } = useI18n();
  const [code, setCode] = useState("");
  const [state, setState] = useState<
    | { kind: "idle" }
    | { kind: "busy" }
    | { kind: "opened"; title: string }
    | { kind: "failed"; message: string }
  >({ kind: "idle" });
  const submit = async (event: Event) => {
    event.preventDefault();
    if (code.trim() === "") return;
    setState({ kind: "busy" });
    try {
      const opened = await facilitatorApi.openEarlierAudit(code.trim());
      setState({
        kind: "opened",
        title: `${opened.title} (${opened.city}, ${format.isoDay(opened.startsOn)})`,
      });
      setCode("");
      onOpened(opened);
    } catch (error) {
      setState({ kind: "failed", message: messageOf(error) });
    }
  };
  return (
    <details class="earlier-audit" data-testid="earlier-audit">
      <summary>{t("results.earlierFromServer")}</summary>
      <p class="hint">{t("results.earlierHint")}</p>
      <form onSubmit={submit} noValidate>
        <label class="field">
          <span class="label">{t("results.earlierCode")}</span>
          <input
            value={code}
            dir="ltr"
            autoComplete="off"
            data-testid="earlier-audit-code"
            onInput={(event) => setCode(event.currentTarget.value)}
          />
        </label>
        <button
          type="submit"
          class="button"
          disabled={state.kind === "busy" || code.trim() === ""}
          data-testid="earlier-audit-open"
        >
          {t("results.earlierOpen")}
        </button>
      </form>
      {state.kind === "opened" && (
        <p class="hint" role="status" data-testid="earlier-audit-opened">
          {t("results.earlierOpened", { title: state.title })}
        </p>
      )}
      {state.kind === "failed" && (
        <p class="error" role="alert" data-testid="earlier-audit-error">
          {state.message}
        </p>
      )}
    </details>
  );
}

/** The merged results: per area with flags, per group side by side, per stop, and against an earlier audit. */
export function ResultsScreen({ audit, lastSyncAt, compareWith, onCompareWith }: Props) {
  const { t, format } = useI18n();
  const loaded = useLoad(async () => {
    const records = await facilitatorApi.records();
    const chosen = compareWith === undefined ? records.compareWith : compareWith;
    const results = await facilitatorApi.results({ compareWith: chosen });
    return { results, consensus: records.consensus, chosen };
  }, [lastSyncAt, compareWith, audit.id]);
  const earlier = useLoad(() => facilitatorApi.auditsOfCity(audit.city), [audit.city, audit.id]);
  const sections = audit.checklist?.sections ?? [];
  const [keepProblem, setKeepProblem] = useState<string | null>(null);
  const choose = async (auditId: string | null) => {
    onCompareWith(auditId);
    setKeepProblem(null);
    try {
      await facilitatorApi.setCompareWith(auditId);
    } catch (error) {
      setKeepProblem(t("facilitator.saveFailed", { message: messageOf(error) }));
    }
  };
  const shown = compareWith !== undefined ? compareWith : (loaded.data?.chosen ?? null);
  return (
    <div class="screen results-screen">
      <header class="screen-header">
        <h1>{t("results.title")}</h1>
      </header>
      <section class="card">
        <label class="field">
          <span class="label">{t("results.compare")}</span>
          <select
            value={shown ?? ""}
            data-testid="results-compare"
            onChange={(event) => choose(event.currentTarget.value || null)}
          >
            <option value="">{t("results.compareNone")}</option>
            {(earlier.data ?? []).map((a) => (
              <option key={a.id} value={a.id}>
                {`${a.title} (${format.isoDay(a.startsOn)})`}
              </option>
            ))}
          </select>
          {earlier.data?.length === 0 && <span class="hint">{t("results.compareNoneFound")}</span>}
          {earlier.problem && <span class="error">{earlier.problem}</span>}
          {keepProblem && (
            <span class="error" role="alert" data-testid="results-compare-error">
              {keepProblem}
            </span>
          )}
        </label>
        <EarlierAuditForm
          onOpened={(opened) => {
            earlier.reload();
            void choose(opened.id);
          }}
        />
      </section>
      <LoadState loaded={loaded}>
        {({ results, consensus }) => (
          <ResultsBody
            results={results}
            consensus={consensus}
            audit={audit}
            sections={sections}
            lastSyncAt={lastSyncAt}
          />
        )}
      </LoadState>
    </div>
  );
}

function ResultsBody({
  results,
  consensus,
  audit,
  sections,
  lastSyncAt,
}: {
  results: ResultsView;
  consensus: FacilitatorRecords["consensus"];
  audit: AuditView;
  sections: Section[];
  lastSyncAt: number | null;
}) {
  const { t, text, number, format } = useI18n();
  const comments = useComments(lastSyncAt);
  const sectionTitle = (id: string) => sections.find((s) => s.id === id)?.title ?? id;
  const groupLabel = (id: string) => {
    const group = audit.groups.find((g) => g.id === id);
    return group ? text(group.label) : id;
  };
  const flagged = flaggedStatements(results);
  const comparison = results.comparison;
  return (
    <>
      <section class="card results-summary" data-testid="results-summary">
        <p class="big-figure">
          <span class="label">{t("results.overall")}</span>{" "}
          <strong data-testid="results-overall">{format.figure(results.overallMean)}</strong>
          {comparison && (
            <ChangeBadge change={comparison.overall.change} testId="results-overall-change" />
          )}
        </p>
        <p>{t("results.participants", { count: number(results.participants) })}</p>
        <p data-testid="results-flag-count">
          {t("results.flaggedCount", { count: number(flagged.length) })}
        </p>
        <FlagRuleHint rule={results.flagRule} />
        {comparison && (
          <p data-testid="results-comparison">
            {t("results.comparedWith", {
              title: comparison.earlierTitle,
              earlier: format.figure(comparison.overall.earlier),
              change: format.change(comparison.overall.change),
            })}
          </p>
        )}
      </section>
      {results.sections.length > 0 && (
        <section class="card" aria-labelledby="results-chart">
          <h2 id="results-chart">{t("chart.areaMeans")}</h2>
          <AreaMeansChart
            areas={results.sections}
            groups={results.groups}
            areaTitle={sectionTitle}
            groupLabel={groupLabel}
          />
        </section>
      )}
      {results.sections.map((area) => (
        <AreaResultsCard
          key={area.section}
          area={area}
          section={sections.find((s) => s.id === area.section) ?? null}
          comparison={comparison}
          consensus={consensus}
        />
      ))}
      <CommentsCard results={results} sections={sections} comments={comments} />
      {results.groups.length > 0 && (
        <GroupsTable results={results} sections={sections} groupLabel={groupLabel} />
      )}
      {results.stops.length > 0 && <StopsTable stops={results.stops} sections={sections} />}
      <section class="card" aria-labelledby="results-invalid" data-testid="results-invalid">
        <h2 id="results-invalid">{t("results.invalid")}</h2>
        {results.invalid.length === 0 ? (
          <p class="empty">{t("results.invalidNone")}</p>
        ) : (
          <ul>
            {results.invalid.map((v, i) => (
              <li key={i} data-testid={`results-invalid-${i}`}>
                {t("results.invalidValue", {
                  who:
                    v.anonymous !== null
                      ? t("comments.participant", { n: v.anonymous })
                      : v.pseudonym,
                  item: v.item,
                  value: wordPhrase(t, v.value),
                  reason: wordPhrase(t, v.reason),
                })}
              </li>
            ))}
          </ul>
        )}
      </section>
    </>
  );
}
