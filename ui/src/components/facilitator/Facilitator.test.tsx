// @vitest-environment happy-dom
/**
 * The facilitator's screens against the in-memory backend: what a
 * facilitator does, what reaches the backend (facilitatorApi.ts), and what
 * is shown from its answers.
 */
import { render } from "preact";
import { act } from "preact/test-utils";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { demoAuditsOfCity, demoPhotos, demoTemplateAdapted } from "../../dev/fixtures";
import { demoMapFeaturesFull } from "../../dev/mapFixtures";
import { createMockBackend, type MockBackend } from "../../dev/mockBackend";
import { catalogues } from "../../i18n";
import { App } from "../App";
import { made as renderers } from "../map/testRenderer";

// happy-dom has no canvas: the map library's chunk is replaced by a renderer that keeps what it is given.
vi.mock("../map/leafletRenderer", () => import("../map/testRenderer"));

let container: HTMLElement;
let backend: MockBackend;

async function settle() {
  for (let i = 0; i < 8; i += 1) {
    await act(async () => {
      await new Promise<void>((resolve) => setTimeout(resolve, 0));
      // A language chosen or restored arrives with its catalogue's chunk.
      await catalogues.idle();
    });
  }
}

async function start(hash = "#/prepare", joined = true) {
  window.location.hash = hash;
  backend = createMockBackend(joined ? { joined: true, role: "facilitator" } : {});
  window.__TAURI__ = { core: { invoke: backend.invoke } };
  await act(() => render(<App />, container));
  await settle();
}

function get<T extends HTMLElement = HTMLElement>(testId: string): T {
  const element = container.querySelector<T>(`[data-testid="${testId}"]`);
  if (!element) throw new Error(`no element with data-testid="${testId}"`);
  return element;
}
const find = (testId: string) => container.querySelector(`[data-testid="${testId}"]`);
const all = (prefix: string) =>
  [...container.querySelectorAll<HTMLElement>(`[data-testid^="${prefix}"]`)].map(
    (e) => e.dataset.testid,
  );

async function type(testId: string, value: string) {
  const input = get<HTMLInputElement>(testId);
  await act(() => {
    input.value = value;
    input.dispatchEvent(new Event("input", { bubbles: true }));
  });
}
async function choose(testId: string, value: string) {
  const select = get<HTMLSelectElement>(testId);
  await act(() => {
    select.value = value;
    select.dispatchEvent(new Event("change", { bubbles: true }));
  });
  await settle();
}
async function click(testId: string) {
  await act(() => get(testId).click());
  await settle();
}
// The demo audit's earlier audits of Sofia, newest first, and a photo of Mira's.
const [earlier, older] = demoAuditsOfCity.map((audit) => audit.id);
const miraPhoto = demoPhotos.find((p) => p.credit === "Mira" && p.theme === "friendly")!.hash;

const callsOf = (command: string) =>
  backend.calls.filter((c) => c.command === command).map((c) => c.args);

beforeEach(() => {
  container = document.createElement("div");
  document.body.append(container);
  window.localStorage.clear();
});

afterEach(async () => {
  await act(() => render(null, container));
  container.remove();
  window.location.hash = "";
});

describe("the facilitator role", () => {
  it("opens the facilitator screens after joining with a facilitator invite", async () => {
    await start("", false);
    await type("join-server", "audit.example.org");
    await type("join-code", "FAC-2MX");
    await type("join-name", "Dana");
    await choose("join-group", "local_administration");
    await click("join-submit");
    expect(find("nav-checklist")).toBeNull();
    expect(all("nav-")).toEqual([
      "nav-prepare",
      "nav-desk",
      "nav-focus",
      "nav-progress",
      "nav-results",
      "nav-consensus",
      "nav-review",
      "nav-map",
      "nav-report",
      "nav-settings",
    ]);
    expect(get("prepare-current").textContent).toContain("Sofia integration walk");
  });
});

