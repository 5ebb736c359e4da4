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

// --- Progress -----------------------------------------------------------------

/** One participant of the roster and how far they have come. */
export interface ParticipantProgress {
  participantId: string;
  /** The display name chosen when joining (a pseudonym). */
  pseudonym: string;
  /** Participant group id. */
  group: string;
  /** As typed when joining; null when not given. */
  gender: string | null;
  /** When the server last received from this participant; null: never. */
  lastSyncAt: number | null;
  /** Whole-city statements answered (a score or "don't know"). */
  itemsAnswered: number;
  /** Whole-city statements of the checklist. */
  itemsTotal: number;
  stopsVisited: number;
  photosCaptured: number;
  /** Photos whose full-size copy has reached the server. */
  photosUploaded: number;
  /** Values of this participant's response that could not be read and are
   * left out of every result (schema.md §7); empty when all is readable. */
  unreadable: UnreadableValue[];
}

/** A value a reader skipped: where in the response document, and why. */
export interface UnreadableValue {
  /** Path in the document, e.g. `answers/vision.1/value`. */
  path: string;
  /** What is wrong, in words (English, from core). */
  message: string;
}

export interface ProgressTotals {
  participants: number;
  itemsAnswered: number;
  itemsTotal: number;
  stopsVisited: number;
  photosCaptured: number;
  photosUploaded: number;
}

/** How many participants share a value (a gender as typed, or a group id). */
export interface BalanceCount {
  /** null: not given. */
  value: string | null;
  count: number;
}

export interface ProgressView {
  participants: ParticipantProgress[];
  totals: ProgressTotals;
  /** The toolkit asks for a balanced roster. */
  balance: { byGender: BalanceCount[]; byGroup: BalanceCount[] };
}

// --- Results ------------------------------------------------------------------

/** Statistics of valid scores (1-5). All null when `n` is 0; `sd` is the population SD. */
export interface ScoreStats {
  n: number;
  mean: number | null;
  median: number | null;
  min: number | null;
  max: number | null;
  sd: number | null;
}

/** One statement's merged answers. */
export interface StatementResult {
  /** Statement id, e.g. `vision.1`. */
  item: string;
  scores: ScoreStats;
  dontKnow: number;
  /** How many gave each score: `counts[0]` is score 1 … `counts[4]` is score 5. */
  counts: number[];
  /** Scores spread widely (the rule is in `ResultsView.flagRule`): discuss for consensus. */
  flagged: boolean;
}

/** One area (template section). */
export interface AreaResult {
  /** Section id, e.g. `vision`. */
  section: string;
  /** Mean of the statement means; null when no statement has scores. */
  mean: number | null;
  /** In template order. */
  items: StatementResult[];
  /** Statement ids with the highest mean (several on a tie). */
  best: string[];
  /** Statement ids with the lowest mean (several on a tie). */
  mostChallenging: string[];
}

/** The per-stop statements (Urban Environment and Safety) at one place. */
export interface StopResult {
  /** The planned stop id, or for unplanned stops the name of area. */
  stop: string;
  nameOfArea: string;
  specificLocation: string;
  /** Stop visits counted here (one per participant who recorded it). */
  visits: number;
  mean: number | null;
  items: StatementResult[];
}

/** The same figures for the participants of one group. */
export interface GroupResult {
  /** Participant group id. */
  group: string;
  participants: number;
  overallMean: number | null;
  /** Per area, in template order; `best`/`mostChallenging` within the group. */
  sections: AreaResult[];
}

/** Change of one mean against the earlier audit: `current - earlier`. */
export interface Change {
  earlier: number | null;
  current: number | null;
  /** null when either side has no data. */
  change: number | null;
}

export interface Comparison {
  earlierAuditId: string;
  earlierTitle: string;
  earlierStartsOn: string;
  overall: Change;
  /** Keyed by section id. */
  sections: Record<string, Change>;
  /** Keyed by statement id. */
  items: Record<string, Change>;
}

