"use client";

import { useState, type FormEvent } from "react";
import { useMutation } from "@/lib/graphql";
import { PUBLISH_POLICY } from "@/lib/operations";
import { DEFAULT_ALERT_RULE } from "@vigil/analytics";
import { today } from "@vigil/calendar";
import { humanize } from "@/lib/format";
import { LEVEL_COLOR } from "@/lib/levels";
import { AlertMethod, PolicyPhase } from "@/lib/gql/graphql";
import { LEVEL_KEYS } from "@/lib/policy";
import type { LevelThresholds, Policy, Region } from "@/lib/shapes";

// The lifecycle order, not the schema's alphabetical one; typed by the generated enum, so a new phase must be placed here.
const PHASE_ORDER: Record<PolicyPhase, number> = { PREVENTION: 0, EMERGENCY: 1, RECOVERY: 2 };
const POLICY_PHASES = Object.values(PolicyPhase).sort((a, b) => PHASE_ORDER[a] - PHASE_ORDER[b]);
const ALERT_METHODS = Object.values(AlertMethod);
import { useHydrated } from "@/lib/hydrated";
import { ErrorMessage, SuccessMessage } from "./ErrorMessage";
import { RegionSelect } from "./RegionSelect";

const METHOD_HINT: Record<AlertMethod, string> = {
  EARS_C1: "EARS C1: 7-day baseline, no lag",
  EARS_C2: "EARS C2: 7-day baseline, 2-day lag",
  EARS_C3: "EARS C3: C2 summed over 3 days",
  CUSUM: "Cumulative sum of deviations",
  EWMA: "Exponentially weighted moving average",
  THRESHOLD: "Fixed daily count",
};

const LEVEL_NAME = { III: "Level III (yellow)", II: "Level II (orange)", I: "Level I (red)" } as const;

type Level = (typeof LEVEL_KEYS)[number];
// Growth is entered in % per day, the way people say it; the API takes a fraction.
const COLUMNS = [
  { key: "incidence", label: "Incidence /100k (7 d)", step: "any", min: 0 },
  { key: "rt", label: "Rt ≥", step: "any", min: 0 },
  { key: "growth", label: "Growth ≥ %/day", step: "any", min: undefined },
  { key: "alarms", label: "Active alarms ≥", step: "1", min: 1 },
] as const;
type Column = (typeof COLUMNS)[number]["key"];
type Grid = Record<Level, Record<Column, string>>;

const toGrid = (levels: LevelThresholds): Grid =>
  Object.fromEntries(
    LEVEL_KEYS.map((k) => {
      const c = levels[k];
      return [
        k,
        {
          incidence: String(c.minIncidencePer100k),
          rt: String(c.minRt),
          growth: String(Number((c.minGrowthRate * 100).toPrecision(6))),
          alarms: String(c.minActiveAlarms),
        },
      ];
    }),
  ) as Grid;

const fromGrid = (g: Grid): LevelThresholds =>
  Object.fromEntries(
    LEVEL_KEYS.map((k) => [
      k,
      {
        minIncidencePer100k: Number(g[k].incidence),
        minRt: Number(g[k].rt),
        minGrowthRate: Number(g[k].growth) / 100,
        minActiveAlarms: Number(g[k].alarms),
      },
    ]),
  ) as LevelThresholds;

// The brief's field names (levelIII …) stay on the incidence inputs, the criterion everyone quotes.
const inputId = (level: Level, col: Column) => (col === "incidence" ? `policy-level${level}` : `policy-level${level}-${col}`);

