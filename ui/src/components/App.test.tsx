// @vitest-environment happy-dom
/**
 * The screens against the in-memory backend: what a person does, and what
 * reaches the backend. Command names and arguments are the contract of api.ts.
 */
import { render } from "preact";
import { act } from "preact/test-utils";
import type { ComponentProps } from "preact";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { BackendUnavailable, installTransport } from "../api";
import { createMockBackend, type MockBackend, type MockOptions } from "../dev/mockBackend";
import { catalogues } from "../i18n";
import { LANGUAGE_INFO } from "../logic/i18n";
import { App } from "./App";

let container: HTMLElement;
let backend: MockBackend;

async function settle() {
  for (let i = 0; i < 5; i += 1) {
    await act(async () => {
      await new Promise<void>((resolve) => queueMicrotask(resolve));
      // A language chosen or restored arrives with its catalogue's chunk.
      await catalogues.idle();
    });
  }
}

async function start(
  options: MockOptions = {},
  prepare?: (backend: MockBackend) => Promise<unknown>,
  props: ComponentProps<typeof App> = {},
) {
  backend = createMockBackend(options);
  await prepare?.(backend);
  backend.calls.length = 0;
  window.__TAURI__ = { core: { invoke: backend.invoke } };
  await act(() => render(<App {...props} />, container));
  await settle();
}

function get<T extends HTMLElement = HTMLElement>(testId: string): T {
  const element = container.querySelector<T>(`[data-testid="${testId}"]`);
  if (!element) throw new Error(`no element with data-testid="${testId}"`);
  return element;
}
const find = (testId: string) => container.querySelector(`[data-testid="${testId}"]`);

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
}
async function click(testId: string) {
  await act(() => get(testId).click());
  await settle();
}
const callsOf = (command: string) =>
  backend.calls.filter((c) => c.command === command).map((c) => c.args);

beforeEach(() => {
  container = document.createElement("div");
  document.body.append(container);
  window.localStorage.clear();
  window.location.hash = "";
});

afterEach(async () => {
  await act(() => render(null, container));
  container.remove();
  vi.useRealTimers();
  installTransport(null);
});

describe("starting", () => {
  it("says so when the page is opened outside the app", async () => {
    delete window.__TAURI__;
    await act(() => render(<App />, container));
    await settle();
    expect(get("load-problem").textContent).toContain(
      "This page must be opened in the City audit app.",
    );
  });

  it("shows why the session could not be read, and tries again", async () => {
    backend = createMockBackend({ joined: true });
    backend.failNext("session", "The app's data folder cannot be opened.");
    window.__TAURI__ = { core: { invoke: backend.invoke } };
    await act(() => render(<App />, container));
    await settle();
    expect(get("load-problem").textContent).toContain("The app's data folder cannot be opened.");
    await click("retry");
    expect(get("overall-progress")).toBeTruthy();
  });
});

