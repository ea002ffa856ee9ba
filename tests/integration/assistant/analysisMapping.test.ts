// ai.suggestImportMapping for a file analysis (target 'analysis') against the fake Anthropic: a pipeline export with
// German headers (only "Amount" is in the alias table) gets a suggestion that names only the analysis's open fields,
// its created date and forecast category included, which the analysis preview then accepts. No key: refused.
import { beforeAll, afterAll, describe, expect, it } from 'vitest';
import { IMPORT_MAPPING_TOOL } from '../../../server/domain/assistant/importMapping';
import { type Env, loadEnv } from '../../../server/env';
import type { SessionUser } from '../../../server/lib/actor';
import { appRouter } from '../../../server/routers';
import { createCallerFactory } from '../../../server/trpc';
import { type FakeAnthropic, startFakeAnthropic } from '../../fakes/anthropic';
import { ctxFor } from '../../helpers/context';
import { clientError } from '../../helpers/errorShape';
import { makeUser } from '../../helpers/factories/users';
import { useTestDatabase } from '../../helpers/testDatabase';
import { uploadFile } from '../../helpers/uploads';

const t = useTestDatabase();
const createCaller = createCallerFactory(appRouter);
let fake: FakeAnthropic;
let env: Env;
let rep: SessionUser;
let uploadId: number;
let analysisId: number;
const as = (user: SessionUser, withEnv: Env = env) => createCaller({ ...ctxFor(t, user), env: withEnv });

const csv = [
  'Verkaufschance,Kunde,Phase,Amount,Abschlussdatum,Erstellt am,Prognosekategorie',
  'Kessler Rollout,Kessler GmbH,Angebot,12000,2026-12-20,2026-10-01,Pipeline',
  'Weber Erweiterung,Weber AG,Verhandlung,8000,2026-11-15,2026-09-12,Commit',
].join('\n');

beforeAll(async () => {
  fake = await startFakeAnthropic();
  env = loadEnv({ DATABASE_URL: t.url, LOG_LEVEL: 'silent', DEMO_DATA: 'false', ...fake.env });
  rep = await makeUser(t.db, { role: 'rep' });
  const upload = await uploadFile(t, rep.id, csv, 'pipeline-de.csv');
  uploadId = upload.uploadId;
  const analysis = await as(rep).hygiene.analyses.create({ uploadId });
  analysisId = analysis.analysisId;
  expect(analysis.mapping).toEqual({ amount: 'Amount' });
});

afterAll(async () => {
  await fake?.close();
});

describe('ai.suggestImportMapping for a file analysis', () => {
  it("offers the analysis's open fields only and keeps only those, which the analysis preview accepts", async () => {
    const before = fake.requests.length;
    fake.reply({
      content: [
        {
          type: 'tool_use',
          name: IMPORT_MAPPING_TOOL,
          input: {
            mappings: [
              { column: 'Verkaufschance', field: 'opportunityName' },
              { column: 'Phase', field: 'stage' },
              { column: 'Abschlussdatum', field: 'closeDate' },
              { column: 'Erstellt am', field: 'createdAt' },
              { column: 'Prognosekategorie', field: 'forecastCategory' },
              // Not fields of an analysis, a column already mapped, one the file does not have:
              { column: 'Kunde', field: 'company' },
              { column: 'Amount', field: 'probability' },
              { column: 'Betrag', field: 'amount' },
            ],
          },
        },
      ],
    });
    const answer = await as(rep).ai.suggestImportMapping({ uploadId, entity: 'opportunities', target: 'analysis', mapping: { amount: 'Amount' } });
    expect(answer).toEqual({
      suggestions: [
        { column: 'Verkaufschance', field: 'opportunityName', fieldLabel: 'Opportunity name' },
        { column: 'Phase', field: 'stage', fieldLabel: 'Stage' },
        { column: 'Abschlussdatum', field: 'closeDate', fieldLabel: 'Close date' },
        { column: 'Erstellt am', field: 'createdAt', fieldLabel: 'Created date' },
        { column: 'Prognosekategorie', field: 'forecastCategory', fieldLabel: 'Forecast category' },
      ],
      dropped: 3,
      asked: 6,
    });

    const sent = fake.requests[before]!.body;
    const tool = sent.tools![0] as unknown as { input_schema: { properties: { mappings: { items: { properties: { field: { enum: string[] } } } } } } };
    const offered = tool.input_schema.properties.mappings.items.properties.field.enum;
    expect(offered).toEqual(expect.arrayContaining(['opportunityName', 'stage', 'closeDate', 'createdAt', 'forecastCategory', 'lastActivityAt', 'stageEnteredAt', 'account']));
    // Amount is mapped already; the contacts' and leads' fields are never offered.
    expect(offered).not.toContain('amount');
    expect(offered).not.toContain('company');
    const message = String(sent.messages[0]!.content);
    expect(message).toContain('Verkaufschance');
    expect(message).not.toContain('"Amount"');

    // Confirmed by the user, the pairs go through the analysis's own preview and its checks.
    const mapping = { amount: 'Amount', ...Object.fromEntries(answer.suggestions.map((s) => [s.field, s.column])) };
    const preview = await as(rep).hygiene.analyses.preview({ analysisId, mapping, stageMapping: { Angebot: 'Proposal', Verhandlung: 'Negotiation' } });
    expect(preview.mappingProblems).toEqual({});
    expect(preview.rows[0]).toMatchObject({ problem: null, deal: { dealName: 'Kessler Rollout', stage: 'Proposal', amountCents: 1_200_000, closeDate: '2026-12-20' } });
  });

  it('without a key refuses with a clear message and sends nothing', async () => {
    const before = fake.requests.length;
    const off = loadEnv({ DATABASE_URL: t.url, LOG_LEVEL: 'silent', DEMO_DATA: 'false' });
    expect(await clientError(as(rep, off).ai.suggestImportMapping({ uploadId, entity: 'opportunities', target: 'analysis' }))).toMatchObject({
      code: 'BAD_REQUEST',
      message: 'AI is not configured: an admin sets ANTHROPIC_API_KEY to turn on the assistant.',
    });
    expect(fake.requests.length).toBe(before);
  });

  it('refuses an analysis target for anything but opportunities', async () => {
    expect(await clientError(as(rep).ai.suggestImportMapping({ uploadId, entity: 'contacts', target: 'analysis' }))).toMatchObject({ code: 'BAD_REQUEST' });
  });
});
