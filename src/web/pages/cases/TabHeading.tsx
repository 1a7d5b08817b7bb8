import { Button, Group, Title } from '@mantine/core';

interface Props {
  title: string;
  /** The button that opens the tab's form; left out when the user may not act or the form is open. */
  action?: { label: string; onClick: () => void; testId: string };
}

/** A case tab's heading with its one "new …" action on the right. */
export function TabHeading({ title, action }: Props) {
  return (
    <Group justify="space-between">
      <Title order={2} fz="h3">
        {title}
      </Title>
      {action && (
        <Button onClick={action.onClick} data-testid={action.testId}>
          {action.label}
        </Button>
      )}
    </Group>
  );
}
