import { Button, type ButtonProps, Stack } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { exchangeApi } from '../../api/exchange.js';
import { useAuth } from '../../auth.js';
import { saveBlob } from '../../ui/binary.js';
import { ProblemAlert } from '../../ui/ProblemAlert.js';

interface Props {
  /** The outgoing referral whose signed package is made. */
  referralId: string;
  /** Used in the file name, e.g. the case number (no personal data). */
  label?: string;
  size?: ButtonProps['size'];
  variant?: ButtonProps['variant'];
}

/** A file name without characters that file systems refuse. */
const safe = (text: string) => text.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^-+|-+$/g, '');

/**
 * Downloads the signed referral package of an outgoing referral (for a partner on another Pulih instance).
 * Only the sending agency may export, and only while the consent stands; the server's reason is shown otherwise.
 * The package holds only the consented fields, but it is still personal data: the file is the user's to protect.
 */
export function ReferralPackageButton({ referralId, label, size = 'sm', variant = 'light' }: Props) {
  const { t } = useTranslation();
  const { can } = useAuth();
  const exportPackage = useMutation({
    mutationFn: () => exchangeApi.exportPackage(referralId),
    onSuccess: (pkg) => {
      const blob = new Blob([`${JSON.stringify(pkg, null, 2)}\n`], { type: 'application/json' });
      const name = safe(label ?? '') || safe(String(pkg.packageId ?? referralId));
      saveBlob(blob, `pulih-referral-package-${name}.json`);
    },
  });
  if (!can('referrals.manage')) return null;
  return (
    <Stack gap="xs" align="flex-start">
      <Button
        size={size}
        variant={variant}
        loading={exportPackage.isPending}
        onClick={() => exportPackage.mutate()}
        title={t('exchange.export.hint')}
        data-testid="referral-package-export"
      >
        {t('exchange.export.button')}
      </Button>
      <ProblemAlert error={exportPackage.error} testId="referral-package-problem" />
    </Stack>
  );
}
