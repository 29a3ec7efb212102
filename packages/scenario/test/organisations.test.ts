import { describe, expect, it } from "vitest";
import { buildDemoScenario, type DepartmentKind, type Role, type ScenarioRegion } from "../src/index.ts";

const scenario = buildDemoScenario({ today: "2025-06-01" });
const { regions, departments, users, reports } = scenario;
const regionByCode = new Map(regions.map((r) => [r.code, r]));
const deptByCode = new Map(departments.map((d) => [d.code, d]));
const province = regions.find((r) => r.level === "PROVINCE") as ScenarioRegion;

function ancestorsOf(code: string): string[] {
  const chain: string[] = [];
  for (let r = regionByCode.get(code); r; r = r.parentCode ? regionByCode.get(r.parentCode) : undefined) chain.push(r.code);
  return chain;
}

const KINDS: DepartmentKind[] = ["HEALTH_COMMISSION", "CDC", "HOSPITAL", "TRANSPORT", "PUBLIC_SECURITY", "CHARITY", "MEDIA"];
const ROLES: Role[] = ["DECISION_MAKER", "DEPARTMENT_OFFICER", "POLICY_OFFICER", "AUDITOR", "ADMIN"];

describe("scenario departments", () => {
  it("has unique codes and sits in known regions", () => {
    expect(deptByCode.size).toBe(departments.length);
    for (const d of departments) expect(regionByCode.has(d.regionCode), d.code).toBe(true);
  });

  it("has at least one department of every kind", () => {
    for (const kind of KINDS)
      expect(
        departments.some((d) => d.kind === kind),
        kind,
      ).toBe(true);
  });

  it("has a provincial health commission and CDC, and a CDC in every city", () => {
    expect(deptByCode.get("HC-RL")).toMatchObject({ kind: "HEALTH_COMMISSION", regionCode: province.code });
    expect(deptByCode.get("CDC-RL")).toMatchObject({ kind: "CDC", regionCode: province.code });
    for (const city of regions.filter((r) => r.level === "CITY")) {
      expect(deptByCode.get(`CDC-${city.code}`)).toMatchObject({ kind: "CDC", regionCode: city.code });
    }
  });

  it("places hospitals in several districts, coded after their district", () => {
    const hospitals = departments.filter((d) => d.kind === "HOSPITAL");
    expect(hospitals.length).toBeGreaterThanOrEqual(3);
    for (const h of hospitals) {
      expect(regionByCode.get(h.regionCode)?.level).toBe("DISTRICT");
      expect(h.code).toBe(`HOSP-${h.regionCode}`);
    }
  });

  it("includes the Riverland Red Cross as the charity", () => {
    expect(departments.find((d) => d.kind === "CHARITY")?.name).toBe("Riverland Red Cross");
  });

  it("gives every district a reporting hospital or CDC located in the district or above it", () => {
    for (const district of regions.filter((r) => r.level === "DISTRICT")) {
      const reporters = new Set(reports.filter((r) => r.regionCode === district.code).map((r) => r.departmentCode));
      expect(reporters.size, district.code).toBe(1);
      const dept = deptByCode.get([...reporters][0]);
      expect(dept && ["HOSPITAL", "CDC"].includes(dept.kind)).toBe(true);
      expect(ancestorsOf(district.code)).toContain(dept?.regionCode);
    }
  });

  it("has a district's own hospital file its reports when there is one", () => {
    for (const h of departments.filter((d) => d.kind === "HOSPITAL")) {
      const districtReports = reports.filter((r) => r.regionCode === h.regionCode);
      expect(districtReports.every((r) => r.departmentCode === h.code)).toBe(true);
    }
  });
});

describe("scenario users", () => {
  const byEmail = new Map(users.map((u) => [u.email, u]));

  it("has unique emails on the vigil.example domain and only known departments", () => {
    expect(byEmail.size).toBe(users.length);
    for (const u of users) {
      expect(u.email).toMatch(/^[a-z0-9.]+@vigil\.example$/);
      expect(u.name.trim().length).toBeGreaterThan(0);
      if (u.departmentCode !== null) expect(deptByCode.has(u.departmentCode), u.email).toBe(true);
    }
  });

  it("has someone in every role", () => {
    for (const role of ROLES)
      expect(
        users.some((u) => u.role === role),
        role,
      ).toBe(true);
  });

  it("has the well-known demo accounts", () => {
    expect(byEmail.get("decision@vigil.example")).toMatchObject({ role: "DECISION_MAKER", departmentCode: "HC-RL" });
    expect(byEmail.get("policy@vigil.example")).toMatchObject({ role: "POLICY_OFFICER", departmentCode: "HC-RL" });
    expect(byEmail.get("auditor@vigil.example")).toMatchObject({ role: "AUDITOR" });
    expect(byEmail.get("admin@vigil.example")).toMatchObject({ role: "ADMIN", departmentCode: null });
    const officer = byEmail.get("officer@vigil.example");
    expect(officer?.role).toBe("DEPARTMENT_OFFICER");
    expect(deptByCode.get(officer?.departmentCode ?? "")?.kind).toBe("HOSPITAL");
    expect(reports.some((r) => r.departmentCode === officer?.departmentCode)).toBe(true);
  });

  it("seats the department officer at the hospital that reports the headline outbreak", () => {
    const officer = byEmail.get("officer@vigil.example");
    const headline = scenario.outbreaks[0];
    expect(reports.find((r) => r.regionCode === headline.regionCode)?.departmentCode).toBe(officer?.departmentCode);
  });

  it("has a department officer at every city CDC", () => {
    for (const cdc of departments.filter((d) => d.kind === "CDC" && regionByCode.get(d.regionCode)?.level === "CITY")) {
      expect(
        users.some((u) => u.role === "DEPARTMENT_OFFICER" && u.departmentCode === cdc.code),
        cdc.code,
      ).toBe(true);
    }
  });
});
