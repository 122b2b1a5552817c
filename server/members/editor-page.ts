import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { requireMember } from '../auth/guards.js';
import type { Membership } from '../auth/queries.js';
import { echoValues, type FieldErrors } from '../shared/forms.js';
import type { Translate } from '../shared/i18n.js';
import { type EditingMember, type EditorContext, editorContext, type SaveResult } from './profile-editor.js';

/** The profile editor page, shared by the profile form and the photo form. */

export function editingMember(member: Membership): EditingMember {
  return { id: member.id, groupId: member.group.id, oneSeatPerTrade: member.group.oneSeatPerTrade };
}

/** Form values as the editor shows them: checkboxes as booleans, the trade picks always as a list. */
export function formValues(body: unknown): Record<string, unknown> {
  const values = echoValues(body);
  const trades = values.trades;
  return {
    ...values,
    trades: trades === undefined ? [] : Array.isArray(trades) ? trades : [trades],
    isPublic: values.isPublic === 'on',
    requestAnyway: values.requestAnyway === 'on',
  };
}

/** "Anna Berger und Bernd Bauer" — names joined the way the page's language does it. */
function nameList(names: string[], locale: string): string {
  return new Intl.ListFormat(locale, { style: 'long', type: 'conjunction' }).format(names);
}

export function conflictMessages(result: Extract<SaveResult, { status: 'conflict' }>, t: Translate, locale: string) {
  return result.conflicts.map((c) => t('members.conflict.taken', { trade: c.tradeName, names: nameList(c.holderNames, locale) }));
}

export type EditorView = {
  values?: Record<string, unknown>;
  errors?: FieldErrors;
  conflicts?: string[];
  photoError?: string;
};

/** Renders the profile editor: the saved profile, or the member's rejected input with its messages. */
export async function renderEditor(app: FastifyInstance, request: FastifyRequest, reply: FastifyReply, view: EditorView = {}, status = 200) {
  const member = requireMember(request);
  const context: EditorContext = await editorContext(app.db, editingMember(member));
  return reply.page(
    'profile-edit',
    {
      title: request.t('members.editor.title'),
      values: view.values ?? context.saved ?? {},
      errors: view.errors,
      conflicts: view.conflicts,
      photoError: view.photoError,
      tradeOptions: context.tradeOptions.map((trade) => ({ ...trade, holders: nameList(trade.holderNames, request.locale) })),
      pendingTrades: context.pendingTrades,
      hasPhoto: context.hasPhoto,
      oneSeatPerTrade: member.group.oneSeatPerTrade,
      noindex: true,
    },
    status,
  );
}
