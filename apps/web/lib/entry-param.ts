/** `?entry=` as an index, "invalid" for anything else that was asked, null when nothing was. */
export function askedEntry(value: string | null | undefined): number | "invalid" | null {
  if (value == null || value === "") return null;
  return /^\d{1,15}$/.test(value) ? Number(value) : "invalid";
}
