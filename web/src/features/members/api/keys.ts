// Query keys of the membership feature. A member's data sits under ['me', 'membership', …]
// and the operators' queues under ['me', 'reviews', …] (beside the other review queues, so a
// decision here refreshes the inbox's counts too); signing out drops all of ['me'].

export const membershipQueryKey = ['me', 'membership'] as const;

export const orgMembershipQueryKey = (orgId: string) => [...membershipQueryKey, orgId] as const;

/** Every review queue and the inbox counts (`GET /admin/reviews/counts`). */
export const reviewsQueryKey = ['me', 'reviews'] as const;

export const adminMembershipsQueryKey = [...reviewsQueryKey, 'memberships'] as const;
export const adminMemberPaymentsQueryKey = [...reviewsQueryKey, 'member-payments'] as const;

/** The vocabularies and fee schedule as operators see them (with disabled entries). */
export const memberSettingsQueryKey = ['me', 'admin', 'member-settings'] as const;
