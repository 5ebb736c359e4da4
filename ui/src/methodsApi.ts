/**
 * The facilitator's desk research and focus group commands (core:
 * `cityaudit_core::commands::methods`). Every record is edited one field at
 * a time, so two facilitators editing the same focus group merge; core
 * checks every value (a negative count, a period that ends before it
 * starts) and answers with the records as they are now.
 */
import { call } from "./api";
import type { Location, ParticipantGroup, Text } from "./api";

/** The kinds of record. */
export type MethodRecord = "document" | "institution" | "focusGroup";

/** One choice of a closed list (snake_case, as core/templates/audit_methods.json). */
export interface Choice {
  id: string;
  label: Text;
}

export interface MethodsTemplate {
  desk: {
    document_types: Choice[];
    sectors: Choice[];
    review_methods: Choice[];
    answers: Choice[];
    assessment_questions: Choice[];
    institution_questions: Text[];
  };
  focus: {
    recommended_size: { min: number; max: number };
    genders: Choice[];
    themes: { id: string; title: Text; questions: Text[] }[];
    lacking: Choice[];
    inclusion_levels: { id: string; label: Text; definition: Text }[];
    report_questions: Choice[];
  };
}

export interface Assessment {
  /** `yes` | `partly` | `no` | `unknown`, or "" when not answered. */
  answer: string;
  evidence: string;
}

export interface PolicyDocument {
  id: string;
  title: string;
  docType: string;
  issuingBody: string;
  /** `YYYY`, `YYYY-MM` or `YYYY-MM-DD`; "" when not given. */
  periodFrom: string;
  periodTo: string;
  reference: string;
  /** `yes` | `no` | "". */
  tcnSpecific: string;
  sectors: string[];
  reviewMethod: string;
  assessment: Record<string, Assessment>;
  createdAt: number;
}

export interface Institution {
  id: string;
  name: string;
  kind: string;
  mandate: string;
  tcnMandate: string;
  worksWithCommunity: string;
  capacity: string;
  needsImprovement: string;
  createdAt: number;
}

export interface FocusTheme {
  notes: string;
  bigIdeas: string;
  enoughInformation: string;
  lacking: string[];
  lackingReasons: string;
  results: string;
  recommendations: string;
}

export interface HotSpot {
  id: string;
  name: string;
  position: Location | null;
}

export interface FocusGroup {
  id: string;
  /** `YYYY-MM-DD` or "". */
  date: string;
  city: string;
  location: string;
  moderator: string;
  rapporteur: string;
  audioConsent: string;
  durationMinutes: number | null;
  participants: Record<string, number>;
  genders: Record<string, number>;
  themes: Record<string, FocusTheme>;
  inclusion: Record<string, number>;
  answers: Record<string, string>;
  hotSpots: HotSpot[];
  createdAt: number;
}

export type GroupSize = "notCounted" | "tooFew" | "recommended" | "tooMany";

/** A focus group's breakdown and balance, computed by core. */
export interface Balance {
  total: number;
  size: GroupSize;
  genders: Record<string, number>;
  genderTotal: number;
  countsDiffer: boolean;
  genderBalanced: boolean;
  tcnPresent: boolean;
  groupsMissing: string[];
  inclusion: Record<string, number>;
  inclusionMostChosen: string | null;
}

export interface MethodsView {
  template: MethodsTemplate;
  groups: ParticipantGroup[];
  records: {
    documents: PolicyDocument[];
    institutions: Institution[];
    deskSummary: { strengths: string; weaknesses: string; recommendations: string };
    focusGroups: FocusGroup[];
  };
  /** By focus group id. */
  balances: Record<string, Balance>;
  overview: {
    sessions: number;
    ofRecommendedSize: number;
    participants: Record<string, number>;
    balance: Balance;
    minutes: number;
  };
}

/** A field's value: a text or choice id, a flag, a count, a position, or null (cleared). */
export type FieldValue = string | boolean | number | Location | null;

export interface SetFieldRequest {
  record: MethodRecord;
  id: string;
  /** The field's path, e.g. `title`, `assessment.funded.answer`, `participants.ngos`. */
  field: string;
  value: FieldValue;
}

export type DeskSummaryField = "strengths" | "weaknesses" | "recommendations";

export const methodsApi = {
  methods: () => call<MethodsView>("methods"),
  addRecord: (record: MethodRecord) =>
    call<{ id: string; methods: MethodsView }>("add_method_record", { record }),
  removeRecord: (record: MethodRecord, id: string) =>
    call<MethodsView>("remove_method_record", { record, id }),
  setField: (request: SetFieldRequest) => call<MethodsView>("set_method_field", request),
  addHotSpot: (focusGroup: string) =>
    call<{ id: string; methods: MethodsView }>("add_hot_spot", { focusGroup }),
  setDeskSummary: (field: DeskSummaryField, text: string) =>
    call<MethodsView>("set_desk_summary", { field, text }),
};

/** A participant's comment/evidence on a statement. */
export interface Comment {
  /** Stable key for quoting: `<participant>/<stop or city>/<statement>`. */
  key: string;
  item: string;
  /** Display name, or "Participant N" when anonymised. */
  author: string;
  /** Name of area, for a statement answered at a stop. */
  stop: string | null;
  score: number | null;
  text: string;
}

export interface CommentsView {
  showNames: boolean;
  /** By statement id. */
  byItem: Record<string, Comment[]>;
  /** Keys of the comments quoted in the report. */
  quoted: string[];
}

export const commentsApi = {
  comments: () => call<CommentsView>("comments"),
  setShowNames: (show: boolean) => call<CommentsView>("set_show_names", { show }),
  quote: (key: string, quoted: boolean) => call<CommentsView>("quote_comment", { key, quoted }),
};