describe("Prepare", () => {
  it("says what is wrong in the form and sends nothing", async () => {
    await start();
    await click("prepare-new");
    await type("prepare-starts", "2026-05-17");
    await type("prepare-ends", "2026-05-16");
    await type("prepare-stop-lat-0", "95");
    await type("prepare-stop-lon-0", "23.3");
    await click("prepare-submit");
    expect(get("prepare-problem-title").textContent).toBe("Type a title.");
    expect(get("prepare-problem-endsOn").textContent).toBe(
      "The last day cannot be before the first.",
    );
    expect(get("prepare-problem-stop.0.nameOfArea")).toBeTruthy();
    expect(get("prepare-problem-stop.0.position").textContent).toContain("Latitude");
    expect(get<HTMLInputElement>("prepare-title").getAttribute("aria-invalid")).toBe("true");
    expect(callsOf("create_audit")).toEqual([]);
  });

  it("creates an audit with planned stops in walking order", async () => {
    await start();
    await click("prepare-new");
    await type("prepare-title", "Plovdiv walk");
    await type("prepare-city", "Plovdiv");
    await type("prepare-starts", "2026-06-06");
    await type("prepare-ends", "2026-06-06");
    await type("prepare-meeting", "Clock tower");
    await click("prepare-templates-checklist");
    await type("prepare-stop-name-0", "Kapana");
    await click("prepare-stop-add");
    await type("prepare-stop-name-1", "Stolipinovo");
    await type("prepare-stop-lat-1", "42,1532");
    await type("prepare-stop-lon-1", "24.7780");
    await click("prepare-stop-up-1");
    await click("prepare-submit");
    expect(callsOf("create_audit")).toEqual([
      {
        title: "Plovdiv walk",
        city: "Plovdiv",
        startsOn: "2026-06-06",
        endsOn: "2026-06-06",
        meetingPoint: "Clock tower",
        templates: "checklist",
        plannedStops: [
          {
            nameOfArea: "Stolipinovo",
            specificLocation: "",
            position: { lat: 42.1532, lon: 24.778, accuracyM: null, source: "manual" },
          },
          { nameOfArea: "Kapana", specificLocation: "", position: null },
        ],
        photovoiceWindow: null,
        template: null,
      },
    ]);
    expect(get("prepare-created")).toBeTruthy();
    expect(get("prepare-current").textContent).toContain("Plovdiv walk");
    expect(find("prepare-form")).toBeNull();
  });

  it("still offers to create an audit when there is none to read", async () => {
    window.location.hash = "#/prepare";
    backend = createMockBackend({ joined: true, role: "facilitator" });
    backend.failNext("audit", "This device has no audit yet.");
    window.__TAURI__ = { core: { invoke: backend.invoke } };
    await act(() => render(<App />, container));
    await settle();
    expect(get("load-problem").textContent).toContain("This device has no audit yet.");
    expect(find("invite-form")).toBeNull();
    await click("prepare-new");
    expect(find("prepare-cancel")).toBeNull();
    await type("prepare-title", "First walk");
    await type("prepare-city", "Varna");
    await type("prepare-starts", "2026-09-12");
    await type("prepare-ends", "2026-09-12");
    await click("prepare-templates-checklist");
    await click("prepare-submit");
    expect(get("prepare-current").textContent).toContain("First walk");
    expect(get("invite-form")).toBeTruthy();
  });

  it("shows a new invite as a large QR code and the code to type", async () => {
    await start();
    await type("invite-days", "0");
    await click("invite-create");
    expect(get("invite-problem-days").textContent).toContain("1 to 90");
    expect(callsOf("create_invite")).toEqual([]);

    await type("invite-days", "7");
    await choose("invite-role", "facilitator");
    await click("invite-create");
    const [request] = callsOf("create_invite") as { expiresAt: number }[];
    expect(request).toMatchObject({ role: "facilitator", maxUses: 30 });
    expect(Math.round((request!.expiresAt - Date.now()) / 86_400_000)).toBe(7);
    const code = get("invite-code").textContent!;
    expect(code).toMatch(/^FAC-/);
    const qr = get<HTMLImageElement>("invite-qr");
    expect(qr.getAttribute("src")).toMatch(/^data:image\/svg\+xml;charset=utf-8,%3Csvg/);
    expect(qr.getAttribute("alt")).toContain(code);
    expect(get("invite-link").textContent).toContain(`code=${code}`);
  });

  it("makes a reader invite for a later round: a code to type, no QR code to join with", async () => {
    await start();
    expect(find("invite-reader-hint")).toBeNull();
    await choose("invite-role", "reader");
    expect(get("invite-reader-hint").textContent).toContain("see no photos");
    await click("invite-create");
    expect(callsOf("create_invite")).toMatchObject([{ role: "reader" }]);
    expect(get("invite-code").textContent).toMatch(/^K7Q-/);
    expect(find("invite-qr")).toBeNull();
    expect(find("invite-link")).toBeNull();
    expect(get("invite-reader-use").textContent).toContain("Get an earlier audit from the server");
  });
});

