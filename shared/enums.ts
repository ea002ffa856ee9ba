// Enumerations shared by the schema, the server and the client. Pure data: no I/O.

export const roles = ['admin', 'manager', 'rep', 'csm'] as const;
export type Role = (typeof roles)[number];

export const leadStatuses = ['New', 'Working', 'Nurture', 'Qualified', 'Unqualified', 'Converted'] as const;
export type LeadStatus = (typeof leadStatuses)[number];

export const activityTypes = ['call', 'email', 'meeting', 'note', 'task'] as const;
export type ActivityType = (typeof activityTypes)[number];

export const activityDirections = ['inbound', 'outbound'] as const;
export type ActivityDirection = (typeof activityDirections)[number];

/** Records an activity can hang off. */
export const relatedToTypes = ['account', 'contact', 'lead', 'opportunity', 'project', 'case'] as const;
export type RelatedToType = (typeof relatedToTypes)[number];

export const projectStatuses = ['Not Started', 'In Progress', 'On Hold', 'Completed', 'Cancelled'] as const;
export type ProjectStatus = (typeof projectStatuses)[number];

export const healthStatuses = ['Healthy', 'At Risk', 'Critical'] as const;
export type HealthStatus = (typeof healthStatuses)[number];

export const milestoneStatuses = ['Not Started', 'In Progress', 'Completed', 'Blocked'] as const;
export type MilestoneStatus = (typeof milestoneStatuses)[number];

export const caseStatuses = ['New', 'Working', 'Waiting on Customer', 'Escalated', 'Closed'] as const;
export type CaseStatus = (typeof caseStatuses)[number];

export const casePriorities = ['Low', 'Medium', 'High', 'Urgent'] as const;
export type CasePriority = (typeof casePriorities)[number];

export const securityPostures = ['standard', 'strict'] as const;
export type SecurityPosture = (typeof securityPostures)[number];

export const emailProviders = ['google', 'microsoft'] as const;
export type EmailProvider = (typeof emailProviders)[number];
/** Who sends webhook_events: the mail providers' notifications, and leads posted to a web-to-lead source. */
export const webhookProviders = [...emailProviders, 'web_to_lead'] as const;
export type WebhookProvider = (typeof webhookProviders)[number];

/** error: the last sync failed (the message is on the connection); needs_reconnect: the grant was revoked or expired. */
export const emailConnectionStatuses = ['active', 'error', 'needs_reconnect', 'disconnected'] as const;
export type EmailConnectionStatus = (typeof emailConnectionStatuses)[number];
/**
 * What other users see of a connection's captured email: participants and time only; plus the subject;
 * plus the subject and the snippet (the default). Its owner always sees everything.
 */
export const sharingLevels = ['metadata', 'subject', 'full'] as const;
export type SharingLevel = (typeof sharingLevels)[number];

/** A blocklist entry covers the caller's own mailbox, or (admins) the whole organisation's. */
export const blocklistScopes = ['user', 'org'] as const;
export type BlocklistScope = (typeof blocklistScopes)[number];

export const jobStatuses = ['queued', 'running', 'done', 'dead'] as const;
export type JobStatus = (typeof jobStatuses)[number];

export const auditActions = ['create', 'update', 'delete'] as const;
export type AuditAction = (typeof auditActions)[number];
