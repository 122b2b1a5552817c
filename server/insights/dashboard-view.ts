/**
 * The dashboard's view model: figures written in the member's language and the three charts with
 * their text equivalents. Pure (translations come in), so what a member reads can be unit-tested.
 */
import type { Locale, Translate } from '../shared/i18n.js';
import { formatsFor, numberFormat } from '../shared/format.js';
import { formatEuroCents } from '../shared/money.js';
import { renderBarChart } from './bar-chart.js';
import type { ResponseFigure } from './figures.js';
import { monthDate } from './period.js';
import type { MemberInsights } from './service.js';

/** Series colours; public/css/insights.css gives the legend's swatches the same ones. */
export const SERIES_COLOURS = { given: '#a84b25', received: '#3b6ea8', confirmed: '#1a7f37', hours: '#6b5b95' } as const;

export type DurationUnit = 'minutes' | 'hours' | 'days';

/** A duration the way people say it: minutes under an hour, hours under two days, then days. */
export function durationOf(seconds: number): { unit: DurationUnit; value: number } {
  if (seconds < 3600) return { unit: 'minutes', value: Math.max(1, Math.round(seconds / 60)) };
  if (seconds < 48 * 3600) return { unit: 'hours', value: Math.round(seconds / 360) / 10 };
  return { unit: 'days', value: Math.round(seconds / 8640) / 10 };
}

export type ViewContext = { locale: Locale; t: Translate };

export function dashboardView(insights: MemberInsights, { locale, t }: ViewContext) {
  const { figures } = insights;
  const number = numberFormat(locale, { maximumFractionDigits: 1 });
  const f = formatsFor(locale, insights.period.timeZone);
  const hours = (minutes: number) => t('insights.unit.hours', { hours: number.format(minutes / 60) });
  const euros = (cents: number) => formatEuroCents(cents, locale);
  const response = (figure: ResponseFigure) => {
    if (figure.medianSeconds === null) return { median: null, detail: t('insights.response.none', { count: figure.referrals }) };
    const { unit, value } = durationOf(figure.medianSeconds);
    return {
      median: t(`insights.duration.${unit}`, { value: number.format(value) }),
      detail: t('insights.response.detail', { contacted: figure.contacted, count: figure.referrals }),
    };
  };

  const labels = figures.months.map((m) => f.month(monthDate(m.month)));
  const longLabels = figures.months.map((m) => f.monthLong(monthDate(m.month)));
  const firstMonth = longLabels[0] ?? '';
  const lastMonth = longLabels[longLabels.length - 1] ?? '';
  const span = { from: firstMonth, to: lastMonth };

  const referralsChart = renderBarChart({
    id: 'chart-referrals',
    title: t('insights.charts.referrals.title'),
    description: t('insights.charts.referrals.desc', { ...span, given: figures.given, received: figures.received }),
    empty: t('insights.charts.empty'),
    labels,
    series: [
      { key: 'given', values: figures.months.map((m) => m.given), colour: SERIES_COLOURS.given },
      { key: 'received', values: figures.months.map((m) => m.received), colour: SERIES_COLOURS.received },
    ],
    integer: true,
  });
  const confirmedChart = renderBarChart({
    id: 'chart-confirmed',
    title: t('insights.charts.confirmed.title'),
    description: t('insights.charts.confirmed.desc', { ...span, count: figures.confirmed.received }),
    empty: t('insights.charts.empty'),
    labels,
    series: [{ key: 'confirmed', values: figures.months.map((m) => m.confirmed), colour: SERIES_COLOURS.confirmed }],
    integer: true,
  });
  const hoursChart = renderBarChart({
    id: 'chart-hours',
    title: t('insights.charts.hours.title'),
    description: t('insights.charts.hours.desc', { ...span, hours: number.format(figures.time.minutes / 60) }),
    empty: t('insights.charts.empty'),
    labels,
    series: [{ key: 'hours', values: figures.months.map((m) => m.minutes / 60), colour: SERIES_COLOURS.hours }],
    integer: false,
    formatTick: (value) => number.format(value),
  });

  return {
    periodText: t('insights.period', span),
    time: {
      total: hours(figures.time.minutes),
      breakfasts: t('insights.time.breakfasts', { count: figures.time.breakfasts, hours: hours(figures.time.breakfastMinutes) }),
      oneToOnes: t('insights.time.one_to_ones', { count: figures.time.oneToOnes, hours: hours(figures.time.oneToOneMinutes) }),
    },
    given: figures.given,
    received: figures.received,
    confirmed: {
      received: figures.confirmed.received,
      given: figures.confirmed.given,
      detail: t('insights.confirmed.detail', { confirmed: figures.confirmedOfReceived, received: figures.received }),
      givenDetail: t('insights.confirmed.given_detail', { count: figures.confirmed.given }),
    },
    business: {
      own: euros(figures.won.received.cents),
      ownDetail: t('insights.business.own_detail', { count: figures.won.received.count }),
      brought: euros(figures.won.given.cents),
      broughtDetail: t('insights.business.brought_detail', { count: figures.won.given.count }),
    },
    perHour: figures.centsPerHour === null ? null : euros(figures.centsPerHour),
    response: { asReceiver: response(figures.response.asReceiver), asGiver: response(figures.response.asGiver) },
    balance: {
      kind: figures.balance.kind,
      text: t(`insights.balance.${figures.balance.kind}`, { given: figures.balance.given, received: figures.balance.received }),
    },
    charts: {
      referrals: {
        svg: referralsChart,
        rows: figures.months.map((m, i) => ({ month: longLabels[i], given: m.given, received: m.received })),
      },
      confirmed: { svg: confirmedChart, rows: figures.months.map((m, i) => ({ month: longLabels[i], value: m.confirmed })) },
      hours: { svg: hoursChart, rows: figures.months.map((m, i) => ({ month: longLabels[i], value: number.format(m.minutes / 60) })) },
    },
  };
}
