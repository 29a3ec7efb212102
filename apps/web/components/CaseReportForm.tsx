"use client";

import { useEffect, useState, type FormEvent } from "react";
import { useMutation } from "@/lib/graphql";
import { SUBMIT_CASE_REPORT } from "@/lib/operations";
import { addDays, today } from "@vigil/calendar";
import { regionLabel } from "@/lib/regions";
import type { CaseReport, Region } from "@/lib/shapes";
import { useHydrated } from "@/lib/hydrated";
import { ErrorMessage, SuccessMessage } from "./ErrorMessage";

const COUNTS = [
  { name: "newConfirmed", label: "New confirmed" },
  { name: "suspected", label: "Suspected" },
  { name: "deaths", label: "Deaths" },
  { name: "tests", label: "Tests" },
] as const;
type CountName = (typeof COUNTS)[number]["name"];

/** A department officer files one district-day; `districts` are the ones the department may report for. */
export function CaseReportForm({ districts, onSubmitted }: { districts: Region[]; onSubmitted: (report: CaseReport) => void }) {
  const submit = useMutation(SUBMIT_CASE_REPORT);
  const hydrated = useHydrated();
  const [regionCode, setRegionCode] = useState(districts[0]?.code ?? "");
  const [date, setDate] = useState(today);
  const [counts, setCounts] = useState<Record<CountName, string>>({ newConfirmed: "0", suspected: "0", deaths: "0", tests: "0" });

  useEffect(() => {
    if (!districts.some((d) => d.code === regionCode)) setRegionCode(districts[0]?.code ?? "");
  }, [districts, regionCode]);

  async function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const input = {
      regionCode,
      date,
      newConfirmed: Number(counts.newConfirmed),
      suspected: Number(counts.suspected),
      deaths: Number(counts.deaths),
      tests: Number(counts.tests),
    };
    const result = await submit.run({ input });
    if (result) onSubmitted(result.submitCaseReport);
  }

  const accepted = submit.data?.submitCaseReport;
  return (
    <form className="form" onSubmit={onSubmit} data-testid="case-report-form">
      {/* Disabled until hydrated: a submit before then would be a native GET with the fields in the URL. */}
      <fieldset className="form-body" disabled={!hydrated}>
        <div className="form-grid">
          <div className="field span-4">
            <label htmlFor="report-region">District</label>
            <select id="report-region" name="regionCode" value={regionCode} onChange={(e) => setRegionCode(e.target.value)} required>
              {districts.map((d) => (
                <option key={d.code} value={d.code}>
                  {regionLabel(d)}
                </option>
              ))}
            </select>
          </div>
          <div className="field span-4">
            <label htmlFor="report-date">Date</label>
            <input id="report-date" name="date" type="date" value={date} max={addDays(today(), 1)} onChange={(e) => setDate(e.target.value)} required />
          </div>
          {COUNTS.map((c) => (
            <div className="field" key={c.name}>
              <label htmlFor={`report-${c.name}`}>{c.label}</label>
              <input
                id={`report-${c.name}`}
                name={c.name}
                type="number"
                inputMode="numeric"
                min={0}
                step={1}
                required
                value={counts[c.name]}
                onChange={(e) => setCounts((s) => ({ ...s, [c.name]: e.target.value }))}
              />
            </div>
          ))}
        </div>
        <ErrorMessage error={submit.error} prefix="Not accepted:" />
        {accepted && (
          <SuccessMessage>
            Report accepted for {accepted.region.name} on {accepted.date}: log entry <strong data-testid="report-entry-index">#{accepted.entryIndex}</strong>.
          </SuccessMessage>
        )}
        <div className="form-actions">
          <button type="submit" className="button primary" disabled={submit.loading || !regionCode}>
            {submit.loading ? "Submitting…" : "Submit case report"}
          </button>
        </div>
      </fieldset>
    </form>
  );
}
