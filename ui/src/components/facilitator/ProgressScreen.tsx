import type { AuditView } from "../../api";
import {
  facilitatorApi,
  type BalanceCount,
  type ProgressView,
  type UnreadableValue,
} from "../../facilitatorApi";
import { wordPhrase } from "../../logic/phrase";
import { percent } from "../../logic/progress";
import { useI18n } from "../I18n";
import { LoadState } from "./LoadState";
import { useLoad } from "./useLoad";

/** Who has synced and how far each participant has come; totals and the roster's balance. */
export function ProgressScreen({
  audit,
  lastSyncAt,
}: {
  audit: AuditView;
  lastSyncAt: number | null;
}) {
  const { t } = useI18n();
  const loaded = useLoad(facilitatorApi.progress, [lastSyncAt, audit.id]);
  return (
    <div class="screen progress-screen">
      <header class="screen-header with-action">
        <h1>{t("progress.title")}</h1>
        <button
          type="button"
          class="button secondary"
          data-testid="progress-refresh"
          onClick={loaded.reload}
        >
          {t("facilitator.refresh")}
        </button>
      </header>
      <LoadState loaded={loaded}>
        {(progress) => <ProgressTables progress={progress} audit={audit} />}
      </LoadState>
    </div>
  );
}

/** The values of one participant's response that core could not read: left
 * out of every result, so the facilitator can ask the participant to check them. */
function UnreadableValues({
  participantId,
  values,
}: {
  participantId: string;
  values: UnreadableValue[];
}) {
  const { t, number } = useI18n();
  if (values.length === 0) return null;
  return (
    <details class="unreadable" data-testid={`progress-unreadable-${participantId}`}>
      <summary class="warn-text">
        {t("progress.unreadable", { count: number(values.length) })}
      </summary>
      <p class="hint">{t("progress.unreadableHint")}</p>
      <ul>
        {values.map((v) => (
          <li key={v.path}>
            <code dir="ltr">{v.path}</code>: <span dir="auto">{wordPhrase(t, v.phrase)}</span>
          </li>
        ))}
      </ul>
    </details>
  );
}

function ProgressTables({ progress, audit }: { progress: ProgressView; audit: AuditView }) {
  const { t, text, number, format } = useI18n();
  const groupLabel = (id: string | null) => {
    const group = audit.groups.find((g) => g.id === id);
    return group ? text(group.label) : (id ?? t("progress.notGiven"));
  };
  const { totals } = progress;
  const now = Date.now();
  return (
    <>
      <section class="card" aria-labelledby="progress-roster">
        <h2 id="progress-roster">{t("progress.roster", { count: number(totals.participants) })}</h2>
        {progress.participants.length === 0 ? (
          <p class="empty" data-testid="progress-empty">
            {t("progress.empty")}
          </p>
        ) : (
          <div class="table-scroll" tabIndex={0} role="region" aria-labelledby="progress-roster">
            <table class="data-table" data-testid="progress-table">
              <thead>
                <tr>
                  <th scope="col">{t("progress.pseudonym")}</th>
                  <th scope="col">{t("progress.group")}</th>
                  <th scope="col">{t("progress.lastSync")}</th>
                  <th scope="col">{t("progress.items")}</th>
                  <th scope="col">{t("progress.stops")}</th>
                  <th scope="col">{t("progress.photos")}</th>
                </tr>
              </thead>
              <tbody>
                {progress.participants.map((p) => (
                  <tr key={p.participantId} data-testid={`progress-row-${p.participantId}`}>
                    <th scope="row">
                      <bdi>{p.pseudonym}</bdi>
                      <UnreadableValues participantId={p.participantId} values={p.unreadable} />
                    </th>
                    <td>{groupLabel(p.group)}</td>
                    <td data-testid={`progress-sync-${p.participantId}`}>
                      {p.lastSyncAt === null ? (
                        <span class="warn-text">{t("progress.never")}</span>
                      ) : (
                        format.moment(p.lastSyncAt, now)
                      )}
                    </td>
                    <td data-testid={`progress-items-${p.participantId}`}>
                      {t("progress.of", {
                        done: number(p.itemsAnswered),
                        total: number(p.itemsTotal),
                      })}
                      <div class="progress-bar" aria-hidden="true">
                        <div
                          class="progress-fill"
                          style={{
                            inlineSize: `${percent({ answered: p.itemsAnswered, total: p.itemsTotal })}%`,
                          }}
                        />
                      </div>
                    </td>
                    <td>{number(p.stopsVisited)}</td>
                    <td data-testid={`progress-photos-${p.participantId}`}>
                      {t("progress.photosUploaded", {
                        uploaded: number(p.photosUploaded),
                        captured: number(p.photosCaptured),
                      })}
                    </td>
                  </tr>
                ))}
              </tbody>
              <tfoot>
                <tr data-testid="progress-totals" data-participants={totals.participants}>
                  <th scope="row">{t("progress.totals")}</th>
                  <td>{number(totals.participants)}</td>
                  <td />
                  <td>
                    {t("progress.of", {
                      done: number(totals.itemsAnswered),
                      total: number(totals.itemsTotal),
                    })}
                  </td>
                  <td>{number(totals.stopsVisited)}</td>
                  <td>
                    {t("progress.photosUploaded", {
                      uploaded: number(totals.photosUploaded),
                      captured: number(totals.photosCaptured),
                    })}
                  </td>
                </tr>
              </tfoot>
            </table>
          </div>
        )}
      </section>
      <section class="card" aria-labelledby="progress-balance">
        <h2 id="progress-balance">{t("progress.balance")}</h2>
        <p class="hint">{t("progress.balanceHint")}</p>
        <BalanceBars
          title={t("progress.byGender")}
          counts={progress.balance.byGender}
          label={(value) => (value ? t(`gender.${value}`) : t("progress.notGiven"))}
          testId="balance-gender"
        />
        <BalanceBars
          title={t("progress.byGroup")}
          counts={progress.balance.byGroup}
          label={groupLabel}
          testId="balance-group"
        />
      </section>
    </>
  );
}

/** Counts as bars with the number and share in text (the bars are decoration). */
function BalanceBars({
  title,
  counts,
  label,
  testId,
}: {
  title: string;
  counts: BalanceCount[];
  label(value: string | null): string;
  testId: string;
}) {
  const { number } = useI18n();
  const total = counts.reduce((sum, c) => sum + c.count, 0);
  return (
    <div class="balance" data-testid={testId}>
      <h3>{title}</h3>
      <ul class="balance-list">
        {counts.map((c) => {
          const share = total === 0 ? 0 : c.count / total;
          return (
            <li key={c.value ?? ""} class="balance-row" data-value={c.value ?? ""}>
              <span class="balance-label">{label(c.value)}</span>
              <span class="balance-bar" aria-hidden="true">
                <span class="balance-fill" style={{ inlineSize: `${Math.round(share * 100)}%` }} />
              </span>
              <span class="balance-count">
                {number(c.count)} ({number(share, { style: "percent" })})
              </span>
            </li>
          );
        })}
      </ul>
    </div>
  );
}
