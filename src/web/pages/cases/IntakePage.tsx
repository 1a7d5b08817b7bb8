import { Stack, Stepper, Title } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { casesApi, personsApi } from '../../api/cases.js';
import { required, serverFieldErrors, useApiForm } from '../../ui/useApiForm.js';
import { usePageTitle } from '../../ui/usePageTitle.js';
import { PersonStep } from './IntakePersonStep.js';
import { DuplicateStep, FactsStep } from './IntakeSteps.js';
import {
  createBody,
  duplicateQuery,
  emptyFacts,
  emptyPerson,
  factsFieldOf,
  personFieldOf,
  personRules,
  touchesPersonStep,
} from './intakeForm.js';

/** Intake: who the person is, whether they are already on record, and how they came to us. */
export function IntakePage() {
  const { t } = useTranslation();
  usePageTitle('cases.intake.title');
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [step, setStep] = useState(0);
  /** 'new', or the id of a person on record the user links to; null until the user decides. */
  const [decision, setDecision] = useState<string | null>(null);

  // Step 1 sends the duplicate check; its field errors (flat names) land on the person's fields.
  const person = useApiForm({
    initialValues: emptyPerson,
    validate: personRules,
    send: (values) => personsApi.duplicates(duplicateQuery(values)),
    onSuccess: (result) => {
      setDecision(result.matches.length === 0 ? 'new' : null);
      setStep(1);
    },
  });

  // Step 3 records the case; an error on the person's fields (identity.*, person.*) sends the user back to step 1.
  const facts = useApiForm({
    initialValues: emptyFacts,
    validate: { referralSource: required },
    fieldOf: factsFieldOf,
    send: (values) => casesApi.create(createBody(person.form.getValues(), values, decision)),
    onSuccess: async (created) => {
      await queryClient.invalidateQueries({ queryKey: ['cases'] });
      navigate(`/cases/${created.id}`, { state: { created: true } });
    },
    onError: (error) => {
      if (!touchesPersonStep(error)) return;
      person.form.setErrors(serverFieldErrors(error, [], personFieldOf));
      setStep(0);
    },
  });

  return (
    <Stack>
      <Title order={1}>{t('cases.intake.title')}</Title>
      <Stepper active={step} onStepClick={(s) => s < step && setStep(s)} allowNextStepsSelect={false} size="sm">
        <Stepper.Step label={t('cases.intake.step1')} description={t('cases.intake.step1Hint')}>
          <PersonStep
            person={person}
            createError={facts.mutation.error}
            onSubmit={(event) => {
              // A new check: the last intake's refusal no longer stands.
              facts.mutation.reset();
              person.submit(event);
            }}
          />
        </Stepper.Step>
        <Stepper.Step label={t('cases.intake.step2')} description={t('cases.intake.step2Hint')}>
          <DuplicateStep
            matches={person.mutation.data?.matches ?? []}
            decision={decision}
            setDecision={setDecision}
            onBack={() => setStep(0)}
            onNext={() => setStep(2)}
          />
        </Stepper.Step>
        <Stepper.Step label={t('cases.intake.step3')} description={t('cases.intake.step3Hint')}>
          <FactsStep facts={facts} onBack={() => setStep(1)} />
        </Stepper.Step>
      </Stepper>
    </Stack>
  );
}
