/**
 * Decimal amounts (money and quantities of goods) as exact integers of hundredths: donations are summed and
 * compared for conservation, and a floating-point sum (0.1 + 0.2) would make "received = allocated + in stock"
 * fail on honest books. Two fraction digits fit every ISO 4217 currency the demo uses and goods counted in
 * boxes, litres or tonnes to the hundredth.
 */

export const AMOUNT_SCALE = 2;
/** Up to 10^13 units (ten trillion yuan): far beyond any donation, and safe to carry as a decimal string. */
const AMOUNT = /^(0|[1-9][0-9]{0,12})(?:\.([0-9]{1,2}))?$/;

/** "1234.5" → 123450n; throws a RangeError naming the value for anything else (no sign, no exponent, ≤ 2 decimals). */
export function parseAmount(text: string): bigint {
  const m = typeof text === "string" ? AMOUNT.exec(text) : null;
  if (!m) throw new RangeError(`${JSON.stringify(text)} is not a decimal amount (digits, at most two after the point, no sign)`);
  return BigInt(m[1]!) * 100n + BigInt((m[2] ?? "").padEnd(AMOUNT_SCALE, "0"));
}

export function isAmount(text: unknown): text is string {
  return typeof text === "string" && AMOUNT.test(text);
}

/** 123450n → "1234.50"; negative values keep their sign (a deficit in a balance). */
export function formatAmount(hundredths: bigint): string {
  const sign = hundredths < 0n ? "-" : "";
  const abs = hundredths < 0n ? -hundredths : hundredths;
  return `${sign}${abs / 100n}.${(abs % 100n).toString().padStart(AMOUNT_SCALE, "0")}`;
}
