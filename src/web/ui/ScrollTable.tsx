import { Table, type TableProps, VisuallyHidden } from '@mantine/core';
import { Fragment, type ReactNode } from 'react';

/**
 * A table that scrolls sideways on narrow screens (tablets): the scrolling region is a named, focusable
 * region so keyboard users can scroll it too (WCAG 2.1.1; axe scrollable-region-focusable).
 *
 * The region is positioned (`position: relative`) so that it is the containing block of absolutely positioned
 * content inside the table, such as the caption's VisuallyHidden text: a scroll container clips only what it
 * contains, and without it that 1-px span sat at the middle of the wide caption, outside the clip, and widened
 * the whole page (the audit table's 960 px made a 390-px phone 503 px wide).
 */
export function ScrollTable({ minWidth, label, children }: { minWidth: number; label: string; children: ReactNode }) {
  return (
    <Table.ScrollContainer
      minWidth={minWidth}
      type="native"
      tabIndex={0}
      role="region"
      aria-label={label}
      pos="relative"
    >
      {children}
    </Table.ScrollContainer>
  );
}

/**
 * A list table in the scroll region, captioned for screen readers by the region's label. `columns` are the
 * header cells: a text becomes a column header (`scope="col"`), any other node stands as given (a header cell
 * of its own), and `false` or `null` leaves the column out. The other props go to the table (`data-testid` too).
 */
export function CaptionedTable({
  minWidth,
  label,
  columns,
  children,
  ...table
}: TableProps & {
  minWidth: number;
  label: string;
  columns: ReactNode[];
  children: ReactNode;
  'data-testid'?: string;
}) {
  return (
    <ScrollTable minWidth={minWidth} label={label}>
      <Table {...table}>
        <Table.Caption>
          <VisuallyHidden>{label}</VisuallyHidden>
        </Table.Caption>
        <Table.Thead>
          <Table.Tr>
            {columns.map((column, i) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: header cells keep their place
              <Fragment key={i}>
                {typeof column === 'string' ? <Table.Th scope="col">{column}</Table.Th> : column}
              </Fragment>
            ))}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>{children}</Table.Tbody>
      </Table>
    </ScrollTable>
  );
}