describe("Progress", () => {
  it("lists every participant with their figures, the totals and the balance", async () => {
    await start("#/progress");
    expect(all("progress-row-")).toHaveLength(6);
    expect(get("progress-items-p-1").textContent).toContain("20 of 20");
    expect(get("progress-items-p-5").textContent).toContain("of 20");
    expect(get("progress-sync-p-5").textContent).toBe("never");
    expect(get("progress-photos-p-1").textContent).toBe("2 of 2");
    expect(get("progress-totals").textContent).toContain("6");
    const genders = get("balance-gender").querySelectorAll(".balance-row");
    expect([...genders].map((row) => row.textContent)).toEqual([
      "Man3 (50%)",
      "Woman2 (33%)",
      "not given1 (17%)",
    ]);
    expect(get("balance-group").textContent).toContain("Members of TCN community");
  });

  it("shows a failure and loads again on request", async () => {
    window.location.hash = "#/progress";
    backend = createMockBackend({ joined: true, role: "facilitator" });
    backend.failNext("progress", "The documents are locked.");
    window.__TAURI__ = { core: { invoke: backend.invoke } };
    await act(() => render(<App />, container));
    await settle();
    expect(get("facilitator-problem").textContent).toContain("The documents are locked.");
    await click("facilitator-retry");
    expect(all("progress-row-")).toHaveLength(6);
  });
});

describe("Results", () => {
  it("shows every area with flagged statements marked, the groups side by side and left-out values", async () => {
    await start("#/results");
    expect(all("results-area-mean-")).toEqual([
      "results-area-mean-vision",
      "results-area-mean-participation",
      "results-area-mean-environment",
      "results-area-mean-attitudes",
    ]);
    const rows = [...container.querySelectorAll<HTMLElement>('[data-testid^="results-item-"]')];
    expect(rows).toHaveLength(30);
    const flagged = rows.filter((row) => row.dataset.flagged === "true");
    expect(flagged.length).toBeGreaterThan(0);
    for (const row of flagged) expect(row.querySelector('[data-testid^="flag-"]')).toBeTruthy();
    for (const row of rows.filter((r) => r.dataset.flagged === "false"))
      expect(row.querySelector('[data-testid^="flag-"]')).toBeNull();
    expect(get("results-flag-count").textContent).toContain(String(flagged.length));
    expect(get("results-groups").textContent).toContain("Members of TCN community");
    expect(get("results-invalid-0").textContent).toContain("Ivan");
    expect(get("results-invalid-0").textContent).toContain("vision.3");
    expect(get("chart-area-means").querySelectorAll("rect.bar").length).toBe(4 * 6);
    expect(find("results-comparison")).toBeNull();
  });

  it("compares with a chosen earlier audit of the city", async () => {
    await start("#/results");
    expect(callsOf("audits_of_city")).toEqual([{ city: "Sofia" }]);
    await choose("results-compare", earlier!);
    expect(callsOf("results").at(-1)).toEqual({ compareWith: earlier });
    expect(callsOf("set_compare_with")).toEqual([{ auditId: earlier }]);
    expect(get("results-comparison").textContent).toContain("Sofia walk 2024");
    expect(get("results-overall-change").dataset.direction).toMatch(/up|down|level/);
    expect(get("results-change-vision.1").textContent).toMatch(/[+±-]\d\.\d\d/);
  });
});

