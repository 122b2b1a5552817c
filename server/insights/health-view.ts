/**
 * The group-health page's view model: the host's figures in their language, the monthly and the
 * attendance chart, and the network picture with its text alternative. Pure.
 */
import { formatsFor } from '../shared/format.js';
import { formatEuroCents } from '../shared/money.js';
import { formatDate } from '../shared/time.js';
import { BAR_SIZE, renderBarChart } from './bar-chart.js';
import { SERIES_COLOURS, type ViewContext } from './dashboard-view.js';
import { monthDate } from './period.js';
import { renderNetwork } from './network.js';
import type { GroupHealth } from './service.js';

/** Up to a year of weekly breakfasts: a wider frame than the monthly charts. */
const ATTENDANCE_SIZE = { ...BAR_SIZE, width: 640 };

export function healthView(health: GroupHealth, { locale, t }: ViewContext) {
  const f = formatsFor(locale, health.period.timeZone);
  const labels = health.months.map((m) => f.month(monthDate(m.month)));
  const longLabels = health.months.map((m) => f.monthLong(monthDate(m.month)));
  const span = { from: longLabels[0] ?? '', to: longLabels[longLabels.length - 1] ?? '' };
  const totalReferrals = health.months.reduce((sum, m) => sum + m.referrals, 0);
  const totalConfirmed = health.months.reduce((sum, m) => sum + m.confirmed, 0);

  const monthsChart = renderBarChart({
    id: 'chart-group-months',
    title: t('insights.health.months.title'),
    description: t('insights.health.months.desc', { ...span, referrals: totalReferrals, confirmed: totalConfirmed }),
    empty: t('insights.charts.empty'),
    labels,
    series: [
      { key: 'given', values: health.months.map((m) => m.referrals), colour: SERIES_COLOURS.given },
      { key: 'confirmed', values: health.months.map((m) => m.confirmed), colour: SERIES_COLOURS.confirmed },
    ],
    integer: true,
  });

  const attendanceChart = renderBarChart(
    {
      id: 'chart-attendance',
      title: t('insights.health.attendance.title'),
      description: t('insights.health.attendance.desc', { ...span, count: health.attendance.length }),
      empty: t('insights.health.attendance.none'),
      labels: health.attendance.map((b) => formatDate(b.startsAt, locale, 'dayMonth', health.period.timeZone)),
      series: [{ key: 'attendance', values: health.attendance.map((b) => b.members), colour: SERIES_COLOURS.received }],
      integer: true,
    },
    ATTENDANCE_SIZE,
  );

  const edges = health.network.edges;
  const networkSvg = renderNetwork(
    health.network.members.map((m) => ({ id: m.id, label: m.name })),
    edges,
    {
      id: 'network',
      title: t('insights.health.network.title'),
      description: t('insights.health.network.desc', { members: health.network.members.length, edges: edges.length, ...span }),
      empty: t('insights.health.network.empty'),
    },
  );

  return {
    periodText: t('insights.period', span),
    months: {
      svg: monthsChart,
      rows: health.months.map((m, i) => ({
        month: longLabels[i],
        referrals: m.referrals,
        confirmed: m.confirmed,
        won: m.won,
        wonValue: formatEuroCents(m.wonCents, locale),
      })),
      totalReferrals,
      totalConfirmed,
    },
    balances: health.balances.map((m) => ({
      name: m.name,
      slug: m.slug,
      active: m.active,
      given: m.balance.given,
      received: m.balance.received,
      confirmed: m.confirmed,
      overdue: m.overdue,
      flagged: m.flagged,
      kind: m.balance.kind,
      label: t(`insights.health.balance.${m.balance.kind}`),
    })),
    flaggedCount: health.balances.filter((m) => m.flagged).length,
    overdue: health.overdue.map((m) => ({
      name: m.name,
      slug: m.slug,
      active: m.active,
      text: t('insights.health.overdue.line', { count: m.count, date: f.date(m.oldestDueAt) }),
    })),
    attendance: {
      svg: attendanceChart,
      rows: health.attendance.map((b) => ({ id: b.id, date: f.date(b.startsAt), members: b.members, guests: b.guests })),
    },
    network: {
      svg: networkSvg,
      edges: edges.map((e) => ({ text: t('insights.health.network.edge', { from: e.fromName, to: e.toName, count: e.count }) })),
    },
  };
}
