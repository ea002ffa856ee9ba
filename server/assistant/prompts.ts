// ai.prompts.*: the assistant's prompts as versioned rows (admins edit, activate, compare), and which version a
// review or an answer uses. A version is never changed once saved: editing saves the next one, so the label a
// review or answer records ("ask/3") always names the text that produced it. Version 1 of each prompt is the text
// the product ships (domain/assistant/prompts.ts), installed the first time a prompt is needed.
import { and, desc, eq, inArray, isNull, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/mysql-core';
import { aiPromptExperiments, aiPrompts, aiPromptVersions, users } from '../../drizzle/schema';
import type { AiExperimentStart, AiExperimentStop, AiPromptSave, AiPromptVersionById } from '../../shared/schemas/assistant';
import { type DbOrTx, inTransaction, type Tx } from '../db';
import { experimentArm, firstPrompts, promptFeatureNames, type PromptFeature, promptLabel, promptPlaceholders, templateProblem } from '../domain/assistant/prompts';
import { assertAdmin } from '../lib/access';
import type { Actor } from '../lib/actor';
import { recordAudit } from '../lib/audit';
import { conflict, fieldError, invalid, notFound } from '../lib/errors';
import { noUsage, type UsageFigures, usageOfVersions } from './usage';

const features = Object.keys(firstPrompts) as PromptFeature[];
/** Versions listed per prompt on the admin page, newest first. */
const LISTED_VERSIONS = 50;
const PAST_EXPERIMENTS = 5;
const ADMIN_ONLY = 'Only admins can manage the AI prompts';

/** The prompt a call uses, and what it records. */
export interface ChosenPrompt {
  versionId: number;
  /** "deal-review/2": stored on the review or answer. */
  label: string;
  system: string;
  /** Set when an experiment chose it. */
  experimentId: number | null;
}

/** Installs version 1 of each prompt and makes it active, where that has not happened yet (safe to repeat). */
export async function installPrompts(db: DbOrTx): Promise<void> {
  await db
    .insert(aiPromptVersions)
    .values(features.map((feature) => ({ feature, version: 1, label: promptLabel(feature, 1), system: firstPrompts[feature] })))
    .onDuplicateKeyUpdate({ set: { id: sql`${aiPromptVersions.id}` } });
  const firsts = await db.select({ id: aiPromptVersions.id, feature: aiPromptVersions.feature }).from(aiPromptVersions).where(eq(aiPromptVersions.version, 1));
  await db
    .insert(aiPrompts)
    .values(firsts.map((v) => ({ feature: v.feature, activeVersionId: v.id })))
    .onDuplicateKeyUpdate({ set: { id: sql`${aiPrompts.id}` } });
}

const challenger = alias(aiPromptVersions, 'challenger');

async function readChoice(db: DbOrTx, feature: PromptFeature) {
  const [row] = await db
    .select({
      active: { id: aiPromptVersions.id, label: aiPromptVersions.label, system: aiPromptVersions.system },
      experiment: { id: aiPromptExperiments.id, challengerPercent: aiPromptExperiments.challengerPercent },
      challenger: { id: challenger.id, label: challenger.label, system: challenger.system },
    })
    .from(aiPrompts)
    .innerJoin(aiPromptVersions, eq(aiPromptVersions.id, aiPrompts.activeVersionId))
    .leftJoin(aiPromptExperiments, and(eq(aiPromptExperiments.feature, aiPrompts.feature), isNull(aiPromptExperiments.endedAt)))
    .leftJoin(challenger, eq(challenger.id, aiPromptExperiments.challengerVersionId))
    .where(eq(aiPrompts.feature, feature))
    .limit(1);
  return row;
}

/**
 * The version this user's call uses: the active one, or during an experiment the challenger for the experiment's
 * share of users (per user; domain/assistant/prompts.ts says why).
 */
export async function choosePrompt(db: DbOrTx, feature: PromptFeature, actor: Actor): Promise<ChosenPrompt> {
  let row = await readChoice(db, feature);
  if (!row) {
    await installPrompts(db);
    row = await readChoice(db, feature);
  }
  if (!row) throw new Error(`The ${feature} prompt could not be installed`);
  if (row.experiment && row.challenger && experimentArm(row.experiment.id, actor.id, row.experiment.challengerPercent) === 'challenger') {
    return { versionId: row.challenger.id, label: row.challenger.label, system: row.challenger.system, experimentId: row.experiment.id };
  }
  return { versionId: row.active.id, label: row.active.label, system: row.active.system, experimentId: row.experiment?.id ?? null };
}

// --- The admin page -------------------------------------------------------------------------------------------

export interface PromptVersionView {
  id: number;
  version: number;
  label: string;
  system: string;
  note: string | null;
  createdAt: Date;
  createdByName: string | null;
  active: boolean;
  /** Over all time. */
  usage: UsageFigures;
}

export interface ExperimentView {
  id: number;
  challengerPercent: number;
  startedAt: Date;
  endedAt: Date | null;
  startedByName: string | null;
  /** Activated when it ended (null: stopped without a change, or still running). */
  outcomeLabel: string | null;
  /** Each arm over the experiment's own days. */
  control: { id: number; label: string; usage: UsageFigures };
  challenger: { id: number; label: string; usage: UsageFigures };
}

export interface PromptView {
  feature: PromptFeature;
  name: string;
  placeholders: Record<string, string>;
  activeVersionId: number;
  versions: PromptVersionView[];
  experiment: ExperimentView | null;
  pastExperiments: ExperimentView[];
}

async function experimentsOf(db: DbOrTx, feature: PromptFeature, labels: Map<number, string>): Promise<ExperimentView[]> {
  const rows = await db
    .select({ experiment: aiPromptExperiments, startedByName: users.name })
    .from(aiPromptExperiments)
    .leftJoin(users, eq(users.id, aiPromptExperiments.startedById))
    .where(eq(aiPromptExperiments.feature, feature))
    .orderBy(desc(aiPromptExperiments.startedAt), desc(aiPromptExperiments.id))
    .limit(PAST_EXPERIMENTS + 1);
  const missing = [...new Set(rows.flatMap((r) => [r.experiment.controlVersionId, r.experiment.challengerVersionId]))].filter((id) => !labels.has(id));
  if (missing.length > 0) {
    for (const v of await db.select({ id: aiPromptVersions.id, label: aiPromptVersions.label }).from(aiPromptVersions).where(inArray(aiPromptVersions.id, missing))) labels.set(v.id, v.label);
  }
  return Promise.all(
    rows.map(async ({ experiment: e, startedByName }) => {
      const control = labels.get(e.controlVersionId)!;
      const challengerLabel = labels.get(e.challengerVersionId)!;
      const usage = await usageOfVersions(db, [control, challengerLabel], { from: e.startedAt, to: e.endedAt });
      return {
        id: e.id,
        challengerPercent: e.challengerPercent,
        startedAt: e.startedAt,
        endedAt: e.endedAt,
        startedByName,
        outcomeLabel: e.outcomeVersionId === null ? null : (labels.get(e.outcomeVersionId) ?? null),
        control: { id: e.controlVersionId, label: control, usage: usage.get(control) ?? noUsage },
        challenger: { id: e.challengerVersionId, label: challengerLabel, usage: usage.get(challengerLabel) ?? noUsage },
      };
    }),
  );
}

/** Every prompt with its versions (newest first, with their figures), the running experiment and the last ones. */
export async function listPrompts(db: DbOrTx, actor: Actor): Promise<PromptView[]> {
  assertAdmin(actor, ADMIN_ONLY);
  await installPrompts(db);
  const active = new Map((await db.select({ feature: aiPrompts.feature, id: aiPrompts.activeVersionId }).from(aiPrompts)).map((r) => [r.feature, r.id]));
  return Promise.all(
    features.map(async (feature) => {
      const versions = await db
        .select({
          id: aiPromptVersions.id,
          version: aiPromptVersions.version,
          label: aiPromptVersions.label,
          system: aiPromptVersions.system,
          note: aiPromptVersions.note,
          createdAt: aiPromptVersions.createdAt,
          createdByName: users.name,
        })
        .from(aiPromptVersions)
        .leftJoin(users, eq(users.id, aiPromptVersions.createdById))
        .where(eq(aiPromptVersions.feature, feature))
        .orderBy(desc(aiPromptVersions.version))
        .limit(LISTED_VERSIONS);
      const usage = await usageOfVersions(db, versions.map((v) => v.label));
      const labels = new Map(versions.map((v) => [v.id, v.label]));
      const experiments = await experimentsOf(db, feature, labels);
      const running = experiments.find((e) => e.endedAt === null) ?? null;
      return {
        feature,
        name: promptFeatureNames[feature],
        placeholders: promptPlaceholders[feature],
        activeVersionId: active.get(feature)!,
        versions: versions.map((v) => ({ ...v, active: v.id === active.get(feature), usage: usage.get(v.label) ?? noUsage })),
        experiment: running,
        pastExperiments: experiments.filter((e) => e.endedAt !== null).slice(0, PAST_EXPERIMENTS),
      };
    }),
  );
}

/** The feature's row, locked: edits, activations and experiments of one prompt happen one at a time. */
async function lockPrompt(tx: Tx, feature: PromptFeature) {
  await installPrompts(tx);
  const [row] = await tx.select().from(aiPrompts).where(eq(aiPrompts.feature, feature)).for('update');
  return row!;
}

async function runningExperiment(tx: Tx, feature: PromptFeature) {
  const [row] = await tx.select().from(aiPromptExperiments).where(and(eq(aiPromptExperiments.feature, feature), isNull(aiPromptExperiments.endedAt))).limit(1);
  return row ?? null;
}

async function endExperiment(tx: Tx, actor: Actor, experimentId: number, outcomeVersionId: number | null, now: Date) {
  await tx.update(aiPromptExperiments).set({ endedAt: now, endedById: actor.id, outcomeVersionId }).where(eq(aiPromptExperiments.id, experimentId));
  await recordAudit(tx, { actor, action: 'update', entityType: 'ai_prompt_experiment', entityId: experimentId, changes: { endedAt: [null, now.toISOString()], outcomeVersionId: [null, outcomeVersionId] } });
}

async function activate(tx: Tx, actor: Actor, feature: PromptFeature, versionId: number, now: Date) {
  const prompt = await lockPrompt(tx, feature);
  const experiment = await runningExperiment(tx, feature);
  // Activating a version settles the experiment: its outcome is what was activated.
  if (experiment) await endExperiment(tx, actor, experiment.id, versionId, now);
  if (prompt.activeVersionId === versionId) return;
  await tx.update(aiPrompts).set({ activeVersionId: versionId, updatedById: actor.id, updatedAt: now }).where(eq(aiPrompts.id, prompt.id));
  await recordAudit(tx, { actor, action: 'update', entityType: 'ai_prompt', entityId: feature, changes: { activeVersionId: [prompt.activeVersionId, versionId] } });
}

/** Saves the next version of a prompt (and puts it in use when asked). */
export async function savePromptVersion(db: DbOrTx, actor: Actor, input: AiPromptSave, now: Date): Promise<{ id: number; label: string }> {
  assertAdmin(actor, ADMIN_ONLY);
  const problem = templateProblem(input.feature, input.system);
  if (problem) throw fieldError('invalid', 'system', problem);
  return inTransaction(db, async (tx) => {
    await lockPrompt(tx, input.feature);
    const [latest] = await tx
      .select({ version: aiPromptVersions.version, system: aiPromptVersions.system })
      .from(aiPromptVersions)
      .where(eq(aiPromptVersions.feature, input.feature))
      .orderBy(desc(aiPromptVersions.version))
      .limit(1);
    if (latest && latest.system === input.system) throw fieldError('invalid', 'system', `This is the text of version ${latest.version} already: change something first`);
    const version = (latest?.version ?? 0) + 1;
    const label = promptLabel(input.feature, version);
    const [row] = await tx
      .insert(aiPromptVersions)
      .values({ feature: input.feature, version, label, system: input.system, note: input.note, createdById: actor.id, createdAt: now })
      .$returningId();
    await recordAudit(tx, { actor, action: 'create', entityType: 'ai_prompt_version', entityId: row!.id, changes: { feature: input.feature, version, note: input.note } });
    if (input.activate) await activate(tx, actor, input.feature, row!.id, now);
    return { id: row!.id, label };
  });
}

async function loadVersion(db: DbOrTx, versionId: number) {
  const [row] = await db.select().from(aiPromptVersions).where(eq(aiPromptVersions.id, versionId));
  if (!row) throw notFound('Prompt version');
  return row;
}

/** Puts a version in use for everyone; a running experiment ends with it as the outcome. */
export async function activatePromptVersion(db: DbOrTx, actor: Actor, input: AiPromptVersionById, now: Date): Promise<{ activeVersionId: number }> {
  assertAdmin(actor, ADMIN_ONLY);
  const version = await loadVersion(db, input.versionId);
  await inTransaction(db, (tx) => activate(tx, actor, version.feature, version.id, now));
  return { activeVersionId: version.id };
}

/** Starts splitting the challenger's feature between its active version and the challenger. */
export async function startExperiment(db: DbOrTx, actor: Actor, input: AiExperimentStart, now: Date): Promise<{ id: number }> {
  assertAdmin(actor, ADMIN_ONLY);
  const version = await loadVersion(db, input.challengerVersionId);
  return inTransaction(db, async (tx) => {
    const prompt = await lockPrompt(tx, version.feature);
    if (prompt.activeVersionId === version.id) throw fieldError('invalid', 'challengerVersionId', `${version.label} is already the active version: choose another to compare with it`);
    if (await runningExperiment(tx, version.feature)) throw conflict(`An experiment on the ${promptFeatureNames[version.feature]} prompt is already running: activate a version or stop it first`);
    const [row] = await tx
      .insert(aiPromptExperiments)
      .values({ feature: version.feature, controlVersionId: prompt.activeVersionId, challengerVersionId: version.id, challengerPercent: input.challengerPercent, startedById: actor.id, startedAt: now })
      .$returningId();
    await recordAudit(tx, {
      actor,
      action: 'create',
      entityType: 'ai_prompt_experiment',
      entityId: row!.id,
      changes: { feature: version.feature, controlVersionId: prompt.activeVersionId, challengerVersionId: version.id, challengerPercent: input.challengerPercent },
    });
    return { id: row!.id };
  });
}

/** Ends the running experiment with no change: everyone gets the active version again. */
export async function stopExperiment(db: DbOrTx, actor: Actor, input: AiExperimentStop, now: Date): Promise<{ stopped: boolean }> {
  assertAdmin(actor, ADMIN_ONLY);
  return inTransaction(db, async (tx) => {
    await lockPrompt(tx, input.feature);
    const experiment = await runningExperiment(tx, input.feature);
    if (!experiment) throw invalid(`No experiment is running on the ${promptFeatureNames[input.feature]} prompt`);
    await endExperiment(tx, actor, experiment.id, null, now);
    return { stopped: true };
  });
}
