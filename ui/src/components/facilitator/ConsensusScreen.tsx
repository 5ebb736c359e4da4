import { useState } from "preact/hooks";
import { messageOf, type AuditView, type Section } from "../../api";
import {
  facilitatorApi,
  type AreaIdeas,
  type ConsensusRecord,
  type FacilitatorRecords,
  type ResultsView,
} from "../../facilitatorApi";
import { flaggedStatements, statementText, type FlaggedStatement } from "../../logic/results";
import { useI18n } from "../I18n";
import { FlagRuleHint } from "./FlagRuleHint";
import { DistributionChart } from "./Charts";
import { NamesChoice, StatementComments, useComments, type Comments } from "./Comments";
import { LoadState } from "./LoadState";
import { useLoad } from "./useLoad";

/** The consensus discussion: an agreed score and a note per flagged statement; ideas per area. */
export function ConsensusScreen({
  audit,
  lastSyncAt,
}: {
  audit: AuditView;
  lastSyncAt: number | null;
}) {
  const { t } = useI18n();
  const loaded = useLoad(async () => {
    const [results, records] = await Promise.all([
      facilitatorApi.results({ compareWith: null }),
      facilitatorApi.records(),
    ]);
    return { results, records };
  }, [lastSyncAt, audit.id]);
  return (
    <div class="screen consensus-screen">
      <header class="screen-header">
        <h1>{t("consensus.title")}</h1>
        <p class="hint">{t("consensus.intro")}</p>
      </header>
      <LoadState loaded={loaded}>
        {({ results, records }) => (
          <ConsensusBody
            audit={audit}
            results={results}
            records={records}
            lastSyncAt={lastSyncAt}
          />
        )}
      </LoadState>
    </div>
  );
}

function ConsensusBody({
  audit,
  results,
  records,
  lastSyncAt,
}: {
  audit: AuditView;
  results: ResultsView;
  records: FacilitatorRecords;
  lastSyncAt: number | null;
}) {
  const { t, text } = useI18n();
  const sections = audit.checklist?.sections ?? [];
  const flagged = flaggedStatements(results);
  const comments = useComments(lastSyncAt);
  return (
    <>
      <section class="card" aria-labelledby="consensus-flagged">
        <h2 id="consensus-flagged">{t("consensus.flagged")}</h2>
        <FlagRuleHint rule={results.flagRule} />
        <NamesChoice comments={comments} />
        {flagged.length === 0 ? (
          <p class="empty" data-testid="consensus-none">
            {t("consensus.none")}
          </p>
        ) : (
          flagged.map((f) => (
            <ConsensusItem
              key={f.statement.item}
              flagged={f}
              sections={sections}
              record={records.consensus[f.statement.item] ?? null}
              comments={comments}
            />
          ))
        )}
      </section>
      <section class="card" aria-labelledby="consensus-ideas">
        <h2 id="consensus-ideas">{t("consensus.ideasTitle")}</h2>
        {sections.map((section) => (
          <AreaIdeasForm
            key={section.id}
            section={section}
            title={text(section.title)}
            record={records.areaIdeas[section.id] ?? null}
          />
        ))}
      </section>
    </>
  );
}

type SaveState =
  { kind: "idle" } | { kind: "saving" } | { kind: "saved" } | { kind: "failed"; message: string };

function SaveNote({ state, testId }: { state: SaveState; testId: string }) {
  const { t } = useI18n();
  if (state.kind === "saved")
    return (
      <span class="ok" role="status" data-testid={testId}>
        {t("facilitator.saved")}
      </span>
    );
  if (state.kind === "failed")
    return (
      <span class="error" role="alert" data-testid={`${testId}-error`}>
        {t("facilitator.saveFailed", { message: state.message })}
      </span>
    );
  return null;
}

