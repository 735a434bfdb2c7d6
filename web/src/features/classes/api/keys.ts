// Query keys of the training feature. Everything an org's classes hold sits under
// ['me', 'orgs', orgId, 'classes', …], so signing out drops it with the rest of ['me'].

export const classesQueryKey = (orgId: string) => ['me', 'orgs', orgId, 'classes'] as const;

export const classQueryKey = (orgId: string, classId: string) =>
  [...classesQueryKey(orgId), classId] as const;

/** Subsidy review queues and rules: platform operators' data, also dropped at sign-out. */
export const adminSubsidyQueryKey = ['me', 'admin', 'subsidies'] as const;

/**
 * The review inbox's queries (`GET /admin/reviews/counts` among them; the reviews feature owns
 * them under this key): a subsidy decision changes the inbox's count too.
 */
export const reviewInboxQueryKey = ['me', 'reviews'] as const;
