import { useMutation, useQueryClient } from '@tanstack/react-query';

import { api, unwrap } from '@/lib/api-client';
import type { components } from '@/types/api';

import { classesQueryKey } from './keys';

export type ImportOutcome = components['schemas']['ImportOutcome'];

const xlsxType = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/**
 * POST …/students/import (owner or admin): the workbook itself as the body (≤ 10 MB). Valid
 * rows are added in one transaction; invalid ones come back row by row, with an error report.
 */
export function useImportStudents(orgId: string, classId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (file: Blob) => {
      const bytes = new Uint8Array(await file.arrayBuffer());
      return unwrap(
        await api.POST('/api/v1/orgs/{org_id}/classes/{class_id}/students/import', {
          params: { path: { org_id: orgId, class_id: classId } },
          headers: { 'Content-Type': xlsxType },
          // The spec types the workbook as a binary string (openapi-typescript's reading of
          // `format: binary`); the serializer hands the bytes to fetch as they are.
          body: '',
          bodySerializer: () => bytes,
        }),
      );
    },
    onSuccess: () => queryClient.invalidateQueries({ queryKey: classesQueryKey(orgId) }),
  });
}
