// Operator tables (SPEC §7) fit the console at 1280 px with their actions pinned: every
// column has a width, long cells end in an ellipsis, and the table scrolls sideways only
// when the screen is narrower than the sum — with the action column (`fixed: 'right'`)
// still in view. This gives that sum, for `scroll={{ x }}`.

import { Grid } from 'antd';
import type { Breakpoint } from 'antd';

type Column = { width?: number | string; responsive?: Breakpoint[]; hidden?: boolean };

/** Columns without a width count this much (set a width on every column instead). */
const fallbackWidth = 120;

/** The summed width of the columns shown at the current screen width (antd `responsive`). */
export function useTableScrollX(columns: readonly Column[], extra = 0): number {
  const screens = Grid.useBreakpoint();
  return columns.reduce((sum, column) => {
    if (column.hidden) return sum;
    if (column.responsive && !column.responsive.some((point) => screens[point])) return sum;
    return sum + (typeof column.width === 'number' ? column.width : fallbackWidth);
  }, extra);
}
