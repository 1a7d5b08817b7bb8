import type { Scale } from './types.js';

const steps = (n: number, labels: [string, string][]) =>
  labels.map(([id, en], i) => ({ value: i, score: i / n, label: { id, en } }));

/** Quality of access or condition, very poor (0) to very good (4). */
export const quality04: Scale = {
  id: 'quality_0_4',
  options: steps(4, [
    ['Sangat buruk', 'Very poor'],
    ['Buruk', 'Poor'],
    ['Cukup', 'Fair'],
    ['Baik', 'Good'],
    ['Sangat baik', 'Very good'],
  ]),
};

export const satisfaction04: Scale = {
  id: 'satisfaction_0_4',
  options: steps(4, [
    ['Sangat tidak puas', 'Very dissatisfied'],
    ['Tidak puas', 'Dissatisfied'],
    ['Biasa saja', 'Neither satisfied nor dissatisfied'],
    ['Puas', 'Satisfied'],
    ['Sangat puas', 'Very satisfied'],
  ]),
};

/** How often something happens, never (0) to very often (4); questions about bad things reverse it. */
export const frequency04: Scale = {
  id: 'frequency_0_4',
  options: steps(4, [
    ['Tidak pernah', 'Never'],
    ['Jarang', 'Rarely'],
    ['Kadang-kadang', 'Sometimes'],
    ['Sering', 'Often'],
    ['Sangat sering', 'Very often'],
  ]),
};

export const agreement04: Scale = {
  id: 'agreement_0_4',
  options: steps(4, [
    ['Sangat tidak setuju', 'Strongly disagree'],
    ['Tidak setuju', 'Disagree'],
    ['Ragu-ragu', 'Neither agree nor disagree'],
    ['Setuju', 'Agree'],
    ['Sangat setuju', 'Strongly agree'],
  ]),
};

export const yesNo: Scale = {
  id: 'yes_no',
  options: [
    { value: 'yes', score: 1, label: { id: 'Ya', en: 'Yes' } },
    { value: 'no', score: 0, label: { id: 'Tidak', en: 'No' } },
  ],
};

export const yesPartlyNo: Scale = {
  id: 'yes_partly_no',
  options: [
    { value: 'yes', score: 1, label: { id: 'Ya', en: 'Yes' } },
    { value: 'partly', score: 0.5, label: { id: 'Sebagian', en: 'Partly' } },
    { value: 'no', score: 0, label: { id: 'Tidak', en: 'No' } },
  ],
};

/** Level of a need, none (0) to urgent (3). */
export const need03: Scale = {
  id: 'need_0_3',
  options: steps(3, [
    ['Tidak ada kebutuhan', 'No need'],
    ['Kebutuhan rendah', 'Low need'],
    ['Kebutuhan sedang', 'Moderate need'],
    ['Kebutuhan mendesak', 'Urgent need'],
  ]),
};

/** HTCDS 2.0 asks "is X a risk factor in this context?": not at all (0) to a major factor (3). */
export const riskFactor03: Scale = {
  id: 'risk_factor_0_3',
  options: steps(3, [
    ['Bukan faktor risiko', 'Not a risk factor'],
    ['Faktor risiko kecil', 'Minor risk factor'],
    ['Faktor risiko sedang', 'Moderate risk factor'],
    ['Faktor risiko besar', 'Major risk factor'],
  ]),
};
