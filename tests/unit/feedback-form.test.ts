import { describe, expect, it } from 'vitest';
import { feedbackMailText } from '../../server/feedback/mail-job.js';
import { feedbackFormSchema } from '../../server/feedback/schemas.js';
import { describeLink, feedbackEvents } from '../../server/feedback/service.js';
import { parseForm } from '../../server/shared/forms.js';
import { translator } from '../../server/shared/i18n.js';

const t = translator('de');
const parse = (body: Record<string, unknown>) => parseForm(feedbackFormSchema, body, t);

describe('the client feedback form', () => {
  it('"yes" needs how quickly and how satisfied; all missing answers are reported at once', () => {
    expect(parse({ contacted: 'yes' })).toEqual({
      ok: false,
      errors: {
        recommend: 'Bitte wählen Sie Ja oder Nein.',
        speed: 'Bitte wählen Sie, wie schnell die Rückmeldung kam.',
        rating: 'Bitte wählen Sie eine Zahl von 1 bis 5.',
      },
    });
    expect(parse({})).toMatchObject({ ok: false, errors: { contacted: 'Bitte wählen Sie Ja oder Nein.', recommend: 'Bitte wählen Sie Ja oder Nein.' } });
  });

  it('"no" may leave out speed and rating, and ignores them when sent', () => {
    for (const body of [
      { contacted: 'no', recommend: 'no' },
      { contacted: 'no', recommend: 'no', speed: 'same_day', rating: '5', comment: '   ' },
    ]) {
      expect(parse(body)).toEqual({
        ok: true,
        data: { contacted: false, contactSpeed: null, rating: null, wouldRecommend: false, comment: null, commentPublic: false },
      });
    }
  });

  it('keeps a complete answer; the consent only counts with a comment', () => {
    expect(parse({ contacted: 'yes', speed: 'later', rating: '3', recommend: 'yes', comment: ' Gut. ', consent: 'on' })).toEqual({
      ok: true,
      data: { contacted: true, contactSpeed: 'later', rating: 3, wouldRecommend: true, comment: 'Gut.', commentPublic: true },
    });
    expect(parse({ contacted: 'yes', speed: 'later', rating: '3', recommend: 'yes', comment: '', consent: 'on' })).toMatchObject({
      ok: true,
      data: { comment: null, commentPublic: false },
    });
  });

  it.each([
    ['rating 0', { rating: '0' }, 'rating'],
    ['rating 6', { rating: '6' }, 'rating'],
    ['rating 3.5', { rating: '3.5' }, 'rating'],
    ['rating as text', { rating: 'viele' }, 'rating'],
    ['two ratings', { rating: ['1', '5'] }, 'rating'],
    ['an unknown speed', { speed: 'never' }, 'speed'],
    ['"maybe"', { contacted: 'maybe' }, 'contacted'],
    ['a comment of 1,001 characters', { comment: 'x'.repeat(1001) }, 'comment'],
    ['a forged consent value', { consent: 'yes' }, 'consent'],
  ])('refuses %s', (_name, change, field) => {
    const result = parse({ contacted: 'yes', speed: 'same_day', rating: '4', recommend: 'yes', ...change });
    expect(result.ok).toBe(false);
    expect(Object.keys((result as { errors: Record<string, string> }).errors)).toContain(field);
  });
});

describe('what one feedback writes to the ledger', () => {
  const parties = { referralId: 'r', giverId: 'g', receiverId: 'x', clientId: 'c', topic: 'Webdesign' };
  const now = new Date('2026-11-23T09:00:00Z');

  it('a rating: the receiver’s feedback and the giver’s referrer feedback carry it', () => {
    const answers = { contacted: true, contactSpeed: 'same_day', rating: 4, wouldRecommend: true, comment: null, commentPublic: false } as const;
    const about = { topic: 'Webdesign', referralId: 'r', clientId: 'c', verification: 'mailbox', occurredAt: now, rating: 4 };
    expect(feedbackEvents(parties, answers, 'mailbox', now)).toEqual([
      { kind: 'feedback', memberId: 'x', giverId: 'g', ...about },
      { kind: 'referrer_feedback', memberId: 'g', ...about },
    ]);
  });

  it('never contacted: both events say so, without a rating', () => {
    const answers = { contacted: false, contactSpeed: null, rating: null, wouldRecommend: false, comment: null, commentPublic: false } as const;
    const events = feedbackEvents(parties, answers, 'shared', now);
    expect(events.map((e) => [e.kind, e.neverContacted, e.rating])).toEqual([
      ['feedback', true, undefined],
      ['referrer_feedback', true, undefined],
    ]);
  });
});

describe('the state of a link', () => {
  const row = {
    requestId: 'q',
    referralId: 'r',
    giverId: 'g',
    receiverId: 'x',
    expiresAt: new Date('2027-02-21T09:00:00Z'),
    usedAt: null,
    groupName: 'Frühstücksrunde',
    groupLocale: 'de' as const,
    topic: 'Webdesign',
    clientName: 'Claudia Kundin',
    clientDataErasedAt: null,
    giverName: 'Thomas Berger',
    receiverName: 'Aylin Demir',
    receiverSlug: 'aylin-demir',
    receiverWarum: 'Weil gute Websites kleinen Betrieben Kundschaft bringen.',
    receiverPublic: true,
    receiverActive: true,
  };
  const now = new Date('2026-11-23T09:00:00Z');

  it('open, answered (also after expiry), expired, unknown', () => {
    expect(describeLink(row, now)).toMatchObject({ state: 'open', view: { clientName: 'Claudia Kundin', profilePath: '/m/aylin-demir' } });
    expect(describeLink({ ...row, usedAt: now }, new Date('2028-01-01'))).toEqual({ state: 'answered', locale: 'de' });
    expect(describeLink(row, row.expiresAt)).toEqual({ state: 'expired', locale: 'de' });
    expect(describeLink(undefined, now)).toEqual({ state: 'unknown' });
  });

  it('hides the name once erased and links only an active public profile', () => {
    expect(describeLink({ ...row, clientDataErasedAt: now }, now)).toMatchObject({ view: { clientName: null } });
    expect(describeLink({ ...row, receiverPublic: false }, now)).toMatchObject({ view: { profilePath: null } });
    expect(describeLink({ ...row, receiverActive: false }, now)).toMatchObject({ view: { profilePath: null } });
  });
});

describe('the client’s mail', () => {
  const params = {
    clientName: 'Claudia Kundin',
    giverName: 'Thomas Berger',
    receiverName: 'Aylin Demir',
    groupName: 'Frühstücksrunde',
    topic: 'Webdesign',
    expiresAt: new Date('2027-02-21T09:00:00Z'),
    link: 'https://kreis.example/f/abc',
  };

  it('names giver and receiver, carries the link and its expiry, in the group language', () => {
    const de = feedbackMailText({ ...params, locale: 'de' });
    expect(de.subject).toBe('Wie lief es mit Aylin Demir? Eine Minute für Ihre Rückmeldung');
    expect(de.body).toMatch(/^Guten Tag Claudia Kundin,\n\nThomas Berger aus der Gruppe „Frühstücksrunde“ hat Sie an Aylin Demir \(Webdesign\) empfohlen/);
    expect(de.body).toContain('https://kreis.example/f/abc');
    expect(de.body).toContain('bis zum 21. Februar 2027');
    const en = feedbackMailText({ ...params, clientName: null, locale: 'en' });
    expect(en.body).toMatch(/^Hello,\n\nThomas Berger from the group/);
    expect(en.body).toContain('valid until 21 February 2027');
  });
});