describe("joining", () => {
  it("asks to join when there is no session, then opens the checklist", async () => {
    await start();
    expect(find("section-progress-vision")).toBeNull();
    expect(get("join-terms").textContent).toContain("non-commercial");

    await type("join-server", "audit.example.org");
    await type("join-code", "K7Q-2MX");
    await type("join-name", "Mira");
    await choose("join-group", "tcn_communities");
    expect(get<HTMLInputElement>("join-share-locations").disabled).toBe(true);
    await click("join-accept-terms");
    await click("join-share-locations");
    await click("join-submit");

    expect(callsOf("join")).toEqual([
      {
        link: null,
        server: "https://audit.example.org",
        code: "K7Q-2MX",
        displayName: "Mira",
        group: "tcn_communities",
        gender: null,
        acceptPhotoTerms: true,
        sharePhotoLocations: true,
      },
    ]);
    expect(get("section-progress-vision").textContent).toBe("0 of 8");
  });

  it("offers gender as a choice, and sends a self-description as typed", async () => {
    await start();
    await type("join-server", "audit.example.org");
    await type("join-code", "K7Q-2MX");
    await type("join-name", "Mira");
    await choose("join-group", "tcn_communities");
    const labels = [...get("join-gender").querySelectorAll("label.choice")].map(
      (label) => label.textContent,
    );
    expect(labels).toEqual(["Woman", "Man", "Non-binary", "Prefer not to say", "Self-describe"]);
    expect(find("join-gender-text")).toBeNull();
    await click("join-gender-self");
    await type("join-gender-text", "  genderfluid ");
    await click("join-submit");
    expect(callsOf("join")[0]).toMatchObject({ gender: "genderfluid" });
  });

  it("sends a gender choice as its code", async () => {
    await start();
    await type("join-server", "audit.example.org");
    await type("join-code", "K7Q-2MX");
    await type("join-name", "Mira");
    await choose("join-group", "tcn_communities");
    await click("join-gender-non_binary");
    await click("join-submit");
    expect(callsOf("join")[0]).toMatchObject({ gender: "non_binary" });
  });

  it("sends a pasted invite link as it is", async () => {
    await start();
    await type("join-link", "cityaudit://join?server=https%3A%2F%2Fa.org&code=XY12");
    expect(get("join-link-ok").textContent).toContain("https://a.org");
    await type("join-name", "Sam");
    await choose("join-group", "ngos");
    await click("join-submit");
    expect(callsOf("join")[0]).toMatchObject({
      link: "cityaudit://join?server=https%3A%2F%2Fa.org&code=XY12",
      server: null,
      code: null,
      acceptPhotoTerms: false,
    });
  });

  it("pre-fills the invite of the embedded demo server", async () => {
    const link = "cityaudit://join?server=http%3A%2F%2F127.0.0.1%3A8787&code=K7QX-M2PA";
    await start({ demoInvite: { server: "http://127.0.0.1:8787", code: "K7QX-M2PA", link } });
    expect(get<HTMLInputElement>("join-link").value).toBe(link);
    expect(get("join-link-ok").textContent).toContain("http://127.0.0.1:8787");
  });

  it("says what is missing instead of calling the backend", async () => {
    await start();
    await type("join-server", "https://a.org");
    await type("join-code", "XY12");
    await choose("join-group", "ngos");
    await click("join-submit");
    expect(get("join-error").textContent).toBe("Type a name. A nickname is fine.");
    expect(callsOf("join")).toEqual([]);
  });

  it("shows the backend's refusal in its own words", async () => {
    await start();
    await type("join-server", "https://a.org");
    await type("join-code", "expired");
    await type("join-name", "Mira");
    await choose("join-group", "ngos");
    await click("join-submit");
    expect(get("join-error").textContent).toBe(
      "Could not join: This invite has expired. Ask the facilitator for a new one.",
    );
  });

  it("skips the join screen when the backend keeps a session", async () => {
    await start({ joined: true });
    expect(find("join-submit")).toBeNull();
    expect(get("overall-progress").textContent).toBe("0 of 20 statements answered");
  });
});

