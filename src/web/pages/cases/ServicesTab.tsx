import { Stack } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useAuth } from '../../auth.js';
import type { CaseDetail } from './model.js';
import { RequestForm, RequestList } from './ServiceRequests.js';
import { ShelterSection } from './ShelterSection.js';
import { TabHeading } from './TabHeading.js';

/** Services: requests with the statutory 7-day due time (Law 21/2007 Art. 52(1), 53), and shelter stays. */
export function ServicesTab({ kase }: { kase: CaseDetail }) {
  const { t } = useTranslation();
  const { can } = useAuth();
  const [requesting, setRequesting] = useState(false);
  const manage = can('services.manage') && kase.stage !== 'closed';
  return (
    <Stack>
      <TabHeading
        title={t('cases.services.title')}
        action={
          manage && !requesting
            ? { label: t('cases.services.new'), onClick: () => setRequesting(true), testId: 'service-new' }
            : undefined
        }
      />
      {requesting && <RequestForm kase={kase} onDone={() => setRequesting(false)} />}
      <RequestList kase={kase} manage={manage} />
      <ShelterSection kase={kase} manage={manage} />
    </Stack>
  );
}
