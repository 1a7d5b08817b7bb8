import type { ConsentPurpose, FieldGroup } from './consent.schema.js';

/**
 * Consent wording, version 1, as data: what the case worker shows or reads to the victim (or a child's
 * guardian) before recording a consent. Law 27/2022 Art. 22(4): simple, clear language, each purpose
 * distinguishable; Art. 21: the purpose, the data, the recipient and the person's rights are said before
 * consent is asked. A changed text is a new version; a recorded consent names the version it was given under.
 */
type Text = { id: string; en: string };

export interface ConsentWording {
  version: string;
  effectiveFrom: string;
  intro: Text;
  purposes: Record<ConsentPurpose, { title: Text; body: Text }>;
  child: Text;
  rights: Text;
  legal: Text;
  fieldGroups: Record<FieldGroup, Text>;
}

export const consentWordingV1: ConsentWording = {
  version: 'v1',
  effectiveFrom: '2024-10-17',
  intro: {
    id: 'Sebelum kami menggunakan atau membagikan informasi tentang Anda, kami meminta izin Anda. Silakan dengarkan atau baca dengan saksama. Anda boleh bertanya kapan saja.',
    en: 'Before we use or share information about you, we ask for your permission. Please listen or read carefully. You can ask questions at any time.',
  },
  purposes: {
    case_management: {
      title: { id: 'Menggunakan informasi Anda untuk membantu Anda', en: 'Using your information to help you' },
      body: {
        id: 'Kami, {agency}, mencatat informasi tentang Anda dan apa yang Anda alami agar kami dapat merencanakan dan memberikan bantuan: tempat tinggal yang aman, layanan kesehatan, konseling, bantuan hukum, dan bantuan untuk pulang. Hanya petugas yang menangani kasus Anda yang dapat melihatnya. Yang kami catat: {fields}.',
        en: 'We, {agency}, write down information about you and what happened to you so that we can plan and give you help: a safe place to stay, health care, counselling, legal help and help to go home. Only the people working on your case can see it. What we write down: {fields}.',
      },
    },
    referral: {
      title: {
        id: 'Membagikan sebagian informasi kepada {recipient}',
        en: 'Sharing some information with {recipient}',
      },
      body: {
        id: 'Kami ingin mengirimkan sebagian informasi tentang Anda kepada {recipient} agar mereka dapat memberikan kepada Anda: {services}. Kami hanya akan mengirimkan: {fields}. Mereka tidak akan melihat seluruh berkas Anda, dan tidak akan melihat nama, alamat, atau nomor telepon Anda kecuali Anda menyetujuinya di sini. Jika Anda tidak setuju, Anda tetap akan mendapat bantuan dari kami.',
        en: 'We would like to send some information about you to {recipient} so that they can give you: {services}. We will send only: {fields}. They will not see your whole file, and they will not see your name, address or phone number unless you say yes to that here. If you say no, you will still get help from us.',
      },
    },
    international_sharing: {
      title: { id: 'Membagikan kepada organisasi internasional', en: 'Sharing with an international organisation' },
      body: {
        id: 'Kami ingin membagikan sebagian informasi tentang Anda kepada {recipient}, organisasi internasional yang membantu korban perdagangan orang. Kami hanya akan mengirimkan: {fields}. Mereka wajib menjaganya dengan aman dan hanya menggunakannya untuk membantu Anda.',
        en: 'We would like to share some information about you with {recipient}, an international organisation that helps victims of trafficking. We will send only: {fields}. They must keep it safe and use it only to help you.',
      },
    },
    statistics: {
      title: { id: 'Menghitung kasus tanpa nama', en: 'Counting cases without names' },
      body: {
        id: 'Kami ingin menghitung kasus Anda, tanpa nama atau apa pun yang menunjukkan siapa Anda, dalam laporan yang membantu pemerintah dan pihak lain memahami dan menghentikan perdagangan orang. Angka hanya ditampilkan untuk kelompok beberapa orang sekaligus, sehingga tidak ada yang dapat mengenali Anda. Kami hanya akan menggunakan: {fields}.',
        en: 'We would like to count your case, without your name or anything that shows who you are, in reports that help the government and others understand and stop trafficking. Numbers are only shown for groups of several people together, so nobody can recognise you. We will use only: {fields}.',
      },
    },
    cross_border_transfer: {
      title: {
        id: 'Mengirim informasi ke negara atau sistem lain',
        en: 'Sending information to another country or system',
      },
      body: {
        id: 'Untuk membantu Anda, misalnya agar Anda dapat pulang dengan aman, kami ingin mengirimkan sebagian informasi tentang Anda kepada {recipient}, di luar sistem ini atau di luar Indonesia. Kami hanya akan mengirimkan: {fields}. Kami hanya akan mengirimkannya jika mereka melindungi informasi Anda setidaknya sebaik yang diwajibkan hukum Indonesia.',
        en: 'To help you, for example so that you can return home safely, we would like to send some information about you to {recipient}, outside this system or outside Indonesia. We will send only: {fields}. We will only send it if they protect your information at least as well as Indonesian law requires.',
      },
    },
  },
  child: {
    id: 'Jika Anda berusia di bawah 18 tahun, orang tua atau wali Anda memberikan izin ini bersama Anda, dan kami akan mendengarkan apa yang Anda inginkan.',
    en: 'If you are under 18, your parent or guardian gives this permission together with you, and we will listen to what you want.',
  },
  rights: {
    id: 'Ini pilihan Anda. Jika Anda menolak, kami tetap akan membantu Anda. Anda boleh berubah pikiran kapan saja: beri tahu petugas kasus Anda dan kami akan segera berhenti membagikannya. Apa yang sudah dibagikan sebelumnya tidak dapat ditarik kembali, tetapi organisasi lain tidak akan dapat melihatnya lagi di sistem ini. Anda boleh meminta untuk melihat informasi yang kami simpan tentang Anda dan memperbaikinya. Kami menyimpannya hanya selama diperlukan untuk membantu Anda dan sesuai ketentuan hukum.',
    en: 'It is your choice. If you say no, we will still help you. You can change your mind at any time: tell your case worker and we will stop sharing at once. What was shared before cannot be taken back, but the other organisation will no longer be able to see it in this system. You can ask to see the information we keep about you and to correct it. We keep it only as long as it is needed to help you and as the law requires.',
  },
  legal: {
    id: 'Informasi Anda dilindungi oleh Undang-Undang Nomor 27 Tahun 2022 tentang Pelindungan Data Pribadi, yang memberi Anda hak-hak ini, dan oleh Undang-Undang Nomor 21 Tahun 2007 Pasal 44, yang menyatakan bahwa identitas korban perdagangan orang wajib dirahasiakan.',
    en: 'Your information is protected by Law No. 27 of 2022 on Personal Data Protection (Pelindungan Data Pribadi), which gives you these rights, and by Law No. 21 of 2007 Article 44, which says that the identity of a victim of trafficking must be kept secret.',
  },
  fieldGroups: {
    age_band: { id: 'kelompok umur Anda (bukan tanggal lahir)', en: 'your age group (not your date of birth)' },
    sex: { id: 'jenis kelamin Anda', en: 'your sex' },
    languages: { id: 'bahasa yang Anda gunakan', en: 'the languages you speak' },
    nationality: { id: 'kewarganegaraan Anda', en: 'your nationality' },
    origin_region: { id: 'provinsi asal Anda', en: 'the province you come from' },
    needs: { id: 'bantuan yang Anda butuhkan', en: 'the help you need' },
    risk_notes: { id: 'seberapa besar bahaya bagi keselamatan Anda', en: 'how much danger you may be in' },
    exploitation_types: { id: 'jenis eksploitasi yang Anda alami', en: 'the kind of exploitation you suffered' },
    case_summary: { id: 'ringkasan singkat cerita Anda', en: 'a short summary of your story' },
    legal: {
      id: 'perkembangan proses hukum kasus Anda (laporan polisi, sidang, putusan, restitusi, perlindungan)',
      en: 'how the legal case is going (police report, hearings, verdict, restitution, protection)',
    },
    identity_name: { id: 'nama Anda', en: 'your name' },
    identity_contact: { id: 'alamat dan nomor telepon Anda', en: 'your address and phone number' },
  },
};

/** Every wording version, oldest first; the last is current. */
export const consentWordings: readonly ConsentWording[] = [consentWordingV1];
export const currentWording = (): ConsentWording => consentWordings[consentWordings.length - 1]!;
export const findWording = (version: string): ConsentWording | undefined =>
  consentWordings.find((w) => w.version === version);
