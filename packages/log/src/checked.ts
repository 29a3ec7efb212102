/**
 * The result of a `check*` function: success (with whatever was checked out), or the reason it failed.
 *
 * Why results and not thrown errors: every failure here is about outside input (a proof from the
 * network, a note from a database row), so it is an expected outcome, not an exception. A value
 * cannot be forgotten in a `catch` that treats "threw" as "not checked", it serialises as it is
 * (GraphQL, JSON, a browser worker), and the property tests make tens of thousands of failing
 * calls without paying for a stack trace each.
 */
export type Checked<E, T extends object = object> = ({ readonly ok: true } & T) | { readonly ok: false; readonly error: E };

/** Every error a checker reports: a closed `kind` to switch on, and a sentence for people. */
export interface CheckError<K extends string> {
  readonly kind: K;
  readonly message: string;
}
