/**
 * Dates as people export them → ISO days (YYYY-MM-DD). Times and time zones are dropped: the
 * dashboard groups by day at the finest, and the calendar day the customer wrote on is what
 * the source says (converting "2018-07-31T23:00-05:00" to UTC would move it to another day).
 */

const MONTHS: Record<string, number> = {
  jan: 1,
  january: 1,
  feb: 2,
  february: 2,
  mar: 3,
  march: 3,
  apr: 4,
  april: 4,
  may: 5,
  jun: 6,
  june: 6,
  jul: 7,
  july: 7,
  aug: 8,
  august: 8,
  sep: 9,
  sept: 9,
  september: 9,
  oct: 10,
  october: 10,
  nov: 11,
  november: 11,
  dec: 12,
  december: 12,
};

const YMD = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?=$|[T\s])/;
const CHINESE = /^(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*[日号]?/;
const D_MON_Y = /^(\d{1,2})(?:st|nd|rd|th)?[-\s/.]+([a-z]{3,9})\.?[-\s/.,]+(\d{4}|\d{2})(?=$|[\sT,])/i;
const MON_D_Y = /^([a-z]{3,9})\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})(?=$|[\sT,])/i;
// The same separator twice; "1.2.10" (a version number) is not a date, so dots need a 4-digit year.
const NUMERIC = /^(\d{1,2})([-/.])(\d{1,2})\2(\d{4}|\d{2})(?=$|[\sT,])/;
const WEEKDAY = /^(mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?,?\s+/i;

function fullYear(year: string): number {
  const n = Number(year);
  if (year.length === 4) return n;
  return n < 70 ? 2000 + n : 1900 + n; // the usual two-digit pivot (POSIX strptime %y)
}

function iso(year: number, month: number, day: number): string | null {
  if (year < 1900 || year > 2200 || month < 1 || month > 12 || day < 1) return null;
  const days = new Date(Date.UTC(year, month, 0)).getUTCDate();
  if (day > days) return null;
  return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

export interface DateOptions {
  /** Read 03/04/2018 as 3 April (day first) rather than March 4 (US). */
  dayFirst?: boolean;
}

/** An ISO day, or null when the value is not a date we recognise. */
export function parseDate(value: string, options: DateOptions = {}): string | null {
  const text = value.trim().replace(WEEKDAY, '');
  if (text === '') return null;
  let m = YMD.exec(text) ?? CHINESE.exec(text);
  if (m) return iso(Number(m[1]), Number(m[2]), Number(m[3]));
  m = D_MON_Y.exec(text);
  if (m) {
    const month = MONTHS[m[2]!.toLowerCase()];
    return month ? iso(fullYear(m[3]!), month, Number(m[1])) : null;
  }
  m = MON_D_Y.exec(text);
  if (m) {
    const month = MONTHS[m[1]!.toLowerCase()];
    return month ? iso(fullYear(m[3]!), month, Number(m[2])) : null;
  }
  m = NUMERIC.exec(text);
  if (m) {
    if (m[2] === '.' && m[4]!.length !== 4) return null;
    const a = Number(m[1]);
    const b = Number(m[3]);
    const year = fullYear(m[4]!);
    // A part above 12 can only be the day, whatever the convention.
    const dayFirst = a > 12 ? true : b > 12 ? false : (options.dayFirst ?? false);
    return dayFirst ? iso(year, b, a) : iso(year, a, b);
  }
  return null;
}

/** Day-first when some value's first part can only be a day (31/07/2018) and none's second part can. */
export function detectDayFirst(values: Iterable<string>): boolean {
  let first = false;
  let second = false;
  for (const value of values) {
    const m = NUMERIC.exec(value.trim());
    if (!m) continue;
    if (Number(m[1]) > 12) first = true;
    if (Number(m[3]) > 12) second = true;
  }
  return first && !second;
}
