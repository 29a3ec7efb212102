import type { Page } from "playwright-core";
import type { graphqlClient, Portal } from "./portal.ts";

/** SORMAS's chain graph never displayed at 4,746 cases and 18,943 contacts (#2865): the large case is a bit over. */
export const CASES = 5_000;
export const CONTACTS_PER_CASE = 4;
export const PEOPLE = CASES * (1 + CONTACTS_PER_CASE);
export const LINKS = CASES - 1 + CASES * CONTACTS_PER_CASE;
export const ROOT = "E2E-C-0";
export const BASIS = "Infectious Disease Control Act art. 31 (e2e)";
const PER_CALL = 2_000;
const FOLLOW_UPS = ["PENDING", "SEEN_OK", "SEEN_NOT_OK", "MISSED"] as const;
const DAY = 86_400_000;

/**
 * Plant the large chain through the public bulk mutation, as an outbreak team imports a line list: 5,000 cases
 * in a tree (the recorded index case, then case i infected by case ⌊(i−1)/3⌋, "became case") and 4 followed-up
 * contacts each.
 */
export async function plantLargeChain(gql: ReturnType<typeof graphqlClient>, token: string): Promise<void> {
  const start = Date.parse("2026-09-01T00:00:00Z");
  const gen = (i: number): number => (i === 0 ? 0 : gen(Math.floor((i - 1) / 3)) + 1);
  const links: Record<string, unknown>[] = [];
  for (let i = 1; i < CASES; i++)
    links.push({
      source: `E2E-C-${Math.floor((i - 1) / 3)}`,
      target: `E2E-C-${i}`,
      contactDate: new Date(start + gen(i) * 3 * DAY).toISOString(),
      exposureType: "HOUSEHOLD",
      certainty: "HIGH",
      durationMinutes: 120,
      followUp: "BECAME_CASE",
    });
  for (let i = 0; i < CASES; i++)
    for (let k = 0; k < CONTACTS_PER_CASE; k++)
      links.push({
        source: `E2E-C-${i}`,
        target: `E2E-K-${i}-${k}`,
        contactDate: new Date(start + (gen(i) * 3 + 1) * DAY).toISOString(),
        exposureType: "SHARED_SPACE",
        certainty: "MEDIUM",
        durationMinutes: 30,
        followUp: FOLLOW_UPS[k],
      });
  // The index case is a recorded case (onset two days before its first contacts); the rest became cases on follow-up.
  const root = await gql("mutation($i: TraceCaseInput!) { recordTraceCase(input: $i) { pseudonym } }", token, {
    i: { pseudonym: ROOT, onset: new Date(start - 2 * DAY).toISOString() },
  });
  if (root.errors) throw new Error(`recording the index case failed: ${JSON.stringify(root.errors)}`);
  for (let at = 0; at < links.length; at += PER_CALL) {
    const r = await gql("mutation($inputs: [TransmissionLinkInput!]!) { recordTransmissionLinks(inputs: $inputs) { version } }", token, {
      inputs: links.slice(at, at + PER_CALL),
    });
    const stored = (r.data?.recordTransmissionLinks as unknown[] | undefined)?.length;
    if (r.errors || stored !== Math.min(PER_CALL, links.length - at)) throw new Error(`planting links ${at}… failed: ${JSON.stringify(r.errors ?? r.data)}`);
  }
}

export interface ChainTimes {
  /** ms since navigation: first byte of the page, hydration (graph effect ran), graph built, first frame drawn. */
  firstByte: number;
  hydrated: number;
  built: number;
  drawn: number;
  htmlBytes: number;
}

/** Open the chain of the root case in `page` (signed in) and read when each phase happened. */
export async function openLargeChain(page: Page, portal: Portal): Promise<ChainTimes> {
  await page.goto(`${portal.url}/data/chain?case=${ROOT}&basis=${encodeURIComponent(BASIS)}`);
  await page.locator('[data-testid="chain-graph"][data-drawn-ms]').waitFor({ timeout: 60_000 });
  return page.evaluate(() => {
    const nav = performance.getEntriesByType("navigation")[0] as PerformanceNavigationTiming;
    const el = document.querySelector<HTMLElement>('[data-testid="chain-graph"]')!;
    return {
      firstByte: Math.round(nav.responseStart),
      hydrated: Number(el.dataset.effectMs),
      built: Number(el.dataset.builtMs),
      drawn: Number(el.dataset.drawnMs),
      htmlBytes: nav.transferSize,
    };
  });
}

/** The yardstick: the same page with no query (the form only), from navigation to its load event. */
export async function openFormOnly(page: Page, portal: Portal): Promise<number> {
  await page.goto(`${portal.url}/data/chain`);
  await page.locator('[data-testid="chain-form"]').waitFor();
  return page.evaluate(() => Math.round((performance.getEntriesByType("navigation")[0] as PerformanceNavigationTiming).loadEventEnd));
}
