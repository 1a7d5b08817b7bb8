import { Button, Card, Group, Stack, Textarea, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { text } from '../../ui/formBody.js';
import { ProblemAlert } from '../../ui/ProblemAlert.js';
import { useApiForm } from '../../ui/useApiForm.js';

/** What a supervisor's answer sends: approved or not, and the note when one is written. */
export interface ApprovalBody {
  approve: boolean | null;
  note?: string;
}

interface Props {
  /** The approval call (a closure's, a screening decision's). */
  send: (body: ApprovalBody) => Promise<unknown>;
  onSuccess: () => unknown;
  /** Where its words are: `<messages>.approveTitle`, `.approvalNote`, `.reject`, `.approve`. */
  messages: 'cases.closure' | 'cases.screening';
  /** The heading's level where the card stands (its size one step smaller). */
  order: 3 | 4;
  padding: 'sm' | 'md';
  /** The reject button's colour (the default variant keeps it neutral). */
  rejectColor?: string;
  testIds: { card: string; note?: string; reject: string; approve: string };
}

const titleSize: Record<3 | 4, string> = { 3: 'h4', 4: 'h5' };

/**
 * A supervisor approves or rejects (four eyes), with an optional note: the button pressed is the answer. The
 * closure's and the screening decision's approvals are this one form.
 */
export function ApproveRejectCard({ send, onSuccess, messages, order, padding, rejectColor, testIds }: Props) {
  const { t } = useTranslation();
  const {
    form,
    mutation: decide,
    submit,
  } = useApiForm({
    initialValues: { approve: null as boolean | null, note: '' },
    send: (v) => send({ approve: v.approve, note: text(v.note) }),
    onSuccess,
  });
  const answer = (yes: boolean) => {
    form.setFieldValue('approve', yes);
    submit();
  };
  const pressed = (yes: boolean) => decide.isPending && decide.variables?.approve === yes;
  return (
    <Card withBorder padding={padding} data-testid={testIds.card}>
      <Stack gap="sm">
        <Title order={order} fz={titleSize[order]}>
          {t(`${messages}.approveTitle`)}
        </Title>
        <ProblemAlert error={decide.error} fields={['note']} />
        <Textarea
          label={t(`${messages}.approvalNote`)}
          autosize
          minRows={2}
          {...form.getInputProps('note')}
          data-testid={testIds.note}
        />
        <Group justify="flex-end">
          <Button
            variant="default"
            color={rejectColor}
            loading={pressed(false)}
            onClick={() => answer(false)}
            data-testid={testIds.reject}
          >
            {t(`${messages}.reject`)}
          </Button>
          <Button color="teal.9" loading={pressed(true)} onClick={() => answer(true)} data-testid={testIds.approve}>
            {t(`${messages}.approve`)}
          </Button>
        </Group>
      </Stack>
    </Card>
  );
}
