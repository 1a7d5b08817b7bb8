import { Box, SimpleGrid, Text } from '@mantine/core';
import type { ReactNode } from 'react';

export interface Fact {
  label: string;
  value: ReactNode;
  testId?: string;
}

/** Label/value pairs as a description list, in columns on wide screens. */
export function FactList({ facts, cols = 3 }: { facts: Fact[]; cols?: number }) {
  return (
    <SimpleGrid component="dl" cols={{ base: 1, sm: 2, lg: cols }} spacing="sm" verticalSpacing="xs" m={0}>
      {facts.map((f) => (
        <Box key={f.label}>
          <Text component="dt" size="sm" c="gray.7">
            {f.label}
          </Text>
          <Text component="dd" m={0} fw={500} data-testid={f.testId}>
            {f.value === null || f.value === undefined || f.value === '' ? '—' : f.value}
          </Text>
        </Box>
      ))}
    </SimpleGrid>
  );
}
