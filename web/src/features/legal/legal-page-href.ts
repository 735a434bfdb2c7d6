import { paths } from '@/config/paths';
import type { LegalKind } from '@/hooks/use-legal-document';

/** Where anyone reads each text: the current version, or `version` of the history. */
export const legalPageHref: Record<LegalKind, (version?: number) => string> = {
  terms: paths.legalTerms.href,
  privacy: paths.legalPrivacy.href,
  charter: paths.legalCharter.href,
};
