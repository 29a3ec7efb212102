/**
 * The GET form of a justified-access view (a chain, a trajectory): whom to look up, the legal basis the query will
 * name on the log, and a range of days. A GET form, so a view is a link an investigator can hand on.
 */
export function JustifiedQueryForm({
  action,
  prefix,
  subject,
  basis,
  from,
  to,
  submit,
}: {
  action: string;
  /** Prefix of the fields' ids and of the form's test id (`chain` → `#chain-basis`, `chain-form`). */
  prefix: string;
  /** The person field: its query parameter, label and current value. */
  subject: { name: string; label: string; value: string };
  basis: string;
  from: { label: string; value: string };
  to: { label: string; value: string };
  submit: string;
}) {
  const id = (field: string) => `${prefix}-${field}`;
  return (
    <form method="get" action={action} className="form" data-testid={id("form")}>
      <div className="form-grid">
        <div className="field">
          <label htmlFor={id(subject.name)}>{subject.label}</label>
          <input
            id={id(subject.name)}
            name={subject.name}
            defaultValue={subject.value}
            required
            minLength={4}
            maxLength={64}
            autoComplete="off"
            spellCheck={false}
          />
        </div>
        <div className="field">
          <label htmlFor={id("basis")}>Legal basis</label>
          <input id={id("basis")} name="basis" defaultValue={basis} required minLength={8} maxLength={300} placeholder="Law and article, or the order" />
        </div>
        <div className="field">
          <label htmlFor={id("from")}>{from.label}</label>
          <input id={id("from")} name="from" type="date" defaultValue={from.value} />
        </div>
        <div className="field">
          <label htmlFor={id("to")}>{to.label}</label>
          <input id={id("to")} name="to" type="date" defaultValue={to.value} />
        </div>
      </div>
      <div>
        <button type="submit" className="button primary">
          {submit}
        </button>
      </div>
    </form>
  );
}
