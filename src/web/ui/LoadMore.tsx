import { Button, Center, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';

interface Props {
  hasNextPage: boolean;
  isFetchingNextPage: boolean;
  fetchNextPage: () => unknown;
  count: number;
}

/** A keyset list as useKeysetPages / useCaseKeyset return it. */
interface ListProps {
  list: Omit<Props, 'count'> & { items: readonly unknown[] };
}

/** Keyset pagination footer: how many are shown, and a button for the next page. */
export function LoadMore(props: Props | ListProps) {
  const { hasNextPage, isFetchingNextPage, fetchNextPage } = 'list' in props ? props.list : props;
  const count = 'list' in props ? props.list.items.length : props.count;
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
