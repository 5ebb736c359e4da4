/**
 * The facilitator's backend contract: every Tauri command of the facilitator
 * screens, typed. Like `api.ts`, this is the one place that knows these
 * command names (snake_case); arguments are camelCase objects and results the
 * backend's serde camelCase JSON. Every figure here is computed by core; the
 * UI only arranges and draws it.
 *
 * The commands act on the session's audit (`Session.auditId`) and need the
 * facilitator role (`Session.role === "facilitator"`); for anyone else they
 * reject with a message in the person's words.
 *
 * Conventions: times are ms since the epoch; calendar dates are `YYYY-MM-DD`;
 * ids of statements, areas (sections), themes, groups and wrap-up questions
 * are the template ids (`vision.1`, `environment`, `friendly`,
 * `tcn_communities`, `deficiencies.most_common`); a mean or other figure
 * without data is `null`, never `NaN`.
 */
import type * as core from "./generated/contract";
import { call } from "./api";
import type { AuditView, Location } from "./api";

// --- Prepare ------------------------------------------------------------------

/** Which toolkit templates the audit uses; `benchmark`: a EUROCITIES benchmark self-assessment. */
export type AuditTemplates = "checklist" | "photovoice" | "both" | "benchmark";

/** True when the audit has a photovoice (and so needs its time window). */
export const hasPhotovoice = (templates: AuditTemplates): boolean =>
  templates === "photovoice" || templates === "both";

/** A stop planned for the walk, as typed in the Prepare form. */
export interface PlannedStopInput {
  nameOfArea: string;
  specificLocation: string;
  /** Optional; participants record their own position at the stop. */
  position: Location | null;
}

/** When photos may be taken for the photovoice (inclusive, ms since the epoch). */
export interface TimeWindow {
  opensAt: number;
  closesAt: number;
}

export interface CreateAuditRequest {
  title: string;
  city: string;
  /** `YYYY-MM-DD`. */
  startsOn: string;
  /** `YYYY-MM-DD`, not before `startsOn`. */
  endsOn: string;
  meetingPoint: string;
  templates: AuditTemplates;
  /** In walking order. */
  plannedStops: PlannedStopInput[];
  /** Required when the templates include the photovoice, else null. */
  photovoiceWindow: TimeWindow | null;
}

export interface CreateInviteRequest {
  role: "participant" | "facilitator";
  /** ms since the epoch; must be in the future. */
  expiresAt: number;
  /** How many people may join with it (1 or more). */
  maxUses: number;
}

/** An invite to the session's audit. */
export interface Invite {
  /** The short code a person types, e.g. `K7Q-2MX`. */
  code: string;
  /** `cityaudit://join?server=…&code=…`, the content of the QR code. */
  link: string;
  /** The QR code of `link` as a standalone `<svg>` document, made by the backend. */
  qrSvg: string;
  role: "participant" | "facilitator";
  expiresAt: number;
  maxUses: number;
}

// Generated from core's types (src/generated/contract.ts).
export type ParticipantProgress = core.ParticipantProgress;
/** A value a reader skipped: where in the response document, and why. */
export type UnreadableValue = core.Problem;
export type ProgressTotals = core.ProgressTotals;
export type BalanceCount = core.BalanceCount;
export type ProgressView = core.ProgressView;
export type ScoreStats = core.ScoreStats;
export type StopResult = core.StopResult;
export type GroupResult = core.GroupResult;
export type Change = core.Change;
export type Comparison = core.Comparison;
export type InvalidValue = core.InvalidValue;
export type AuditSummary = core.AuditSummary;
export type ConsensusRecord = core.ConsensusRecord;
export type AreaIdeas = core.AreaIdeas;
export type FacilitatorRecords = core.FacilitatorRecords;
export type ReportText = core.ReportText;
export type ReviewPhoto = core.ReviewPhoto;
export type LatLon = core.LatLon;
export type MapStop = core.MapStop;
export type MapPhoto = core.MapPhoto;
export type MapTrack = core.MapTrack;
export type MapFeatures = core.MapFeatures;
export type ExportFormat = core.ExportFormat;
export type ExportResult = core.ExportResult;
export type StatementResult = core.ItemResult;
export type AreaResult = core.SectionResult;
export type ResultsView = core.AuditResults;

// --- Progress -----------------------------------------------------------------

// --- Results ------------------------------------------------------------------

export interface ResultsRequest {
  /** An earlier audit of the same city (from `auditsOfCity`), or null. */
  compareWith: string | null;
}

// --- Facilitator records (in the audit document, merged by CRDT) ---------------

export interface SetReportTextRequest {
  which: ReportText;
  text: string;
}

export interface SetConsensusRequest {
  item: string;
  score: number | null;
  note: string;
}

export interface SetAreaIdeasRequest {
  section: string;
  ideas: string;
  recommendations: string;
}

export interface SetWrapUpRequest {
  /** Wrap-up question id, e.g. `deficiencies.urgent`. */
  question: string;
  text: string;
}

// --- Photovoice review ---------------------------------------------------------

export interface MarkPhotoRequest {
  hash: string;
  marked: boolean;
}

// --- Map --------------------------------------------------------------------

// --- Export -----------------------------------------------------------------

// --- The commands ---------------------------------------------------------------

/** The facilitator commands, one function each. */
export const facilitatorApi = {
  /** Creates an audit on the session's server; the session then works on it. */
  createAudit: (request: CreateAuditRequest) => call<AuditView>("create_audit", request),
  createInvite: (request: CreateInviteRequest) => call<Invite>("create_invite", request),
  progress: () => call<ProgressView>("progress"),
  results: (request: ResultsRequest) => call<ResultsView>("results", request),
  /** Other audits of the city, newest first, without the session's own. */
  auditsOfCity: (city: string) => call<AuditSummary[]>("audits_of_city", { city }),
  records: () => call<FacilitatorRecords>("facilitator_records"),
  setConsensus: (request: SetConsensusRequest) => call<ConsensusRecord>("set_consensus", request),
  setAreaIdeas: (request: SetAreaIdeasRequest) => call<AreaIdeas>("set_area_ideas", request),
  photosForReview: () => call<ReviewPhoto[]>("photos_for_review"),
  markPhoto: (request: MarkPhotoRequest) => call<ReviewPhoto>("mark_photo", request),
  setWrapUp: (request: SetWrapUpRequest) => call<void>("set_wrap_up", request),
  setReportText: (request: SetReportTextRequest) => call<void>("set_report_text", request),
  /** Keeps the chosen earlier audit in the audit document (for the report and other facilitators). */
  setCompareWith: (auditId: string | null) => call<void>("set_compare_with", { auditId }),
  mapFeatures: () => call<MapFeatures>("map_features"),
  export: (format: ExportFormat) => call<ExportResult>("export", { format }),
};

export type FacilitatorApi = typeof facilitatorApi;
