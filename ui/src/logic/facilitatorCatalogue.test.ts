import { describe, expect, it } from "vitest";
import type { AuditTemplates, ExportFormat, ReportText } from "../facilitatorApi";
import { english } from "../i18n";
import { checkAuditDraft, checkInviteDraft, emptyAuditDraft } from "./auditForm";
import { changeDirection } from "./results";

describe("the facilitator's catalogue keys built at run time", () => {
  it("exist for every template choice, export format and change direction", () => {
    const templates: AuditTemplates[] = ["both", "checklist", "photovoice"];
    const formats: ExportFormat[] = ["csv", "problems", "geojson", "md", "html", "zip"];
    const reportTexts: ReportText[] = ["cityContext", "deskResearch", "focusGroups"];
    const built = [
      ...templates.map((t) => `prepare.templates.${t}`),
      ...formats.flatMap((f) => [`report.format.${f}`, `report.about.${f}`]),
      ...[1, -1, 0, null].map((c) => `results.change.${changeDirection(c)}`),
      ...reportTexts.map((which) => `report.text.${which}`),
    ];
    expect(built.filter((key) => !(key in english))).toEqual([]);
  });

  it("exist for every problem the forms can report", () => {
    const audit = checkAuditDraft({
      ...emptyAuditDraft(),
      startsOn: "2026-05-17",
      endsOn: "2026-05-16",
      stops: [{ nameOfArea: "", specificLocation: "x", lat: "1", lon: "" }],
      windowOpens: "2026-05-17T10:00",
      windowCloses: "2026-05-17T10:00",
    });
    const invalidDays = checkAuditDraft({ ...emptyAuditDraft(), startsOn: "x", windowOpens: "y" });
    const invite = checkInviteDraft({ role: "participant", days: "x", maxUses: "0" }, 0);
    const keys = [audit, invalidDays, invite].flatMap((c) =>
      c.ok ? [] : Object.values(c.problems),
    );
    expect(keys.length).toBeGreaterThan(8);
    expect(keys.filter((key) => !(key in english))).toEqual([]);
  });
});
