import { type FormEvent, useEffect, useState } from 'react';
import { PortalError, publicApi, type SurveyDef } from './api.js';
import { Chrome } from './Chrome.js';
import { useT } from './i18n.js';

/** A participant's phone: the awareness survey behind a session's short link. No login and no identity. */
export function Survey({ code }: { code: string }) {
  const { t, lang } = useT();
  const [def, setDef] = useState<SurveyDef | null>(null);
  const [missing, setMissing] = useState(false);
  const [phase, setPhase] = useState<'pre' | 'post' | ''>('');
  const [participantCode, setParticipantCode] = useState('');
  const [answers, setAnswers] = useState<Record<string, string>>({});
  const [done, setDone] = useState(false);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    publicApi.survey(lang, code).then(setDef, () => setMissing(true));
  }, [code, lang]);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!def) return;
    setError(null);
    try {
      await publicApi.respond(lang, code, {
        phase,
        ...(participantCode.trim() ? { participantCode: participantCode.trim() } : {}),
        questionnaire: def.questionnaire.key,
        version: def.questionnaire.version,
        answers,
      });
      setDone(true);
    } catch (err) {
      setError(err);
    }
  };
  const p = error instanceof PortalError ? error.problem : null;
  return (
    <Chrome>
      <h1>{def ? def.questionnaire.title[lang] : t('survey.title')}</h1>
      {missing && <p role="alert">{t('survey.notFound')}</p>}
      {done && <p role="status">{t('survey.thanks')}</p>}
      {def && !done && (
        <form onSubmit={submit}>
          <p className="lead">
            {def.programmeName} · {def.heldOn}
          </p>
          <p>{t('survey.lead')}</p>
          {error ? (
            <div className="error" role="alert">
              <strong>{p?.title ?? t('error')}</strong>
              {p?.errors?.length ? <p>{p.errors.map((x) => x.message).join(' ')}</p> : null}
            </div>
          ) : null}
          <fieldset>
            <legend>{t('survey.phase')}</legend>
            {(['pre', 'post'] as const).map((v) => (
              <label className="check" key={v}>
                <input type="radio" name="phase" required checked={phase === v} onChange={() => setPhase(v)} />
                <span>{t(`survey.${v}`)}</span>
              </label>
            ))}
          </fieldset>
          <label className="field">
            <span>{t('survey.participantCode')}</span>
            <input
              autoComplete="off"
              maxLength={20}
              aria-describedby="pc-hint"
              value={participantCode}
              onChange={(e) => setParticipantCode(e.target.value)}
            />
            <small id="pc-hint">{t('survey.participantCodeHint')}</small>
          </label>
          <ol className="questions">
            {def.questionnaire.questions.map((q) => (
              <li key={q.id}>
                <fieldset>
                  <legend>{q.statement[lang]}</legend>
                  {def.questionnaire.options.map((o) => (
                    <label className="check inline" key={o.value}>
                      <input
                        type="radio"
                        name={q.id}
                        required
                        checked={answers[q.id] === o.value}
                        onChange={() => setAnswers({ ...answers, [q.id]: o.value })}
                      />
                      <span>{o.label[lang]}</span>
                    </label>
                  ))}
                </fieldset>
              </li>
            ))}
          </ol>
          <div className="actions">
            <button type="submit" className="primary">
              {t('survey.submit')}
            </button>
          </div>
        </form>
      )}
    </Chrome>
  );
}
