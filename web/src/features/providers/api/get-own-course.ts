import { queryOptions, useQuery } from '@tanstack/react-query';

import { api, unwrap } from '@/lib/api-client';
import type { components } from '@/types/api';

import { ownCoursesQueryKey } from './get-own-courses';

export type Course = components['schemas']['Course'];
export type CourseRevision = components['schemas']['CourseRevision'];
/** A course as read, with the `ETag` to send back in `If-Match`. */
export type VersionedCourse = { course: Course; etag: string };

export const ownCourseQueryKey = (orgId: string, courseId: string) => [
  ...ownCoursesQueryKey(orgId),
  'one',
  courseId,
];

/** The `ETag` the API sent, or the version it stands for (`"3"`). */
export function etagOf(response: Response, course: Course): string {
  return response.headers.get('ETag') ?? `"${course.version}"`;
}

export function getOwnCourseQueryOptions(orgId: string, courseId: string) {
  return queryOptions({
    queryKey: ownCourseQueryKey(orgId, courseId),
    queryFn: async (): Promise<VersionedCourse> => {
      const result = await api.GET('/api/v1/orgs/{org_id}/courses/{course_id}', {
        params: { path: { org_id: orgId, course_id: courseId } },
      });
      const course = unwrap(result);
      return { course, etag: etagOf(result.response, course) };
    },
  });
}

/** GET /orgs/{id}/courses/{course_id}: the course with its newest revision and its ETag. */
export function useOwnCourse(orgId: string, courseId: string | undefined) {
  return useQuery({ ...getOwnCourseQueryOptions(orgId, courseId ?? ''), enabled: !!courseId });
}
