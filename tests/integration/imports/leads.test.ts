// Leads from a real Salesforce demo-org export (Prodly): API names, "#N/A" cells, one email shared by four rows.
import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { leads } from '../../../drizzle/schema';
import { runImport } from '../../../server/imports/service';
import { createLogger } from '../../../server/lib/log';
import type { SessionUser } from '../../../server/trpc';
import { callerFor } from '../../helpers/context';
import { makeUser } from '../../helpers/factories/users';
import { useTestDatabase } from '../../helpers/testDatabase';
import { realFixture, uploadFile } from '../../helpers/uploads';

const t = useTestDatabase();
let rep: SessionUser;

beforeAll(async () => {
  rep = await makeUser(t.db);
});

async function importLeads(content: Buffer | string) {
  const upload = await uploadFile(t, rep.id, content, 'Lead.csv');
  const preview = await callerFor(t, rep).imports.preview({ uploadId: upload.uploadId, entity: 'leads' });
  const { importId } = await callerFor(t, rep).imports.start({ uploadId: upload.uploadId, entity: 'leads' });
  await runImport(t.db, importId, { now: () => new Date(), log: createLogger('silent') });
  return { preview, status: await callerFor(t, rep).imports.status({ importId }) };
}

describe('a Salesforce leads export', () => {
  it('maps the API names and matches rows that share an email', async () => {
    const { preview, status } = await importLeads(realFixture('salesforce-leads.csv'));
    expect(preview.mapping).toEqual({
      firstName: 'FirstName',
      lastName: 'LastName',
      company: 'Company',
      email: 'Email',
      phone: 'Phone',
      title: 'Title',
      industry: 'Industry',
      employees: 'NumberOfEmployees',
      region: 'Country',
      leadSource: 'LeadSource',
      status: 'Status',
      externalId: 'Guid',
    });
    // Counted by hand: row 1 is "#N/A" (Prodly's nothing) throughout but its last name; rows 2-5 share info@salesforce.com, one lead.
    expect(status).toMatchObject({ status: 'done', created: 1, updated: 3, rejected: 1 });
    expect(status.rejectionSample[0]?.reason).toBe('First name is required');
    const [lead] = await t.db.select().from(leads).where(eq(leads.email, 'info@salesforce.com'));
    // The last row of the four wins: Sarah Loehr of MedLife, "Contacted" is our Working.
    expect(lead).toMatchObject({ firstName: 'Sarah', lastName: 'Loehr', company: 'MedLife, Inc.', status: 'Working', employees: 48500, ownerId: rep.id });
  });

  it('rejects a status we do not know, naming ours', async () => {
    const { status } = await importLeads('First Name,Last Name,Company,Lead Status,Employees\nAda,Byron,Engines Ltd,Hot,"1,200"\nBob,Ok,Fine Ltd,Closed - Not Converted,12\n');
    expect(status).toMatchObject({ created: 1, rejected: 1 });
    expect(status.rejectionSample[0]?.reason).toBe('Status: "Hot" is not a lead status (New, Working, Nurture, Qualified or Unqualified)');
    const [bob] = await t.db.select().from(leads).where(eq(leads.company, 'Fine Ltd'));
    expect(bob).toMatchObject({ status: 'Unqualified', employees: 12 });
  });
});
