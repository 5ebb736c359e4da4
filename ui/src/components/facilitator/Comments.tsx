/**
 * Participants' comments/evidence in the debrief: under each statement, by
 * display name or anonymised as the facilitator chooses, each with a box to
 * quote it in the report. Core collects and attributes them.
 */
import { useState } from "preact/hooks";
import { messageOf, type Section } from "../../api";
import type { ResultsView } from "../../facilitatorApi";
import { statementText } from "../../logic/results";
import { commentsApi, type CommentsView } from "../../methodsApi";
import { useI18n } from "../I18n";
import { useLoad, type Loaded } from "./useLoad";

export interface Comments {
  loaded: Loaded<CommentsView>;
  problem: string | null;
  setShowNames(show: boolean): void;
  quote(key: string, quoted: boolean): void;
}

/** Loads the comments when the screen opens and after every sync. */
export function useComments(lastSyncAt: number | null): Comments {
  const loaded = useLoad(commentsApi.comments, [lastSyncAt]);
  const [problem, setProblem] = useState<string | null>(null);
  const run = (change: Promise<CommentsView>) =>
    change.then(
      (view) => {
        setProblem(null);
        loaded.setData(() => view);
      },
      (error: unknown) => setProblem(messageOf(error)),
    );
  return {
    loaded,
    problem,
    setShowNames: (show) => void run(commentsApi.setShowNames(show)),
    quote: (key, quoted) => void run(commentsApi.quote(key, quoted)),
  };
}

/** The names-or-anonymised choice. */
export function NamesChoice({ comments }: { comments: Comments }) {
  const { t } = useI18n();
  const view = comments.loaded.data;
  if (!view) return null;
  return (
    <label class="check">
      <input
        type="checkbox"
        checked={view.showNames}
        data-testid="comments-show-names"
        onChange={(e) => comments.setShowNames(e.currentTarget.checked)}
      />
      <span>{t("comments.showNames")}</span>
    </label>
  );
}

/** The comments on one statement, each with its quote box. */
export function StatementComments({ item, comments }: { item: string; comments: Comments }) {
  const { t, number } = useI18n();
  const view = comments.loaded.data;
  const list = view?.byItem[item] ?? [];
  if (!view || list.length === 0) return null;
  return (
    <ul class="comments" data-testid={`comments-${item}`}>
      {list.map((c) => (
        <li key={c.key} class="comment">
          <blockquote dir="auto">{c.text}</blockquote>
          <span class="hint">
            {c.anonymous !== null ? t("comments.participant", { n: c.anonymous }) : c.author}
            {c.stop ? ` · ${c.stop}` : ""}
            {c.score !== null ? ` · ${t("comments.score", { score: number(c.score) })}` : ""}
          </span>
          <label class="check">
            <input
              type="checkbox"
              checked={view.quoted.includes(c.key)}
              data-testid={`quote-${c.key}`}
              onChange={(e) => comments.quote(c.key, e.currentTarget.checked)}
            />
            <span>{t("comments.quote")}</span>
          </label>
        </li>
      ))}
    </ul>
  );
}

/** Every statement with comments, flagged statements first (Results). */
export function CommentsCard({
  results,
  sections,
  comments,
}: {
  results: ResultsView;
  sections: Section[];
  comments: Comments;
}) {
  const { t, text } = useI18n();
  const view = comments.loaded.data;
  const statements = results.sections.flatMap((area) => area.items);
  const ordered = [
    ...statements.filter((s) => s.flagged),
    ...statements.filter((s) => !s.flagged),
  ].filter((s) => (view?.byItem[s.item]?.length ?? 0) > 0);
  return (
    <section class="card" aria-labelledby="results-comments" data-testid="results-comments">
      <h2 id="results-comments">{t("comments.title")}</h2>
      <p class="hint">{t("comments.hint")}</p>
      <NamesChoice comments={comments} />
      {comments.problem && (
        <p class="error" role="alert">
          {t("facilitator.saveFailed", { message: comments.problem })}
        </p>
      )}
      {ordered.length === 0 && <p class="empty">{t("comments.none")}</p>}
      {ordered.map((s) => (
        <article key={s.item} class="comment-group" data-flagged={s.flagged}>
          <h3>
            {s.flagged && <span class="flag">{t("comments.flagged")} </span>}
            {text(statementText(sections, s.item))}
          </h3>
          <StatementComments item={s.item} comments={comments} />
        </article>
      ))}
    </section>
  );
}
