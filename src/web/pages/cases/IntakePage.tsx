import { Stack, Stepper, Title } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { casesApi, personsApi } from '../../api/cases.js';
import { usePageTitle } from '../../ui/usePageTitle.js';
import { eventsBody } from './EventsEditor.js';
import { PersonStep } from './IntakePersonStep.js';
import { DuplicateStep, FactsStep } from './IntakeSteps.js';
import {
  duplicateQuery,
  emptyFacts,
  emptyPerson,
  type FactsForm,
  identityBody,
  num,
  type PersonForm,
  profileBody,
  text,
  touchesPersonStep,
} from './intakeForm.js';
import { type ProfileMultiKey, profileMultiFields } from './model.js';

/** Intake: who the person is, whether they are already on record, and how they came to us. */
export function IntakePage() {
  const { t } = useTranslation();
  usePageTitle('cases.intake.title');
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [step, setStep] = useState(0);
  const [person, setPerson] = useState<PersonForm>(emptyPerson);
  const [facts, setFacts] = useState<FactsForm>(emptyFacts);
  const [missingName, setMissingName] = useState(false);
  /** 'new', or the id of a person on record the user links to; null until the user decides. */
  const [decision, setDecision] = useState<string | null>(null);

  const check = useMutation({
    mutationFn: () => personsApi.duplicates(duplicateQuery(person)),
    onSuccess: (result) => {
      setDecision(result.matches.length === 0 ? 'new' : null);
      setStep(1);
    },
  });

  const create = useMutation({
    mutationFn: () => {
      const linked = decision && decision !== 'new' ? decision : undefined;
      const profile = {
        ...Object.fromEntries(
          (Object.keys(profileMultiFields) as ProfileMultiKey[])
            .filter((k) => facts.multi[k].length > 0)
            .map((k) => [k, facts.multi[k]]),
        ),
        ...(facts.relationshipToTrafficker ? { relationshipToTrafficker: facts.relationshipToTrafficker } : {}),
        ...(facts.forcedLabourIndustry ? { forcedLabourIndustry: facts.forcedLabourIndustry } : {}),
        ...(facts.exploitationCountry ? { exploitationCountry: facts.exploitationCountry } : {}),
        ...(num(facts.ageWhenTrafficked) !== undefined ? { ageWhenTrafficked: num(facts.ageWhenTrafficked) } : {}),
      };
      return casesApi.create({
        ...(linked ? { existingPersonId: linked } : { person: profileBody(person), identity: identityBody(person) }),
        referralSource: facts.referralSource ?? '',
        ...(text(facts.summary) ? { summary: text(facts.summary) } : {}),
        ...(facts.riskLevel ? { riskLevel: facts.riskLevel } : {}),
        ...(Object.keys(profile).length > 0 ? { profile } : {}),
        ...(facts.events.length > 0 ? { events: eventsBody(facts.events) } : {}),
      });
    },
    onSuccess: async (created) => {
      await queryClient.invalidateQueries({ queryKey: ['cases'] });
      navigate(`/cases/${created.id}`, { state: { created: true } });
    },
    onError: (error) => {
      if (touchesPersonStep(error)) setStep(0);
    },
  });

  const submitPerson = (event: FormEvent) => {
    event.preventDefault();
    if (!person.fullName.trim()) {
      setMissingName(true);
      return;
    }
    setMissingName(false);
    create.reset();
    check.mutate();
  };

  const submitCase = (event: FormEvent) => {
    event.preventDefault();
    create.mutate();
  };

  return (
    <Stack>
      <Title order={1}>{t('cases.intake.title')}</Title>
      <Stepper active={step} onStepClick={(s) => s < step && setStep(s)} allowNextStepsSelect={false} size="sm">
        <Stepper.Step label={t('cases.intake.step1')} description={t('cases.intake.step1Hint')}>
          <PersonStep
            person={person}
            setPerson={setPerson}
            missingName={missingName}
            checkError={check.error}
            createError={create.error}
            checking={check.isPending}
            onSubmit={submitPerson}
          />
        </Stepper.Step>
        <Stepper.Step label={t('cases.intake.step2')} description={t('cases.intake.step2Hint')}>
          <DuplicateStep
            matches={check.data?.matches ?? []}
            decision={decision}
            setDecision={setDecision}
            onBack={() => setStep(0)}
            onNext={() => setStep(2)}
          />
        </Stepper.Step>
        <Stepper.Step label={t('cases.intake.step3')} description={t('cases.intake.step3Hint')}>
          <FactsStep
            facts={facts}
            setFacts={setFacts}
            error={create.error}
            saving={create.isPending}
            onBack={() => setStep(1)}
            onSubmit={submitCase}
          />
        </Stepper.Step>
      </Stepper>
    </Stack>
  );
}
