import { regionLabel, treeOrder } from "@/lib/regions";
import type { Region } from "@/lib/shapes";

/** A region picker in hierarchy order; non-breaking spaces indent because <option> ignores padding. */
export function RegionSelect({
  id,
  name,
  regions,
  value,
  onChange,
  emptyLabel,
  required,
  disabled,
}: {
  id: string;
  name?: string;
  regions: Region[];
  value: string;
  onChange: (code: string) => void;
  emptyLabel?: string;
  required?: boolean;
  disabled?: boolean;
}) {
  return (
    <select id={id} name={name ?? id} value={value} onChange={(e) => onChange(e.target.value)} required={required} disabled={disabled}>
      {emptyLabel !== undefined && <option value="">{emptyLabel}</option>}
      {treeOrder(regions).map(({ item, depth }) => (
        <option key={item.code} value={item.code}>
          {"\u00a0\u00a0\u00a0".repeat(depth)}
          {regionLabel(item)}
        </option>
      ))}
    </select>
  );
}
