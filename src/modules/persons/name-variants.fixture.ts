/**
 * A labelled set of Indonesian name variants for the duplicate check's quality test (name-variants.test.ts).
 *
 * Each recorded person comes with the ways another agency may write her name at intake (`same`: the same
 * person) and with namesakes (`others`: a different person whose name is the same or near, told apart by
 * birth year, origin or family name). Kinds of variant: old and new spelling (oe/u, dj/j, tj/c, j/y,
 * ch/kh/h, sj/sy), Arabic-derived variants (Muhammad/Mohamad/Muhamad/Mochammad/Moh., Nur/Noor, Abdul/Abd,
 * Achmad/Ahmad), compounds split or joined (Nurhayati/Nur Hayati, Abdurrahman/Abdul Rahman), glides and
 * inserted letters (Sumiyati/Sumiati, Marliana/Marlina, y/i endings), dropped or added patronymics
 * (bin/binti), order swaps, initials and dropped middle names.
 */

export type Sex = 'Feminine' | 'Masculine';

export interface Recorded {
  name: string;
  birthYear: number;
  sex: Sex;
  /** Regency (kabupaten/kota) of origin. */
  regionCode: string;
  /** Variants of the same person's name. */
  same: string[];
  /**
   * Namesakes: a different person. `name` defaults to the recorded name; the difference is in birth year
   * (`yearShift`), origin (`regionCode`, another province) or the name itself (another family name).
   */
  others: { name?: string; yearShift?: number; regionCode?: string; why: 'birthYear' | 'origin' | 'family' }[];
}

