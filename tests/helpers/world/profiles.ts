/** A Warum long enough for the editor (≥ 40 characters). */
export const WARUM = 'Weil gute Zahlen Unternehmerinnen nachts ruhig schlafen lassen – und ich Ordnung liebe.';

/** A complete, valid profile form; override what a test is about. */
export function profileForm(overrides: Record<string, string | string[]> = {}): Record<string, string | string[]> {
  return {
    warum: WARUM,
    offer: 'Jahresabschlüsse, Lohnbuchhaltung, Beratung bei der Gründung.',
    goodReferral: 'eine Gründerin im ersten Jahr, die ihre Zahlen verstehen will.',
    newTrade: '',
    region: 'Musterstadt und Umland',
    website: 'https://example.org',
    phone: '+49 30 1234567',
    ...overrides,
  };
}
