import { useState } from "preact/hooks";
import { messageOf } from "../../api";
import type { CreateInviteRequest, Invite } from "../../facilitatorApi";
import { checkInviteDraft, type FormProblems, type InviteDraft } from "../../logic/auditForm";
import { useI18n } from "../I18n";
import { LIMITS } from "../../limits";

/**
 * Invites to the audit: made here, shown as a large QR code and the code to
 * type. A benchmark self-assessment is the facilitators' own work: it
 * invites facilitators only.
 */
export function InvitePanel({
  create,
  facilitatorsOnly = false,
}: {
  create(request: CreateInviteRequest): Promise<Invite>;
  facilitatorsOnly?: boolean;
}) {
  const { t } = useI18n();
  const [draft, setDraft] = useState<InviteDraft>({
    role: facilitatorsOnly ? "facilitator" : "participant",
    days: "14",
    maxUses: "30",
  });
  const [problems, setProblems] = useState<FormProblems>({});
  const [failure, setFailure] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const [invites, setInvites] = useState<Invite[]>([]);

  const submit = async (event: Event) => {
    event.preventDefault();
    const checked = checkInviteDraft(draft, Date.now());
    if (!checked.ok) return setProblems(checked.problems);
    setProblems({});
    setFailure(null);
    setSaving(true);
    try {
      const invite = await create(checked.request);
      setInvites((list) => [invite, ...list]);
    } catch (error) {
      setFailure(t("invite.failed", { message: messageOf(error) }));
    } finally {
      setSaving(false);
    }
  };

  return (
    <section class="card invite-panel" aria-labelledby="invite-title">
      <h2 id="invite-title">{t("invite.title")}</h2>
      <form onSubmit={submit} noValidate data-testid="invite-form">
        <label class="field">
          <span class="label">{t("invite.role")}</span>
          <select
            value={draft.role}
            data-testid="invite-role"
            onChange={(event) =>
              setDraft({ ...draft, role: event.currentTarget.value as InviteDraft["role"] })
            }
          >
            {!facilitatorsOnly && (
              <option value="participant">{t("settings.role.participant")}</option>
            )}
            <option value="facilitator">{t("settings.role.facilitator")}</option>
            <option value="reader">{t("settings.role.reader")}</option>
          </select>
          {draft.role === "reader" && (
            <span class="hint" data-testid="invite-reader-hint">
              {t("invite.readerHint")}
            </span>
          )}
        </label>
        <div class="field-pair">
          <label class="field">
            <span class="label">{t("invite.days")}</span>
            <input
              type="number"
              min={1}
              max={365}
              value={draft.days}
              aria-invalid={problems.days ? true : undefined}
              data-testid="invite-days"
              onInput={(event) => setDraft({ ...draft, days: event.currentTarget.value })}
            />
            {problems.days && (
              <span class="error" data-testid="invite-problem-days">
                {t(problems.days, { max: LIMITS.inviteDays })}
              </span>
            )}
          </label>
          <label class="field">
            <span class="label">{t("invite.maxUses")}</span>
            <input
              type="number"
              min={1}
              max={1000}
              value={draft.maxUses}
              aria-invalid={problems.maxUses ? true : undefined}
              data-testid="invite-uses"
              onInput={(event) => setDraft({ ...draft, maxUses: event.currentTarget.value })}
            />
            {problems.maxUses && (
              <span class="error" data-testid="invite-problem-uses">
                {t(problems.maxUses, { max: LIMITS.inviteUses })}
              </span>
            )}
          </label>
        </div>
        {failure && (
          <p class="error" role="alert" data-testid="invite-error">
            {failure}
          </p>
        )}
        <button type="submit" class="button primary" disabled={saving} data-testid="invite-create">
          {t("invite.create")}
        </button>
      </form>
      {invites.map((invite) => (
        <InviteCard key={invite.code} invite={invite} />
      ))}
    </section>
  );
}

/**
 * One invite, big enough to scan across a table. The QR code is the backend's
 * SVG shown as an image, so nothing in it can run.
 */
function InviteCard({ invite }: { invite: Invite }) {
  const { t, format, number } = useI18n();
  // A reader invite is typed by another facilitator on Results, never scanned to join.
  const joinable = invite.role !== "reader";
  return (
    <figure class="invite-card" data-testid={`invite-${invite.code}`}>
      {joinable && (
        <img
          class="invite-qr"
          src={`data:image/svg+xml;charset=utf-8,${encodeURIComponent(invite.qrSvg)}`}
          alt={t("invite.qrAlt", { code: invite.code })}
          data-testid="invite-qr"
        />
      )}
      <figcaption>
        <p class="invite-code" dir="ltr" data-testid="invite-code">
          {invite.code}
        </p>
        <p>
          {t("invite.summary", {
            role: t(`settings.role.${invite.role}`),
            uses: number(invite.maxUses),
            until: format.moment(invite.expiresAt, Date.now()),
          })}
        </p>
        {joinable ? (
          <p class="invite-link hint">
            <bdi dir="ltr" data-testid="invite-link">
              {invite.link}
            </bdi>
          </p>
        ) : (
          <p class="hint" data-testid="invite-reader-use">
            {t("invite.readerUse")}
          </p>
        )}
      </figcaption>
    </figure>
  );
}
