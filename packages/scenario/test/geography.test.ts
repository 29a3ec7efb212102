import { describe, expect, it } from "vitest";
import { buildDemoScenario, type ScenarioRegion } from "../src/index.ts";

const { regions } = buildDemoScenario({ today: "2025-06-01" });
const byCode = new Map(regions.map((r) => [r.code, r]));
const children = (code: string): ScenarioRegion[] => regions.filter((r) => r.parentCode === code);

describe("scenario geography", () => {
  it("has at least 12 regions across the three levels with unique codes and names", () => {
    expect(regions.length).toBeGreaterThanOrEqual(12);
    expect(new Set(regions.map((r) => r.level))).toEqual(new Set(["PROVINCE", "CITY", "DISTRICT"]));
    expect(byCode.size).toBe(regions.length);
    expect(new Set(regions.map((r) => r.name)).size).toBe(regions.length);
    expect(regions.every((r) => r.name.trim().length > 0)).toBe(true);
  });

  it("is a single tree rooted at one province", () => {
    const roots = regions.filter((r) => r.parentCode === null);
    expect(roots).toHaveLength(1);
    expect(roots[0].level).toBe("PROVINCE");
    for (const r of regions.filter((r) => r.parentCode !== null)) {
      const parent = byCode.get(r.parentCode as string);
      expect(parent, `${r.code} has a parent`).toBeDefined();
      expect(parent?.level).toBe(r.level === "CITY" ? "PROVINCE" : "CITY");
      expect(r.code.startsWith(`${parent?.code}-`)).toBe(true);
    }
  });

  it("lists parents before their children, so rows can be inserted in order", () => {
    const seen = new Set<string>();
    for (const r of regions) {
      if (r.parentCode !== null) expect(seen.has(r.parentCode)).toBe(true);
      seen.add(r.code);
    }
  });

  it("has three cities of three or four districts each, with codes like RL-01-03", () => {
    const province = regions.find((r) => r.level === "PROVINCE") as ScenarioRegion;
    expect(province.code).toBe("RL");
    const cities = children(province.code);
    expect(cities).toHaveLength(3);
    for (const city of cities) {
      expect(city.code).toMatch(/^RL-\d{2}$/);
      const districts = children(city.code);
      expect(districts.length).toBeGreaterThanOrEqual(3);
      expect(districts.length).toBeLessThanOrEqual(4);
      for (const d of districts) {
        expect(d.level).toBe("DISTRICT");
        expect(d.code).toMatch(/^RL-\d{2}-\d{2}$/);
        expect(children(d.code)).toHaveLength(0);
      }
    }
  });

  it("has realistic district populations that add up to cities and the province", () => {
    for (const d of regions.filter((r) => r.level === "DISTRICT")) {
      expect(Number.isInteger(d.population)).toBe(true);
      expect(d.population).toBeGreaterThanOrEqual(150_000);
      expect(d.population).toBeLessThanOrEqual(1_200_000);
    }
    for (const r of regions.filter((r) => r.level !== "DISTRICT")) {
      const sum = children(r.code).reduce((total, c) => total + c.population, 0);
      expect(r.population).toBe(sum);
    }
  });
});
