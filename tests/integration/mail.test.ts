import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_ATTEMPTS } from '../../server/mail/backoff.js';
import { deliverDueMail, enqueueMail, keepPendingMail } from '../../server/mail/service.js';
import type { MailTransport } from '../../server/mail/transport.js';
import { Browser, createTestApp, type TestApp, visibleText } from '../helpers/app.js';
import { PASSWORD, seedGroup, seedMember } from '../helpers/world/index.js';

type Sent = { to: string; subject: string; text: string };

/** A transport that records what it sends, or fails while `failing` is set. */
function fakeTransport() {
  const sent: Sent[] = [];
  const transport: MailTransport & { sent: Sent[]; failing: string | null } = {
    sent,
    failing: null,
    async send(message) {
      if (this.failing) throw new Error(this.failing);
      sent.push(message);
    },
  };
  return transport;
}

type OutboxRow = { status: string; attempts: number; last_error: string | null; next_attempt_at: Date; sent_at: Date | null };

describe('mail: the outbox and its sender', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ smtpUrl: 'smtp://localhost:2525' });
  });
  afterAll(() => t.close());

  const now = () => t.clock.now();
  const MINUTE = 60 * 1000;

  async function row(id: string) {
    const [found] = await t.database.query<OutboxRow>('select * from outbox where id = $1', [id]);
    return found!;
  }

  /** Sends everything due now, so each test starts from an empty queue. */
  async function drain() {
    await deliverDueMail(t.app.db, fakeTransport(), now());
  }

  it('delivers a pending message and marks it sent', async () => {
    await drain();
    const { group } = await seedGroup(t.app.db);
    const { id } = await enqueueMail(t.app.db, { groupId: group.id, to: 'anna@example.org', subject: 'Hallo', body: 'Text' }, now());
    expect((await row(id)).status).toBe('pending');

    const transport = fakeTransport();
    const result = await deliverDueMail(t.app.db, transport, now());
    expect(result).toEqual({ sent: 1, failed: 0, kept: 0 });
    expect(transport.sent).toEqual([{ to: 'anna@example.org', subject: 'Hallo', text: 'Text' }]);
    expect(await row(id)).toMatchObject({ status: 'sent', attempts: 1, last_error: null });

    expect((await deliverDueMail(t.app.db, transport, now())).sent).toBe(0);
    expect(transport.sent).toHaveLength(1);
  });

  it('a failed delivery is recorded, waits, and is retried later', async () => {
    await drain();
    const { id } = await enqueueMail(t.app.db, { groupId: null, to: 'bert@example.org', subject: 'Retry', body: 'Body' }, now());
    const transport = fakeTransport();
    transport.failing = 'connection refused';

    expect(await deliverDueMail(t.app.db, transport, now())).toEqual({ sent: 0, failed: 1, kept: 0 });
    const failed = await row(id);
    expect(failed).toMatchObject({ status: 'pending', attempts: 1, last_error: 'connection refused' });
    expect(new Date(failed.next_attempt_at).getTime()).toBe(now().getTime() + MINUTE);

    transport.failing = null;
    expect((await deliverDueMail(t.app.db, transport, now())).sent).toBe(0);
    t.clock.advance(MINUTE);
    expect((await deliverDueMail(t.app.db, transport, now())).sent).toBe(1);
    expect(await row(id)).toMatchObject({ status: 'sent', attempts: 2 });
    expect(transport.sent.map((m) => m.subject)).toEqual(['Retry']);
  });

  it('waits longer after each failure and never loses a message: after many failures it is kept', async () => {
    await drain();
    const { id } = await enqueueMail(t.app.db, { groupId: null, to: 'carla@example.org', subject: 'Lost?', body: 'Never' }, now());
    const transport = fakeTransport();
    transport.failing = 'mailbox unavailable';
    const waits: number[] = [];
    for (let attempt = 1; attempt < MAX_ATTEMPTS; attempt++) {
      await deliverDueMail(t.app.db, transport, now());
      const current = await row(id);
      expect(current).toMatchObject({ status: 'pending', attempts: attempt });
      const wait = new Date(current.next_attempt_at).getTime() - now().getTime();
      waits.push(wait);
      t.clock.advance(wait);
    }
    expect(waits.slice(0, 3)).toEqual([MINUTE, 2 * MINUTE, 4 * MINUTE]);
    expect(Math.max(...waits)).toBeLessThanOrEqual(6 * 60 * MINUTE);

    expect((await deliverDueMail(t.app.db, transport, now())).kept).toBe(1);
    expect(await row(id)).toMatchObject({ status: 'kept', attempts: MAX_ATTEMPTS, last_error: 'mailbox unavailable' });
    t.clock.advance(24 * 60 * MINUTE);
    await deliverDueMail(t.app.db, transport, now());
    expect(await row(id)).toMatchObject({ status: 'kept', attempts: MAX_ATTEMPTS });
  });

  it('two senders running at once deliver every message exactly once', async () => {
    await drain();
    const subjects = Array.from({ length: 30 }, (_, i) => `Parallel ${i}`);
    for (const subject of subjects) await enqueueMail(t.app.db, { groupId: null, to: 'dora@example.org', subject, body: '.' }, now());
    const slow: MailTransport & { sent: string[] } = {
      sent: [],
      async send(message) {
        await new Promise((resolve) => setTimeout(resolve, 2));
        this.sent.push(message.subject);
      },
    };
    await Promise.all([deliverDueMail(t.app.db, slow, now()), deliverDueMail(t.app.db, slow, now())]);
    await deliverDueMail(t.app.db, slow, now());
    expect(slow.sent.sort()).toEqual([...subjects].sort());
  });

  it('a message that nobody will send is kept', async () => {
    const { id } = await enqueueMail(t.app.db, { groupId: null, to: 'emil@example.org', subject: 'Kept', body: '.' }, now(), 'keep');
    expect((await row(id)).status).toBe('kept');
    const waiting = await enqueueMail(t.app.db, { groupId: null, to: 'emil@example.org', subject: 'Waiting', body: '.' }, now());
    await keepPendingMail(t.app.db);
    expect((await row(waiting.id)).status).toBe('kept');
  });
});

