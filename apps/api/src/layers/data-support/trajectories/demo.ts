import type { Database } from "@vigil/db";
import { addDays, parseDay } from "@vigil/calendar";
import { DAY_MS, generateMobility } from "@vigil/contacts";
import { createProgress } from "@vigil/progress";
import type { Viewer } from "../../../access/viewer.ts";
import type { TrajectoryService } from "./service.ts";
import type { PseudonymService } from "../pseudonyms.ts";

/** The public-security officer who investigates (issue 15). */
export const TRAJECTORY_USERS = [{ email: "security@vigil.example", name: "Ana Kovač", role: "DEPARTMENT_OFFICER" as const, departmentCode: "PS-RL" }];

export interface MobilitySize {
  people: number;
  days: number;
}

/**
 * The demo's synthetic mobility (20,000 people × 30 days by default, VIGIL_MOBILITY_PEOPLE), ending on the
 * scenario's last day, with the planted chain: the index case and its second-generation case recorded by the
 * provincial CDC, the planted relationships on the log. Prints `index case: <pseudonym>`.
 */
export async function seedTrajectories(
  db: Database,
  trajectories: TrajectoryService,
  size: MobilitySize,
  endDay: string,
  passwordHash: string,
  say: (line: string) => void,
  progress: boolean,
  pseudonyms?: PseudonymService,
) {
  const ps = await db.prisma.department.findUnique({ where: { code: "PS-RL" } });
  const cdc = await db.prisma.department.findUnique({ where: { code: "CDC-RL" } });
  const districts = (await db.prisma.region.findMany({ where: { level: "DISTRICT" }, orderBy: { code: "asc" } })).map((r) => r.code);
  if (!ps || !cdc || !districts.length) return [];
  await db.prisma.user.createMany({ data: TRAJECTORY_USERS.map((u) => ({ email: u.email, name: u.name, role: u.role, passwordHash, departmentId: ps.id })) });
  const start = parseDay(addDays(endDay, -(size.days - 1))).getTime();
  const bar = progress && size.people >= 5_000 ? createProgress("seeding mobility", size.people, { unit: "people" }) : undefined;
  const mob = generateMobility({ people: size.people, days: size.days, start, districts, progress: (d) => bar?.update(d) });
  bar?.finish();
  const bySource = new Map<string, typeof mob.visits>();
  for (const v of mob.visits) {
    const code = v.source === "transport" ? "TRANS-RL" : "PS-RL";
    let list = bySource.get(code);
    if (!list) bySource.set(code, (list = []));
    list.push(v);
  }
  const store = progress && mob.visits.length >= 100_000 ? createProgress("storing visits", mob.visits.length, { unit: "visits" }) : undefined;
  let stored = 0;
  for (const [code, rows] of bySource) {
    const before = stored;
    await trajectories.importVisits(code, rows, { progress: (d) => store?.update((stored = before + d)) });
    stored = before + rows.length;
  }
  store?.finish();
  const epi: Viewer = {
    id: 0,
    email: "cdc@vigil.example",
    role: "DEPARTMENT_OFFICER",
    departmentId: cdc.id,
    departmentCode: cdc.code,
    regionCode: cdc.regionCode,
  };
  const plant = mob.plant;
  await trajectories.recordCase(epi, { pseudonym: plant.index, onset: new Date(plant.onset), isolatedAt: new Date(plant.isolation) });
  const spreader = plant.links.find((l) => l.source !== plant.index)?.source;
  const exposed = plant.links.find((l) => l.target === spreader)?.contactDate;
  if (spreader && exposed) await trajectories.recordCase(epi, { pseudonym: spreader, onset: new Date(exposed + 2 * DAY_MS), isolatedAt: null });
  for (const l of plant.links)
    await trajectories.recordLink(epi, { ...l, contactDate: new Date(l.contactDate), followUp: l.source === plant.index ? "SEEN_OK" : "PENDING" });
  // The index case's (fictional) identity, sealed to the re-identification authority: `reidentify` opens it.
  await pseudonyms?.sealIdentity(plant.index, {
    nationalId: "110101199003074512",
    name: "Lin Wei (demo)",
    birthDate: "1990-03-07",
    phone: "+86 139 0000 0001",
    address: "12 Quay Lane, Old Quay District",
  });
  say(`seeding: mobility of ${size.people} people over ${size.days} days, ${mob.visits.length} visits; planted chain of ${plant.links.length} links`);
  say(`index case: ${plant.index}`);
  return TRAJECTORY_USERS.map((u) => ({ email: u.email, role: u.role as string }));
}