describe("An earlier audit from the server", () => {
  it("is fetched with a reader invite code, listed and chosen for the comparison", async () => {
    await start("#/results");
    expect(get<HTMLButtonElement>("earlier-audit-open").disabled).toBe(true);
    await type("earlier-audit-code", " rdr2-7xqp ");
    await click("earlier-audit-open");
    expect(callsOf("open_earlier_audit")).toEqual([{ code: "rdr2-7xqp" }]);
    expect(get("earlier-audit-opened").textContent).toContain(
      "Sofia pilot 2023 (Sofia, 10 June 2023)",
    );
    expect(callsOf("audits_of_city")).toHaveLength(2);
    expect(callsOf("set_compare_with")).toEqual([{ auditId: older }]);
    expect(get<HTMLSelectElement>("results-compare").value).toBe(older);
    expect(get("results-comparison").textContent).toContain("Sofia pilot 2023");
    // The pilot asked vision.2 in other words: the row says so and quotes them.
    expect(get("results-reworded-vision.2").textContent).toContain(
      "The city offers services in the languages its migrants speak.",
    );
    expect(find("results-reworded-vision.1")).toBeNull();
  });

  it("says why a code did not open anything, in the person's words", async () => {
    await start("#/results");
    backend.failNext("open_earlier_audit", {
      code: "reader_invite_invalid",
      message: "This reader invite cannot be used: this invite has expired.",
      details: null,
    });
    await type("earlier-audit-code", "RDR2-7XQP");
    await click("earlier-audit-open");
    expect(get("earlier-audit-error").textContent).toContain("unknown, expired or used up");
    expect(callsOf("set_compare_with")).toEqual([]);
  });
});

describe("Results with a comparison kept in the audit document", () => {
  it("opens with the earlier audit another facilitator chose", async () => {
    window.location.hash = "#/results";
    backend = createMockBackend({ joined: true, role: "facilitator" });
    backend.facilitator.records.compareWith = older!;
    window.__TAURI__ = { core: { invoke: backend.invoke } };
    await act(() => render(<App />, container));
    await settle();
    expect(callsOf("results")).toEqual([{ compareWith: older }]);
    expect(get("results-comparison").textContent).toContain("Sofia pilot 2023");
    expect(get<HTMLSelectElement>("results-compare").value).toBe(older);
    await choose("results-compare", "");
    expect(callsOf("results").at(-1)).toEqual({ compareWith: null });
    expect(find("results-comparison")).toBeNull();
    expect(backend.facilitator.records.compareWith).toBeNull();
  });
});

describe("Consensus", () => {
  it("records an agreed score and a note for a flagged statement, and ideas for an area", async () => {
    await start("#/consensus");
    const items = all("consensus-").filter((id) => /^consensus-[a-z]+\.\d+$/.test(id!));
    expect(items.length).toBeGreaterThan(0);
    const item = items[0]!.replace("consensus-", "");
    await click(`consensus-score-${item}-3`);
    expect(get(`consensus-score-${item}-3`).getAttribute("aria-pressed")).toBe("true");
    await type(
      `consensus-note-${item}`,
      "Agreed after the walk: services exist but few know them.",
    );
    await click(`consensus-save-${item}`);
    expect(callsOf("set_consensus")).toEqual([
      { item, score: 3, note: "Agreed after the walk: services exist but few know them." },
    ]);
    expect(get(`consensus-saved-${item}`).textContent).toBe("Saved");
    expect(backend.facilitator.records.consensus[item]?.score).toBe(3);
    await click("nav-results");
    expect(get(`results-agreed-${item}`).textContent).toContain("agreed: 3");
    await click("nav-consensus");
    expect(get<HTMLTextAreaElement>(`consensus-note-${item}`).value).toBe(
      "Agreed after the walk: services exist but few know them.",
    );

    await type("ideas-text-vision", "One-stop shop");
    await type("recommendations-text-vision", "Translate the strategy");
    await click("ideas-save-vision");
    expect(callsOf("set_area_ideas")).toEqual([
      { section: "vision", ideas: "One-stop shop", recommendations: "Translate the strategy" },
    ]);
  });

  it("shows the backend's refusal next to the statement", async () => {
    await start("#/consensus");
    const item = all("consensus-save-")[0]!.replace("consensus-save-", "");
    backend.failNext("set_consensus", "Only a facilitator can do this.");
    await click(`consensus-save-${item}`);
    expect(get(`consensus-saved-${item}-error`).textContent).toContain(
      "Only a facilitator can do this.",
    );
  });
});

