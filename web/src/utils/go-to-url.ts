/**
 * Leaves the SPA for another site (an SSO provider's page). A function of its own so tests
 * can replace it: jsdom cannot navigate.
 */
export function goToUrl(url: string): void {
  window.location.href = url;
}
