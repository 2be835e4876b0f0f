/** A job or batch status as a coloured label (the text is the status: colour is never the only cue). */
export function StatusBadge({ status }: { status: string }) {
  return <span class={`badge status-${status}`}>{status.replace("_", " ")}</span>;
}

/** A confidence level as a coloured label. */
export function ConfidenceBadge({ level }: { level: string }) {
  return <span class={`badge conf-${level}`}>{level.replace("_", " ")}</span>;
}
