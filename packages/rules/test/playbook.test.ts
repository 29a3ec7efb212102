import { describe, expect, it } from "vitest";
import { compilePlaybook, DEFAULT_PLAYBOOK, WORK_ORDER_MOVES, workOrderMoveProblem, type WorkOrderState } from "../src/index.ts";

const alert = (level: string, ageDays: number) => ({ level, ageDays, regionCode: "RL-01-02", date: "2026-01-10", method: "EARS_C2" });

describe("the fixed playbook", () => {
  const { compiled, problems } = compilePlaybook(DEFAULT_PLAYBOOK);

  it("compiles in Vigil's CEL subset", () => {
    expect(problems).toEqual([]);
    expect(compiled).not.toBeNull();
  });

  it("opens orders for recent level II and I alerts only", () => {
    expect(compiled!.triggers(alert("II", 0)).open).toBe(true);
    expect(compiled!.triggers(alert("I", 2)).open).toBe(true);
    expect(compiled!.triggers(alert("III", 0)).open).toBe(false);
    expect(compiled!.triggers(alert("IV", 0)).open).toBe(false);
    // A backfilled alert about a day long past mobilises nobody.
    expect(compiled!.triggers(alert("I", 3)).open).toBe(false);
  });

  it("tells every level at once, each step named once", () => {
    expect(new Set(DEFAULT_PLAYBOOK.orders.map((o) => o.level))).toEqual(new Set(["DISTRICT", "CITY", "PROVINCE"]));
    expect(new Set(DEFAULT_PLAYBOOK.orders.map((o) => o.step)).size).toBe(DEFAULT_PLAYBOOK.orders.length);
  });

  it("refuses a trigger outside the subset, duplicate steps and SLAs that are not whole seconds", () => {
    const bad = compilePlaybook({
      ...DEFAULT_PLAYBOOK,
      trigger: "alert.level == b'II'",
      orders: [DEFAULT_PLAYBOOK.orders[0]!, { ...DEFAULT_PLAYBOOK.orders[0]!, slaSeconds: 0.5 }],
    });
    expect(bad.compiled).toBeNull();
    expect(bad.problems.map((p) => p.path)).toEqual(expect.arrayContaining(["/trigger", "/orders/1/step", "/orders/1/slaSeconds"]));
  });

  it("reports a trigger that errors at run time as opening nothing", () => {
    const { compiled: c } = compilePlaybook({ ...DEFAULT_PLAYBOOK, trigger: "alert.missing > 1" });
    const r = c!.triggers(alert("I", 0));
    expect(r.open).toBe(false);
    expect(r.error).toBeTruthy();
  });
});

describe("the work-order status machine", () => {
  const states = Object.keys(WORK_ORDER_MOVES) as WorkOrderState[];

  it("moves forward through acknowledgement and never back", () => {
    expect(workOrderMoveProblem("OPEN", "ACKNOWLEDGED")).toBeNull();
    expect(workOrderMoveProblem("ACKNOWLEDGED", "IN_PROGRESS")).toBeNull();
    expect(workOrderMoveProblem("IN_PROGRESS", "DONE")).toBeNull();
    expect(workOrderMoveProblem("OPEN", "IN_PROGRESS")).toMatch(/only to ACKNOWLEDGED or CANCELLED/);
    expect(workOrderMoveProblem("IN_PROGRESS", "OPEN")).toMatch(/not to OPEN/);
    expect(workOrderMoveProblem("DONE", "CANCELLED")).toMatch(/final/);
    expect(workOrderMoveProblem("ACKNOWLEDGED", "ACKNOWLEDGED")).toMatch(/already/);
  });

  it("has no cycle: every legal move goes strictly forward in the order OPEN, ACKNOWLEDGED, IN_PROGRESS, DONE/CANCELLED", () => {
    const rank: Record<WorkOrderState, number> = { OPEN: 0, ACKNOWLEDGED: 1, IN_PROGRESS: 2, DONE: 3, CANCELLED: 3 };
    for (const from of states) for (const to of states) if (workOrderMoveProblem(from, to) === null) expect(rank[to]).toBeGreaterThan(rank[from]);
  });
});
