import type { FactCheckVerdict } from "@/lib/gql/graphql";

const LABEL: Record<FactCheckVerdict, string> = { CONFIRMED: "Confirmed", MISLEADING: "Misleading", FALSE: "False", UNVERIFIED: "Unverified" };

/** A statement's fact-check status: the latest verdict, or "Not fact-checked". */
export function VerdictBadge({ verdict, retracted = false }: { verdict: FactCheckVerdict | null | undefined; retracted?: boolean }) {
  if (retracted)
    return (
      <span className="verdict-badge" data-verdict="RETRACTED">
        Retracted
      </span>
    );
  return (
    <span className="verdict-badge" data-verdict={verdict ?? "NONE"}>
      {verdict ? LABEL[verdict] : "Not fact-checked"}
    </span>
  );
}
