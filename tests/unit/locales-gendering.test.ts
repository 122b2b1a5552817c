import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const dir = new URL('../../locales/de/', import.meta.url);
const texts = readdirSync(dir)
  .filter((file) => file.endsWith('.json'))
  .flatMap((file) => strings(JSON.parse(readFileSync(new URL(file, dir), 'utf8')), file));

function strings(value: unknown, path: string): { path: string; text: string }[] {
  if (typeof value === 'string') return [{ path, text: value }];
  return Object.entries(value as Record<string, unknown>).flatMap(([key, inner]) => strings(inner, `${path}.${key}`));
}

describe('German texts gender one way (locales/README.md)', () => {
  it('has German texts to check', () => {
    expect(texts.length).toBeGreaterThan(500);
  });

  it('uses no Doppelpunkt, Sternchen, Unterstrich, Binnen-I, Schrägstrich or Klammer forms', () => {
    const forbidden = /[a-zäöüß](:|\*|_|\/-?)innen\b|[a-zäöüß]Innen\b|\(inn?en\)/;
    expect(texts.filter((t) => forbidden.test(t.text)).map((t) => `${t.path}: ${t.text}`)).toEqual([]);
  });

  it('does not use the masculine plural for hosts', () => {
    const masculine = /\b(die|der|nur|für|einen?|ein) Gastgeber\b(?!-| oder| und)/i;
    const found = texts.filter((t) => masculine.test(t.text.replace(/Gastgeberinnen und Gastgeber/g, 'PAAR').replace(/Gastgeberin oder (ein(e[nm]?)? )?(anderen )?Gastgeber/g, 'PAAR')));
    expect(found.map((t) => `${t.path}: ${t.text}`)).toEqual([]);
  });

  // The client of a referral: „die Kundin oder der Kunde“, „der Kundin oder dem Kunden“,
  // „Kundinnen und Kunden“, „keine Kundin und kein Kunde“ – never „der Kunde“ alone.
  // Compounds („Kundendaten“, „Kundschaft“) are fine.
  const clientPaarform = (text: string) =>
    text
      .replace(/Kundinnen und (\p{L}+ )?Kunden\b/gu, 'PAAR')
      .replace(/Kundin (oder|und) (\p{L}+ ){0,2}Kunden?\b/gu, 'PAAR');

  it('does not use the masculine singular for the client', () => {
    const masculine = /\b(der|den|dem|des|ein|einen|einem|eines|kein|keinen|keinem|keines|beim|vom|zum|derselbe|denselben|demselben|desselben)( \p{L}+)? Kunden?\b(?!-)|\bKunde\b(?!-)/iu;
    const found = texts.filter((t) => masculine.test(clientPaarform(t.text)));
    expect(found.map((t) => `${t.path}: ${t.text}`)).toEqual([]);
  });

  it('uses „Kunden“ only in a Paarform (the plural, and any singular the check above misses)', () => {
    const masculine = /\bKunden\b(?!-)/u;
    const found = texts.filter((t) => masculine.test(clientPaarform(t.text)));
    expect(found.map((t) => `${t.path}: ${t.text}`)).toEqual([]);
  });
});
