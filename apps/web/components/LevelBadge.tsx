import { LEVEL_COLOR, LEVEL_MEANING, LEVEL_TEXT } from "@/lib/levels";
import type { RiskLevel } from "@/lib/shapes";

export function LevelBadge({ level, long = false }: { level: RiskLevel; long?: boolean }) {
  return (
    <span
      className="level-badge"
      data-level={level}
      style={{ background: LEVEL_COLOR[level], color: LEVEL_TEXT[level] }}
      title={`Level ${level}: ${LEVEL_MEANING[level].toLowerCase()}`}
    >
      {long ? `Level ${level} · ${LEVEL_MEANING[level]}` : `Level ${level}`}
    </span>
  );
}
