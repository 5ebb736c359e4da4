import { describe, expect, it } from "vitest";
import {
  deviceDateTime,
  deviceUtcOffsetMin,
  formatIsoDay,
  formatVisitTime,
  fromDateTimeLocal,
  toDateTimeLocal,
} from "./dates";

// Saturday 17 May 2025, 12:05 UTC.
const instant = Date.UTC(2025, 4, 17, 12, 5);

describe("visit date, time and day of walk", () => {
  it("is shown at the walk's own UTC offset, whatever the reader's zone", () => {
    const sofia = formatVisitTime(instant, 180, "en-GB");
    expect(sofia.time).toBe("15:05");
    expect(sofia.date).toBe("17 May 2025");
    expect(sofia.weekday).toBe("Saturday");
  });

  it("crosses midnight with the offset", () => {
    const late = Date.UTC(2025, 4, 17, 22, 30);
    const east = formatVisitTime(late, 120, "en-GB");
    expect(east.date).toBe("18 May 2025");
    expect(east.weekday).toBe("Sunday");
  });

  it("speaks the chosen language", () => {
    expect(formatVisitTime(instant, 180, "bg-BG").weekday).toBe("събота");
    expect(formatVisitTime(instant, 180, "ar").weekday).toBe("السبت");
  });
});

describe("date and time fields", () => {
  it("writes an instant as wall-clock time at an offset", () => {
    expect(toDateTimeLocal(instant, 180)).toBe("2025-05-17T15:05");
    expect(toDateTimeLocal(instant, -300)).toBe("2025-05-17T07:05");
  });

  it("reads wall-clock time back to the same instant", () => {
    expect(fromDateTimeLocal("2025-05-17T15:05", 180)).toBe(instant);
    expect(fromDateTimeLocal("2025-05-17T15:05:00", 180)).toBe(instant);
  });

  it("refuses text that is not a real date and time", () => {
    expect(fromDateTimeLocal("", 0)).toBeNull();
    expect(fromDateTimeLocal("2025-02-30T10:00", 0)).toBeNull();
    expect(fromDateTimeLocal("2025-05-17T24:00", 0)).toBeNull();
    expect(fromDateTimeLocal("17/05/2025 10:00", 0)).toBeNull();
  });

  it("turns a time typed on this device into an instant and the device's offset then", () => {
    const typed = toDateTimeLocal(instant, deviceUtcOffsetMin(instant));
    const result = deviceDateTime(typed);
    expect(result).not.toBeNull();
    expect(result!.instant).toBe(instant);
    expect(result!.utcOffsetMin).toBe(deviceUtcOffsetMin(instant));
    expect(deviceDateTime("not a time")).toBeNull();
  });

  it("formats an audit day and leaves other text alone", () => {
    expect(formatIsoDay("2025-05-17", "en-GB")).toBe("17 May 2025");
    expect(formatIsoDay("spring 2025", "en-GB")).toBe("spring 2025");
    expect(formatIsoDay("2025-02-30", "en-GB")).toBe("2025-02-30");
  });
});
