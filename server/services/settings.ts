// Organisation settings: everyone signed in reads them (the client needs the fiscal year, capture the
// organisation's domains); admins change them, audited. Unset keys read as their defaults.
import { inArray, sql } from 'drizzle-orm';
import { organisationSettings } from '../../drizzle/schema';
import { type OrganisationSettings, type SettingKey, settingDefaults, settingShapes, type SettingsUpdate } from '../../shared/schemas/settings';
import { type DbOrTx, inTransaction } from '../db';
import { assertAdmin } from '../lib/access';
import type { Actor } from '../lib/actor';
import { recordUpdateAudit } from '../lib/audit';

export async function getOrganisationSettings(db: DbOrTx, _actor: Actor): Promise<OrganisationSettings> {
  const rows = await db.select({ key: organisationSettings.key, value: organisationSettings.value }).from(organisationSettings);
  const settings: Record<string, unknown> = { ...settingDefaults };
  for (const row of rows) {
    const shape = settingShapes[row.key as SettingKey];
    // A key this version does not know, or a value it no longer accepts, reads as the default.
    const parsed = shape?.safeParse(row.value);
    if (parsed?.success) settings[row.key] = parsed.data;
  }
  return settings as OrganisationSettings;
}

export async function updateOrganisationSettings(db: DbOrTx, actor: Actor, input: SettingsUpdate, now: Date): Promise<OrganisationSettings> {
  assertAdmin(actor, 'Only admins can change the organisation settings');
  return inTransaction(db, async (tx) => {
    const keys = Object.keys(input) as SettingKey[];
    // Locked, so two admins saving at once apply one after the other and both are audited truly.
    await tx.select({ id: organisationSettings.id }).from(organisationSettings).where(inArray(organisationSettings.key, keys)).for('update');
    const before = await getOrganisationSettings(tx, actor);
    await tx
      .insert(organisationSettings)
      .values(keys.map((key) => ({ key, value: input[key], updatedById: actor.id, createdAt: now, updatedAt: now })))
      .onDuplicateKeyUpdate({
        set: {
          value: sql`values(${organisationSettings.value})`,
          updatedById: sql`values(${organisationSettings.updatedById})`,
          updatedAt: sql`values(${organisationSettings.updatedAt})`,
        },
      });
    // Arrays compare by content in the audit, not by identity.
    const asText = (s: Partial<OrganisationSettings>) => Object.fromEntries(keys.map((k) => [k, JSON.stringify(s[k])]));
    await recordUpdateAudit(tx, { actor, entityType: 'settings', entityId: 'organisation', before: asText(before), after: asText(input) });
    return getOrganisationSettings(tx, actor);
  });
}
