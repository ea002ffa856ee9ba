// Saved list views: each user's own, and the ones shared with everyone. A view is a list's URL query,
// so restoring one is opening its URL; only its owner changes or deletes it (admins may delete any).
import { and, asc, eq, or } from 'drizzle-orm';
import { savedViews } from '../../drizzle/schema';
import type { ViewList, ViewSave } from '../../shared/schemas/views';
import type { DbOrTx } from '../db';
import type { Actor } from '../lib/actor';
import { forbidden, notFound } from '../lib/errors';

const columns = {
  id: savedViews.id,
  ownerId: savedViews.ownerId,
  list: savedViews.list,
  name: savedViews.name,
  params: savedViews.params,
  shared: savedViews.shared,
  updatedAt: savedViews.updatedAt,
};

export async function listViews(db: DbOrTx, actor: Actor, { list }: { list: ViewList }) {
  const rows = await db
    .select(columns)
    .from(savedViews)
    .where(and(eq(savedViews.list, list), or(actor.id ? eq(savedViews.ownerId, actor.id) : undefined, eq(savedViews.shared, true))))
    .orderBy(asc(savedViews.name), asc(savedViews.id));
  return rows.map((r) => ({ ...r, mine: r.ownerId === actor.id }));
}

async function loadOwnView(db: DbOrTx, actor: Actor, id: number, action: 'change' | 'delete') {
  const [row] = await db.select(columns).from(savedViews).where(eq(savedViews.id, id));
  // Someone else's private view does not exist as far as this user can tell.
  if (!row || (row.ownerId !== actor.id && !row.shared)) throw notFound('View');
  const mayDeleteAny = action === 'delete' && (actor.role === 'admin' || actor.role === 'system');
  if (row.ownerId !== actor.id && !mayDeleteAny) throw forbidden(`Only the person who saved this view can ${action} it`);
  return row;
}

export async function saveView(db: DbOrTx, actor: Actor, input: ViewSave, now: Date) {
  if (!actor.id) throw forbidden('Views are saved by a signed-in user');
  const values = { list: input.list, name: input.name, params: input.params, shared: input.shared };
  let id = input.id;
  if (id) {
    const before = await loadOwnView(db, actor, id, 'change');
    if (before.list !== input.list) throw forbidden('A view stays on the list it was saved for');
    await db.update(savedViews).set({ ...values, updatedAt: now }).where(eq(savedViews.id, id));
  } else {
    const [inserted] = await db.insert(savedViews).values({ ...values, ownerId: actor.id }).$returningId();
    id = inserted!.id;
  }
  const [row] = await db.select(columns).from(savedViews).where(eq(savedViews.id, id!));
  return { ...row!, mine: true };
}

export async function deleteView(db: DbOrTx, actor: Actor, { id }: { id: number }) {
  await loadOwnView(db, actor, id, 'delete');
  await db.delete(savedViews).where(eq(savedViews.id, id));
  return { id };
}