describe("Photovoice review", () => {
  it("shows the photos by theme with credits, marks one for the report and records a finding", async () => {
    await start("#/review");
    const friendly = get("review-theme-friendly");
    const improvement = get("review-theme-improvement");
    expect(friendly.querySelectorAll('[data-testid^="review-photo-"]')).toHaveLength(2);
    expect(improvement.querySelectorAll('[data-testid^="review-photo-"]')).toHaveLength(3);
    const hash = miraPhoto;
    expect(get(`review-credit-${hash}`).textContent).toBe("Photo: Mira");

    await click(`review-mark-${hash}`);
    expect(callsOf("mark_photo")).toEqual([{ hash, marked: true }]);
    expect(get(`review-mark-${hash}`).getAttribute("aria-pressed")).toBe("true");
    expect(get("review-marked-count").textContent).toBe("Marked for the report: 1 of 5");

    await type("wrapup-deficiencies.urgent", "No interpreters at the job centre");
    await click("wrapup-save-deficiencies.urgent");
    expect(callsOf("set_wrap_up")).toEqual([
      { question: "deficiencies.urgent", text: "No interpreters at the job centre" },
    ]);
    expect(get("wrapup-saved-deficiencies.urgent")).toBeTruthy();
  });
});

describe("Photos received outside the app", () => {
  async function pickReceived() {
    const input = get<HTMLInputElement>("received-file");
    const file = new File([new Uint8Array([0xff, 0xd8, 0xff, 0xe0])], "from-amal.jpg", {
      type: "image/jpeg",
    });
    Object.defineProperty(input, "files", { value: [file], configurable: true });
    await act(() => {
      input.dispatchEvent(new Event("change", { bubbles: true }));
    });
    await vi.waitFor(() => expect(find("received-title")).toBeTruthy());
  }

  it("adds one with credit, how it came and consent, shows it under its theme, and removes it", async () => {
    await start("#/review");
    await pickReceived();
    await type("received-title", "Queue at the registry office");
    await type("received-caption", "Sent after the walk");
    await click("received-theme-improvement");
    await type("received-credit", "Amal");
    await choose("received-via", "messaging");
    await click("received-consent");
    await type("received-consent-note", "Signed form, 3 May");
    await click("received-save");

    expect(callsOf("add_received_photo")).toEqual([
      {
        fileName: "from-amal.jpg",
        title: "Queue at the registry office",
        caption: "Sent after the walk",
        theme: "improvement",
        credit: "Amal",
        receivedVia: "messaging",
        consent: true,
        consentNote: "Signed form, 3 May",
        location: null,
        keepPhotoPosition: false,
        path: null,
        dataBase64: "/9j/4A==",
      },
    ]);
    expect(get("received-added")).toBeTruthy();
    const improvement = get("review-theme-improvement");
    expect(improvement.querySelectorAll('[data-testid^="review-photo-"]')).toHaveLength(4);
    const hash = all("review-received-")[0]!.replace("review-received-", "");
    expect(get(`review-credit-${hash}`).textContent).toBe("Photo: Amal");
    expect(get(`review-received-${hash}`).textContent).toBe(
      "Received outside the app (messaging app); consent: Signed form, 3 May",
    );
    expect(find(`review-remove-${miraPhoto}`)).toBeNull();

    await click(`review-remove-${hash}`);
    expect(callsOf("remove_received_photo")).toEqual([{ hash }]);
    expect(find(`review-photo-${hash}`)).toBeNull();
  });

  it("shows the backend's refusal and keeps what was typed", async () => {
    await start("#/review");
    await pickReceived();
    await type("received-title", "Market");
    await click("received-theme-friendly");
    await type("received-credit", "Amal");
    // What core answers when the consent box is left empty.
    const refusal =
      "Consent: a photo received outside the app is added only with the photographer's consent";
    backend.failNext("add_received_photo", {
      code: "invalid_value",
      message: refusal,
      details: { field: "consent" },
    });
    await click("received-save");
    expect(container.textContent).toContain(refusal);
    expect(get<HTMLInputElement>("received-credit").value).toBe("Amal");
    expect(all("review-received-")).toEqual([]);
  });
});

