import Link from "next/link";

/** "#123", linking to the log explorer, which verifies the entry's inclusion proof in the browser. */
export function EntryLink({ index }: { index: number }) {
  return (
    <Link href={`/log?entry=${index}`} className="entry-link mono" title={`Verify log entry #${index} in the log explorer`} prefetch={false}>
      #{index}
    </Link>
  );
}
