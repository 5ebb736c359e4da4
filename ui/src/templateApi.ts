/**
 * The facilitator's template commands: the workbook a city edits or
 * translates (exported, read back), the Prepare editor's check, and the
 * audit's template with how it differs from the built-in INTEGRA one. Every
 * rule and the diff are core's; the UI shows them.
 */
import type * as core from "./generated/contract";
import { call } from "./api";
import { bytesToBase64 } from "./logic/bytes";
import type { ExportResult } from "./facilitatorApi";

export type TemplateSet = core.TemplateSet;
export type TemplatePreview = core.TemplatePreview;
export type TemplateDiff = core.TemplateDiff;
export type TextChange = core.TextChange;
export type TemplateProblem = core.TemplateProblem;
export type TextKind = core.TextKind;
/** Which template to write as a workbook. */
export type TemplateSource = core.TemplateSource;

/** Reads an edited workbook (XLSX) picked by the facilitator. */
async function readTemplateFile(file: Blob & { name?: string }): Promise<TemplatePreview> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  return call<TemplatePreview>("read_template_file", {
    dataBase64: bytesToBase64(bytes),
    fileName: file.name ?? "",
  });
}

export const templateApi = {
  /** Writes the built-in or the audit's template as a workbook into the export folder. */
  exportTemplate: (source: TemplateSource) => call<ExportResult>("export_template", { source }),
  readTemplateFile,
  /** Checks the editor's set: numbered, checked, compared with the built-in set. */
  checkTemplate: (template: TemplateSet) => call<TemplatePreview>("check_template", { template }),
  /** The built-in INTEGRA template (the editor's starting point). */
  builtinTemplate: () => call<TemplatePreview>("builtin_template"),
  /** The session audit's template and how it differs from the built-in one. */
  auditTemplate: () => call<TemplatePreview>("audit_template"),
};

export type TemplateApi = typeof templateApi;
