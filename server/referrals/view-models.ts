/**
 * What the referral pages show, shaped from service results. Pure: the templates only print.
 */
import type { Locale, Translate } from '../shared/i18n.js';
import { history, isFinal, isOverdue, nextSteps, type ReferralStatus } from './lifecycle.js';
import { formatEuroCents } from '../shared/money.js';
import { relativeTime } from '../shared/relative-time.js';
import type { PartyReferral } from './service.js';

type ListRow = {
  id: string;
  topic: string;
  status: ReferralStatus;
  dueAt: Date;
  overdueAt: Date | null;
  createdAt: Date;
  otherName: string;
  otherSlug: string;
};

export function listItem(row: ListRow, now: Date, locale: Locale) {
  return {
    id: row.id,
    topic: row.topic,
    status: row.status,
    final: isFinal(row.status),
    overdue: isOverdue(row, now),
    otherName: row.otherName,
    otherSlug: row.otherSlug,
    createdIso: row.createdAt.toISOString(),
    age: relativeTime(row.createdAt, now, locale),
  };
}

export type ReceiverOption = { id: string; slug: string; name: string; trades: string[] };

/** The receiver select: "Name – Gewerk, Gewerk", plus the trades as topic suggestions. */
export function receiverChoices(options: ReceiverOption[], selectedId: unknown) {
  const selected = options.find((o) => o.id === selectedId);
  const allTrades = [...new Set(options.flatMap((o) => o.trades))].sort((a, b) => a.localeCompare(b));
  return {
    receivers: options.map((o) => ({
      id: o.id,
      label: o.trades.length > 0 ? `${o.name} – ${o.trades.join(', ')}` : o.name,
      trades: o.trades.join('|'),
      selected: o.id === selectedId,
    })),
    topicSuggestions: selected && selected.trades.length > 0 ? selected.trades : allTrades,
  };
}

/** The client's answers as the two parties see them; the comment is theirs to read either way. */
function feedbackView(feedback: PartyReferral['feedback']) {
  if (!feedback) return null;
  return {
    contacted: feedback.contacted,
    speed: feedback.contactSpeed,
    rating: feedback.rating,
    recommend: feedback.wouldRecommend === null ? null : feedback.wouldRecommend ? 'yes' : 'no',
    comment: feedback.comment,
    commentPublic: feedback.commentPublic,
    receivedAt: feedback.createdAt,
  };
}

export function detailView(referral: PartyReferral, now: Date, locale: Locale, t: Translate) {
  const r = referral.referral;
  const steps = referral.role === 'receiver' ? nextSteps(r.status) : [];
  return {
    id: r.id,
    role: referral.role,
    isGiver: referral.role === 'giver',
    isReceiver: referral.role === 'receiver',
    topic: r.topic,
    need: r.need,
    warmth: r.warmth,
    status: r.status,
    final: isFinal(r.status),
    overdue: isOverdue(r, now),
    wasOverdue: r.overdueAt !== null,
    age: relativeTime(r.createdAt, now, locale),
    dueAt: r.dueAt,
    giver: { name: referral.giverName, slug: referral.giverSlug },
    receiver: { name: referral.receiverName, slug: referral.receiverSlug },
    client: r.clientDataErasedAt
      ? null
      : { name: r.clientName, email: r.clientEmail, phone: r.clientPhone, tel: r.clientPhone?.replace(/[^\d+]/g, '') ?? null },
    clientErasedAt: r.clientDataErasedAt,
    history: history(r).map((entry) => ({
      ...entry,
      iso: entry.at.toISOString(),
      detail:
        entry.step === 'won' && r.valueCents !== null
          ? t('referrals.history.value', { value: formatEuroCents(r.valueCents, locale) })
          : entry.step === 'lost'
            ? r.lostReason
            : null,
    })),
    simpleSteps: steps.filter((s) => s === 'contacted' || s === 'meeting' || s === 'proposal'),
    canWin: steps.includes('won'),
    canLose: steps.includes('lost'),
    feedback: feedbackView(referral.feedback),
    linkUsed: referral.linkUsedAt !== null,
    linkExpired: referral.linkExpiresAt !== null && referral.linkExpiresAt.getTime() <= now.getTime(),
  };
}
