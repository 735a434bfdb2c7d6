// What the browser says about itself, for the flows that differ by device (a QR code cannot be
// scanned by the phone that shows it).

/** The WeChat app's built-in browser. */
export function isInsideWeChat(userAgent: string = navigator.userAgent): boolean {
  return /MicroMessenger/i.test(userAgent);
}

/** A phone or tablet browser (outside WeChat or in it). */
export function isPhoneBrowser(userAgent: string = navigator.userAgent): boolean {
  return /Android|iPhone|iPad|iPod|Mobile|HarmonyOS|OpenHarmony/i.test(userAgent);
}
