// Web-to-lead: managing sources (Settings -> Web-to-lead) and the lead a source posts.
import { z } from 'zod';
import { optionalText, requiredText, text, userId } from './common';
import { leadCreate } from './leads';

export const webToLeadSourceCreate = z.object({
  name: requiredText('Name', 128),
  /** Who its leads belong to; the creating admin by default. */
  ownerId: userId.optional(),
});
export type WebToLeadSourceCreate = z.infer<typeof webToLeadSourceCreate>;

export const webToLeadSourceRef = z.object({ sourceId: text().min(1, 'Choose a source').max(40) });
export type WebToLeadSourceRef = z.infer<typeof webToLeadSourceRef>;

/** The lead's own fields; anything else in the body is kept on the lead as sent (extraFields). */
export const webToLeadFields = {
  firstName: leadCreate.shape.firstName,
  lastName: leadCreate.shape.lastName,
  company: leadCreate.shape.company,
  email: leadCreate.shape.email,
  title: leadCreate.shape.title,
  phone: leadCreate.shape.phone,
  industry: leadCreate.shape.industry,
  employees: leadCreate.shape.employees,
  region: leadCreate.shape.region,
  /** The campaign the form belongs to (a name or code), kept with the extra fields until campaigns link it. */
  campaign: optionalText(128),
} as const;

export const WEB_TO_LEAD_MAX_EXTRA_FIELDS = 50;

export const webToLeadPost = z
  .looseObject(webToLeadFields)
  .superRefine((value, ctx) => {
    const extra = Object.keys(value).filter((k) => !(k in webToLeadFields));
    if (extra.length > WEB_TO_LEAD_MAX_EXTRA_FIELDS) {
      ctx.addIssue({ code: 'custom', message: `At most ${WEB_TO_LEAD_MAX_EXTRA_FIELDS} extra fields`, path: [] });
    }
    for (const key of extra) {
      if (key.length > 64) ctx.addIssue({ code: 'custom', message: 'Field names are at most 64 characters', path: [key] });
    }
  });
export type WebToLeadPost = z.output<typeof webToLeadPost>;

/** Splits a validated post into the lead's columns and the rest, kept as sent. */
export function splitWebToLeadPost(post: WebToLeadPost) {
  const { firstName, lastName, company, email, title, phone, industry, employees: staff, region, campaign, ...rest } = post;
  const extra: Record<string, unknown> = { ...rest };
  if (campaign) extra.campaign = campaign;
  return { lead: { firstName, lastName, company, email, title, phone, industry, employees: staff, region }, extra };
}
