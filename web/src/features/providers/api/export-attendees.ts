import { useMutation } from '@tanstack/react-query';

import { api, unwrap } from '@/lib/api-client';

import type { AttendeeList } from './get-attendees';

/**
 * GET …/enrollments.xlsx or …/sign-ins.xlsx through the API client (it carries the bearer
 * token and renews it), then hands the workbook to the browser as a download.
 */
export function useExportAttendees(orgId: string, courseId: string) {
  return useMutation({
    mutationFn: async ({ list, filename }: { list: AttendeeList; filename: string }) => {
      const params = { path: { org_id: orgId, course_id: courseId } };
      const blob = unwrap(
        list === 'enrollments'
          ? await api.GET('/api/v1/orgs/{org_id}/courses/{course_id}/enrollments.xlsx', {
              params,
              parseAs: 'blob',
            })
          : await api.GET('/api/v1/orgs/{org_id}/courses/{course_id}/sign-ins.xlsx', {
              params,
              parseAs: 'blob',
            }),
      );
      saveBlob(blob, filename);
    },
  });
}

function saveBlob(blob: Blob, filename: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = filename;
  document.body.append(link);
  link.click();
  link.remove();
  // After the click the browser holds its own reference; free ours on the next tick.
  setTimeout(() => URL.revokeObjectURL(url), 0);
}