describe("the checklist", () => {
  it("saves a tap at once, shows the saved tick and counts it", async () => {
    await start({ joined: true });
    await click("score-vision.1-3");

    expect(callsOf("answer_item")).toEqual([{ item: "vision.1", value: 3 }]);
    expect(get("saved-vision.1").textContent).toContain("Saved");
    expect(get("score-vision.1-3").getAttribute("aria-pressed")).toBe("true");
    expect(get("section-progress-vision").textContent).toBe("1 of 8");
    expect(get("overall-progress").textContent).toBe("1 of 20 statements answered");
  });

  it("saves don't know", async () => {
    await start({ joined: true });
    await click("dont-know-attitudes.2");
    expect(callsOf("answer_item")).toEqual([{ item: "attitudes.2", value: "dont_know" }]);
    expect(get("section-progress-attitudes").textContent).toBe("1 of 5");
  });

  it("shows a failed save's message and keeps the previous answer", async () => {
    await start({ joined: true });
    await click("score-vision.2-5");
    backend.failNext("answer_item", "The device storage is full.");
    await click("score-vision.2-1");

    expect(get("error-vision.2").textContent).toBe("Not saved: The device storage is full.");
    expect(find("saved-vision.2")).toBeNull();
    expect(get("score-vision.2-5").getAttribute("aria-pressed")).toBe("true");
    expect(get("score-vision.2-1").getAttribute("aria-pressed")).toBe("false");
  });

  it("saves a comment after a 600 ms pause in typing, once", async () => {
    vi.useFakeTimers();
    await start({ joined: true });
    await type("comment-participation.3", "Leaflets only in the local language");
    await act(() => {
      vi.advanceTimersByTime(599);
    });
    expect(callsOf("answer_item")).toEqual([]);
    await act(() => {
      vi.advanceTimersByTime(1);
    });
    await settle();
    expect(callsOf("answer_item")).toEqual([
      { item: "participation.3", comment: "Leaflets only in the local language" },
    ]);
    expect(get("saved-participation.3")).toBeTruthy();

    await act(() => {
      get("comment-participation.3").dispatchEvent(new Event("blur"));
    });
    await settle();
    expect(callsOf("answer_item")).toHaveLength(1);
  });

  it("saves a comment when leaving the box", async () => {
    await start({ joined: true });
    await type("comment-vision.4", "No Arabic signs at the town hall");
    await act(() => {
      get("comment-vision.4").dispatchEvent(new Event("blur"));
    });
    await settle();
    expect(callsOf("answer_item")).toEqual([
      { item: "vision.4", comment: "No Arabic signs at the town hall" },
    ]);
  });

  it("keeps the comment box a small field until it is tapped or holds a comment", async () => {
    await start({ joined: true }, (b) =>
      b.invoke("answer_item", { item: "vision.2", comment: "Seen at the station" }),
    );
    const field = get<HTMLTextAreaElement>("comment-vision.1");
    expect(field.dataset.open).toBe("false");
    expect(field.placeholder).toBe("+ Add comment");
    expect(field.getAttribute("rows")).toBe("1");
    await act(() => {
      field.dispatchEvent(new Event("focus"));
    });
    expect(field.dataset.open).toBe("true");
    expect(field.placeholder).toBe("What did you see? An example helps.");
    await act(() => {
      field.dispatchEvent(new Event("blur"));
    });
    expect(field.dataset.open).toBe("false");
    expect(callsOf("answer_item")).toEqual([]);
    expect(get("comment-vision.2").dataset.open).toBe("true");
  });

  it("sends per-stop statements to Stops instead of answering them here", async () => {
    await start({ joined: true });
    expect(find("score-environment.1-1")).toBeNull();
    await click("go-to-stops-environment");
    expect(get("stop-add")).toBeTruthy();
  });
});

describe("stops", () => {
  it("records a stop with a typed pin and answers its statements there", async () => {
    await start({ joined: true });
    await click("nav-stops");
    await click("stop-add");
    await choose("stop-planned", "ps-1");
    expect(get<HTMLInputElement>("stop-name").value).toBe("Vazrazhdane");
    expect(get("stop-when-text").textContent).toMatch(/day, \d+ \w+ \d{4}, \d\d:\d\d$/);

    await click("stop-use-position"); // a desktop without geolocation: the fields appear
    await type("stop-lat", "42,6977");
    await type("stop-lon", "23.3219");
    await click("stop-save");

    const [visit] = callsOf("visit_stop");
    expect(visit).toMatchObject({
      plannedStop: "ps-1",
      nameOfArea: "Vazrazhdane",
      specificLocation: "Lavov most square",
      location: { lat: 42.6977, lon: 23.3219, accuracyM: null, source: "manual" },
    });
    expect(typeof visit!.visitedAt).toBe("number");
    expect(typeof visit!.utcOffsetMin).toBe("number");

    await click("stop-score-stop-1-environment.1-4");
    expect(callsOf("answer_at_stop")).toEqual([
      { stop: "stop-1", item: "environment.1", value: 4 },
    ]);
    expect(get("stop-saved-stop-1-environment.1")).toBeTruthy();
    expect(get("stop-progress-stop-1").textContent).toBe("1 of 10 answered");
  });

  it("uses the device's position when there is one", async () => {
    await start({
      joined: true,
      position: { lat: 42.1, lon: 23.2, accuracyM: 8, source: "device" },
    });
    await click("nav-stops");
    await click("stop-add");
    await type("stop-name", "Market");
    await click("stop-use-position");
    expect(get("stop-position").dataset.source).toBe("device");
    await click("stop-save");
    expect(callsOf("visit_stop")[0]).toMatchObject({ location: { source: "device", lat: 42.1 } });
  });

  it("needs a name of area", async () => {
    await start({ joined: true });
    await click("nav-stops");
    await click("stop-add");
    await click("stop-save");
    expect(get("stop-error").textContent).toBe("Type the name of the area.");
    expect(callsOf("visit_stop")).toEqual([]);
  });
});

