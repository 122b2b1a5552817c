import QRCode from 'qrcode';
import { type Locale, translate } from '../shared/i18n.js';

/**
 * Everything the giver needs to pass the client's feedback link on: the link itself, a mail and a
 * WhatsApp message prefilled in the group's language, and a QR code to show on a phone.
 */
export type ShareKit = { link: string; mailto: string; whatsapp: string; qrSvg: string };

export function feedbackLinkUrl(publicUrl: URL, path: string): string {
  return new URL(path, publicUrl).href;
}

/**
 * The QR code as inline SVG. It is drawn with presentation attributes only, so the page's CSP
 * (no inline styles) allows it; the label makes it an image for screen readers.
 */
export async function qrSvg(text: string, label: string): Promise<string> {
  const svg = await QRCode.toString(text, { type: 'svg', margin: 2, errorCorrectionLevel: 'M' });
  const escaped = label.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
  return svg.replace('<svg ', `<svg class="qr" role="img" aria-label="${escaped}" focusable="false" `);
}

export async function shareKit(
  groupLocale: Locale,
  p: { link: string; clientName: string | null; clientEmail: string | null; giverName: string; receiverName: string; topic: string; qrLabel: string },
): Promise<ShareKit> {
  const params = { client: p.clientName, giver: p.giverName, receiver: p.receiverName, topic: p.topic, link: p.link };
  const subject = translate(groupLocale, 'referrals.share.mail_subject', params);
  // After the giver erased the client's data there is no name to greet.
  const body = translate(groupLocale, p.clientName ? 'referrals.share.message' : 'referrals.share.message_anonymous', params);
  const query = new URLSearchParams({ subject, body }).toString().replace(/\+/g, '%20');
  return {
    link: p.link,
    mailto: `mailto:${p.clientEmail ? encodeURIComponent(p.clientEmail).replace(/%40/g, '@') : ''}?${query}`,
    whatsapp: `https://wa.me/?text=${encodeURIComponent(body)}`,
    qrSvg: await qrSvg(p.link, p.qrLabel),
  };
}
