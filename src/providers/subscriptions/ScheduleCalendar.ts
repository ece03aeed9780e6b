import type { IPaymentSchedule } from "../../api/structures/IPaymentSchedule";

/** A wall-clock time in a zone (month 1–12). */
interface ILocal {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  ms: number;
}

const formats = new Map<string, Intl.DateTimeFormat>();
const format = (zone: string): Intl.DateTimeFormat => {
  let f = formats.get(zone);
  if (f === undefined) {
    f = new Intl.DateTimeFormat("en-US", {
      timeZone: zone,
      hourCycle: "h23",
      year: "numeric",
      month: "numeric",
      day: "numeric",
      hour: "numeric",
      minute: "numeric",
      second: "numeric",
    });
    formats.set(zone, f);
  }
  return f;
};

/**
 * When each cycle of a schedule falls due, counted in the schedule's time zone: every cycle
 * keeps the first one's local time of day, whatever the zone's offset does in between.
 */
export namespace ScheduleCalendar {
  /** Whether the runtime knows this IANA zone. */
  export const knownZone = (zone: string): boolean => {
    try {
      format(zone);
      return true;
    } catch {
      return false;
    }
  };

  export const local = (at: Date, zone: string): ILocal => {
    const parts = Object.fromEntries(format(zone).formatToParts(at).map((p) => [p.type, p.value]));
    return {
      year: Number(parts.year),
      month: Number(parts.month),
      day: Number(parts.day),
      hour: Number(parts.hour),
      minute: Number(parts.minute),
      second: Number(parts.second),
      ms: at.getUTCMilliseconds(),
    };
  };

  /** The instant a wall-clock time names in a zone (the later one of a repeated hour). */
  export const instant = (t: ILocal, zone: string): Date => {
    const wall = Date.UTC(t.year, t.month - 1, t.day, t.hour, t.minute, t.second, t.ms);
    const offsetAt = (ms: number): number => {
      const l = local(new Date(ms), zone);
      return Date.UTC(l.year, l.month - 1, l.day, l.hour, l.minute, l.second, l.ms) - ms;
    };
    const first = wall - offsetAt(wall);
    return new Date(wall - offsetAt(first));
  };

  export const daysInMonth = (year: number, month: number): number => new Date(Date.UTC(year, month, 0)).getUTCDate();

  /**
   * The time cycle `n` (0 first) falls due, or null when the cycle does not exist (a single
   * charge's second cycle). Monthly on `day`: the first such day at or after `starts_at`, then
   * the same day of each month, or the month's last day when it has no such day (the 31st is
   * the 28th or 29th in February, the 30th in April), back on `day` the month after.
   */
  export const cycleAt = (rule: IPaymentSchedule.Cycle, startsAt: Date, zone: string, n: number): Date | null => {
    if (rule.type === "once") return n === 0 ? startsAt : null;
    const start = local(startsAt, zone);
    if (rule.type === "days") {
      const day = new Date(Date.UTC(start.year, start.month - 1, start.day + n * rule.every));
      return instant({ ...start, year: day.getUTCFullYear(), month: day.getUTCMonth() + 1, day: day.getUTCDate() }, zone);
    }
    const on = (monthIndex: number): Date => {
      const year = Math.floor(monthIndex / 12);
      const month = (monthIndex % 12) + 1;
      return instant({ ...start, year, month, day: Math.min(rule.day, daysInMonth(year, month)) }, zone);
    };
    const startMonth = start.year * 12 + (start.month - 1);
    const first = on(startMonth).getTime() >= startsAt.getTime() ? startMonth : startMonth + 1;
    return on(first + n);
  };

  /** The first cycle due at or after `at` (a paused schedule resumes there, skipping those passed). */
  export const firstCycleFrom = (rule: IPaymentSchedule.Cycle, startsAt: Date, zone: string, from: number, at: Date): number => {
    let n = from;
    for (;;) {
      const due = cycleAt(rule, startsAt, zone, n);
      if (due === null || due.getTime() >= at.getTime()) return n;
      n += 1;
    }
  };
}
