/** ISO 8601 in UTC with whole seconds and "+00:00", as Langflow's pydantic models print datetimes. */
export function isoSeconds(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, '+00:00');
}

/** ISO 8601 with microsecond-style fraction, as Langflow prints message timestamps. */
export function isoMillis(date: Date): string {
  return date.toISOString().replace(/Z$/, '+00:00');
}
