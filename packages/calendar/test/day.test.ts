import { describe, expect, it } from "vitest";
import { addDays, addYears, DAY_MS, dayDiff, daysBetween, formatDay, fromDay, isDay, parseDay, toDay, today, weekday } from "../src/index.ts";

describe("parseDay / formatDay", () => {
  it("round-trips calendar days as UTC midnight", () => {
    for (const day of ["2026-01-01", "2024-02-29", "2000-02-29", "1999-12-31", "0000-01-01", "0050-03-01", "9999-12-31"]) {
      const d = parseDay(day);
      expect(d.getUTCHours() + d.getUTCMinutes() + d.getUTCSeconds() + d.getUTCMilliseconds()).toBe(0);
      expect(formatDay(d)).toBe(day);
    }
    expect(parseDay("2026-03-01").getTime()).toBe(Date.UTC(2026, 2, 1));
  });

  it("refuses days that do not exist, saying why", () => {
    expect(() => parseDay("2026-02-30")).toThrow(new RangeError("2026-02-30 is not a calendar date: 2026-02 has 28 days"));
    expect(() => parseDay("2024-02-30")).toThrow("2024-02 has 29 days");
    expect(() => parseDay("1900-02-29")).toThrow("1900-02 has 28 days");
    expect(() => parseDay("2026-04-31")).toThrow("2026-04 has 30 days");
    expect(() => parseDay("2026-02-32")).toThrow("2026-02 has 28 days");
    expect(() => parseDay("2026-13-01")).toThrow("there is no month 13");
    expect(() => parseDay("2026-00-10")).toThrow("there is no month 00");
    expect(() => parseDay("2026-01-00")).toThrow("2026-01 has 31 days");
  });

  it("refuses anything but zero-padded YYYY-MM-DD", () => {
    for (const text of ["2026-2-1", "2026-02-01T00:00:00Z", " 2026-02-01", "20260201", "+02026-02-01", "", "２０２６-02-01"]) {
      expect(() => parseDay(text)).toThrow(new RangeError(`${text} is not a YYYY-MM-DD date`));
    }
    expect(() => parseDay(20260201 as unknown as string)).toThrow(RangeError);
    expect(() => parseDay(undefined as unknown as string)).toThrow("undefined is not a YYYY-MM-DD date");
  });

  it("names the field when asked to", () => {
    expect(() => parseDay("2021-02-30", "startDate")).toThrow("startDate: 2021-02-30 is not a calendar date");
    expect(() => parseDay("soon", "effectiveFrom")).toThrow("effectiveFrom: soon is not a YYYY-MM-DD date");
  });

  it("formats the UTC day of any instant, and refuses what has no YYYY-MM-DD form", () => {
    expect(formatDay(new Date("2026-03-01T23:59:59.999Z"))).toBe("2026-03-01");
    expect(formatDay(new Date("2026-03-01T23:30:00-02:00"))).toBe("2026-03-02");
    expect(() => formatDay(new Date(Number.NaN))).toThrow(RangeError);
    expect(() => formatDay(new Date(Date.UTC(10000, 0, 1)))).toThrow(/no YYYY-MM-DD form/);
    expect(() => formatDay(new Date(Date.UTC(-1, 0, 1)))).toThrow(RangeError);
  });

  it("isDay agrees with parseDay", () => {
    for (const text of ["2026-02-28", "2024-02-29", "2026-02-29", "2026-13-01", "2026-2-1", "", null, 5]) {
      let parses = true;
      try {
        parseDay(text as string);
      } catch {
        parses = false;
      }
      expect(isDay(text)).toBe(parses);
    }
  });

  it("keeps the API's names as aliases of the same functions", () => {
    expect(toDay).toBe(formatDay);
    expect(fromDay).toBe(parseDay);
  });
});

describe("day arithmetic", () => {
  it("adds days across months, leap days and years", () => {
    expect(addDays("2024-02-28", 1)).toBe("2024-02-29");
    expect(addDays("2026-02-28", 1)).toBe("2026-03-01");
    expect(addDays("2026-12-31", 1)).toBe("2027-01-01");
    expect(addDays("2026-03-01", -1)).toBe("2026-02-28");
    expect(addDays("2026-03-01", 0)).toBe("2026-03-01");
    expect(addDays("2026-01-01", 365)).toBe("2027-01-01");
    expect(() => addDays("2026-01-01", 0.5)).toThrow(RangeError);
    expect(() => addDays("2026-02-30", 1)).toThrow(RangeError);
  });

  it("shifts years like R's seq.Date: 29 February becomes 1 March in a common year", () => {
    expect(addYears("2024-02-29", -1)).toBe("2023-03-01");
    expect(addYears("2024-02-29", 4)).toBe("2028-02-29");
    expect(addYears("2026-06-15", -5)).toBe("2021-06-15");
    expect(addYears("2001-01-01", -1950)).toBe("0051-01-01");
  });

  it("counts days between two days", () => {
    expect(dayDiff("2026-01-01", "2026-01-02")).toBe(1);
    expect(dayDiff("2026-01-02", "2026-01-01")).toBe(-1);
    expect(dayDiff("2024-01-01", "2025-01-01")).toBe(366);
    expect(dayDiff("1970-01-01", "2026-03-01")).toBe(Date.UTC(2026, 2, 1) / DAY_MS);
  });

  it("lists every day of a range, both ends included", () => {
    expect(daysBetween("2024-02-27", "2024-03-01")).toEqual(["2024-02-27", "2024-02-28", "2024-02-29", "2024-03-01"]);
    expect(daysBetween("2026-01-01", "2026-01-01")).toEqual(["2026-01-01"]);
    expect(daysBetween("2026-01-02", "2026-01-01")).toEqual([]);
    expect(daysBetween("2026-01-01", "2026-12-31")).toHaveLength(365);
  });

  it("names weekdays as Date#getUTCDay does (0 = Sunday)", () => {
    expect(weekday("1970-01-01")).toBe(4); // a Thursday
    expect(weekday("2026-03-01")).toBe(0);
    expect(weekday("2026-03-07")).toBe(6);
  });

  it("today() is the current UTC day", () => {
    const before = new Date().toISOString().slice(0, 10);
    const t = today();
    const after = new Date().toISOString().slice(0, 10);
    expect([before, after]).toContain(t);
    expect(isDay(t)).toBe(true);
  });
});