describe('mail: the outbox page without SMTP', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('shows hosts the kept mail of their own group, newest first', async () => {
    const { group, host } = await seedGroup(t.app.db);
    const other = await seedGroup(t.app.db);
    const at = t.clock.now();
    await enqueueMail(t.app.db, { groupId: group.id, to: 'erste@example.org', subject: 'Ältere Nachricht', body: 'Erster Text\nmit Zeile' }, at, 'keep');
    const later = new Date(at.getTime() + 60_000);
    await enqueueMail(t.app.db, { groupId: group.id, to: 'zweite@example.org', subject: 'Neuere Nachricht', body: 'Zweiter Text' }, later, 'keep');
    await enqueueMail(t.app.db, { groupId: other.group.id, to: 'fremd@example.org', subject: 'Fremde Gruppe', body: 'Geheim' }, later, 'keep');
    await enqueueMail(t.app.db, { groupId: group.id, to: 'done@example.org', subject: 'Schon zugestellt', body: '.' }, later);
    await t.database.query("update outbox set status = 'sent' where recipient = 'done@example.org'");

    const browser = new Browser(t.app);
    await browser.login(host.email, PASSWORD);
    const page = await browser.get('/host/outbox');
    expect(page.statusCode).toBe(200);
    const text = visibleText(page.body);
    expect(text).toContain('Diese Installation verschickt keine E-Mails.');
    expect(text).toContain('erste@example.org');
    expect(text).toContain('Erster Text mit Zeile');
    expect(text).toContain('Nicht verschickt – bitte von Hand weitergeben');
    expect(text.indexOf('Neuere Nachricht')).toBeLessThan(text.indexOf('Ältere Nachricht'));
    expect(text).not.toContain('Fremde Gruppe');
    expect(text).not.toContain('Schon zugestellt');
  });

  it('is for hosts only', async () => {
    const { group } = await seedGroup(t.app.db);
    await enqueueMail(t.app.db, { groupId: group.id, to: 'x@example.org', subject: 'Nur für Gastgeber', body: '.' }, t.clock.now(), 'keep');
    const member = await seedMember(t.app.db, group.id);
    const browser = new Browser(t.app);
    await browser.login(member.email, PASSWORD);
    const page = await browser.get('/host/outbox');
    expect(page.statusCode).toBe(403);
    expect(page.body).not.toContain('Nur für Gastgeber');
    expect((await new Browser(t.app).get('/host/outbox')).statusCode).toBe(303);
  });
});
