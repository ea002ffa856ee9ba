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

const missingFields = ['economicBuyer', 'champion', 'nextStep', 'closeDate', 'amount'] as const;
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
    'List opportunities (deals) with typed filters, sorted. Dates are YYYY-MM-DD. "missing" keeps deals where all the named fields are empty (e.g. no economic buyer). Returns at most 25; "more" says there were more.',
  input: z.object({
    owner: owner.optional(),
    stage: z.array(z.enum(stages)).min(1).max(stages.length).optional(),
    open: z.boolean().optional().describe('true: open deals only; false: closed (won or lost) only'),
    closeDateFrom: isoDate.optional(),
    closeDateTo: isoDate.optional(),
    accountId: recordId.optional(),
    amountMin: z.number().min(0).max(1e12).optional(),
    missing: z.array(z.enum(missingFields)).min(1).max(missingFields.length).optional(),
    sort: z.enum(['closeDate', 'amount', 'updatedAt']).default('closeDate'),
    sortDirection: z.enum(['asc', 'desc']).default('asc'),
    limit: rows.default(MAX_TOOL_ROWS),
  }),
  async run(ctx, input) {
    const filters = opportunityList.parse({
      ownerId: ownerId(ctx, input.owner),
      stage: input.stage,
      open: input.open,
      closeDateFrom: input.closeDateFrom,
      closeDateTo: input.closeDateTo,
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
        ...(input.missing && page.nextCursor !== null ? { note: `only the first ${MISSING_SCAN_ROWS} matching deals were checked for missing fields` } : {}),
      },
      summary: `${plural(deals.length, 'deal')}${more ? ' (more exist)' : ''}`,
      links: deals.map((d) => ({ type: 'opportunity' as const, id: d.id, label: d.opportunityName })),
    };
  },
});

const o = opportunities;
/** Every grouping the model may choose, each one SQL expression of ours. */
const groupings = {
  stage: sql<string>`${o.stage}`,
  owner: sql<string>`coalesce(${users.name}, '')`,
  forecastCategory: sql<string>`${o.forecastCategory}`,
  account: sql<string>`coalesce(${accounts.accountName}, '')`,
  competitor: sql<string>`coalesce(${o.competitor}, '(none)')`,
  lossReason: sql<string>`coalesce(${o.lossReason}, '(none)')`,
  closeMonth: sql<string>`coalesce(date_format(${o.closeDate}, '%Y-%m'), '(no date)')`,
  closeQuarter: sql<string>`coalesce(concat(year(${o.closeDate}), '-Q', quarter(${o.closeDate})), '(no date)')`,
  closedQuarter: sql<string>`coalesce(concat(year(${o.closedAt}), '-Q', quarter(${o.closedAt})), '(open)')`,
  none: sql<string>`'all'`,
} as const;

const aggregateDeals = defineTool({
  name: 'aggregate_opportunities',
  description:
    'Count and sum opportunities grouped by one field, with filters. Each group gives count, totalAmount, averageAmount, won, lost and winRate (won / (won + lost), in %). Quarters are calendar quarters. "closedFrom/closedTo" filter by the date a deal was won or lost. "competitor" matches the deal\'s competitor exactly (case-insensitive).',
  input: z.object({
    groupBy: z.enum(Object.keys(groupings) as [keyof typeof groupings, ...(keyof typeof groupings)[]]),
    owner: owner.optional(),
    stage: z.array(z.enum(stages)).min(1).max(stages.length).optional(),
    open: z.boolean().optional(),
    closeDateFrom: isoDate.optional(),
    closeDateTo: isoDate.optional(),
    closedFrom: isoDate.optional(),
    closedTo: isoDate.optional(),
    competitor: z.string().trim().min(1).max(255).optional(),
    accountId: recordId.optional(),
  }),
  async run(ctx, input) {
    const key = groupings[input.groupBy];
    const owned = ownerId(ctx, input.owner);
    const where: (SQL | undefined)[] = [
      isNull(o.deletedAt),
      owned ? eq(o.ownerId, owned) : undefined,
      input.stage ? inArray(o.stage, input.stage) : undefined,
      input.open === true ? isNull(o.closedAt) : input.open === false ? isNotNull(o.closedAt) : undefined,
      input.closeDateFrom ? gte(o.closeDate, input.closeDateFrom) : undefined,
      input.closeDateTo ? lte(o.closeDate, input.closeDateTo) : undefined,
      input.closedFrom ? gte(o.closedAt, new Date(`${input.closedFrom}T00:00:00.000Z`)) : undefined,
      input.closedTo ? sql`${o.closedAt} < ${new Date(Date.parse(`${input.closedTo}T00:00:00.000Z`) + 86_400_000)}` : undefined,
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
      .orderBy(asc(key))
      .limit(MAX_TOOL_ROWS + 1);
    const shown = groups.slice(0, MAX_TOOL_ROWS).map((g) => ({ ...g, winRate: g.won + g.lost > 0 ? Math.round((1000 * g.won) / (g.won + g.lost)) / 10 : null }));
    return {
      data: { groups: shown, more: groups.length > MAX_TOOL_ROWS },
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
