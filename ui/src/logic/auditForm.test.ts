import { describe, expect, it } from "vitest";
import {
  checkAuditDraft,
  checkInviteDraft,
  emptyAuditDraft,
  moveStop,
  type AuditDraft,
} from "./auditForm";

const filled = (): AuditDraft => ({
  ...emptyAuditDraft(),
  title: "  Sofia walk 2026 ",
  city: "Sofia",
  startsOn: "2026-05-16",
  endsOn: "2026-05-17",
  meetingPoint: "Central station",
  templates: "checklist",
  stops: [
    { nameOfArea: "Lozenets", specificLocation: "Municipal office", lat: "42,68", lon: "23.32" },
    { nameOfArea: "", specificLocation: "", lat: "", lon: "" },
    { nameOfArea: "Vazrazhdane", specificLocation: "", lat: "", lon: "" },
  ],
});

describe("checkAuditDraft", () => {
  it("builds the request: trimmed texts, blank stop rows dropped, typed positions parsed", () => {
    const checked = checkAuditDraft(filled());
    expect(checked).toEqual({
      ok: true,
      request: {
        title: "Sofia walk 2026",
        city: "Sofia",
        startsOn: "2026-05-16",
        endsOn: "2026-05-17",
        meetingPoint: "Central station",
        templates: "checklist",
        plannedStops: [
          {
            nameOfArea: "Lozenets",
            specificLocation: "Municipal office",
            position: { lat: 42.68, lon: 23.32, accuracyM: null, source: "manual" },
          },
          { nameOfArea: "Vazrazhdane", specificLocation: "", position: null },
        ],
        photovoiceWindow: null,
        template: null,
      },
    });
  });

  it("names every missing or wrong field", () => {
    const checked = checkAuditDraft({
      ...emptyAuditDraft(),
      startsOn: "2026-05-17",
      endsOn: "2026-05-16",
      stops: [{ nameOfArea: "", specificLocation: "Square", lat: "95", lon: "23" }],
      windowOpens: "2026-05-17T10:00",
      windowCloses: "2026-05-17T09:00",
    });
    expect(checked).toEqual({
      ok: false,
      problems: {
        title: "prepare.problem.titleMissing",
        city: "prepare.problem.cityMissing",
        endsOn: "prepare.problem.endsBeforeStart",
        "stop.0.nameOfArea": "prepare.problem.stopNameMissing",
        "stop.0.position": "position.latitudeInvalid",
        windowCloses: "prepare.problem.closesBeforeOpens",
      },
    });
  });

  it("rejects days that do not exist", () => {
    const checked = checkAuditDraft({ ...filled(), startsOn: "2026-02-30", endsOn: "16.05.2026" });
    expect(checked.ok).toBe(false);
    if (!checked.ok) {
      expect(checked.problems.startsOn).toBe("prepare.problem.dateInvalid");
      expect(checked.problems.endsOn).toBe("prepare.problem.dateInvalid");
    }
  });

  it("asks for the photovoice window only when the photovoice is used", () => {
    const noWindow = { ...filled(), templates: "both" as const };
    const checked = checkAuditDraft(noWindow);
    expect(checked.ok).toBe(false);
    if (!checked.ok)
      expect(Object.keys(checked.problems).sort()).toEqual(["windowCloses", "windowOpens"]);

    const withWindow = checkAuditDraft({
      ...noWindow,
      windowOpens: "2026-05-16T09:00",
      windowCloses: "2026-05-23T18:00",
    });
    expect(withWindow.ok).toBe(true);
    if (withWindow.ok) {
      const window = withWindow.request.photovoiceWindow!;
      expect(window.closesAt - window.opensAt).toBe((7 * 24 + 9) * 3600_000);
    }
  });

  it("a benchmark self-assessment needs no window and sends no walk stops", () => {
    const checked = checkAuditDraft({ ...filled(), templates: "benchmark" });
    expect(checked.ok).toBe(true);
    if (checked.ok) {
      expect(checked.request.templates).toBe("benchmark");
      expect(checked.request.plannedStops).toEqual([]);
      expect(checked.request.photovoiceWindow).toBeNull();
    }
  });
});

describe("moveStop", () => {
  it("swaps with the neighbour and ignores moves off the ends", () => {
    expect(moveStop(["a", "b", "c"], 2, -1)).toEqual(["a", "c", "b"]);
    expect(moveStop(["a", "b", "c"], 0, 1)).toEqual(["b", "a", "c"]);
    expect(moveStop(["a", "b", "c"], 0, -1)).toEqual(["a", "b", "c"]);
    expect(moveStop(["a", "b", "c"], 2, 1)).toEqual(["a", "b", "c"]);
  });
});

describe("checkInviteDraft", () => {
  const now = Date.UTC(2026, 4, 1);
  it("turns days into an expiry time", () => {
    expect(checkInviteDraft({ role: "participant", days: "7", maxUses: "30" }, now)).toEqual({
      ok: true,
      request: { role: "participant", expiresAt: now + 7 * 86_400_000, maxUses: 30 },
    });
  });

  it("refuses zero, fractions and text", () => {
    expect(checkInviteDraft({ role: "facilitator", days: "0", maxUses: "1.5" }, now)).toEqual({
      ok: false,
      problems: { days: "invite.problem.daysInvalid", maxUses: "invite.problem.usesInvalid" },
    });
    expect(checkInviteDraft({ role: "facilitator", days: "two", maxUses: "" }, now).ok).toBe(false);
  });
});

describe("the invite limits are core's", () => {
  it("accepts 90 days and 10,000 uses, and refuses one more of either", () => {
    const ok = checkInviteDraft({ role: "participant", days: "90", maxUses: "10000" }, 0);
    expect(ok.ok).toBe(true);
    const over = checkInviteDraft({ role: "participant", days: "91", maxUses: "10001" }, 0);
    expect(over.ok ? {} : over.problems).toEqual({
      days: "invite.problem.daysInvalid",
      maxUses: "invite.problem.usesInvalid",
    });
  });
});
