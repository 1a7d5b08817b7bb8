import { Button, Center, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';

interface Props {
  hasNextPage: boolean;
  isFetchingNextPage: boolean;
  fetchNextPage: () => unknown;
  count: number;
}

/** Keyset pagination footer: how many are shown, and a button for the next page. */
export function LoadMore({ hasNextPage, isFetchingNextPage, fetchNextPage, count }: Props) {
  const { t } = useTranslation();
  return (
    <Center>
      {hasNextPage ? (
        <Button variant="light" loading={isFetchingNextPage} onClick={() => fetchNextPage()} data-testid="load-more">
          {t('common.loadMore')}
        </Button>
      ) : (
        <Text size="sm" c="gray.7" role="status">
          {count === 0 ? t('common.empty') : t('common.allShown', { count })}
        </Text>
      )}
    </Center>
  );
}