describe("Map", () => {
  it("draws what core sends, and lists the places in walking order with their mean scores", async () => {
    renderers.length = 0;
    await start("#/map");
    const renderer = renderers.at(-1)!;
    // No package attached: a plain background with a scale bar.
    expect(renderer.options.baseMap).toBeNull();
    expect(get("map-note").textContent).toContain("plain background");
    const drawing = renderer.drawings.at(-1)!;
    const features = demoMapFeaturesFull;
    expect(drawing.stops.map((s) => [s.id, s.colour]).sort()).toEqual(
      features.stops.map((s) => [s.id, s.colour]).sort(),
    );
    expect(drawing.route?.points).toEqual(features.route);
    expect(drawing.tracks.map((t) => t.id)).toEqual(["track-p-1", "track-p-2"]);
    expect(drawing.hotSpots.map((h) => h.label)).toEqual([features.hotSpots[0]!.label]);
    // Thumbnails come from the photos the review screen shows.
    const withThumbnail = drawing.photos.find((p) => p.thumbnail)!;
    expect(withThumbnail.thumbnail).toBe(
      demoPhotos.find((p) => p.hash === withThumbnail.hash)!.thumbnail,
    );

    // The text alternative: planned stops numbered in walking order, with core's mean score.
    const planned = [...get("places-planned").querySelectorAll("li")].map((li) => li.textContent);
    expect(planned[0]).toContain("1. Vazrazhdane");
    expect(planned[0]).toMatch(/Mean score: 3(?![.\d])/); // core's 2.98, one decimal
    expect(planned[1]).toContain("2. Lozenets");
    expect(planned[1]).toContain("Mean score: 2.6");
    expect(all("place-p-")).toContain("place-p-2-stop-1");
    expect(get("places-photos").querySelectorAll("li")).toHaveLength(features.photos.length);

    // The legend: core's entries, in core's colours, for what is drawn.
    expect(all("map-legend-")).toEqual(features.legend.map((e) => `map-legend-${e.key}`));
    expect(get("map-legend-map.legend.planned").textContent).toBe("Planned stop");

    // A place in the list opens its pop-up on the map.
    await click("place-show-ps-1");
    expect(renderer.focused).toEqual([["stop", "ps-1"]]);
  });

  it("draws on the audit's base map package once it is attached", async () => {
    renderers.length = 0;
    await start("#/prepare");
    expect(get("base-map-none")).toBeTruthy();
    const input = get<HTMLInputElement>("base-map-file");
    const file = new File([new Uint8Array([1, 2, 3, 4])], "sofia.pmtiles");
    Object.defineProperty(input, "files", { value: [file] });
    await act(() => {
      input.dispatchEvent(new Event("change", { bubbles: true }));
    });
    await settle();
    // Tauri's JSON IPC: the bytes travel as base64, as a photo's do.
    expect(callsOf("attach_base_map")).toEqual([{ name: "sofia.pmtiles", dataBase64: "AQIDBA==" }]);
    expect(get("base-map-info").textContent).toContain("sofia.pmtiles");
    expect(get("base-map-attached")).toBeTruthy();

    window.location.hash = "#/map";
    await settle();
    expect(renderers.at(-1)!.options.baseMap?.info.name).toBe("sofia.pmtiles");
    expect(find("map-note")).toBeNull();
  });

  it("says why a package was refused and keeps the earlier one", async () => {
    await start("#/prepare");
    backend.failNext("attach_base_map", {
      code: "base_map_invalid",
      message: "This file is not a PMTiles package.",
      details: null,
    });
    const input = get<HTMLInputElement>("base-map-file");
    Object.defineProperty(input, "files", { value: [new File(["x"], "notes.pmtiles")] });
    await act(() => {
      input.dispatchEvent(new Event("change", { bubbles: true }));
    });
    await settle();
    expect(get("base-map-problem").textContent).toBe(
      "This package was not attached: This file is not a usable map package (a PMTiles version 3 file with vector, PNG, JPEG or WebP tiles, gzip-compressed or uncompressed).",
    );
    expect(get("base-map-none")).toBeTruthy();
  });
});

