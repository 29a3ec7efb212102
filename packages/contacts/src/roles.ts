// Who may do what with visits, trajectories and chains, by department kind: one definition for the API's checks and
// the portal's "who may query" sentences.

/** Who submits visits: ticket scans (transport), checkpoints and venue check-ins (public security). */
export const VISIT_SUBMITTERS = ["TRANSPORT", "PUBLIC_SECURITY"] as const;
/** Who may query trajectories and contacts, with a legal basis: the investigating authorities. */
export const INVESTIGATORS = ["CDC", "PUBLIC_SECURITY", "HEALTH_COMMISSION"] as const;
/** Who records cases and transmission relationships. */
export const EPIDEMIOLOGISTS = ["CDC", "HOSPITAL", "HEALTH_COMMISSION"] as const;

type Kind = (typeof INVESTIGATORS)[number] | (typeof EPIDEMIOLOGISTS)[number];
/** Who reads transmission chains and relationship history: investigators and epidemiologists. */
export const CHAIN_READERS: readonly Kind[] = [...new Set<Kind>([...INVESTIGATORS, ...EPIDEMIOLOGISTS])];
