/**
 * Built-in templates, bundled at build time from core/templates (the same
 * files core compiles in). Before joining, the audit and its own template
 * snapshot are unknown, so the join form uses these.
 */
import type { ChecklistTemplate, ParticipantGroup, PhotovoiceTemplate } from "./api";
import checklistJson from "../../core/templates/integra_checklist.json";
import groupsJson from "../../core/templates/participant_groups.json";
import photovoiceJson from "../../core/templates/integra_photovoice.json";

export const builtinGroups: ParticipantGroup[] = groupsJson.groups;
export const builtinPhotovoice: PhotovoiceTemplate = photovoiceJson;
export const builtinChecklist: ChecklistTemplate = checklistJson;