describe("photos", () => {
  it("lets a participant who declined the usage terms accept them later", async () => {
    await start();
    await type("join-server", "audit.example.org");
    await type("join-code", "K7Q-2MX");
    await type("join-name", "Mira");
    await choose("join-group", "tcn_communities");
    await click("join-submit");
    expect(callsOf("join")[0]).toMatchObject({ acceptPhotoTerms: false });
    await click("nav-photos");
    expect(get("photo-terms").textContent).toContain("non-commercial");
    expect(find("photo-file")).toBeNull();
    await click("photo-terms-share-locations");
    await click("photo-terms-accept");
    expect(callsOf("accept_photo_terms")).toEqual([{ shareLocations: true }]);
    expect(find("photo-terms")).toBeNull();
    expect(get("photo-file")).toBeTruthy();
  });

  it("adds a picked photo with title, caption and theme, and lists it under its theme", async () => {
    await start({ joined: true });
    await click("nav-photos");
    const input = get<HTMLInputElement>("photo-file");
    const file = new File([new Uint8Array([0xff, 0xd8, 0xff, 0xe0])], "bus-stop.jpg", {
      type: "image/jpeg",
    });
    Object.defineProperty(input, "files", { value: [file], configurable: true });
    await act(() => {
      input.dispatchEvent(new Event("change", { bubbles: true }));
    });
    await vi.waitFor(() => expect(container.querySelector(".photo-preview")).toBeTruthy());

    await type("photo-title", "Timetable in three languages");
    await type("photo-caption", "At the central bus stop");
    await click("photo-theme-friendly");
    await click("photo-save");

    const [added] = callsOf("add_photo");
    expect(added).toMatchObject({
      path: null,
      dataBase64: "/9j/4A==",
      fileName: "bus-stop.jpg",
      title: "Timetable in three languages",
      caption: "At the central bus stop",
      theme: "friendly",
      stop: null,
      fallbackLocation: null,
      shareLocation: true,
    });
    const hash = backend.state.response.photos[0]!.hash;
    expect(
      get(`photo-theme-group-friendly`).querySelector(`[data-testid="photo-card-${hash}"]`),
    ).toBeTruthy();
    expect(get(`photo-location-source-${hash}`).textContent).toBe("Location: none");
  });

  it("keeps a photo's location on the device when the participant says so", async () => {
    await start({
      joined: true,
      position: { lat: 42.7, lon: 23.3, accuracyM: 5, source: "device" },
    });
    await click("nav-photos");
    const input = get<HTMLInputElement>("photo-file");
    const file = new File([new Uint8Array([0xff, 0xd8, 0xff, 0xe0])], "door.jpg", {
      type: "image/jpeg",
    });
    Object.defineProperty(input, "files", { value: [file], configurable: true });
    await act(() => {
      input.dispatchEvent(new Event("change", { bubbles: true }));
    });
    await vi.waitFor(() => expect(container.querySelector(".photo-preview")).toBeTruthy());
    expect(get<HTMLInputElement>("photo-share-location").checked).toBe(true);
    expect(find("photo-location-private")).toBeNull();
    await click("photo-share-location");
    expect(get("photo-location-private")).toBeTruthy();
    expect(find("photo-use-position")).toBeNull();
    await type("photo-title", "Doorway");
    await click("photo-theme-friendly");
    await click("photo-save");

    expect(callsOf("current_position")).toEqual([]);
    expect(callsOf("add_photo")[0]).toMatchObject({ shareLocation: false, fallbackLocation: null });
    const hash = backend.state.response.photos[0]!.hash;
    expect(get(`photo-location-source-${hash}`).textContent).toBe("Location: none");
  });

  it("stops sharing a photo's location later", async () => {
    await start({ joined: true }, (b) =>
      b.invoke("add_photo", {
        path: null,
        dataBase64: null,
        fileName: "x.jpg",
        title: "Square",
        caption: "",
        theme: "friendly",
        stop: null,
        fallbackLocation: { lat: 1, lon: 2, accuracyM: null, source: "device" },
        shareLocation: true,
      }),
    );
    await click("nav-photos");
    const hash = backend.state.response.photos[0]!.hash;
    expect(get(`photo-location-source-${hash}`).dataset.source).toBe("device");
    await click(`photo-edit-${hash}`);
    await click("photo-edit-forget-location");
    await click("photo-edit-save");
    expect(callsOf("edit_photo")[0]).toMatchObject({ forgetLocation: true });
    expect(get(`photo-location-source-${hash}`).dataset.source).toBe("none");
  });

  it("edits a photo's title and theme later", async () => {
    await start({ joined: true }, (b) =>
      b.invoke("add_photo", {
        path: null,
        dataBase64: null,
        fileName: "x.jpg",
        title: "Old",
        caption: "",
        theme: "friendly",
        stop: null,
        fallbackLocation: { lat: 1, lon: 2, accuracyM: null, source: "device" },
      }),
    );
    await click("nav-photos");
    const hash = backend.state.response.photos[0]!.hash;
    expect(get(`photo-location-source-${hash}`).textContent).toBe("Location: from device");
    await click(`photo-edit-${hash}`);
    await type("photo-edit-title", "New title");
    await click("photo-edit-theme-improvement");
    await click("photo-edit-save");
    expect(callsOf("edit_photo")).toEqual([
      { hash, title: "New title", caption: "", theme: "improvement", forgetLocation: false },
    ]);
    expect(get("photo-theme-group-improvement").textContent).toContain("New title");
  });
});