describe("Report", () => {
  it("exports each format and says where the file went", async () => {
    await start("#/report");
    await click("export-html");
    expect(callsOf("export")).toEqual([{ format: "html", lang: "en" }]);
    expect(get("export-result-html").textContent).toContain(
      "/home/facilitator/Documents/cityaudit/sofia-integration-walk.html",
    );
    // The text saves as it is typed: no Save button; leaving the field saves at once.
    expect(find("report-text-save-cityContext")).toBeNull();
    await type("report-text-cityContext", "Sofia has 1.2 million people; 3% are foreign citizens.");
    await act(() => {
      get("report-text-cityContext").dispatchEvent(new Event("blur"));
    });
    await settle();
    expect(callsOf("set_report_text")).toEqual([
      { which: "cityContext", text: "Sofia has 1.2 million people; 3% are foreign citizens." },
    ]);
    expect(get("report-text-cityContext-saved")).toBeTruthy();
    backend.failNext("export", "The disk is full.");
    await click("export-zip");
    expect(get("export-error").textContent).toBe("The export failed: The disk is full.");
    expect(find("export-result-zip")).toBeNull();
  });
});

describe("Report language", () => {
  it("writes the report in the UI's language unless the facilitator chooses another", async () => {
    await start("#/report");
    expect(get<HTMLSelectElement>("report-language").value).toBe("en");
    expect(find("report-language-draft")).toBeNull();
    await choose("report-language", "cs");
    expect(get("report-language-draft")).toBeTruthy();
    await click("export-html");
    await click("export-md");
    expect(callsOf("export")).toEqual([
      { format: "html", lang: "cs" },
      { format: "md", lang: "cs" },
    ]);
  });

  it("starts from the UI's language", async () => {
    await start("#/report");
    await click("nav-settings");
    await choose("language-select", "ar");
    await click("nav-report");
    expect(get<HTMLSelectElement>("report-language").value).toBe("ar");
    await click("export-html");
    expect(callsOf("export")).toEqual([{ format: "html", lang: "ar" }]);
  });

  it("says why core refused a report language", async () => {
    await start("#/report");
    backend.failNext("export", {
      code: "unknown_report_language",
      message: 'the report cannot be written in "xx"',
      details: null,
    });
    await click("export-html");
    expect(get("export-error").textContent).toBe(
      "The export failed: The report cannot be written in this language.",
    );
  });
});

describe("languages", () => {
  it("shows the facilitator screens in Arabic, right to left", async () => {
    window.localStorage.setItem("cityaudit.language", "ar");
    await start("#/results");
    await act(async () => {
      get("nav-settings").click();
    });
    await settle();
    await choose("language-select", "ar");
    await click("nav-results");
    expect(document.documentElement.dir).toBe("rtl");
    expect(get("nav-results").textContent).toContain("النتائج");
    expect(container.querySelector("h1")!.textContent).toBe("النتائج");
  });

  it("shows every number of the Arabic screens in Arabic-Indic digits", async () => {
    await start("#/results");
    await click("nav-settings");
    await choose("language-select", "ar");
    // Data is shown as written: audit titles, statement ids and document
    // paths. Everything else core sends (the flag rule's thresholds,
    // "Participant N", unreadable values and their reasons) the UI words
    // itself, in Arabic digits.
    const data = [...demoAuditsOfCity.map((a) => a.title), /\b[a-z]+\.\d+\b/g, /answers\/[\w./]+/g];
    for (const screen of ["results", "progress", "consensus", "prepare"]) {
      await click(`nav-${screen}`);
      let shown = container.textContent ?? "";
      for (const text of data) shown = shown.replaceAll(text, "");
      expect({ screen, latin: shown.match(/.{0,12}[0-9].{0,12}/g) }).toEqual({
        screen,
        latin: null,
      });
      expect(shown).toMatch(/[٠-٩]/);
      if (screen === "progress") expect(shown).toContain("التقييم ٩ خارج النطاق ١-٥");
    }
  });
});

