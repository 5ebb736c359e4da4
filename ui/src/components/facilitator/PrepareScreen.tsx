import type { ComponentChildren } from "preact";
import { useState } from "preact/hooks";
import type { AuditView } from "../../api";
import { facilitatorApi } from "../../facilitatorApi";
import { useI18n } from "../I18n";
import { AuditForm } from "./AuditForm";
import { AuditTemplateCard } from "./AuditTemplateCard";
import { BaseMapPanel } from "./BaseMapPanel";
import { InvitePanel } from "./InvitePanel";

/**
 * The audit at a glance, invites to it, and a form for a new audit. Without
 * an audit (still loading, none yet, or unreadable: `waiting` says which) a
 * new one can still be created.
 */
export function PrepareScreen({
  audit,
  waiting,
  onAuditChanged,
}: {
  audit: AuditView | null;
  waiting: ComponentChildren;
  onAuditChanged(audit: AuditView): void;
}) {
  const { t } = useI18n();
  const [creating, setCreating] = useState(false);
  const [created, setCreated] = useState(false);
  return (
    <div class="screen prepare-screen">
      <header class="screen-header">
        <h1>{t("prepare.title")}</h1>
      </header>
      {audit ? <CurrentAudit audit={audit} created={created} /> : waiting}
      {audit && (
        <InvitePanel create={facilitatorApi.createInvite} facilitatorsOnly={audit.benchmark} />
      )}
      {audit && !audit.benchmark && <AuditTemplateCard key={audit.id} />}
      {audit && !audit.benchmark && <BaseMapPanel />}
      {creating ? (
        <AuditForm
          create={facilitatorApi.createAudit}
          onCreated={(next) => {
            setCreating(false);
            setCreated(true);
            onAuditChanged(next);
          }}
          onCancel={audit ? () => setCreating(false) : null}
        />
      ) : (
        <button
          type="button"
          class="button secondary wide"
          data-testid="prepare-new"
          onClick={() => {
            setCreated(false);
            setCreating(true);
          }}
        >
          {t("prepare.new")}
        </button>
      )}
    </div>
  );
}

function CurrentAudit({ audit, created }: { audit: AuditView; created: boolean }) {
  const { t, format, number } = useI18n();
  return (
    <section class="card" aria-labelledby="prepare-current" data-testid="prepare-current">
      <h2 id="prepare-current">{audit.title}</h2>
      <p>
        {audit.city}
        {audit.startsOn &&
          ` · ${t("settings.dates", {
            from: format.isoDay(audit.startsOn),
            to: format.isoDay(audit.endsOn),
          })}`}
      </p>
      {audit.meetingPoint && <p>{t("settings.meetingPoint", { place: audit.meetingPoint })}</p>}
      <p>
        {audit.benchmark
          ? t("prepare.templates.benchmark")
          : t("prepare.stopCount", { count: number(audit.plannedStops.length) })}
      </p>
      {created && (
        <p class="ok" role="status" data-testid="prepare-created">
          {t("prepare.created")}
        </p>
      )}
    </section>
  );
}
