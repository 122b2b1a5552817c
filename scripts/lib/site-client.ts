/**
 * One simulated person for scripts that drive a running server over real HTTP: keeps cookies,
 * sends our Origin on form posts (the CSRF check) and its own client address in X-Forwarded-For
 * (the server runs with TRUST_PROXY=true, so per-address rate limits see many people, as in real
 * life, rather than one script). Redirects are not followed: a 303 is the answer to look at.
 */
export type SiteResponse = { status: number; location: string | null; body: string; ms: number };

let addressCounter = 0;

/** A distinct client address per call: 10.x.y.z. */
export function nextClientAddress(): string {
  addressCounter++;
  return `10.${(addressCounter >> 16) & 255}.${(addressCounter >> 8) & 255}.${addressCounter & 255}`;
}

export class SiteClient {
  readonly cookies = new Map<string, string>();

  constructor(
    readonly baseUrl: string,
    readonly address = nextClientAddress(),
  ) {}

  private headers(extra: Record<string, string> = {}): Record<string, string> {
    const cookie = [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    return { 'x-forwarded-for': this.address, ...(cookie ? { cookie } : {}), ...extra };
  }

  private async send(path: string, init: RequestInit): Promise<SiteResponse> {
    const started = performance.now();
    const response = await fetch(`${this.baseUrl}${path}`, { ...init, redirect: 'manual' });
    const body = await response.text();
    for (const line of response.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const at = pair!.indexOf('=');
      const name = pair!.slice(0, at).trim();
      const value = pair!.slice(at + 1).trim();
      if (value === '' || /max-age=0/i.test(line)) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    return { status: response.status, location: response.headers.get('location'), body, ms: performance.now() - started };
  }

  get(path: string): Promise<SiteResponse> {
    return this.send(path, { method: 'GET', headers: this.headers() });
  }

  /** A form post as a browser sends it from one of our pages. */
  post(path: string, form: Record<string, string>): Promise<SiteResponse> {
    return this.send(path, {
      method: 'POST',
      headers: this.headers({ 'content-type': 'application/x-www-form-urlencoded', origin: this.baseUrl }),
      body: new URLSearchParams(form).toString(),
    });
  }

  async login(email: string, password: string): Promise<void> {
    const response = await this.post('/login', { email, password });
    if (response.status !== 303 || !this.cookies.has('kreis_session')) throw new Error(`login failed for ${email}: ${response.status}`);
  }
}

/** The referral form's fields (server/referrals/schemas.ts), filled in the way a member would. */
export function referralForm(receiverId: string, n: number): Record<string, string> {
  return {
    receiver: receiverId,
    topic: 'Steuerberatung',
    clientName: `Klara Kundin ${n}`,
    clientEmail: `klara-${n}@example.org`,
    clientPhone: '',
    need: 'Braucht Hilfe bei der Umsatzsteuer-Voranmeldung für ihr neues Café.',
    warmth: '4',
    consent: 'on',
  };
}

/** A complete, good answer on the client's feedback page. */
export const FEEDBACK_ANSWERS: Record<string, string> = { contacted: 'yes', speed: 'same_day', rating: '5', recommend: 'yes', comment: '' };

/**
 * What a successful POST /referrals/new tells the giver: the new referral's id (in the redirect)
 * and the client's token (in the short-lived cookie the link page reads).
 */
export function createdReferral(client: SiteClient, response: SiteResponse): { id: string; token: string } | null {
  if (response.status !== 303) return null;
  const id = /^\/referrals\/([0-9a-f-]{36})\/link$/.exec(response.location ?? '')?.[1];
  const [cookieId, token] = (client.cookies.get('kreis_feedback_link') ?? '').split('.');
  return id && cookieId === id && token ? { id, token } : null;
}
