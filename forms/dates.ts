/** Calendar arithmetic on plain strings (YYYY-MM-DD, YYYY-MM), free of time zones. */

const swedishDate = new Intl.DateTimeFormat('sv-SE', {
  timeZone: 'Europe/Stockholm',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

/** The date in Sweden at a given instant, as YYYY-MM-DD. */
export function swedishDay(instant: Date): string {
  return swedishDate.format(instant);
}

export function yearMonthOf(day: string): string {
  return day.slice(0, 7);
}

export function addMonths(yearMonth: string, months: number): string {
  const [year, month] = yearMonth.split('-').map(Number) as [number, number];
  const index = year * 12 + (month - 1) + months;
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`;
}
