import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query';

import { api, unwrap } from '@/lib/api-client';
import type { components } from '@/types/api';

import { ownCourseQueryKey } from './get-own-course';

export type Attendee = components['schemas']['Attendee'];
/** `enrollments`: who enrolled (and whether they signed in); `sign-ins`: who signed in. */
export type AttendeeList = 'enrollments' | 'sign-ins';

export function getAttendeesQueryOptions(
  orgId: string,
  courseId: string,
  list: AttendeeList,
  page: number,
) {
  return queryOptions({
    queryKey: [...ownCourseQueryKey(orgId, courseId), list, page],
    queryFn: async () => {
      const params = {
        path: { org_id: orgId, course_id: courseId },
        query: { page, page_size: 20 },
      };
      return unwrap(
        list === 'enrollments'
          ? await api.GET('/api/v1/orgs/{org_id}/courses/{course_id}/enrollments', { params })
          : await api.GET('/api/v1/orgs/{org_id}/courses/{course_id}/sign-ins', { params }),
      );
    },
  });
}

/** GET …/enrollments or …/sign-ins of a live course (owner or admin), mobiles masked. */
export function useAttendees(orgId: string, courseId: string, list: AttendeeList, page: number) {
  return useQuery({
    ...getAttendeesQueryOptions(orgId, courseId, list, page),
    placeholderData: keepPreviousData,
  });
}
