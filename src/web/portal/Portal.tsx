import { type FormEvent, useEffect, useRef, useState } from 'react';
import { PortalError, publicApi, type Region, type TipForm, type TipStatus } from './api.js';
import { Chrome } from './Chrome.js';
import { useT } from './i18n.js';
import { solve } from './sha256.js';

type View = { name: 'home' } | { name: 'form' } | { name: 'sent'; code: string } | { name: 'status'; code?: string };

function ErrorBox({ error }: { error: unknown }) {
  const { t } = useT();
  if (!error) return null;
  const p = error instanceof PortalError ? error.problem : null;
  return (
    <div className="error" role="alert">
      <strong>{p?.title ?? t('error')}</strong>
      {p?.detail ? <p>{p.detail}</p> : null}
      {p?.errors?.length ? (
        <ul>
          {p.errors.map((e) => (
            <li key={e.field}>{e.message}</li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}

/** The public portal: one address (/lapor) whose views never add history entries, so quick exit leaves no trace. */
export function Portal() {
  const [view, setView] = useState<View>({ name: 'home' });
  const heading = useRef<HTMLHeadingElement>(null);
  // biome-ignore lint/correctness/useExhaustiveDependencies: move focus to the new view's heading when the view changes
  useEffect(() => {
    heading.current?.focus();
    window.scrollTo(0, 0);
  }, [view.name]);
  return (
    <Chrome>
      {view.name === 'home' && <Home heading={heading} go={setView} />}
      {view.name === 'form' && <ReportForm heading={heading} go={setView} />}
      {view.name === 'sent' && <Sent heading={heading} code={view.code} go={setView} />}
      {view.name === 'status' && <StatusPage heading={heading} initialCode={view.code} go={setView} />}
    </Chrome>
  );
}

type Props = { heading: React.RefObject<HTMLHeadingElement | null>; go: (v: View) => void };

function Home({ heading, go }: Props) {
  const { t, lang } = useT();
  const [signs, setSigns] = useState<TipForm['indicators']>([]);
  useEffect(() => {
    publicApi.tipForm(lang).then(
      (f) => setSigns(f.indicators),
      () => setSigns([]),
    );
  }, [lang]);
  return (
    <>
      <h1 ref={heading} tabIndex={-1}>
        {t('home.title')}
      </h1>
      <p className="lead">{t('home.lead')}</p>
      <div className="actions">
        <button type="button" className="primary" onClick={() => go({ name: 'form' })}>
          {t('home.report')}
        </button>
        <button type="button" onClick={() => go({ name: 'status' })}>
          {t('home.check')}
        </button>
      </div>
      <section aria-labelledby="signs">
        <h2 id="signs">{t('home.signsTitle')}</h2>
        <p>{t('home.signsLead')}</p>
        <ul className="signs">
          {signs.map((s) => (
            <li key={s.key}>{s.label[lang]}</li>
          ))}
        </ul>
      </section>
      <p className="note">{t('home.protected')}</p>
      <p className="note">{t('home.emergency')}</p>
    </>
  );
}

function ReportForm({ heading, go }: Props) {
  const { t, lang } = useT();
  const [form, setForm] = useState<TipForm | null>(null);
  const [nonce, setNonce] = useState<string | null>(null);
  const [provinces, setProvinces] = useState<Region[]>([]);
  const [regencies, setRegencies] = useState<Region[]>([]);
  const [province, setProvince] = useState('');
  const [regency, setRegency] = useState('');
  const [description, setDescription] = useState('');
  const [happenedOn, setHappenedOn] = useState('');
  const [people, setPeople] = useState('');
  const [child, setChild] = useState(false);
  const [heldNow, setHeldNow] = useState(false);
  const [nearBorder, setNearBorder] = useState(false);
  const [signs, setSigns] = useState<string[]>([]);
  const [relation, setRelation] = useState('');
  const [withContact, setWithContact] = useState(false);
  const [contact, setContact] = useState({ name: '', phone: '', address: '' });
  const [website, setWebsite] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);

  const load = () =>
    publicApi.tipForm(lang).then((f) => {
      setForm(f);
      setNonce(null);
      // The proof of work runs while the reporter writes.
      void solve(f.challenge.challenge, f.challenge.difficulty).then(setNonce);
    }, setError);
  // biome-ignore lint/correctness/useExhaustiveDependencies: load once per form
  useEffect(() => {
    void load();
    publicApi.regions(lang).then(setProvinces, setError);
  }, []);
  useEffect(() => {
    setRegency('');
    setRegencies([]);
    if (province) publicApi.regions(lang, province).then(setRegencies, setError);
  }, [province, lang]);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!form) return;
    setBusy(true);
    setError(null);
    try {
      const pow = {
        challenge: form.challenge.challenge,
        nonce: nonce ?? (await solve(form.challenge.challenge, form.challenge.difficulty)),
      };
      const c = withContact
        ? Object.fromEntries(Object.entries(contact).filter(([, v]) => v.trim() !== ''))
        : undefined;
      const res = await publicApi.submitTip(lang, {
        description,
        regionCode: regency || province,
        ...(happenedOn ? { happenedOn } : {}),
        ...(people ? { peopleCount: Number(people) } : {}),
        involvesChild: child,
        heldNow,
        nearBorder,
        indicators: signs,
        ...(relation ? { relation } : {}),
        ...(c && Object.keys(c).length > 0 ? { contact: c } : {}),
        ...(website ? { website } : {}),
        pow,
      });
      go({ name: 'sent', code: res.code });
    } catch (err) {
      setError(err);
      // A challenge is good for one try: fetch a fresh one.
      void load();
    } finally {
      setBusy(false);
    }
  };

  return (
    <form onSubmit={submit} noValidate={false}>
      <h1 ref={heading} tabIndex={-1}>
        {t('form.title')}
      </h1>
      <p className="note">{t('form.anonymous')}</p>
      <ErrorBox error={error} />
      <label className="field">
        <span>{t('form.what')}</span>
        <textarea
          required
          minLength={20}
          maxLength={5000}
          rows={6}
          value={description}
          aria-describedby="what-hint"
          onChange={(e) => setDescription(e.target.value)}
        />
        <small id="what-hint">{t('form.whatHint')}</small>
      </label>
      <label className="field">
        <span>{t('form.province')}</span>
        <select required value={province} onChange={(e) => setProvince(e.target.value)}>
          <option value="">{t('form.choose')}</option>
          {provinces.map((p) => (
            <option key={p.code} value={p.code}>
              {p.name}
            </option>
          ))}
        </select>
      </label>
      <label className="field">
        <span>{t('form.regency')}</span>
        <select value={regency} disabled={!province} onChange={(e) => setRegency(e.target.value)}>
          <option value="">{t('form.choose')}</option>
          {regencies.map((r) => (
            <option key={r.code} value={r.code}>
              {r.name}
            </option>
          ))}
        </select>
      </label>
      <div className="row">
        <label className="field">
          <span>{t('form.when')}</span>
          <input type="date" value={happenedOn} onChange={(e) => setHappenedOn(e.target.value)} />
        </label>
        <label className="field">
          <span>{t('form.people')}</span>
          <input
            type="number"
            inputMode="numeric"
            min={1}
            max={500}
            value={people}
            onChange={(e) => setPeople(e.target.value)}
          />
        </label>
      </div>
      <fieldset>
        <legend>{t('form.situation')}</legend>
        <label className="check">
          <input type="checkbox" checked={child} onChange={(e) => setChild(e.target.checked)} />
          <span>{t('form.child')}</span>
        </label>
        <label className="check">
          <input type="checkbox" checked={heldNow} onChange={(e) => setHeldNow(e.target.checked)} />
          <span>{t('form.heldNow')}</span>
        </label>
        <label className="check">
          <input type="checkbox" checked={nearBorder} onChange={(e) => setNearBorder(e.target.checked)} />
          <span>{t('form.nearBorder')}</span>
        </label>
      </fieldset>
      <fieldset>
        <legend>{t('form.signs')}</legend>
        {form?.indicators.map((i) => (
          <label className="check" key={i.key}>
            <input
              type="checkbox"
              checked={signs.includes(i.key)}
              onChange={(e) => setSigns(e.target.checked ? [...signs, i.key] : signs.filter((s) => s !== i.key))}
            />
            <span>{i.label[lang]}</span>
          </label>
        ))}
      </fieldset>
      <label className="field">
        <span>{t('form.relation')}</span>
        <select value={relation} onChange={(e) => setRelation(e.target.value)}>
          <option value="">{t('form.choose')}</option>
          {form?.relations.map((r) => (
            <option key={r} value={r}>
              {t(`form.relations.${r}`)}
            </option>
          ))}
        </select>
      </label>
      <label className="check">
        <input type="checkbox" checked={withContact} onChange={(e) => setWithContact(e.target.checked)} />
        <span>{t('form.contactToggle')}</span>
      </label>
      {withContact && (
        <fieldset>
          <legend className="sr-only">{t('form.contactToggle')}</legend>
          <p className="note">{t('form.contactHint')}</p>
          <label className="field">
            <span>{t('form.name')}</span>
            <input
              autoComplete="off"
              value={contact.name}
              onChange={(e) => setContact({ ...contact, name: e.target.value })}
            />
          </label>
          <label className="field">
            <span>{t('form.phone')}</span>
            <input
              type="tel"
              autoComplete="off"
              value={contact.phone}
              onChange={(e) => setContact({ ...contact, phone: e.target.value })}
            />
          </label>
          <label className="field">
            <span>{t('form.address')}</span>
            <input
              autoComplete="off"
              value={contact.address}
              onChange={(e) => setContact({ ...contact, address: e.target.value })}
            />
          </label>
        </fieldset>
      )}
      <div className="hp" aria-hidden="true">
        <label>
          {t('form.website')}
          <input tabIndex={-1} autoComplete="off" value={website} onChange={(e) => setWebsite(e.target.value)} />
        </label>
      </div>
      <div className="actions">
        <button type="submit" className="primary" disabled={busy || !form}>
          {busy ? t('form.sending') : t('form.submit')}
        </button>
        <button type="button" onClick={() => go({ name: 'home' })}>
          {t('form.back')}
        </button>
      </div>
      {busy && !nonce ? (
        <p className="note" role="status">
          {t('form.preparing')}
        </p>
      ) : null}
    </form>
  );
}

function Sent({ heading, go, code }: Props & { code: string }) {
  const { t } = useT();
  return (
    <>
      <h1 ref={heading} tabIndex={-1}>
        {t('sent.title')}
      </h1>
      <p>{t('sent.lead')}</p>
      <p className="code-label">{t('sent.codeLabel')}</p>
      <p className="code" data-testid="follow-up-code">
        {code}
      </p>
      <div className="actions">
        <button type="button" className="primary" onClick={() => go({ name: 'status', code })}>
          {t('sent.check')}
        </button>
      </div>
    </>
  );
}

function StatusPage({ heading, initialCode, go }: Props & { initialCode?: string }) {
  const { t, lang } = useT();
  const [code, setCode] = useState(initialCode ?? '');
  const [status, setStatus] = useState<TipStatus | null>(null);
  const [reply, setReply] = useState('');
  const [sent, setSent] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  const lookup = async (e?: FormEvent) => {
    e?.preventDefault();
    setBusy(true);
    setError(null);
    try {
      setStatus(await publicApi.tipStatus(lang, { code }));
    } catch (err) {
      setStatus(null);
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  // biome-ignore lint/correctness/useExhaustiveDependencies: look up once when arriving with a code
  useEffect(() => {
    if (initialCode) void lookup();
  }, []);
  const send = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      setStatus(await publicApi.reply(lang, { code, message: reply }));
      setReply('');
      setSent(true);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      <h1 ref={heading} tabIndex={-1}>
        {t('status.title')}
      </h1>
      <form onSubmit={lookup}>
        <label className="field">
          <span>{t('status.code')}</span>
          <input
            required
            autoComplete="off"
            autoCapitalize="characters"
            spellCheck={false}
            aria-describedby="code-hint"
            value={code}
            onChange={(e) => setCode(e.target.value)}
          />
          <small id="code-hint">{t('status.codeHint')}</small>
        </label>
        <div className="actions">
          <button type="submit" className="primary" disabled={busy}>
            {t('status.lookup')}
          </button>
          <button type="button" onClick={() => go({ name: 'home' })}>
            {t('form.back')}
          </button>
        </div>
      </form>
      <ErrorBox error={error} />
      {status && (
        <section aria-labelledby="state" className="status">
          <h2 id="state">{t('status.state')}</h2>
          <p data-testid="tip-status" className={`state ${status.status}`}>
            {t(`status.${status.status}`)}
          </p>
          <h2>{t('status.messages')}</h2>
          {status.messages.length === 0 ? (
            <p>{t('status.none')}</p>
          ) : (
            <ol className="messages">
              {status.messages.map((m) => (
                <li key={m.at + m.from} className={m.from}>
                  <strong>{m.from === 'staff' ? t('status.fromStaff') : t('status.fromYou')}</strong>
                  <p>{m.body}</p>
                </li>
              ))}
            </ol>
          )}
          {sent && <p role="status">{t('status.sentReply')}</p>}
          {status.canReply && (
            <form onSubmit={send}>
              <label className="field">
                <span>{t('status.reply')}</span>
                <textarea required maxLength={2000} rows={4} value={reply} onChange={(e) => setReply(e.target.value)} />
              </label>
              <div className="actions">
                <button type="submit" className="primary" disabled={busy}>
                  {t('status.send')}
                </button>
              </div>
            </form>
          )}
        </section>
      )}
    </>
  );
}