function ConsensusItem({
  flagged,
  sections,
  record,
  comments,
}: {
  flagged: FlaggedStatement;
  sections: Section[];
  record: ConsensusRecord | null;
  comments: Comments;
}) {
  const { t, text, number, format } = useI18n();
  const { statement } = flagged;
  const [score, setScore] = useState<number | null>(record?.score ?? null);
  const [note, setNote] = useState(record?.note ?? "");
  const [state, setState] = useState<SaveState>({ kind: "idle" });
  const id = statement.item;
  const headingId = `consensus-heading-${id}`;
  const save = async () => {
    setState({ kind: "saving" });
    try {
      const saved = await facilitatorApi.setConsensus({ item: id, score, note });
      setScore(saved.score);
      setNote(saved.note);
      setState({ kind: "saved" });
    } catch (error) {
      setState({ kind: "failed", message: messageOf(error) });
    }
  };
  const s = statement.scores;
  return (
    <article class="consensus-item" aria-labelledby={headingId} data-testid={`consensus-${id}`}>
      <h3 id={headingId}>{text(statementText(sections, id))}</h3>
      <div class="consensus-figures">
        <DistributionChart item={`consensus-${id}`} counts={statement.counts} />
        <p>
          {t("consensus.figures", {
            n: number(s.n),
            mean: format.figure(s.mean),
            min: s.min === null ? "–" : number(s.min),
            max: s.max === null ? "–" : number(s.max),
            sd: format.figure(s.sd),
          })}
        </p>
      </div>
      <StatementComments item={id} comments={comments} />
      <div class="score-buttons" role="group" aria-label={t("consensus.agreed")}>
        <span class="label">{t("consensus.agreed")}</span>
        <div class="score-row">
          {[1, 2, 3, 4, 5].map((n) => (
            <button
              key={n}
              type="button"
              class="score-button"
              aria-pressed={score === n}
              aria-label={t("item.scoreOf", { score: n, max: 5 })}
              data-testid={`consensus-score-${id}-${n}`}
              onClick={() => {
                setScore(score === n ? null : n);
                setState({ kind: "idle" });
              }}
            >
              {number(n)}
            </button>
          ))}
        </div>
      </div>
      <label class="field">
        <span class="label">{t("consensus.note")}</span>
        <textarea
          rows={2}
          dir="auto"
          value={note}
          data-testid={`consensus-note-${id}`}
          onInput={(event) => {
            setNote(event.currentTarget.value);
            setState({ kind: "idle" });
          }}
        />
      </label>
      <div class="button-row">
        <button
          type="button"
          class="button primary"
          disabled={state.kind === "saving"}
          data-testid={`consensus-save-${id}`}
          onClick={save}
        >
          {t("facilitator.save")}
        </button>
        <SaveNote state={state} testId={`consensus-saved-${id}`} />
      </div>
    </article>
  );
}

function AreaIdeasForm({
  section,
  title,
  record,
}: {
  section: Section;
  title: string;
  record: AreaIdeas | null;
}) {
  const { t } = useI18n();
  const [ideas, setIdeas] = useState(record?.ideas ?? "");
  const [recommendations, setRecommendations] = useState(record?.recommendations ?? "");
  const [state, setState] = useState<SaveState>({ kind: "idle" });
  const id = section.id;
  const save = async () => {
    setState({ kind: "saving" });
    try {
      await facilitatorApi.setAreaIdeas({ section: id, ideas, recommendations });
      setState({ kind: "saved" });
    } catch (error) {
      setState({ kind: "failed", message: messageOf(error) });
    }
  };
  return (
    <fieldset class="area-ideas" data-testid={`ideas-${id}`}>
      <legend>{title}</legend>
      <label class="field">
        <span class="label">{t("consensus.ideas")}</span>
        <textarea
          rows={3}
          dir="auto"
          value={ideas}
          data-testid={`ideas-text-${id}`}
          onInput={(event) => {
            setIdeas(event.currentTarget.value);
            setState({ kind: "idle" });
          }}
        />
      </label>
      <label class="field">
        <span class="label">{t("consensus.recommendations")}</span>
        <textarea
          rows={3}
          dir="auto"
          value={recommendations}
          data-testid={`recommendations-text-${id}`}
          onInput={(event) => {
            setRecommendations(event.currentTarget.value);
            setState({ kind: "idle" });
          }}
        />
      </label>
      <div class="button-row">
        <button
          type="button"
          class="button primary"
          disabled={state.kind === "saving"}
          data-testid={`ideas-save-${id}`}
          onClick={save}
        >
          {t("facilitator.save")}
        </button>
        <SaveNote state={state} testId={`ideas-saved-${id}`} />
      </div>
    </fieldset>
  );
}