/** A value from a document that was excluded from every figure. */
export interface InvalidValue {
  participantId: string;
  pseudonym: string;
  item: string;
  /** The stop it was recorded at; null for whole-city answers. */
  stop: string | null;
  /** The value as found, as text (e.g. `9`, `"great"`). */
  value: string;
  /** Why it was excluded, in the person's words. */
  reason: string;
}

export interface ResultsView {
  /** Participants whose responses were merged. */
  participants: number;
  overallMean: number | null;
  /** Per area, in template order. */
  sections: AreaResult[];
  /** Per stop, in walking order. */
  stops: StopResult[];
  /** Per group present in the roster, in template group order. */
  groups: GroupResult[];
  /** Against `compareWith`; null when none was chosen. */
  comparison: Comparison | null;
  invalid: InvalidValue[];
  /** The disagreement rule in the person's words, e.g. "range ≥ 3 or SD ≥ 1.25 (n ≥ 2)". */
  flagRule: string;
}

export interface ResultsRequest {
  /** An earlier audit of the same city (from `auditsOfCity`), or null. */
  compareWith: string | null;
}

/** An audit the facilitator can see, for choosing the earlier one. */
export interface AuditSummary {
  id: string;
  title: string;
  city: string;
  startsOn: string;
  endsOn: string;
}

// --- Facilitator records (in the audit document, merged by CRDT) ---------------

export interface ConsensusRecord {
  item: string;
  /** The agreed score 1-5; null: not agreed yet. */
  score: number | null;
  note: string;
  updatedAt: number;
}

export interface AreaIdeas {
  section: string;
  ideas: string;
  recommendations: string;
}

export interface FacilitatorRecords {
  /** Keyed by statement id. */
  consensus: Record<string, ConsensusRecord>;
  /** Keyed by section id. */
  areaIdeas: Record<string, AreaIdeas>;
  /** Keyed by wrap-up question id of the photovoice template. */
  wrapUp: Record<string, string>;
  /** Hashes of the photos marked for the report. */
  markedPhotos: string[];
  /** Report Part I: the city's context, as the facilitator writes it. */
  cityContext: string;
  /** Report: what the desk research found. */
  deskResearch: string;
  /** Report: what the focus groups said. */
  focusGroups: string;
  /** The earlier audit chosen for the comparison, kept in the audit document; null: none. */
  compareWith: string | null;
}

/** The free texts of the report the facilitator writes. */
export type ReportText = "cityContext" | "deskResearch" | "focusGroups";

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

export interface ReviewPhoto {
  hash: string;
  title: string;
  caption: string;
  /** Theme id. */
  theme: string;
  /** The photographer's display name, for the credit line. */
  credit: string;
  participantId: string;
  location: Location | null;
  takenAt: number | null;
  marked: boolean;
  /** A `data:` URL. */
  thumbnail: string;
  /** The full-size copy has reached the server (only those go into the report). */
  uploaded: boolean;
  /** Received outside the app: how (`email`, `messaging`, `in_person`, `other`); null for participants' photos. */
  receivedVia: string | null;
  /** For a received photo: how its photographer gave consent. */
  consentNote: string;
}

export interface MarkPhotoRequest {
  hash: string;
  marked: boolean;
}

// --- Map --------------------------------------------------------------------

export interface LatLon {
  lat: number;
  lon: number;
}

export interface MapStop extends LatLon {
  id: string;
  /** Planned by the facilitator, or visited by a participant. */
  kind: "planned" | "visited";
  nameOfArea: string;
  specificLocation: string;
  /** Who visited it; null for planned stops. */
  pseudonym: string | null;
}

export interface MapPhoto extends LatLon {
  hash: string;
  title: string;
  theme: string;
  credit: string;
}

export interface MapTrack {
  participantId: string;
  pseudonym: string;
  points: LatLon[];
}

/** Everything with a position; items without one are left out. */
export interface MapFeatures {
  stops: MapStop[];
  photos: MapPhoto[];
  tracks: MapTrack[];
}

// --- Export -----------------------------------------------------------------

export type ExportFormat = "csv" | "problems" | "geojson" | "md" | "html" | "zip";

export interface ExportResult {
  /** Where the file was saved, to show the person. */
  path: string;
  bytes: number;
}

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
