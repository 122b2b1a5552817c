import { z } from 'zod';
import type { Translate } from './i18n.js';

/**
 * Form handling shared by every capability: parse with zod, and on failure give one translated
 * message per field so the page can be re-rendered with the user's values.
 */
export type FieldErrors = Record<string, string>;

export type FormResult<T> = { ok: true; data: T } | { ok: false; errors: FieldErrors };

/** Zod messages in our schemas are locale keys (namespace.errors.name); others get a generic key by code. */
function messageFor(issue: z.core.$ZodIssue, t: Translate): string {
  if (/^[a-z_]+(\.[a-z_0-9]+)+$/.test(issue.message)) return t(issue.message, issue as never);
  switch (issue.code) {
    case 'too_small':
      return issue.origin === 'string' && issue.minimum === 1
        ? t('forms.required')
        : t(issue.origin === 'string' ? 'forms.too_short' : 'forms.too_small', { minimum: String(issue.minimum) });
    case 'too_big':
      return t(issue.origin === 'string' ? 'forms.too_long' : 'forms.too_big', { maximum: String(issue.maximum) });
    case 'invalid_format':
      return t(issue.format === 'email' ? 'forms.invalid_email' : issue.format === 'url' ? 'forms.invalid_url' : 'forms.invalid');
    case 'invalid_type':
      return issue.input === undefined ? t('forms.required') : t('forms.invalid');
    default:
      return t('forms.invalid');
  }
}

/** The first field whose value holds a NUL character: PostgreSQL cannot store one in text, so it never gets that far. */
function fieldWithNul(input: unknown, path = '', depth = 0): string | undefined {
  if (typeof input === 'string') return input.includes('\u0000') ? path || '_form' : undefined;
  if (!input || typeof input !== 'object' || depth > 5) return undefined;
  for (const [key, value] of Object.entries(input)) {
    const found = fieldWithNul(value, Array.isArray(input) ? path : path ? `${path}.${key}` : key, depth + 1);
    if (found) return found;
  }
  return undefined;
}

/** One message per field, the first issue's. */
function fieldErrors(issues: z.core.$ZodIssue[], t: Translate): FieldErrors {
  const errors: FieldErrors = {};
  for (const issue of issues) {
    const field = issue.path.length > 0 ? issue.path.map(String).join('.') : '_form';
    errors[field] ??= messageFor(issue, t);
  }
  return errors;
}

export function parseForm<S extends z.ZodType>(schema: S, input: unknown, t: Translate): FormResult<z.infer<S>> {
  const nul = fieldWithNul(input);
  if (nul) return { ok: false, errors: { [nul]: t('forms.invalid') } };
  const result = schema.safeParse(input ?? {});
  if (result.success) return { ok: true, data: result.data };
  return { ok: false, errors: fieldErrors(result.error.issues, t) };
}

/**
 * A form read from a route's schema (a GET form's query string): the route declares
 * `schema: { querystring: formSchema(schema) }` with `attachValidation: true`, and this schema
 * refuses what parseForm refuses before the form's own schema runs.
 */
export function formSchema<S extends z.ZodType>(schema: S) {
  return z
    .unknown()
    .superRefine((input, ctx) => {
      const nul = fieldWithNul(input);
      if (nul) ctx.addIssue({ code: 'custom', path: nul === '_form' ? [] : nul.split('.'), message: 'forms.invalid', input });
    })
    .pipe(schema);
}

/** One issue of a failed route schema, as Fastify hands it over (fastify-type-provider-zod keeps zod's fields in params). */
type SchemaIssue = { keyword: string; instancePath: string; message?: string; params: Record<string, unknown> };

/** The messages for a form that failed its route schema (request.validationError), as parseForm gives them. */
export function formErrors(validation: SchemaIssue[], t: Translate): FieldErrors {
  const issues = validation.map(
    ({ keyword, instancePath, message, params }) =>
      ({ ...params, code: keyword, message, path: instancePath.split('/').slice(1).filter(Boolean) }) as unknown as z.core.$ZodIssue,
  );
  return fieldErrors(issues, t);
}

/** Form values to show again after a failed submit: strings only, passwords never echoed. */
export function echoValues(body: unknown): Record<string, unknown> {
  if (!body || typeof body !== 'object') return {};
  const values: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(body)) {
    if (/password/i.test(key)) continue;
    values[key] = value;
  }
  return values;
}

/** A use case's refusals (field → message key) as the messages a form shows, in the page's language. */
export function translatedErrors(keys: Record<string, string>, t: Translate): FieldErrors {
  return Object.fromEntries(Object.entries(keys).map(([field, key]) => [field, t(key)]));
}
