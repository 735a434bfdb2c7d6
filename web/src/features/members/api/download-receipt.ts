// The receipt needs the bearer token, so a plain link cannot fetch it: it is read through the
// API client as a Blob and handed to the browser under the server's file name.

import { useMutation } from '@tanstack/react-query';

import { api } from '@/lib/api-client';
import { filenameOf, saveFile } from '@/utils/save-file';

/** GET …/payments/{id}/receipt.pdf (a settled payment; 409 `wrong_state` otherwise). */
export function useDownloadReceipt(orgId: string) {
  return useMutation({
    mutationFn: async (paymentId: string) => {
      const { data, error, response } = await api.GET(
        '/api/v1/orgs/{org_id}/membership/payments/{payment_id}/receipt.pdf',
        { params: { path: { org_id: orgId, payment_id: paymentId } }, parseAs: 'blob' },
      );
      if (!response.ok || data === undefined) {
        throw error instanceof Error
          ? error
          : new Error(`Unexpected ${response.status} from ${response.url}`);
      }
      saveFile({ blob: data, filename: filenameOf(response, `receipt-${paymentId}.pdf`) });
    },
  });
}

/**
 * GET /admin/member-payments/{id}/receipt.pdf (any platform operator; the read is audited):
 * any member's receipt.
 */
export function useDownloadAdminReceipt() {
  return useMutation({
    mutationFn: async (paymentId: string) => {
      const { data, error, response } = await api.GET(
        '/api/v1/admin/member-payments/{payment_id}/receipt.pdf',
        { params: { path: { payment_id: paymentId } }, parseAs: 'blob' },
      );
      if (!response.ok || data === undefined) {
        throw error instanceof Error
          ? error
          : new Error(`Unexpected ${response.status} from ${response.url}`);
      }
      saveFile({ blob: data, filename: filenameOf(response, `receipt-${paymentId}.pdf`) });
    },
  });
}