describe("Prepare: the template a city adapts", () => {
  /** An element of the new audit's template panel (the current audit has its own). */
  const inPanel = (testId: string) =>
    container.querySelector<HTMLElement>(
      `[data-testid="template-panel"] [data-testid="${testId}"]`,
    )!;
  async function pickTemplateFile() {
    const input = get<HTMLInputElement>("template-import");
    const file = new File([new Uint8Array([80, 75, 3, 4])], "sofia-template.xlsx");
    Object.defineProperty(input, "files", { value: [file], configurable: true });
    await act(() => {
      input.dispatchEvent(new Event("change", { bubbles: true }));
    });
    await settle();
  }

  async function fillForm() {
    await type("prepare-title", "Sofia walk 2026");
    await type("prepare-city", "Sofia");
    await type("prepare-starts", "2026-06-06");
    await type("prepare-ends", "2026-06-06");
    await click("prepare-templates-checklist");
    await type("prepare-stop-name-0", "Lavov most");
  }

  it("imports an edited workbook, shows what changed and creates the audit with it", async () => {
    await start();
    await click("prepare-new");
    expect(get("template-builtin").textContent).toBe("Built-in INTEGRA template, version 1");
    await click("template-download");
    expect(callsOf("export_template")).toEqual([{ source: "builtin" }]);
    expect(get("template-saved").textContent).toContain("integra-template.xlsx");
    await pickTemplateFile();
    const [sent] = callsOf("read_template_file") as { dataBase64: string; fileName: string }[];
    expect(sent).toEqual({ dataBase64: "UEsDBA==", fileName: "sofia-template.xlsx" });
    expect(inPanel("template-version").textContent).toBe(
      "Adapted template “sofia-checklist”, version 2 (built-in INTEGRA: version 1)",
    );
    expect(all("template-panel").length).toBe(1);
    expect(
      [...inPanel("template-changes").querySelectorAll<HTMLElement>("li[data-testid]")].map(
        (e) => e.dataset.testid,
      ),
    ).toEqual([
      "template-change-reworded-vision.1",
      "template-change-added-environment.11",
      "template-change-removed-attitudes.5",
    ]);
    expect(get("template-change-reworded-vision.1").textContent).toContain(
      "Before: The city has a strategy",
    );
    expect(inPanel("template-languages-added").textContent).toBe("Languages added: Persian");
    expect(inPanel("template-languages").textContent).toContain(
      "Persian: machine-drafted translation, not yet reviewed",
    );
    await fillForm();
    await click("prepare-submit");
    const [created] = callsOf("create_audit") as { template: unknown }[];
    expect(created!.template).toEqual(demoTemplateAdapted.template);
  });

  it("names the sheet, row and column of a refused file and keeps the built-in template", async () => {
    await start();
    await click("prepare-new");
    backend.failNext("read_template_file", {
      code: "template_invalid",
      message: "Template, sheet checklist, row 14, column en: the English text is empty.",
      details: {
        problem: "empty_english",
        kind: "statement",
        id: "vision.3",
        language: "en",
        sheet: "checklist",
        row: 14,
        column: "en",
        max: null,
        found: null,
      },
    });
    await pickTemplateFile();
    expect(get("template-problem").textContent).toBe(
      "The template cannot be used. Sheet “checklist”, row 14, column “en”: the English text is empty; every other language falls back to it",
    );
    expect(get("template-builtin")).toBeTruthy();
    await fillForm();
    await click("prepare-submit");
    const [created] = callsOf("create_audit") as { template: unknown }[];
    expect(created!.template).toBeNull();
  });

  it("edits statements in the app and sends the edited set to core to check", async () => {
    await start();
    await click("prepare-new");
    await click("template-edit");
    expect(get("template-editor")).toBeTruthy();
    await click("template-add-environment");
    const added = get("template-statement-new").querySelector("textarea")!;
    await act(() => {
      added.value = "Street signs show pictograms as well as words.";
      added.dispatchEvent(new Event("input", { bubbles: true }));
    });
    await choose("template-editor-language", "bg");
    const first = get("template-statement-vision.1").querySelector("textarea")!;
    await act(() => {
      first.value = "Градът има писмена стратегия.";
      first.dispatchEvent(new Event("input", { bubbles: true }));
    });
    await click("template-check");
    const [checked] = callsOf("check_template") as {
      template: {
        checklist: {
          sections: {
            id: string;
            items: { id: string; text: { en: string; tr?: Record<string, string> } }[];
          }[];
        };
      };
    }[];
    const sections = checked!.template.checklist.sections;
    const environment = sections.find((s) => s.id === "environment")!;
    expect(environment.items.at(-1)).toEqual({
      id: "",
      text: { en: "Street signs show pictograms as well as words." },
    });
    expect(sections[0]!.items[0]!.text.tr?.bg).toBe("Градът има писмена стратегия.");
    expect(get("template-note").textContent).toBe(
      "The texts were checked and will be used for the new audit.",
    );
    expect(inPanel("template-version").textContent).toContain("sofia-checklist");
  });
});
