// Held-out questions, never used to tune the ranking (guide-questions.ts is the tuning
// set), so the benchmark shows how it does on questions it was not fitted to: the first
// 24 were written before the tuning; the last 13 after it, before any of them was ever
// searched. Same rules: plain French, no article numbers, answers checked by hand
// against ../shared/fixtures/guide. Paths are relative to texts/.
const cc = 'code-civil/livre-ier';
const casf = 'code-de-l-action-sociale-et-des-familles/partie-legislative';

export const heldOutQuestions: { q: string; answers: string[] }[] = [
  { q: 'devoirs des époux l’un envers l’autre', answers: [`${cc}/titre-v/chapitre-vi/article-212.md`] },
  { q: 'qui paie les charges du ménage quand on est marié', answers: [`${cc}/titre-v/chapitre-vi/article-214.md`] },
  { q: 'choix du logement de la famille par les époux', answers: [`${cc}/titre-v/chapitre-vi/article-215.md`] },
  { q: 'déléguer l’autorité parentale à un tiers', answers: [`${cc}/titre-ix/chapitre-ier/section-3/article-377.md`] },
  { q: 'adoption simple d’un adulte', answers: [`${cc}/titre-viii/chapitre-ii/section-1/article-360.md`] },
  { q: 'âge minimum pour adopter', answers: [`${cc}/titre-viii/chapitre-ier/section-1/article-343-1.md`] },
  { q: 'fin d’un pacs', answers: [`${cc}/titre-xiii/chapitre-ier/article-515-7.md`] },
  { q: 'enfant né d’un parent français', answers: [`${cc}/titre-ier-bis/chapitre-ii/section-1/article-18.md`] },
  { q: 'naturalisation durée de résidence en France', answers: [`${cc}/titre-ier-bis/chapitre-iii/section-1/paragraphe-5/article-21-17.md`] },
  { q: 'enfant né en France de parents étrangers nationalité à sa majorité', answers: [`${cc}/titre-ier-bis/chapitre-iii/section-1/paragraphe-3/article-21-7.md`] },
  { q: 'obligation alimentaire lors d’une demande d’aide sociale', answers: [`${casf}/livre-ier/titre-iii/chapitre-ii/article-l132-6.md`] },
  { q: 'récupération de l’aide sociale sur la succession', answers: [`${casf}/livre-ier/titre-iii/chapitre-ii/article-l132-8.md`] },
  { q: 'quel département paie l’aide sociale domicile de secours', answers: [`${casf}/livre-ier/titre-ii/chapitre-ii/article-l122-1.md`] },
  { q: 'aviser le procureur pour un mineur en danger', answers: [`${casf}/livre-ii/titre-ii/chapitre-vi/article-l226-4.md`] },
  { q: 'observatoire de la protection de l’enfance', answers: [`${casf}/livre-ii/titre-ii/chapitre-vi/article-l226-3-1.md`] },
  { q: 'agrément d’assistant maternel', answers: [`${casf}/livre-iv/titre-ii/chapitre-ier/article-l421-3.md`] },
  { q: 'aide sociale pour une personne handicapée qui ne peut pas travailler', answers: [`${casf}/livre-ii/titre-iv/chapitre-ier/article-l241-1.md`] },
  { q: 'obligations du bénéficiaire du RSA sans emploi', answers: [`${casf}/livre-ii/titre-vi/chapitre-ii/section-3/article-l262-28.md`] },
  { q: 'changer de prénom', answers: [`${cc}/titre-ii/chapitre-ii/section-2/article-60.md`] },
  { q: 'contrat d’accompagnement social personnalisé', answers: [`${casf}/livre-ii/titre-vii/chapitre-unique/article-l271-2.md`, `${casf}/livre-ii/titre-vii/chapitre-unique/article-l271-1.md`] },
  { q: 'déclaration de décès à la mairie', answers: [`${cc}/titre-ii/chapitre-iv/article-78.md`] },
  { q: 'mariage d’un mineur consentement des parents', answers: [`${cc}/titre-v/chapitre-ier/article-148.md`] },
  { q: 'qui peut bénéficier de l’aide sociale en France', answers: [`${casf}/livre-ier/titre-ier/chapitre-ier/article-l111-1.md`] },
  { q: 'rôle du département dans l’action sociale', answers: [`${casf}/livre-ier/titre-ii/chapitre-ier/section-1/article-l121-1.md`] },
  // Written after the tuning.
  { q: 'divorce pour faute du conjoint', answers: [`${cc}/titre-vi/chapitre-ier/section-4/article-242.md`] },
  { q: 'séparation de corps', answers: [`${cc}/titre-vi/chapitre-iv/section-1/article-296.md`] },
  { q: 'que contient un acte de naissance', answers: [`${cc}/titre-ii/chapitre-ii/section-1/article-57.md`] },
  { q: 'publication des bans avant le mariage', answers: [`${cc}/titre-ii/chapitre-iii/article-63.md`] },
  { q: 'participation financière à l’APA en maison de retraite', answers: [`${casf}/livre-ii/titre-iii/chapitre-ii/section-1/sous-section-2/article-l232-8.md`] },
  { q: 'but de la protection de l’enfance', answers: [`${casf}/livre-ier/titre-ier/chapitre-ii/article-l112-3.md`] },
  { q: 'juge des enfants mesures d’assistance éducative', answers: [`${cc}/titre-ix/chapitre-ier/section-2/article-375.md`] },
  { q: 'partage d’informations entre professionnels sur un enfant en danger', answers: [`${casf}/livre-ii/titre-ii/chapitre-vi/article-l226-2-2.md`] },
  { q: 'accueillir chez soi une personne âgée contre rémunération', answers: [`${casf}/livre-iv/titre-iv/chapitre-ier/article-l441-1.md`] },
  { q: 'quand perd-on son domicile de secours', answers: [`${casf}/livre-ier/titre-ii/chapitre-ii/article-l122-3.md`] },
  { q: 'où déclarer un pacs', answers: [`${cc}/titre-xiii/chapitre-ier/article-515-3.md`] },
  { q: 'changer de nom de famille', answers: [`${cc}/titre-ii/chapitre-ii/section-2/article-61.md`] },
  { q: 'déclaration d’absence après dix ans', answers: [`${cc}/titre-iv/chapitre-ii/article-122.md`] },
];
