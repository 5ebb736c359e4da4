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
import { call, sendsBinary } from "./api";
import { bytesToBase64 } from "./logic/bytes";
import type * as map from "./mapContract";
import type { AuditView } from "./api";

// --- Prepare ------------------------------------------------------------------

/** Which toolkit templates the audit uses; `benchmark`: a EUROCITIES benchmark self-assessment. */
export type AuditTemplates = "checklist" | "photovoice" | "both" | "benchmark";

/** True when the audit has a photovoice (and so needs its time window). */
export const hasPhotovoice = (templates: AuditTemplates | string): boolean =>
  templates === "photovoice" || templates === "both";

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
export type FlagRule = core.FlagRule;
export type AuditSummary = core.AuditSummary;
export type ConsensusRecord = core.ConsensusRecord;
export type AreaIdeas = core.AreaIdeas;
export type FacilitatorRecords = core.FacilitatorRecords;
export type ReportText = core.ReportText;
export type ReviewPhoto = core.ReviewPhoto;
// The map's types follow the agreed contract of issue #18 (mapContract.ts).
export type LatLon = map.LatLon;
export type MapStop = map.MapStop;
export type MapPhoto = map.MapPhoto;
export type MapTrack = map.MapTrack;
export type MapFeatures = map.MapFeatures;
export type BaseMapInfo = map.BaseMapInfo;
export type ExportFormat = core.ExportFormat;
export type ExportResult = core.ExportResult;
export type StatementResult = core.ItemResult;
export type AreaResult = core.SectionResult;
export type ResultsView = core.AuditResults;

// Generated from core's types (src/generated/contract.ts).
export type Invite = core.InviteView;
export type CreateInviteRequest = core.CreateInviteCommand;
export type SetConsensusRequest = core.ConsensusCommand;
export type SetAreaIdeasRequest = core.AreaIdeasCommand;
export type SetWrapUpRequest = core.WrapUpCommand;
export type SetReportTextRequest = core.ReportTextCommand;
export type MarkPhotoRequest = core.MarkPhotoCommand;
export type ResultsRequest = core.ResultsCommand;
export type CreateAuditRequest = core.CreateAuditCommand;
export type PlannedStopInput = core.PlannedStopInput;
export type TimeWindow = core.TimeWindow;

// --- Progress -----------------------------------------------------------------

// --- Results ------------------------------------------------------------------

// --- Facilitator records (in the audit document, merged by CRDT) ---------------

// --- Photovoice review ---------------------------------------------------------

// --- Map --------------------------------------------------------------------

// --- Export -----------------------------------------------------------------

// --- The commands ---------------------------------------------------------------

/** Attaches a base map package (.pmtiles) to the audit; its bytes travel as `add_photo`'s do. */
async function attachBaseMap(name: string, file: Blob): Promise<BaseMapInfo> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  if (sendsBinary()) return call<BaseMapInfo>("attach_base_map", { name }, bytes);
  return call<BaseMapInfo>("attach_base_map", { name, dataBase64: bytesToBase64(bytes) });
}

/** The facilitator commands, one function each. */
export const facilitatorApi = {
  /** Creates an audit on the session's server; the session then works on it. */
  createAudit: (request: CreateAuditRequest) => call<AuditView>("create_audit", request),
  createInvite: (request: CreateInviteRequest) => call<Invite>("create_invite", request),
  progress: () => call<ProgressView>("progress"),
  results: (request: ResultsRequest) => call<ResultsView>("results", request),
  /** Opens an earlier audit with a reader invite its facilitators made (read-only, to compare rounds). */
  openEarlierAudit: (code: string) => call<AuditSummary>("open_earlier_audit", { code }),
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
  attachBaseMap,
  /** Writes an export; the report in `lang` (a code of languages.json). */
  export: (format: ExportFormat, lang: string) => call<ExportResult>("export", { format, lang }),
};

export type FacilitatorApi = typeof facilitatorApi;
