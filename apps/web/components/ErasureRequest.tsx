"use client";

import { useState } from "react";
import { useRouter } from "next/navigation";
import { useMutation } from "@/lib/graphql";
import { ERASE_MEDICAL } from "@/lib/operations";

/** The patient erases their own records: crypto-shredding, an erasure entry on the log. Asks twice. */
export function ErasureRequest({ pseudonym }: { pseudonym: string }) {
  const [reason, setReason] = useState("");
  const [sure, setSure] = useState(false);
  const erase = useMutation(ERASE_MEDICAL);
  const router = useRouter();
  return (
    <form
      className="stack"
      onSubmit={async (e) => {
        e.preventDefault();
        if (await erase.run({ pseudonym, reason })) router.refresh();
      }}
    >
      <label>
        Reason <input name="reason" value={reason} onChange={(e) => setReason(e.target.value)} minLength={3} required />
      </label>
      <label>
        <input type="checkbox" checked={sure} onChange={(e) => setSure(e.target.checked)} /> I understand my records cannot be recovered afterwards.
      </label>
      <button type="submit" disabled={!sure || erase.loading} className="danger">
        Erase my records
      </button>
      {erase.error && (
        <p className="error" role="alert">
          {erase.error.message}
        </p>
      )}
      {erase.data && <p role="status">Erased: entry {erase.data.eraseMedicalRecords} on the log.</p>}
    </form>
  );
}
