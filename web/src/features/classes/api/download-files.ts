// The feature's file downloads (xlsx and PDF). They need the bearer token, so a plain link
// cannot fetch them: each is read through the API client as a Blob and handed to the browser
// under the name the server chose (`utils/save-file.ts`). One function per endpoint.

import { useMutation } from '@tanstack/react-query';

import { api } from '@/lib/api-client';
import { filenameOf, saveFile } from '@/utils/save-file';

export type Download = { blob: Blob; filename: string };

async function asDownload(
  call: Promise<{ data?: unknown; error?: unknown; response: Response }>,
  fallback: string,
): Promise<Download> {
  const { data, error, response } = await call;
  if (!response.ok || !(data instanceof Blob)) {
    throw error instanceof Error
      ? error
      : new Error(`Unexpected ${response.status} from ${response.url}`);
  }
  return { blob: data, filename: filenameOf(response, fallback) };
}

type ClassPath = { org_id: string; class_id: string };

/** GET /classes/student-template.xlsx: the five import columns with one example row. */
export const downloadStudentTemplate = () =>
  asDownload(
    api.GET('/api/v1/classes/student-template.xlsx', { parseAs: 'blob' }),
    'student-template.xlsx',
  );

/** GET …/students.xlsx (owner or admin): the student list, personal data masked. */
export const downloadStudents = (path: ClassPath) =>
  asDownload(
    api.GET('/api/v1/orgs/{org_id}/classes/{class_id}/students.xlsx', {
      params: { path },
      parseAs: 'blob',
    }),
    'students.xlsx',
  );

/** GET …/student-imports/{id}/errors.xlsx (owner or admin): failed rows with an error column. */
export const downloadImportErrors = (path: ClassPath & { import_id: string }) =>
  asDownload(
    api.GET('/api/v1/orgs/{org_id}/classes/{class_id}/student-imports/{import_id}/errors.xlsx', {
      params: { path },
      parseAs: 'blob',
    }),
    'import-errors.xlsx',
  );

/** GET …/dingtalk-contacts.xlsx (owner or admin; audited): DingTalk's address-book layout. */
export const downloadDingTalkContacts = (path: ClassPath) =>
  asDownload(
    api.GET('/api/v1/orgs/{org_id}/classes/{class_id}/dingtalk-contacts.xlsx', {
      params: { path },
      parseAs: 'blob',
    }),
    'dingtalk-contacts.xlsx',
  );

/** GET …/records.xlsx (owner or admin): a sheet of sessions and one of students. */
export const downloadRecords = (path: ClassPath) =>
  asDownload(
    api.GET('/api/v1/orgs/{org_id}/classes/{class_id}/records.xlsx', {
      params: { path },
      parseAs: 'blob',
    }),
    'records.xlsx',
  );

/** GET …/certificate.pdf (any member): the current certificate; 404 before one is issued. */
export const downloadCertificate = (path: ClassPath) =>
  asDownload(
    api.GET('/api/v1/orgs/{org_id}/classes/{class_id}/certificate.pdf', {
      params: { path },
      parseAs: 'blob',
    }),
    'certificate.pdf',
  );

/** Runs one of the downloads above and saves the file; `error` holds a refusal to show. */
export function useDownload() {
  return useMutation({
    mutationFn: async (fetchFile: () => Promise<Download>) => saveFile(await fetchFile()),
  });
}
