// Where a snoozed task goes, in the browser's time: tomorrow morning, or next Monday morning.
export function tomorrowAt9(now = new Date()): Date {
  const d = new Date(now);
  d.setDate(d.getDate() + 1);
  d.setHours(9, 0, 0, 0);
  return d;
}

export function nextMondayAt9(now = new Date()): Date {
  const d = new Date(now);
  d.setDate(d.getDate() + (((8 - d.getDay()) % 7) || 7));
  d.setHours(9, 0, 0, 0);
  return d;
}

/** A date input's YYYY-MM-DD as 9:00 that day, keeping the task's time of day when it had one. */
export function onDate(date: string, keepTimeOf: Date | string | null): Date {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const time = keepTimeOf ? new Date(keepTimeOf) : null;
  return new Date(y, m - 1, d, time ? time.getHours() : 9, time ? time.getMinutes() : 0);
}