/** Starts from the rule in force (the newest published global one) so a revision changes only what it must. */
export function PublishPolicyForm({ regions, current, onPublished }: { regions: Region[]; current: Policy | undefined; onPublished: (p: Policy) => void }) {
  const publish = useMutation(PUBLISH_POLICY);
  const hydrated = useHydrated();
  const [title, setTitle] = useState(current?.title ?? "");
  const [phase, setPhase] = useState<PolicyPhase>(current?.phase ?? "PREVENTION");
  const [regionCode, setRegionCode] = useState("");
  const [method, setMethod] = useState<AlertMethod>(current?.rule.method ?? DEFAULT_ALERT_RULE.method);
  const [alpha, setAlpha] = useState(String(current?.rule.alpha ?? DEFAULT_ALERT_RULE.alpha));
  const [threshold, setThreshold] = useState(String(current?.rule.threshold ?? DEFAULT_ALERT_RULE.threshold));
  const [grid, setGrid] = useState<Grid>(() => toGrid(current?.rule.levels ?? DEFAULT_ALERT_RULE.levels));
  const [effectiveFrom, setEffectiveFrom] = useState(today);

  async function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const result = await publish.run({
      input: {
        title: title.trim(),
        phase,
        regionCode: regionCode || null,
        method,
        effectiveFrom,
        alpha: Number(alpha),
        threshold: Number(threshold),
        levels: fromGrid(grid),
      },
    });
    if (result) onPublished(result.publishPolicy);
  }

  const published = publish.data?.publishPolicy;
  return (
    <form className="form" onSubmit={onSubmit} data-testid="publish-policy-form">
      {/* Disabled until hydrated: a submit before then would be a native GET with the fields in the URL. */}
      <fieldset className="form-body" disabled={!hydrated}>
        <div className="form-grid">
          <div className="field span-4">
            <label htmlFor="policy-title">Title</label>
            <input id="policy-title" name="title" value={title} onChange={(e) => setTitle(e.target.value)} required minLength={3} maxLength={200} />
            <span className="field-hint">The same title and scope publishes a new version and supersedes the old one.</span>
          </div>
          <div className="field span-2">
            <label htmlFor="policy-phase">Phase</label>
            <select id="policy-phase" name="phase" value={phase} onChange={(e) => setPhase(e.target.value as PolicyPhase)}>
              {POLICY_PHASES.map((p) => (
                <option key={p} value={p}>
                  {humanize(p)}
                </option>
              ))}
            </select>
          </div>
          <div className="field span-2">
            <label htmlFor="policy-region">Region (optional)</label>
            <RegionSelect id="policy-region" name="regionCode" regions={regions} value={regionCode} onChange={setRegionCode} emptyLabel="All regions" />
          </div>
          <div className="field span-2">
            <label htmlFor="policy-method">Method</label>
            <select id="policy-method" name="method" value={method} onChange={(e) => setMethod(e.target.value as AlertMethod)}>
              {ALERT_METHODS.map((m) => (
                <option key={m} value={m}>
                  {m}
                </option>
              ))}
            </select>
            <span className="field-hint">{METHOD_HINT[method]}</span>
          </div>
          <div className="field span-2">
            <label htmlFor="policy-effectiveFrom">Effective from</label>
            <input
              id="policy-effectiveFrom"
              name="effectiveFrom"
              type="date"
              value={effectiveFrom}
              onChange={(e) => setEffectiveFrom(e.target.value)}
              required
            />
          </div>
          <div className="field">
            <label htmlFor="policy-alpha">Alpha</label>
            <input
              id="policy-alpha"
              name="alpha"
              type="number"
              inputMode="decimal"
              step="any"
              min={0}
              max={0.5}
              required
              value={alpha}
              onChange={(e) => setAlpha(e.target.value)}
            />
            <span className="field-hint">{method === "THRESHOLD" ? "Not used by THRESHOLD" : "False-alarm rate, 0 – 0.5"}</span>
          </div>
          <div className="field">
            <label htmlFor="policy-threshold">Threshold</label>
            <input
              id="policy-threshold"
              name="threshold"
              type="number"
              inputMode="decimal"
              step="any"
              min={0}
              required
              value={threshold}
              onChange={(e) => setThreshold(e.target.value)}
            />
            <span className="field-hint">{method === "THRESHOLD" ? "Daily count that alarms" : "Used by THRESHOLD only"}</span>
          </div>
        </div>

        <fieldset className="criteria-grid">
          <legend>Response levels</legend>
          <p className="field-hint">
            A region enters a level when its 7-day incidence reaches the minimum <em>and</em> at least one of Rt, daily growth or active alarms does. Each level
            must be at least as strict as the one below.
          </p>
          <table className="criteria-table">
            <thead>
              <tr>
                <th scope="col">Level</th>
                {COLUMNS.map((c) => (
                  <th key={c.key} scope="col">
                    {c.label}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {LEVEL_KEYS.map((k) => (
                <tr key={k}>
                  <th scope="row">
                    <span className="swatch" style={{ background: LEVEL_COLOR[k] }} />
                    {LEVEL_NAME[k]}
                  </th>
                  {COLUMNS.map((c) => (
                    <td key={c.key}>
                      <label className="sr-only" htmlFor={inputId(k, c.key)}>{`${LEVEL_NAME[k]}: ${c.label}`}</label>
                      <input
                        id={inputId(k, c.key)}
                        name={inputId(k, c.key).replace("policy-", "")}
                        type="number"
                        inputMode="decimal"
                        required
                        step={c.step}
                        min={c.min}
                        value={grid[k][c.key]}
                        onChange={(e) => setGrid((g) => ({ ...g, [k]: { ...g[k], [c.key]: e.target.value } }))}
                      />
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </fieldset>

        <ErrorMessage error={publish.error} prefix="Not published:" />
        {published && (
          <SuccessMessage>
            Published “{published.title}” <strong data-testid="policy-version">version {published.version}</strong>, effective {published.effectiveFrom} (log
            entry #{published.entryIndex}).
          </SuccessMessage>
        )}
        <div className="form-actions">
          <button type="submit" className="button primary" disabled={publish.loading}>
            {publish.loading ? "Publishing…" : "Publish policy"}
          </button>
        </div>
      </fieldset>
    </form>
  );
}
