// @vitest-environment happy-dom
/**
 * Desk research and focus groups against the in-memory backend: each field
 * is sent on its own, by its path, with the value's own type.
 */
import { render } from "preact";
import { act } from "preact/test-utils";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createMockBackend, type MockBackend } from "../../dev/mockBackend";
import { App } from "../App";

let container: HTMLElement;
let backend: MockBackend;

async function settle() {
  for (let i = 0; i < 8; i += 1) {
    await act(async () => {
      await new Promise<void>((resolve) => setTimeout(resolve, 0));
    });
  }
}

async function start(hash: string) {
  window.location.hash = hash;
  backend = createMockBackend({ joined: true, role: "facilitator" });
  window.__TAURI__ = { core: { invoke: backend.invoke } };
  await act(() => render(<App />, container));
  await settle();
}

function get<T extends HTMLElement = HTMLElement>(testId: string): T {
  const element = container.querySelector<T>(`[data-testid="${testId}"]`);
  if (!element) throw new Error(`no element with data-testid="${testId}"`);
  return element;
}

/** Types into a field and leaves it (which saves at once). */
async function typeAndLeave(testId: string, value: string) {
  const input = get<HTMLInputElement>(testId);
  await act(() => {
    input.dispatchEvent(new Event("focus"));
    input.value = value;
    input.dispatchEvent(new Event("input", { bubbles: true }));
    input.dispatchEvent(new Event("blur"));
  });
  await settle();
}

async function click(testId: string) {
  await act(() => get(testId).click());
  await settle();
}

const fieldCalls = () =>
  backend.calls
    .filter((c) => c.command === "set_method_field")
    .map((c) => ({ field: c.args?.field, value: c.args?.value }));

beforeEach(() => {
  container = document.createElement("div");
  document.body.append(container);
});

afterEach(async () => {
  await act(() => render(null, container));
  container.remove();
  window.location.hash = "";
});

describe("Desk research", () => {
  it("records a document field by field and shows its title", async () => {
    await start("#/desk");
    await click("desk-add-document");
    await typeAndLeave("doc-0-title", "Integration Strategy 2021-2027");
    await typeAndLeave("doc-0-from", "2021");
    await click("doc-0-sectors-housing");
    await click("doc-0-q-funded-partly");
    expect(fieldCalls()).toEqual([
      { field: "title", value: "Integration Strategy 2021-2027" },
      { field: "period_from", value: "2021" },
      { field: "sectors.housing", value: true },
      { field: "assessment.funded.answer", value: "partly" },
    ]);
    expect(get("doc-0").textContent).toContain("Integration Strategy 2021-2027");
    expect(get<HTMLInputElement>("doc-0-sectors-housing").checked).toBe(true);
  });

  it("saves a finding as the facilitator types, without a Save button", async () => {
    await start("#/desk");
    await typeAndLeave("desk-summary-strengths", "A strategy exists.");
    const call = backend.calls.find((c) => c.command === "set_desk_summary");
    expect(call?.args).toEqual({ field: "strengths", text: "A strategy exists." });
    expect(container.querySelector('[data-testid="desk-summary-strengths-saved"]')).not.toBeNull();
  });
});

describe("Focus groups", () => {
  it("sends counts as numbers, an emptied count as null, and texts by theme", async () => {
    await start("#/focus");
    await click("focus-add");
    await typeAndLeave("fg-0-group-ngos", "3");
    await typeAndLeave("fg-0-group-ngos", "");
    await typeAndLeave("fg-0-theme-environment-ideas", "Light the underpass.");
    await click("fg-0-theme-environment-lacking-statistical_data");
    await click("fg-0-add-hotspot");
    await typeAndLeave("fg-0-hotspot-0-name", "Station underpass");
    expect(fieldCalls()).toEqual([
      { field: "participants.ngos", value: 3 },
      { field: "participants.ngos", value: null },
      { field: "themes.environment.big_ideas", value: "Light the underpass." },
      { field: "themes.environment.lacking.statistical_data", value: true },
      { field: expect.stringMatching(/^hot_spots\.h\d+\.name$/), value: "Station underpass" },
    ]);
  });
});

describe("Participants' comments", () => {
  it("shows a statement's comments on Results and quotes one in the report", async () => {
    await start("#/results");
    const list = get("comments-vision.1");
    expect(list.textContent).toContain("The welcome office is open two mornings a week.");
    expect(list.textContent).toContain("Participant 1");
    await click("quote-p-1/city/vision.1");
    expect(backend.calls.filter((c) => c.command === "quote_comment").map((c) => c.args)).toEqual([
      { key: "p-1/city/vision.1", quoted: true },
    ]);
    expect(get<HTMLInputElement>("quote-p-1/city/vision.1").checked).toBe(true);
    await click("comments-show-names");
    expect(backend.calls.some((c) => c.command === "set_show_names" && c.args?.show === true)).toBe(
      true,
    );
  });
});