export const recorded: Recorded[] = [
  {
    name: 'Siti Nurhayati',
    birthYear: 2001,
    sex: 'Feminine',
    regionCode: '53.71',
    same: [
      'Sity Noerhajati',
      'Siti Nur Hayati',
      'S. Nurhayati',
      'Nurhayati Siti',
      'Siti Nurhayaty',
      'Siti Noor Hayati',
    ],
    others: [
      { yearShift: 6, why: 'birthYear' },
      { regionCode: '35.07', why: 'origin' },
      { name: 'Siti Nurhasanah', why: 'family' },
    ],
  },
  {
    name: 'Muhammad Rizal',
    birthYear: 1996,
    sex: 'Masculine',
    regionCode: '52.03',
    same: ['Mohamad Rizal', 'Muhamad Rizal', 'Mochammad Rizal', 'Moh. Rizal', 'M. Rizal', 'Muhammad Rizal bin Hasan'],
    others: [
      { yearShift: -4, why: 'birthYear' },
      { regionCode: '32.12', why: 'origin' },
      { name: 'Muhammad Rizki', why: 'family' },
    ],
  },
  {
    name: 'Sri Rahayu',
    birthYear: 1990,
    sex: 'Feminine',
    regionCode: '35.05',
    same: ['Rahayu Sri', 'Sri Rahajoe', 'Sri Rahaju', 'S. Rahayu', 'Sri Rahayu binti Slamet'],
    others: [
      { yearShift: 5, why: 'birthYear' },
      { regionCode: '33.01', why: 'origin' },
      { name: 'Sri Lestari', why: 'family' },
      { name: 'Sri Wahyuni', why: 'family' },
    ],
  },
  {
    name: 'Nur Aini',
    birthYear: 1999,
    sex: 'Feminine',
    regionCode: '52.02',
    same: ['Nuraini', 'Noor Aini', 'Nur Aeni', 'Nuraeni'],
    others: [
      { yearShift: 3, why: 'birthYear' },
      { regionCode: '61.01', why: 'origin' },
      { name: 'Nur Azizah', why: 'family' },
    ],
  },
  {
    name: 'Abdurrahman Wahid',
    birthYear: 1988,
    sex: 'Masculine',
    regionCode: '52.03',
    same: ['Abdul Rahman Wahid', 'Abd. Rahman Wahid', 'Abdulrahman Wahid', 'Abdurahman Wahid', 'A. Rahman Wahid'],
    others: [
      { yearShift: -7, why: 'birthYear' },
      { regionCode: '73.71', why: 'origin' },
      { name: 'Abdul Rahman Hakim', why: 'family' },
    ],
  },
  {
    name: 'Achmad Djunaedi',
    birthYear: 1985,
    sex: 'Masculine',
    regionCode: '32.12',
    same: ['Ahmad Junaedi', 'Ahmad Junaidi', 'Akhmad Djunaidi', 'Achmad Junaedi'],
    others: [
      { yearShift: 9, why: 'birthYear' },
      { regionCode: '35.07', why: 'origin' },
      { name: 'Achmad Djuanda', why: 'family' },
    ],
  },
  {
    name: 'Soekarti',
    birthYear: 1979,
    sex: 'Feminine',
    regionCode: '35.04',
    same: ['Sukarti', 'Soekartie', 'Sukartie'],
    others: [
      { yearShift: 4, why: 'birthYear' },
      { regionCode: '33.29', why: 'origin' },
    ],
  },
  {
    name: 'Tjahjono Oetomo',
    birthYear: 1982,
    sex: 'Masculine',
    regionCode: '33.01',
    same: ['Cahyono Utomo', 'Tjahyono Utomo', 'Cahjono Oetomo', 'C. Utomo'],
    others: [
      { yearShift: -5, why: 'birthYear' },
      { regionCode: '35.15', why: 'origin' },
      { name: 'Cahyono Santoso', why: 'family' },
    ],
  },
  {
    name: 'Sumiyati',
    birthYear: 1993,
    sex: 'Feminine',
    regionCode: '33.27',
    same: ['Sumiati', 'Soemijati', 'Sumijati', 'Sumiyati binti Darto'],
    others: [
      { yearShift: 6, why: 'birthYear' },
      { regionCode: '53.03', why: 'origin' },
    ],
  },
  {
    name: 'Yuliana Bria',
    birthYear: 2004,
    sex: 'Feminine',
    regionCode: '53.21',
    same: ['Juliana Bria', 'Yulliana Bria', 'Yuliyana Bria', 'Bria Yuliana', 'Y. Bria'],
    others: [
      { yearShift: -3, why: 'birthYear' },
      { regionCode: '61.03', why: 'origin' },
      { name: 'Yuliana Seran', why: 'family' },
      { name: 'Yuliana Manek', why: 'family' },
    ],
  },
  {
    name: 'Maria Yosefina Ndolu',
    birthYear: 2002,
    sex: 'Feminine',
    regionCode: '53.02',
    same: ['Maria Josefina Ndolu', 'Maria Josephina Ndolu', 'Maria Ndolu', 'Maria Y. Ndolu', 'M. Yosefina Ndolu'],
    others: [
      { yearShift: 4, why: 'birthYear' },
      { regionCode: '12.01', why: 'origin' },
      { name: 'Maria Yosefina Tefa', why: 'family' },
      { name: 'Maria Yosefina Bria', why: 'family' },
    ],
  },
  {
    name: 'Fransiska Theresia Nahak',
    birthYear: 2000,
    sex: 'Feminine',
    regionCode: '53.04',
    same: ['Fransisca Teresia Nahak', 'Fransiska Nahak', 'Fransiska T. Nahak', 'Theresia Fransiska Nahak'],
    others: [
      { yearShift: 7, why: 'birthYear' },
      { regionCode: '51.03', why: 'origin' },
      { name: 'Fransiska Theresia Seran', why: 'family' },
    ],
  },
  {
    name: 'Rachmawati',
    birthYear: 1997,
    sex: 'Feminine',
    regionCode: '32.03',
    same: ['Rahmawati', 'Rakhmawati', 'Rachmawaty', 'Rahmawatie'],
    others: [
      { yearShift: 5, why: 'birthYear' },
      { regionCode: '52.01', why: 'origin' },
    ],
  },
  {
    name: 'Chairul Anwar',
    birthYear: 1991,
    sex: 'Masculine',
    regionCode: '12.71',
    same: ['Khairul Anwar', 'Hairul Anwar', 'Chairoel Anwar', 'Anwar Khairul'],
    others: [
      { yearShift: -6, why: 'birthYear' },
      { regionCode: '52.03', why: 'origin' },
      { name: 'Chairul Saleh', why: 'family' },
    ],
  },
  {
    name: 'Syarifah Aminah',
    birthYear: 1994,
    sex: 'Feminine',
    regionCode: '61.72',
    same: ['Sjarifah Aminah', 'Syarifa Aminah', 'Sarifah Aminah', 'Syarifah Aminah binti Usman'],
    others: [
      { yearShift: 8, why: 'birthYear' },
      { regionCode: '73.71', why: 'origin' },
      { name: 'Syarifah Fatimah', why: 'family' },
    ],
  },
  {
    name: 'Dewi Lestari',
    birthYear: 1998,
    sex: 'Feminine',
    regionCode: '35.73',
    same: ['Dewy Lestari', 'Dewi Lestary', 'Lestari Dewi', 'D. Lestari'],
    others: [
      { yearShift: 3, why: 'birthYear' },
      { regionCode: '31.71', why: 'origin' },
      { name: 'Dewi Handayani', why: 'family' },
      { name: 'Dewi Sartika', why: 'family' },
    ],
  },
  {
    name: 'Euis Komalasari',
    birthYear: 1987,
    sex: 'Feminine',
    regionCode: '32.03',
    same: ['Euis Komala Sari', 'Euis Komalasary', 'E. Komalasari'],
    others: [
      { yearShift: -5, why: 'birthYear' },
      { regionCode: '36.01', why: 'origin' },
      { name: 'Euis Nurjanah', why: 'family' },
    ],
  },
  {
    name: 'Baiq Sri Wahyuni',
    birthYear: 2003,
    sex: 'Feminine',
    regionCode: '52.02',
    same: ['Baiq Sriwahyuni', 'Sri Wahyuni', 'Baiq Sri Wahjuni', 'Baiq Sri Wahyoeni'],
    others: [
      { yearShift: 4, why: 'birthYear' },
      { regionCode: '35.22', why: 'origin' },
      { name: 'Baiq Sri Rahayu', why: 'family' },
    ],
  },
  {
    name: 'Rosmauli Simanjuntak',
    birthYear: 1995,
    sex: 'Feminine',
    regionCode: '12.12',
    same: ['Rosmauly Simanjuntak', 'Ros Mauli Simanjuntak', 'R. Simanjuntak', 'Rosmauli Simandjuntak'],
    others: [
      { yearShift: 6, why: 'birthYear' },
      { regionCode: '14.71', why: 'origin' },
      { name: 'Rosmauli Sitorus', why: 'family' },
    ],
  },
  {
    name: 'Andi Nurul Hidayah',
    birthYear: 1992,
    sex: 'Feminine',
    regionCode: '73.08',
    same: ['Andi Nurul Hidajah', 'Nurul Hidayah', 'Andi Nurul Hidaya', 'A. Nurul Hidayah'],
    others: [
      { yearShift: -3, why: 'birthYear' },
      { regionCode: '64.71', why: 'origin' },
      { name: 'Andi Nurul Fadilah', why: 'family' },
    ],
  },
  {
    name: 'Agustinus Seran',
    birthYear: 1986,
    sex: 'Masculine',
    regionCode: '53.21',
    same: ['Augustinus Seran', 'Agustinus Serran', 'A. Seran', 'Seran Agustinus'],
    others: [
      { yearShift: 5, why: 'birthYear' },
      { regionCode: '53.71', yearShift: 11, why: 'birthYear' },
      { regionCode: '81.01', why: 'origin' },
      { name: 'Agustinus Bere', why: 'family' },
    ],
  },
  {
    name: 'Ni Luh Putu Sukmawati',
    birthYear: 1996,
    sex: 'Feminine',
    regionCode: '51.08',
    same: ['Ni Luh Putu Sukmawaty', 'Ni Putu Sukmawati', 'Ni Luh Sukmawati', 'Luh Putu Sukmawati'],
    others: [
      { yearShift: 4, why: 'birthYear' },
      { regionCode: '52.71', why: 'origin' },
      { name: 'Ni Luh Putu Ariani', why: 'family' },
    ],
  },
  {
    name: 'Hairunnisa',
    birthYear: 2005,
    sex: 'Feminine',
    regionCode: '52.03',
    same: ['Khairunnisa', 'Chairunnisa', 'Hairunisa', 'Khoirunnisa'],
    others: [
      { yearShift: -6, why: 'birthYear' },
      { regionCode: '16.71', why: 'origin' },
    ],
  },
  {
    name: 'Wartini binti Karta',
    birthYear: 1983,
    sex: 'Feminine',
    regionCode: '32.12',
    same: ['Wartini', 'Wartinie', 'Wartini bt Karta', 'Wartini binti Kartadiredja'],
    others: [
      { yearShift: 7, why: 'birthYear' },
      { regionCode: '33.28', why: 'origin' },
    ],
  },
  {
    name: 'Yohanes Paulus Kase',
    birthYear: 1999,
    sex: 'Masculine',
    regionCode: '53.10',
    same: ['Johanes Paulus Kase', 'Yohannes Paulus Kase', 'Yohanes P. Kase', 'Yohanes Kase', 'Paulus Kase'],
    others: [
      { yearShift: -4, why: 'birthYear' },
      { regionCode: '94.71', why: 'origin' },
      { name: 'Yohanes Paulus Lado', why: 'family' },
    ],
  },
  {
    name: 'Nurhaliza Putri',
    birthYear: 2006,
    sex: 'Feminine',
    regionCode: '21.71',
    same: ['Nur Haliza Putri', 'Nurhalisa Putri', 'Noorhaliza Putri', 'Putri Nurhaliza'],
    others: [
      { yearShift: 3, why: 'birthYear' },
      { regionCode: '14.71', why: 'origin' },
      { name: 'Nurhaliza Harahap', why: 'family' },
    ],
  },
  {
    name: 'Marlina Tefa',
    birthYear: 1989,
    sex: 'Feminine',
    regionCode: '53.03',
    same: ['Marliana Tefa', 'Marlinah Tefa', 'Merlina Tefa', 'Marlina Teffa'],
    others: [
      { yearShift: 8, why: 'birthYear' },
      { regionCode: '63.71', why: 'origin' },
      { name: 'Marlina Nope', why: 'family' },
    ],
  },
  {
    name: 'Mohammad Soleh',
    birthYear: 1980,
    sex: 'Masculine',
    regionCode: '35.26',
    same: ['Muhamad Soleh', 'Moch. Soleh', 'Mochamad Sholeh', 'Muhammad Saleh', 'Mohd Soleh'],
    others: [
      { yearShift: -5, why: 'birthYear' },
      { regionCode: '18.01', why: 'origin' },
      { name: 'Mohammad Sholihin', why: 'family' },
    ],
  },
  {
    name: 'Dyah Ayu Pratiwi',
    birthYear: 2001,
    sex: 'Feminine',
    regionCode: '33.74',
    same: ['Diah Ayu Pratiwi', 'Diyah Ayu Pratiwi', 'Dyah Pratiwi', 'Ayu Pratiwi'],
    others: [
      { yearShift: 5, why: 'birthYear' },
      { regionCode: '61.71', why: 'origin' },
      { name: 'Dyah Ayu Lestari', why: 'family' },
    ],
  },
];

/** Given names that thousands share: the test's background population, so candidates compete as in reality. */
export const crowd = {
  given: ['Siti', 'Sri', 'Nur', 'Muhammad', 'Dewi', 'Maria', 'Ahmad', 'Yuliana', 'Nurul', 'Agustinus'],
  family: ['Rahayu', 'Lestari', 'Aminah', 'Hidayat', 'Saputra', 'Wulandari', 'Bria', 'Seran', 'Fatimah', 'Handayani'],
};