describe("the browser app", () => {
  const invite = "https://audit.example.org/city/app/join?code=K7QX-M2PA";

  it("opens the join form with the invite the page was opened with, and leaves its address once joined", async () => {
    const onJoined = vi.fn();
    await start({}, undefined, { inviteLink: invite, onJoined });
    expect(get<HTMLInputElement>("join-link").value).toBe(invite);
    expect(get("join-link-ok").textContent).toBe(
      "Link read: server https://audit.example.org/city, code K7QX-M2PA",
    );
    expect(onJoined).not.toHaveBeenCalled();
    await type("join-name", "Mira");
    await choose("join-group", "tcn_communities");
    await click("join-submit");
    expect(callsOf("join")[0]).toMatchObject({ link: invite, server: null, code: null });
    expect(onJoined).toHaveBeenCalledOnce();
    expect(get("overall-progress")).toBeTruthy();
  });

  it("leaves the invite's address at once when the device has joined before", async () => {
    const onJoined = vi.fn();
    await start({ joined: true }, undefined, { inviteLink: invite, onJoined });
    expect(find("join-link")).toBeNull();
    expect(onJoined).toHaveBeenCalledOnce();
  });

  it("says to use a current browser over https when this device's storage cannot open", async () => {
    installTransport({
      binaryPhotos: true,
      invoke: async (command) => {
        throw new BackendUnavailable("OPFS is not available.", command, "storageUnavailable");
      },
    });
    await act(() => render(<App />, container));
    await settle();
    expect(get("load-problem").textContent).toContain(
      "Open the invite link in a current browser (such as Chrome, Firefox or Safari), over https.",
    );
    expect(get("load-problem-detail").textContent).toBe("OPFS is not available.");
  });

  it("tells the person when the browser may clear saved answers, in their language", async () => {
    await start({ joined: true }, (b) => b.invoke("set_language", { language: "ar" }), {
      storageAtRisk: Promise.resolve(true),
    });
    expect(get("storage-notice").textContent).toContain("زامن عندما تستطيع");
    await click("storage-notice-dismiss");
    expect(find("storage-notice")).toBeNull();
  });

  it("says nothing about storage the browser keeps", async () => {
    await start({ joined: true }, undefined, { storageAtRisk: Promise.resolve(false) });
    expect(find("storage-notice")).toBeNull();
  });
});

