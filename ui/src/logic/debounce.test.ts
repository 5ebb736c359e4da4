import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { createDebouncer } from "./debounce";

describe("saving comments after a pause in typing", () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it("saves the latest value once typing pauses", () => {
    const save = vi.fn();
    const debouncer = createDebouncer<string>(600, save, "");
    debouncer.push("B");
    vi.advanceTimersByTime(300);
    debouncer.push("Bu");
    vi.advanceTimersByTime(599);
    expect(save).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(save).toHaveBeenCalledExactlyOnceWith("Bu");
  });

  it("saves at once on flush (leaving the box) and not again when the timer would fire", () => {
    const save = vi.fn();
    const debouncer = createDebouncer<string>(600, save, "");
    debouncer.push("Bus stop");
    debouncer.flush();
    expect(save).toHaveBeenCalledExactlyOnceWith("Bus stop");
    vi.advanceTimersByTime(1000);
    expect(save).toHaveBeenCalledTimes(1);
  });

  it("does not send a value equal to the one already saved", () => {
    const save = vi.fn();
    const debouncer = createDebouncer<string>(600, save, "kept");
    debouncer.push("kept");
    debouncer.flush();
    debouncer.push("new");
    debouncer.flush();
    debouncer.push("new");
    debouncer.flush();
    expect(save.mock.calls).toEqual([["new"]]);
  });

  it("sends again after a failed save is forgotten", () => {
    const save = vi.fn();
    const debouncer = createDebouncer<string>(600, save, "");
    debouncer.push("text");
    debouncer.flush();
    debouncer.forget();
    debouncer.push("text");
    debouncer.flush();
    expect(save).toHaveBeenCalledTimes(2);
  });

  it("drops a pending value on cancel", () => {
    const save = vi.fn();
    const debouncer = createDebouncer<string>(600, save);
    debouncer.push("x");
    debouncer.cancel();
    vi.advanceTimersByTime(1000);
    debouncer.flush();
    expect(save).not.toHaveBeenCalled();
  });

  it("follows a value saved elsewhere (e.g. after a sync)", () => {
    const save = vi.fn();
    const debouncer = createDebouncer<string>(600, save, "");
    debouncer.markSaved("from the other phone");
    debouncer.push("from the other phone");
    debouncer.flush();
    expect(save).not.toHaveBeenCalled();
  });
});
