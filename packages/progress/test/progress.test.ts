import { describe, expect, it } from "vitest";
import { createProgress, duration, type ProgressStream } from "../src/index.ts";

/** A stream that records writes, and a clock the test moves. */
function fixture(isTTY: boolean, columns?: number) {
  const out: string[] = [];
  const stream: ProgressStream = { isTTY, columns, write: (s: string) => out.push(s) };
  let now = 0;
  return { out, stream, clock: () => now, advance: (ms: number) => (now += ms) };
}

describe("plain mode (not a TTY: CI logs)", () => {
  it("prints one line per 10 % with count, rate and ETA, then a summary", () => {
    const f = fixture(false);
    const p = createProgress("verifying", 1000, { stream: f.stream, unit: "entries", clock: f.clock });
    for (let done = 50; done <= 1000; done += 50) {
      f.advance(100);
      p.update(done);
    }
    p.finish();
    expect(f.out).toHaveLength(10);
    expect(f.out[0]).toBe("verifying 10% 100/1,000 entries, 500 entries/s, ETA 2 s\n");
    expect(f.out[8]).toBe("verifying 90% 900/1,000 entries, 500 entries/s, ETA 0 s\n");
    expect(f.out[9]).toBe("verifying 1,000 entries in 2.0 s (500 entries/s)\n");
    expect(f.out.join("")).not.toContain("\r");
  });

  it("prints only the last line with everyPercent: 100, and the caller's text when given", () => {
    const f = fixture(false);
    const p = createProgress("[1/10] earsC1", 3, { stream: f.stream, everyPercent: 100, clock: f.clock });
    p.update(1);
    p.update(2);
    p.update(3);
    p.finish("median 12.3 ms");
    p.finish("again");
    p.update(3);
    expect(f.out).toEqual(["[1/10] earsC1 median 12.3 ms\n"]);
  });

  it("accepts a total that is known only later", () => {
    const f = fixture(false);
    const p = createProgress("verifying", 0, { stream: f.stream, clock: f.clock });
    f.advance(1000);
    p.update(500, 1000);
    expect(f.out).toEqual(["verifying 50% 500/1,000, 500/s, ETA 1 s\n"]);
  });
});

describe("terminal mode", () => {
  it("redraws one line in place, at most every redrawMs, and ends it with a newline", () => {
    const f = fixture(true);
    const p = createProgress("grow", 100, { stream: f.stream, unit: "entries", clock: f.clock });
    f.advance(1000);
    p.update(25);
    f.advance(10);
    p.update(26); // within 100 ms of the last redraw: skipped
    f.advance(990);
    p.update(50);
    p.finish();
    expect(f.out).toEqual([
      "\rgrow [######...................] 25% 25/100 entries, 25 entries/s, ETA 3 s\x1b[K",
      "\rgrow [############.............] 50% 50/100 entries, 25 entries/s, ETA 2 s\x1b[K",
      "\rgrow 50 entries in 2.0 s (25 entries/s)\x1b[K\n",
    ]);
  });

  it("fits the line to the terminal width, so \\r can redraw it", () => {
    const f = fixture(true, 30);
    const p = createProgress("a long label for a narrow terminal", 10, { stream: f.stream, clock: f.clock });
    p.update(1);
    expect(f.out[0].length).toBe(1 + 29 + 3);
  });

  it("can be forced either way regardless of the stream", () => {
    const f = fixture(true);
    const p = createProgress("x", 10, { stream: f.stream, tty: false, clock: f.clock });
    p.update(5);
    expect(f.out).toEqual(["x 50% 5/10\n"]);
  });
});

describe("duration", () => {
  it.each([
    [0, "0 s"],
    [59.4, "59 s"],
    [65, "1 min 05 s"],
    [3725, "1 h 02 min"],
    [Number.POSITIVE_INFINITY, "?"],
    [-1, "?"],
  ])("%s s → %s", (s, text) => {
    expect(duration(s)).toBe(text);
  });
});
