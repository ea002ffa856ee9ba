// Organisation settings: each key with its shape and default. Capabilities add their keys here (the
// organisation's own email domains for capture, thresholds for hygiene ...), each stored as one row.
import { z } from 'zod';
import { text } from './common';

/** A bare web domain ('acme.com'); '@acme.com' and upper case are accepted and normalised. */
export const webDomain = text()
  .trim()
  .toLowerCase()
  .transform((v) => v.replace(/^@/, ''))
  .pipe(
    z
      .string()
      .max(253, 'A domain has at most 253 characters')
      .regex(/^(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/, 'Enter a domain like acme.com'),
  );

export const settingShapes = {
  organisationName: text().trim().min(1, 'Organisation name is required').max(128, 'At most 128 characters'),
  /** The organisation's own email domains: mail among only these addresses is internal, never captured. */
  orgDomains: z
    .array(webDomain)
    .max(50, 'At most 50 domains')
    .transform((domains) => [...new Set(domains)]),
  /** The month (1-12) the fiscal year starts: quarters and "this year" count from it. */
  fiscalYearStartMonth: z.number().int().min(1, 'Choose a month').max(12, 'Choose a month'),
  /** Lead scoring's fit (server/domain/README.md): a lead in one of these industries gets 15 points. */
  targetIndustries: z
    .array(text().trim().min(1).max(128, 'An industry has at most 128 characters'))
    .max(50, 'At most 50 industries')
    .transform((v) => [...new Set(v)]),
  /** ... and in one of these regions 10. */
  targetRegions: z
    .array(text().trim().min(1).max(64, 'A region has at most 64 characters'))
    .max(50, 'At most 50 regions')
    .transform((v) => [...new Set(v)]),
  /** Playbook emails one sender (a record's owner) may send a day, in their time zone; past it they wait a day. */
  playbookEmailDailyLimit: z.number({ message: 'Enter a number of emails' }).int('Enter a whole number').min(1, 'At least 1').max(10_000, 'At most 10,000'),
};

export type SettingKey = keyof typeof settingShapes;
export type OrganisationSettings = { [K in SettingKey]: z.output<(typeof settingShapes)[K]> };

export const settingDefaults: OrganisationSettings = {
  organisationName: 'My organisation',
  orgDomains: [],
  fiscalYearStartMonth: 1,
  targetIndustries: [],
  targetRegions: [],
  playbookEmailDailyLimit: 200,
};

/** An update names only the settings it changes. */
export const settingsUpdate = z
  .object(settingShapes)
  .partial()
  .refine((v) => Object.keys(v).length > 0, { message: 'Change at least one setting' });

export type SettingsUpdate = z.output<typeof settingsUpdate>;
