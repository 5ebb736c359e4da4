/**
 * The Prepare form: what the facilitator typed, checked before it goes to the
 * backend (which checks again). Problems are catalogue keys per field, so the
 * form can say what is wrong next to the field.
 */
import {
  hasPhotovoice,
  type AuditTemplates,
  type CreateAuditRequest,
  type CreateInviteRequest,
} from "../facilitatorApi";

import { deviceDateTime } from "./dates";
import { parseManualPosition } from "./location";
import { LIMITS } from "../limits";

/** A planned stop as typed (coordinates as text). */
export interface StopDraft {
  nameOfArea: string;
  specificLocation: string;
  lat: string;
  lon: string;
}

/** The Prepare form's fields as typed. */
export interface AuditDraft {
  title: string;
  city: string;
  startsOn: string;
  endsOn: string;
  meetingPoint: string;
  templates: AuditTemplates;
  stops: StopDraft[];
  /** `datetime-local` values. */
  windowOpens: string;
  windowCloses: string;
}

export const emptyStop = (): StopDraft => ({
  nameOfArea: "",
  specificLocation: "",
  lat: "",
  lon: "",
});

export const emptyAuditDraft = (): AuditDraft => ({
  title: "",
  city: "",
  startsOn: "",
  endsOn: "",
  meetingPoint: "",
  templates: "both",
  stops: [emptyStop()],
  windowOpens: "",
  windowCloses: "",
});

/** Field name (or `stop.<i>.<field>`) to a catalogue key. */
export type FormProblems = Record<string, string>;

export type Checked<T> = { ok: true; request: T } | { ok: false; problems: FormProblems };

const ISO_DAY = /^\d{4}-\d{2}-\d{2}$/;
const isDay = (text: string) =>
  ISO_DAY.test(text) &&
  !Number.isNaN(Date.parse(`${text}T00:00:00Z`)) &&
  new Date(`${text}T00:00:00Z`).toISOString().startsWith(text);

/** A stop row left entirely empty is dropped, not an error. */
const isBlankStop = (stop: StopDraft) =>
  [stop.nameOfArea, stop.specificLocation, stop.lat, stop.lon].every((v) => v.trim() === "");

/** Checks the Prepare form and builds the `create_audit` request. */
export function checkAuditDraft(draft: AuditDraft): Checked<CreateAuditRequest> {
  const problems: FormProblems = {};
  if (draft.title.trim() === "") problems.title = "prepare.problem.titleMissing";
  if (draft.city.trim() === "") problems.city = "prepare.problem.cityMissing";
  if (!isDay(draft.startsOn)) problems.startsOn = "prepare.problem.dateInvalid";
  if (!isDay(draft.endsOn)) problems.endsOn = "prepare.problem.dateInvalid";
  else if (isDay(draft.startsOn) && draft.endsOn < draft.startsOn)
    problems.endsOn = "prepare.problem.endsBeforeStart";

  const plannedStops: CreateAuditRequest["plannedStops"] = [];
  draft.stops.forEach((stop, i) => {
    // A benchmark self-assessment has no walk: stops typed before choosing it are not sent.
    if (isBlankStop(stop) || draft.templates === "benchmark") return;
    if (stop.nameOfArea.trim() === "")
      problems[`stop.${i}.nameOfArea`] = "prepare.problem.stopNameMissing";
    const position = parseManualPosition(stop.lat, stop.lon);
    if (position.kind === "invalid")
      problems[`stop.${i}.position`] = `position.${position.problem}Invalid`;
    plannedStops.push({
      nameOfArea: stop.nameOfArea.trim(),
      specificLocation: stop.specificLocation.trim(),
      position: position.kind === "valid" ? position.location : null,
    });
  });

  let photovoiceWindow: CreateAuditRequest["photovoiceWindow"] = null;
  if (hasPhotovoice(draft.templates)) {
    const opens = deviceDateTime(draft.windowOpens);
    const closes = deviceDateTime(draft.windowCloses);
    if (!opens) problems.windowOpens = "prepare.problem.timeInvalid";
    if (!closes) problems.windowCloses = "prepare.problem.timeInvalid";
    if (opens && closes) {
      if (closes.instant <= opens.instant)
        problems.windowCloses = "prepare.problem.closesBeforeOpens";
      else photovoiceWindow = { opensAt: opens.instant, closesAt: closes.instant };
    }
  }

  if (Object.keys(problems).length > 0) return { ok: false, problems };
  return {
    ok: true,
    request: {
      title: draft.title.trim(),
      city: draft.city.trim(),
      startsOn: draft.startsOn,
      endsOn: draft.endsOn,
      meetingPoint: draft.meetingPoint.trim(),
      templates: draft.templates,
      plannedStops,
      photovoiceWindow,
      template: null,
    },
  };
}

/** Moves a planned stop one place up (-1) or down (+1); out of range is no change. */
export function moveStop<T>(stops: readonly T[], index: number, by: -1 | 1): T[] {
  const target = index + by;
  if (index < 0 || index >= stops.length || target < 0 || target >= stops.length) return [...stops];
  const next = [...stops];
  [next[index], next[target]] = [next[target] as T, next[index] as T];
  return next;
}

/** The invite form as typed. */
export interface InviteDraft {
  /** `reader`: a facilitator of a later audit reads this one to compare rounds. */
  role: "participant" | "facilitator" | "reader";
  /** Days until it expires. */
  days: string;
  maxUses: string;
}

const DAY_MS = 24 * 60 * 60 * 1000;

/** Checks the invite form and builds the `create_invite` request. */
export function checkInviteDraft(draft: InviteDraft, now: number): Checked<CreateInviteRequest> {
  const problems: FormProblems = {};
  const days = Number(draft.days.trim());
  const uses = Number(draft.maxUses.trim());
  if (!/^\d+$/.test(draft.days.trim()) || days < 1 || days > LIMITS.inviteDays)
    problems.days = "invite.problem.daysInvalid";
  if (!/^\d+$/.test(draft.maxUses.trim()) || uses < 1 || uses > LIMITS.inviteUses)
    problems.maxUses = "invite.problem.usesInvalid";
  if (Object.keys(problems).length > 0) return { ok: false, problems };
  return { ok: true, request: { role: draft.role, expiresAt: now + days * DAY_MS, maxUses: uses } };
}
