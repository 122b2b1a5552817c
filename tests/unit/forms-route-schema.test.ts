import { validatorCompiler } from 'fastify-type-provider-zod';
import { describe, expect, it } from 'vitest';
import { directoryQuery } from '../../server/directory/schemas.js';
import { formErrors, formSchema, parseForm } from '../../server/shared/forms.js';
import { translator } from '../../server/shared/i18n.js';

/** A GET form read through a route schema must answer exactly as parseForm answers the same input. */
const t = translator('de');
const validate = validatorCompiler({ schema: formSchema(directoryQuery), method: 'GET', url: '/directory', httpPart: 'querystring' }) as (
  data: unknown,
) => { value?: unknown; error?: Parameters<typeof formErrors>[0] };

/** What the route sees: Fastify's validation with the provider's compiler, then formErrors on a failure. */
function throughRoute(input: Record<string, unknown>) {
  const result = validate(input);
  return result.error ? { ok: false as const, errors: formErrors(result.error, t) } : { ok: true as const, data: result.value };
}

describe('a form read from a route schema', () => {
  it.each([
    { q: 'x'.repeat(201) },
    { trade: 'keine-id' },
    { q: 'Steuer\u0000beratung' },
    { region: ['a', 'b'] },
    { q: 'Steuerberatung', trade: '', confirmed: '1' },
  ])('answers %j as parseForm does', (input) => {
    expect(throughRoute(input)).toEqual(parseForm(directoryQuery, input, t));
  });

  it('gives the messages in the visitor language, never zod English', () => {
    const result = throughRoute({ q: 'x'.repeat(201), trade: 'x' });
    expect(result.ok).toBe(false);
    expect(Object.values(result.ok ? {} : result.errors).join(' ')).not.toMatch(/Too big|Invalid/);
  });
});
