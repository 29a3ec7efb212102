import type { ReactNode } from "react";

/** A titled section of a page; `actions` sit to the right of the title. */
export function Panel({
  title,
  actions,
  children,
  className,
  id,
}: {
  title: ReactNode;
  actions?: ReactNode;
  children: ReactNode;
  className?: string;
  id?: string;
}) {
  return (
    <section className={`panel ${className ?? ""}`} id={id} aria-labelledby={id ? `${id}-title` : undefined}>
      <div className="panel-head">
        <h2 id={id ? `${id}-title` : undefined}>{title}</h2>
        {actions && <div className="panel-actions">{actions}</div>}
      </div>
      {children}
    </section>
  );
}

export function Loading({ what }: { what: string }) {
  return (
    <p className="loading" role="status">
      Loading {what}…
    </p>
  );
}

export function Empty({ children }: { children: ReactNode }) {
  return <p className="empty">{children}</p>;
}
