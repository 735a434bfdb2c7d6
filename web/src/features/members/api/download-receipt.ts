// The receipt needs the bearer token, so a plain link cannot fetch it: it is read through the
// API client as a Blob and handed to the browser under the server's file name.

import { useMutation } from '@tanstack/react-query';

import { api } from '@/lib/api-client';

/** `attachment; filename="receipt-KTR….pdf"` (a UTF-8 `filename*` wins when present). */
export function filenameOf(response: Response, fallback: string): string {
  const header = response.headers.get('Content-Disposition') ?? '';
  const utf8 = /filename\*=UTF-8''([^;]+)/i.exec(header);
  if (utf8) {
    try {
      return decodeURIComponent(utf8[1]!);
    } catch {
      // fall through to the plain name
    }
  }
  return /filename="([^"]+)"/i.exec(header)?.[1] ?? fallback;
}

function saveFile(blob: Blob, filename: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = filename;
  link.style.display = 'none';
  document.body.append(link);
  link.click();
  link.remove();
  // Some browsers read the URL after the click returns.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

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
      saveFile(data, filenameOf(response, `receipt-${paymentId}.pdf`));
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
      saveFile(data, filenameOf(response, `receipt-${paymentId}.pdf`));
    },
  });
}