describe("sync status and language", () => {
  it("shows unsent changes and syncs on request", async () => {
    await start({ joined: true });
    expect(get("sync-state").textContent).toBe("Not sent yet");
    await click("score-vision.1-2");
    await act(() => backend.invoke("sync_status").then(() => undefined));
    await click("sync-now");
    expect(callsOf("sync_now")).toHaveLength(1);
    expect(get("sync-state").textContent).toBe("Up to date");
    expect(get("sync-pending").dataset.count).toBe("0");
  });

  it("shows the statements in a language the city added to its template, the screens in the app's", async () => {
    const persian = "شهر راهبرد نوشته‌شده‌ای برای تنوع دارد.";
    await start({ joined: true, templateLanguage: { tag: "fa", firstStatement: persian } });
    await click("nav-settings");
    const options = [...get<HTMLSelectElement>("statement-language-select").options];
    expect(options.map((o) => o.value)).toEqual(["", "fa"]);
    await choose("statement-language-select", "fa");
    await click("nav-checklist");
    const statements = [...container.querySelectorAll(".item-text bdi")].map((b) => b.textContent);
    expect(statements[0]).toBe(persian);
    // A statement the city did not translate stays in the source, English.
    expect(statements[1]).toMatch(/^[A-Z]/);
    expect(get("nav-checklist").textContent).toContain("Checklist");
    expect(document.documentElement.dir).toBe("ltr");
    expect(window.localStorage.getItem("cityaudit.statementLanguage")).toBe("fa");
    await click("nav-settings");
    await choose("statement-language-select", "");
    await click("nav-checklist");
    expect(container.querySelector(".item-text bdi")!.textContent).toMatch(
      /^The city has a strategy/,
    );
  });

  it("offers no statement language when the template has only the app's languages", async () => {
    await start({ joined: true });
    await click("nav-settings");
    expect(find("statement-language-select")).toBeNull();
  });

  it("switches to Arabic right to left and tells the backend", async () => {
    await start({ joined: true });
    await click("nav-settings");
    await choose("language-select", "ar");
    await settle();
    expect(callsOf("set_language")).toEqual([{ language: "ar" }]);
    expect(document.documentElement.dir).toBe("rtl");
    expect(document.documentElement.lang).toBe("ar");
    expect(get("nav-checklist").textContent).toContain("قائمة التحقق");
    // Counts in Arabic-Indic digits, the statement numbers too.
    await click("nav-checklist");
    expect(get("section-progress-vision").textContent).toMatch(/^٠ [^0-9]+ ٨$/);
    expect(container.querySelector(".item-number")!.textContent).toBe("١.");
    await click("nav-settings");

    await choose("language-select", "");
    await settle();
    expect(callsOf("set_language").at(-1)).toEqual({ language: null });
    expect(document.documentElement.dir).toBe("ltr");
  });

  it("says under the picker that a machine-drafted language is not reviewed, and nothing for English", async () => {
    await start({ joined: true });
    await click("nav-settings");
    expect(find("language-select-unreviewed")).toBeNull();
    await choose("language-select", "cs");
    await settle();
    expect(get("language-select-unreviewed").textContent).toBe(
      "Strojově připravený překlad — zatím ho nezkontroloval rodilý mluvčí",
    );
    expect(get("language-select").getAttribute("aria-describedby")).toBe(
      "language-select-unreviewed",
    );
    await choose("language-select", "en");
    await settle();
    expect(find("language-select-unreviewed")).toBeNull();
  });

  it("names each language in itself in the picker, from the registry", async () => {
    await start();
    const options = [...get<HTMLSelectElement>("join-language").options].slice(1);
    expect(options.map((o) => [o.value, o.textContent, o.dir])).toEqual(
      LANGUAGE_INFO.map((l) => [l.code, l.name, l.dir]),
    );
  });

  it("starts in the language the backend kept", async () => {
    await start({ joined: true }, (b) => b.invoke("set_language", { language: "bg" }));
    expect(document.documentElement.lang).toBe("bg");
    expect(get("section-progress-vision").textContent).toBe("0 от 8");
  });
});
