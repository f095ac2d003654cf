/** The period presets of the dashboard's filters. */
export type Period = 'this-week' | 'last-week' | 'this-month' | 'last-month' | 'this-quarter';

const iso = (date: Date) =>
  `${date.getFullYear()}-${String(date.getMonth() + 1).padStart(2, '0')}-${String(date.getDate()).padStart(2, '0')}`;

/**
 * The first and last day of a period around `today` (the browser's calendar), weeks Monday to
 * Sunday as the ISO weeks of the week page; undefined for anything else.
 */
export function periodRange(period: Period | '', today: Date): { from: string; to: string } | undefined {
  const year = today.getFullYear();
  const month = today.getMonth();
  const monday = new Date(year, month, today.getDate() - ((today.getDay() + 6) % 7));
  switch (period) {
    case 'this-week':
      return { from: iso(monday), to: iso(new Date(monday.getFullYear(), monday.getMonth(), monday.getDate() + 6)) };
    case 'last-week': {
      const start = new Date(monday.getFullYear(), monday.getMonth(), monday.getDate() - 7);
      return { from: iso(start), to: iso(new Date(start.getFullYear(), start.getMonth(), start.getDate() + 6)) };
    }
    case 'this-month':
      return { from: iso(new Date(year, month, 1)), to: iso(new Date(year, month + 1, 0)) };
    case 'last-month':
      return { from: iso(new Date(year, month - 1, 1)), to: iso(new Date(year, month, 0)) };
    case 'this-quarter': {
      const first = month - (month % 3);
      return { from: iso(new Date(year, first, 1)), to: iso(new Date(year, first + 3, 0)) };
    }
    default:
      return undefined;
  }
}
