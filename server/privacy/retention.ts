/**
 * Retention of clients' personal data (DESIGN.md: clients are never users; their data lives on
 * the referral only and is erased after a while). Pure date arithmetic, unit-tested.
 */

/**
 * `now` minus whole calendar months, in UTC. A day that does not exist in the target month is
 * clamped to its last day (31 March − 1 month = 28/29 February), so the cutoff never overshoots.
 */
export function retentionCutoff(now: Date, months: number): Date {
  const year = now.getUTCFullYear();
  const month = now.getUTCMonth() - months;
  const lastDay = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  return new Date(
    Date.UTC(
      year,
      month,
      Math.min(now.getUTCDate(), lastDay),
      now.getUTCHours(),
      now.getUTCMinutes(),
      now.getUTCSeconds(),
      now.getUTCMilliseconds(),
    ),
  );
}
