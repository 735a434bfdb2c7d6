/** Sets the width antd's breakpoints see (1280 desktop by default; 375 for a phone). */
export function setViewportWidth(width: number): void {
  Object.defineProperty(window, 'innerWidth', { configurable: true, writable: true, value: width });
}

setViewportWidth(1280);
