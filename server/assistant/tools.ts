// The assistant's tools: typed, zod-validated, read-only, each calling our own services or a whitelisted
// aggregate with the asking user as the actor, so Claude sees exactly what the user may see, through the same
// code paths as the screens. No tool takes SQL or a column name from the model: every choice is an enum that
// maps to a column here, every value a bound parameter. Each call returns at most MAX_TOOL_ROWS rows.
import type { Tool } from '@anthropic-ai/sdk/resources/messages';
import { and, asc, eq, gte, inArray, isNotNull, isNull, lte, sql, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import { accounts, opportunities, users } from '../../drizzle/schema';
import { relatedToTypes } from '../../shared/enums';
import type { AskLink } from '../../shared/schemas/assistant';
import { isoDate, recordId } from '../../shared/schemas/common';
import { opportunityList } from '../../shared/schemas/opportunities';
import { closedStages, stages } from '../../shared/stages';
import type { DbOrTx } from '../db';
import { toMoney } from '../insight/aggregates';
import type { Actor } from '../lib/actor';
import { dealGroupings, dealMissingFields } from '../domain/assistant/answerReport';
import { dayAfter, type NamedPeriod, namedPeriods, resolvePeriod } from '../domain/assistant/periods';
import { listActivitiesByRelated } from '../services/activities';
import { getOpportunity, listOpportunities } from '../services/opportunities';
import { globalSearch } from '../services/search';
import { listUsers } from '../services/users';

export const MAX_TOOL_ROWS = 25;
/** How many deals list_opportunities reads to filter by missing fields (it says when there were more). */
const MISSING_SCAN_ROWS = 200;
const SNIPPET_MAX = 300;

export interface ToolContext {
  db: DbOrTx;
  actor: Actor;
  now: Date;
  /** The asker's calendar day, and the organisation's fiscal year start: what "this quarter" means. */
  today: string;
  fiscalYearStartMonth: number;
}

export interface ToolOutput {
  /** What Claude reads (as quoted JSON). */
  data: unknown;
  /** What the chat shows for the step: "12 deals". */
  summary: string;
  links: AskLink[];
}

interface AskTool<S extends z.ZodType> {
  name: string;
  description: string;
  input: S;
  run(ctx: ToolContext, input: z.output<S>): Promise<ToolOutput>;
}

const defineTool = <S extends z.ZodType>(tool: AskTool<S>) => tool;
const rows = z.number().int().min(1).max(MAX_TOOL_ROWS, `at most ${MAX_TOOL_ROWS} rows per call`);
const ref = (type: AskLink['type'], id: number) => `${type}:${id}`;
const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
const cut = (text: string | null, max: number) => (text && text.length > max ? `${text.slice(0, max - 1)}…` : text);

/** "me" is the asking user; anything else must be a user id from list_users. */
const owner = z.union([z.literal('me'), z.string().min(1).max(36)]).describe('"me" for the asking user, or a user id from list_users');
const ownerId = (ctx: ToolContext, value: string | undefined) => (value === 'me' ? (ctx.actor.id ?? undefined) : value);

/** A period by name, resolved by us against the fiscal year, so "this quarter" is the organisation's quarter. */
const period = z
  .enum(namedPeriods)
  .describe("A named period: months are calendar months; quarters and years are the organisation's fiscal quarters and years. Use it for \"this quarter\", \"last year\" instead of dates.");
const periodOf = (ctx: ToolContext, name: NamedPeriod | undefined) => (name ? { name, ...resolvePeriod(name, ctx.today, ctx.fiscalYearStartMonth) } : undefined);
const notBoth = (what: string) => `give ${what}Period or ${what}DateFrom/${what}DateTo, not both`;

const searchRecords = defineTool({
  name: 'search_records',
  description:
    'Find accounts, contacts, leads, opportunities, projects and cases whose name, email, domain, phone or case number starts with the query. Returns refs like opportunity:12.',
  input: z.object({ query: z.string().trim().min(1).max(100), limit: rows.default(10) }),
  async run(ctx, input) {
    const { items } = await globalSearch(ctx.db, ctx.actor, { q: input.query, limit: input.limit });
    return {
      data: items.map((h) => ({ ref: ref(h.type, h.id), type: h.type, title: h.title, subtitle: h.subtitle, account: h.accountName, owner: h.ownerName })),
      summary: plural(items.length, 'record'),
      links: items.map((h) => ({ type: h.type, id: h.id, label: h.title })),
    };
  },
});

const listPeople = defineTool({
  name: 'list_users',
  description: 'The active users (sales reps, managers, CSMs, admins) with their ids and roles, to filter by owner.',
  input: z.object({ nameContains: z.string().trim().max(100).optional() }),
  async run(ctx, input) {
    const people = (await listUsers(ctx.db, ctx.actor, { includeInactive: false, search: input.nameContains })).slice(0, 100);
    return { data: people.map((u) => ({ id: u.id, name: u.name, role: u.role, isMe: u.id === ctx.actor.id })), summary: plural(people.length, 'user'), links: [] };
  },
});

const missingFields = dealMissingFields;
const missingColumn = {
  economicBuyer: opportunities.economicBuyerContactId,
  champion: opportunities.championContactId,
  nextStep: opportunities.nextStep,
  closeDate: opportunities.closeDate,
  amount: opportunities.amount,
};

const listDeals = defineTool({
  name: 'list_opportunities',
  description:
    'List opportunities (deals) with typed filters, sorted. Dates are YYYY-MM-DD; "closePeriod" (this_quarter, last_year ...) follows the fiscal year. "missing" keeps deals where all the named fields are empty (e.g. no economic buyer). Returns at most 25; "more" says there were more.',
  input: z.object({
    owner: owner.optional(),
    stage: z.array(z.enum(stages)).min(1).max(stages.length).optional(),
    open: z.boolean().optional().describe('true: open deals only; false: closed (won or lost) only'),
    closePeriod: period.optional(),
    closeDateFrom: isoDate.optional(),
    closeDateTo: isoDate.optional(),
    accountId: recordId.optional(),
    amountMin: z.number().min(0).max(1e12).optional(),
    missing: z.array(z.enum(missingFields)).min(1).max(missingFields.length).optional(),
    sort: z.enum(['closeDate', 'amount', 'updatedAt']).default('closeDate'),
    sortDirection: z.enum(['asc', 'desc']).default('asc'),
    limit: rows.default(MAX_TOOL_ROWS),
  }).refine((v) => !(v.closePeriod && (v.closeDateFrom || v.closeDateTo)), { message: notBoth('close'), path: ['closePeriod'] }),
  async run(ctx, input) {
    const close = periodOf(ctx, input.closePeriod);
    const filters = opportunityList.parse({
      ownerId: ownerId(ctx, input.owner),
      stage: input.stage,
      open: input.open,
      closeDateFrom: close?.start ?? input.closeDateFrom,
      closeDateTo: close?.end ?? input.closeDateTo,
      accountId: input.accountId,
      amountMin: input.amountMin,
      sort: input.sort,
      sortDirection: input.sortDirection,
      limit: input.missing ? MISSING_SCAN_ROWS : input.limit,
    });
    const page = await listOpportunities(ctx.db, ctx.actor, filters);
    let deals = page.items;
    if (input.missing && deals.length > 0) {
      const lacking = await ctx.db
        .select({ id: opportunities.id })
        .from(opportunities)
        .where(and(inArray(opportunities.id, deals.map((d) => d.id)), ...input.missing.map((f) => isNull(missingColumn[f]))));
      const keep = new Set(lacking.map((r) => r.id));
      deals = deals.filter((d) => keep.has(d.id));
    }
    const more = deals.length > input.limit || page.nextCursor !== null;
    deals = deals.slice(0, input.limit);
    return {
      data: {
        deals: deals.map((d) => ({
          ref: ref('opportunity', d.id),
          name: d.opportunityName,
          account: d.accountName,
          stage: d.stage,
          amount: d.amount,
          closeDate: d.closeDate,
          forecastCategory: d.forecastCategory,
          probability: d.probability,
          nextStep: d.nextStep,
          owner: d.ownerName,
        })),
        more,
        ...(close ? { closePeriod: close } : {}),
        ...(input.missing && page.nextCursor !== null ? { note: `only the first ${MISSING_SCAN_ROWS} matching deals were checked for missing fields` } : {}),
      },
      summary: `${plural(deals.length, 'deal')}${more ? ' (more exist)' : ''}`,
      links: deals.map((d) => ({ type: 'opportunity' as const, id: d.id, label: d.opportunityName })),
    };
  },
});

const o = opportunities;

/**
 * The fiscal quarter a date falls in, labelled as on the Forecast page ("Q4 2026", or "Q4 FY2027" when the fiscal
 * year starts in another month than January; a fiscal year is named by the year it ends in). The start month is
 * our own validated setting, inlined as a number so the same expression can be grouped by on MySQL 8.
 */
function fiscalQuarter(column: typeof o.closeDate | typeof o.closedAt, fiscalYearStartMonth: number, empty: string): SQL<string> {
  const start = sql.raw(String(Math.min(12, Math.max(1, Math.trunc(fiscalYearStartMonth)))));
  const quarter = sql`floor(((month(${column}) - ${start} + 12) % 12) / 3) + 1`;
  const label =
    fiscalYearStartMonth === 1
      ? sql`concat('Q', ${quarter}, ' ', year(${column}))`
      : sql`concat('Q', ${quarter}, ' FY', year(${column}) + (month(${column}) >= ${start}))`;
  return sql<string>`coalesce(${label}, ${empty})`;
}

/** Every grouping the model may choose, each one SQL expression of ours (and the order its groups come in). */
function groupings(fiscalYearStartMonth: number) {
  const byDate = (column: typeof o.closeDate | typeof o.closedAt, empty: string) => ({ key: fiscalQuarter(column, fiscalYearStartMonth, empty), order: sql`min(${column})` });
  return {
    stage: { key: sql<string>`${o.stage}` },
    owner: { key: sql<string>`coalesce(${users.name}, '')` },
    forecastCategory: { key: sql<string>`${o.forecastCategory}` },
    account: { key: sql<string>`coalesce(${accounts.accountName}, '')` },
    competitor: { key: sql<string>`coalesce(${o.competitor}, '(none)')` },
    lossReason: { key: sql<string>`coalesce(${o.lossReason}, '(none)')` },
    closeMonth: { key: sql<string>`coalesce(date_format(${o.closeDate}, '%Y-%m'), '(no date)')` },
    closeQuarter: byDate(o.closeDate, "'(no date)'"),
    closedQuarter: byDate(o.closedAt, "'(open)'"),
    none: { key: sql<string>`'all'` },
  } satisfies Record<(typeof dealGroupings)[number], { key: SQL<string>; order?: SQL }>;
}
const groupingNames = dealGroupings;

const aggregateDeals = defineTool({
  name: 'aggregate_opportunities',
  description:
    'Count and sum opportunities grouped by one field, with filters. Each group gives count, totalAmount, averageAmount, won, lost and winRate (won / (won + lost), in %). closeQuarter and closedQuarter are the organisation\'s fiscal quarters; "closePeriod" and "closedPeriod" (this_quarter, last_year ...) follow the fiscal year too. "closedFrom/closedTo" and "closedPeriod" filter by the date a deal was won or lost. "competitor" matches the deal\'s competitor exactly (case-insensitive).',
  input: z
    .object({
      groupBy: z.enum(groupingNames),
      owner: owner.optional(),
      stage: z.array(z.enum(stages)).min(1).max(stages.length).optional(),
      open: z.boolean().optional(),
      closePeriod: period.optional(),
      closeDateFrom: isoDate.optional(),
      closeDateTo: isoDate.optional(),
      closedPeriod: period.optional(),
      closedFrom: isoDate.optional(),
      closedTo: isoDate.optional(),
      competitor: z.string().trim().min(1).max(255).optional(),
      accountId: recordId.optional(),
    })
    .refine((v) => !(v.closePeriod && (v.closeDateFrom || v.closeDateTo)), { message: notBoth('close'), path: ['closePeriod'] })
    .refine((v) => !(v.closedPeriod && (v.closedFrom || v.closedTo)), { message: 'give closedPeriod or closedFrom/closedTo, not both', path: ['closedPeriod'] }),
  async run(ctx, input) {
    const grouping = groupings(ctx.fiscalYearStartMonth)[input.groupBy];
    const key = grouping.key;
    const owned = ownerId(ctx, input.owner);
    const close = periodOf(ctx, input.closePeriod);
    const closed = periodOf(ctx, input.closedPeriod);
    const closeFrom = close?.start ?? input.closeDateFrom;
    const closeTo = close?.end ?? input.closeDateTo;
    const closedFrom = closed?.start ?? input.closedFrom;
    const closedTo = closed?.end ?? input.closedTo;
    const where: (SQL | undefined)[] = [
      isNull(o.deletedAt),
      owned ? eq(o.ownerId, owned) : undefined,
      input.stage ? inArray(o.stage, input.stage) : undefined,
      input.open === true ? isNull(o.closedAt) : input.open === false ? isNotNull(o.closedAt) : undefined,
      closeFrom ? gte(o.closeDate, closeFrom) : undefined,
      closeTo ? lte(o.closeDate, closeTo) : undefined,
      closedFrom ? gte(o.closedAt, new Date(`${closedFrom}T00:00:00.000Z`)) : undefined,
      closedTo ? sql`${o.closedAt} < ${new Date(`${dayAfter(closedTo)}T00:00:00.000Z`)}` : undefined,
      input.competitor ? eq(o.competitor, input.competitor) : undefined,
      input.accountId ? eq(o.accountId, input.accountId) : undefined,
    ];
    const [won, lost] = closedStages;
    const groups = await ctx.db
      .select({
        group: key,
        count: sql<number>`count(*)`.mapWith(Number),
        totalAmount: sql<string>`coalesce(sum(${o.amount}), 0)`.mapWith(toMoney),
        averageAmount: sql<string>`coalesce(round(avg(${o.amount}), 2), 0)`.mapWith(toMoney),
        won: sql<number>`sum(${o.stage} = ${won})`.mapWith(Number),
        lost: sql<number>`sum(${o.stage} = ${lost})`.mapWith(Number),
      })
      .from(o)
      .leftJoin(users, eq(users.id, o.ownerId))
      .leftJoin(accounts, eq(accounts.id, o.accountId))
      .where(and(...where))
      .groupBy(key)
      .orderBy('order' in grouping ? asc(grouping.order) : asc(key))
      .limit(MAX_TOOL_ROWS + 1);
    const shown = groups.slice(0, MAX_TOOL_ROWS).map((g) => ({ ...g, winRate: g.won + g.lost > 0 ? Math.round((1000 * g.won) / (g.won + g.lost)) / 10 : null }));
    return {
      data: { groups: shown, more: groups.length > MAX_TOOL_ROWS, ...(close ? { closePeriod: close } : {}), ...(closed ? { closedPeriod: closed } : {}) },
      summary: plural(shown.length, 'group'),
      links: [],
    };
  },
});

const timeline = defineTool({
  name: 'record_timeline',
  description: "A record's latest activities (calls, emails, meetings, notes, tasks), newest first, as the user may see them.",
  input: z.object({ type: z.enum(relatedToTypes), id: recordId, limit: rows.default(15) }),
  async run(ctx, input) {
    const page = await listActivitiesByRelated(ctx.db, ctx.actor, { relatedToType: input.type, relatedToId: input.id, limit: input.limit });
    const name = page.items[0]?.relatedTo.name ?? null;
    return {
      data: {
        record: ref(input.type, input.id),
        activities: page.items.map((a) => ({
          ref: `activity:${a.id}`,
          type: a.type,
          at: a.occurredAt.toISOString(),
          subject: a.subject,
          snippet: cut(a.body, SNIPPET_MAX),
          owner: a.ownerName,
          ...(a.type === 'task' ? { dueAt: a.dueAt?.toISOString() ?? null, completed: a.completedAt !== null } : {}),
        })),
        more: page.nextCursor !== null,
      },
      summary: plural(page.items.length, 'activity').replace('activitys', 'activities'),
      links: name ? [{ type: input.type, id: input.id, label: name }] : [],
    };
  },
});

const dealDetail = defineTool({
  name: 'get_opportunity',
  description: "One opportunity's fields, MEDDIC (metrics, economic buyer, decision criteria and process, paper process, pain, champion, competition) and stage history.",
  input: z.object({ id: recordId }),
  async run(ctx, input) {
    const d = await getOpportunity(ctx.db, ctx.actor, { id: input.id });
    return {
      data: {
        ref: ref('opportunity', d.id),
        name: d.opportunityName,
        account: { ref: ref('account', d.accountId), name: d.accountName },
        owner: d.ownerName,
        stage: d.stage,
        amount: d.amount,
        closeDate: d.closeDate,
        probability: d.probability,
        forecastCategory: d.forecastCategory,
        nextStep: d.nextStep,
        nextStepDate: d.nextStepDate,
        pushCount: d.pushCount,
        competitor: d.competitor,
        lossReason: d.lossReason,
        lastActivityAt: d.lastActivityAt?.toISOString() ?? null,
        meddic: {
          metrics: d.metrics,
          economicBuyer: d.economicBuyerName,
          decisionCriteria: d.decisionCriteria,
          decisionProcess: d.decisionProcess,
          paperProcess: d.paperProcess,
          identifiedPain: d.identifiedPain,
          champion: d.championName,
          competition: d.competition,
        },
        stageHistory: d.stageHistory.slice(0, MAX_TOOL_ROWS).map((s) => ({ from: s.fromStage, to: s.toStage, at: s.changedAt.toISOString() })),
      },
      summary: d.opportunityName,
      links: [
        { type: 'opportunity', id: d.id, label: d.opportunityName },
        { type: 'account', id: d.accountId, label: d.accountName },
      ],
    };
  },
});

export const askTools = [searchRecords, listPeople, listDeals, aggregateDeals, timeline, dealDetail] as const;
/** The deal look-ups' input schemas, to re-read a stored call as the tool read it (answerReport.ts). */
export const dealToolInputs = { list_opportunities: listDeals.input, aggregate_opportunities: aggregateDeals.input };
const byName = new Map<string, AskTool<z.ZodType>>(askTools.map((t) => [t.name, t as unknown as AskTool<z.ZodType>]));

/** The tools as the Messages API takes them: JSON Schema made from the same zod schemas that validate the calls. */
export const askToolDefinitions: Tool[] = askTools.map((t) => ({
  name: t.name,
  description: t.description,
  input_schema: z.toJSONSchema(t.input, { io: 'input', unrepresentable: 'any' }) as Tool['input_schema'],
}));

export type ToolRun = { ok: true; output: ToolOutput } | { ok: false; error: string };

/** Validates and runs one tool call; a refusal (unknown tool, bad input, a service's error) is for Claude to read. */
export async function runTool(ctx: ToolContext, name: string, rawInput: unknown): Promise<ToolRun> {
  const tool = byName.get(name);
  if (!tool) return { ok: false, error: `There is no tool named ${name}. The tools are: ${[...byName.keys()].join(', ')}.` };
  const parsed = tool.input.safeParse(rawInput);
  if (!parsed.success) {
    const issues = parsed.error.issues.slice(0, 5).map((i) => `${i.path.join('.') || 'input'}: ${i.message}`);
    return { ok: false, error: `Invalid input: ${issues.join('; ')}` };
  }
  try {
    return { ok: true, output: await tool.run(ctx, parsed.data) };
  } catch (error) {
    // Our own refusals (not found, forbidden, invalid) are answers Claude can use; anything else is ours to log.
    if (error instanceof Error && error.name === 'DomainError') return { ok: false, error: error.message };
    throw error;
  }
}
