/**
 * The facilitator's desk research and focus group commands (core:
 * `cityaudit_core::commands::methods`). Every record is edited one field at
 * a time, so two facilitators editing the same focus group merge; core
 * checks every value (a negative count, a period that ends before it
 * starts) and answers with the records as they are now.
 */
import type * as core from "./generated/contract";
import { call } from "./api";
import type { Location } from "./api";

/** A field's value: a text or choice id, a flag, a count, a position, or null (cleared). */
// Generated from core's types (src/generated/contract.ts).
export type MethodRecord = core.MethodRecord;
export type Choice = core.Choice;
export type MethodsTemplate = core.MethodsTemplate;
export type Assessment = core.Assessment;
export type PolicyDocument = core.PolicyDocument;
export type Institution = core.Institution;
export type FocusTheme = core.FocusTheme;
export type HotSpot = core.HotSpot;
export type FocusGroup = core.FocusGroup;
export type GroupSize = core.GroupSize;
export type Balance = core.Balance;
export type MethodsView = core.MethodsView;
export type Comment = core.Comment;
export type CommentsView = core.CommentsView;

export type FieldValue = string | boolean | number | Location | null;

// Generated from core's types (src/generated/contract.ts).
export type SetFieldRequest = core.FieldValue;

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

export const commentsApi = {
  comments: () => call<CommentsView>("comments"),
  setShowNames: (show: boolean) => call<CommentsView>("set_show_names", { show }),
  quote: (key: string, quoted: boolean) => call<CommentsView>("quote_comment", { key, quoted }),
};
