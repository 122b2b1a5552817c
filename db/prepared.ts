import type { Db } from './client.js';

type Preparable<P> = { prepare(name: string): P };

const cache = new WeakMap<Db, Map<string, unknown>>();

/**
 * A statement built once per database handle and prepared under `name`. Building a drizzle query
 * costs real CPU on every call, and PostgreSQL would plan it again each time; the hot per-request
 * queries (the session, a profile, the trust summary) are built once and only executed after.
 * Use `sql.placeholder('x')` for the values and `.execute({ x })` on the result.
 */
export function preparedStatement<P>(db: Db, name: string, build: (db: Db) => Preparable<P>): P {
  let statements = cache.get(db);
  if (!statements) cache.set(db, (statements = new Map()));
  let statement = statements.get(name) as P | undefined;
  if (!statement) statements.set(name, (statement = build(db).prepare(name)));
  return statement;
}
