/**
 * Who exists in Riverland: the departments that own, report and consume data, and the people who sign in.
 * The mix deliberately spans every DepartmentKind and Role so each access-control path has someone to exercise it.
 */

import type { ScenarioRegion } from "./geography.ts";

export type DepartmentKind = "HEALTH_COMMISSION" | "CDC" | "HOSPITAL" | "TRANSPORT" | "PUBLIC_SECURITY" | "CHARITY" | "MEDIA";
export type Role = "DECISION_MAKER" | "DEPARTMENT_OFFICER" | "POLICY_OFFICER" | "AUDITOR" | "ADMIN";

export interface ScenarioDepartment {
  code: string;
  name: string;
  kind: DepartmentKind;
  regionCode: string;
}

export interface ScenarioUser {
  email: string;
  name: string;
  role: Role;
  departmentCode: string | null;
}

// Sentinel hospitals file the case reports for their own district; districts without one are covered by the city CDC.
const HOSPITALS: readonly (readonly [regionCode: string, name: string])[] = [
  ["RL-01-01", "Old Quay General Hospital"],
  ["RL-01-02", "Lantern Hill People's Hospital"],
  ["RL-01-03", "Ferrygate Infectious Disease Hospital"],
  ["RL-02-01", "Copperdale Central Hospital"],
  ["RL-02-02", "Willowmead Community Hospital"],
  ["RL-03-01", "Saltreach University Hospital"],
  ["RL-03-02", "Beaconfield Harbour Hospital"],
];

function shortCityName(name: string): string {
  return name.replace(/ City$/, "");
}

export function buildDepartments(regions: readonly ScenarioRegion[]): ScenarioDepartment[] {
  const province = regions.find((r) => r.level === "PROVINCE");
  if (!province) throw new Error("scenario geography has no province");
  const p = province.code;
  const departments: ScenarioDepartment[] = [
    { code: `HC-${p}`, name: "Riverland Provincial Health Commission", kind: "HEALTH_COMMISSION", regionCode: p },
    { code: `CDC-${p}`, name: "Riverland Provincial Center for Disease Control and Prevention", kind: "CDC", regionCode: p },
  ];
  for (const city of regions.filter((r) => r.level === "CITY")) {
    departments.push({ code: `CDC-${city.code}`, name: `${shortCityName(city.name)} City CDC`, kind: "CDC", regionCode: city.code });
  }
  for (const [regionCode, name] of HOSPITALS) {
    departments.push({ code: `HOSP-${regionCode}`, name, kind: "HOSPITAL", regionCode });
  }
  departments.push(
    { code: `TRANS-${p}`, name: "Riverland Provincial Department of Transport", kind: "TRANSPORT", regionCode: p },
    { code: `PS-${p}`, name: "Riverland Provincial Public Security Department", kind: "PUBLIC_SECURITY", regionCode: p },
    { code: `RC-${p}`, name: "Riverland Red Cross", kind: "CHARITY", regionCode: p },
    { code: `MEDIA-${p}`, name: "Riverland Broadcasting Group", kind: "MEDIA", regionCode: p },
  );
  return departments;
}

/** The department that files a district's daily case report: its own hospital, else the CDC of its city. */
export function reportingDepartmentFor(district: ScenarioRegion, departments: readonly ScenarioDepartment[]): ScenarioDepartment {
  const hospital = departments.find((d) => d.kind === "HOSPITAL" && d.regionCode === district.code);
  if (hospital) return hospital;
  const cityCdc = departments.find((d) => d.kind === "CDC" && d.regionCode === district.parentCode);
  if (cityCdc) return cityCdc;
  throw new Error(`no department reports for district ${district.code}`);
}

export const DEMO_EMAIL_DOMAIN = "vigil.example";

/** `officerDepartmentCode` is where the demo's department officer works; the scenario puts them at the headline outbreak's hospital. */
export function buildUsers(departments: readonly ScenarioDepartment[], regions: readonly ScenarioRegion[], officerDepartmentCode: string): ScenarioUser[] {
  const byKind = (kind: DepartmentKind, regionLevel?: ScenarioRegion["level"]) =>
    departments.find((d) => d.kind === kind && (regionLevel === undefined || regions.find((r) => r.code === d.regionCode)?.level === regionLevel));
  const commission = byKind("HEALTH_COMMISSION", "PROVINCE");
  const provincialCdc = byKind("CDC", "PROVINCE");
  if (!commission || !provincialCdc) throw new Error("scenario lacks a provincial health commission or CDC");
  if (!departments.some((d) => d.code === officerDepartmentCode)) throw new Error(`unknown department ${officerDepartmentCode}`);
  const email = (local: string) => `${local}@${DEMO_EMAIL_DOMAIN}`;

  const users: ScenarioUser[] = [
    { email: email("decision"), name: "Helen Carver", role: "DECISION_MAKER", departmentCode: commission.code },
    { email: email("officer"), name: "Priya Nair", role: "DEPARTMENT_OFFICER", departmentCode: officerDepartmentCode },
    { email: email("policy"), name: "Daniel Reyes", role: "POLICY_OFFICER", departmentCode: commission.code },
    // Rule sets take effect only once a second policy officer approves them (the four-eyes rule).
    { email: email("policy.approver"), name: "Mei Tanaka", role: "POLICY_OFFICER", departmentCode: commission.code },
    // Oversight sits outside the departments it audits, like the platform admin.
    { email: email("auditor"), name: "Thomas Whitfield", role: "AUDITOR", departmentCode: null },
    { email: email("admin"), name: "Sam Okafor", role: "ADMIN", departmentCode: null },
    { email: email("cdc"), name: "Grace Lindqvist", role: "DEPARTMENT_OFFICER", departmentCode: provincialCdc.code },
  ];
  const cityOfficers = ["Samuel Osei", "Laura Brennan", "Owen Marsh"];
  const cityCdcs = departments.filter((d) => d.kind === "CDC" && d.code !== provincialCdc.code);
  cityCdcs.forEach((cdc, k) => {
    const city = regions.find((r) => r.code === cdc.regionCode);
    const slug = shortCityName(city?.name ?? cdc.regionCode)
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, "");
    users.push({ email: email(`cdc.${slug}`), name: cityOfficers[k % cityOfficers.length], role: "DEPARTMENT_OFFICER", departmentCode: cdc.code });
  });
  return users;
}
