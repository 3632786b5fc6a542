// Plain-French questions a social worker types, each with the articles that answer it
// (checked by hand against the corpus: ../shared/fixtures/guide). No article numbers in
// the questions: these measure ranking, not number look-up. Paths are relative to texts/.
const cc = 'code-civil/livre-ier';
const casf = 'code-de-l-action-sociale-et-des-familles/partie-legislative';

export const questions: { q: string; answers: string[] }[] = [
  { q: 'à quel âge peut-on se marier', answers: [`${cc}/titre-v/chapitre-ier/article-144.md`] },
  { q: 'divorce par consentement mutuel', answers: [`${cc}/titre-vi/chapitre-ier/article-229.md`, `${cc}/titre-vi/chapitre-ier/section-1/article-230.md`] },
  { q: 'qu’est-ce qu’un pacs', answers: [`${cc}/titre-xiii/chapitre-ier/article-515-1.md`] },
  { q: 'définition de l’autorité parentale', answers: [`${cc}/titre-ix/chapitre-ier/article-371-1.md`] },
  { q: 'les enfants doivent aider leurs parents dans le besoin', answers: [`${cc}/titre-v/chapitre-v/article-205.md`] },
  { q: 'devenir français après un mariage', answers: [`${cc}/titre-ier-bis/chapitre-iii/section-1/paragraphe-2/article-21-2.md`] },
  { q: 'union libre', answers: [`${cc}/titre-xiii/chapitre-ii/article-515-8.md`] },
  { q: 'couple marié qui veut adopter un enfant', answers: [`${cc}/titre-viii/chapitre-ier/section-1/article-343.md`] },
  { q: 'ordonnance de protection pour une femme victime de violences conjugales', answers: [`${cc}/titre-xiv/article-515-9.md`] },
  { q: 'où se trouve le domicile d’une personne', answers: [`${cc}/titre-iii/article-102.md`] },
  { q: 'délai pour déclarer une naissance', answers: [`${cc}/titre-ii/chapitre-ii/section-1/article-55.md`] },
  { q: 'personne disparue sans nouvelles présomption d’absence', answers: [`${cc}/titre-iv/chapitre-ier/article-112.md`] },
  { q: 'qui a droit au RSA', answers: [`${casf}/livre-ii/titre-vi/chapitre-ii/section-2/sous-section-1/article-l262-2.md`] },
  { q: 'RSA pour les jeunes de moins de 25 ans', answers: [`${casf}/livre-ii/titre-vi/chapitre-ii/section-2/sous-section-1/article-l262-4.md`] },
  { q: 'allocation pour une personne âgée dépendante', answers: [`${casf}/livre-ii/titre-iii/chapitre-ii/section-1/article-l232-1.md`, `${casf}/livre-ii/titre-iii/chapitre-ii/section-1/article-l232-2.md`] },
  { q: 'APA perte d’autonomie évaluée', answers: [`${casf}/livre-ii/titre-iii/chapitre-ii/section-1/article-l232-2.md`, `${casf}/livre-ii/titre-iii/chapitre-ii/section-1/article-l232-1.md`] },
  { q: 'domiciliation des personnes sans domicile stable', answers: [`${casf}/livre-ii/titre-vi/chapitre-iv/section-1/article-l264-1.md`] },
  { q: 'missions de l’aide sociale à l’enfance', answers: [`${casf}/livre-ii/titre-ii/chapitre-ier/article-l221-1.md`] },
  { q: 'secret professionnel de l’assistante sociale', answers: [`${casf}/livre-iv/titre-ier/chapitre-unique/article-l411-3.md`] },
  { q: 'AME pour un étranger en situation irrégulière', answers: [`${casf}/livre-ii/titre-v/chapitre-ier/article-l251-1.md`] },
  { q: 'rôle du CCAS', answers: [`${casf}/livre-ier/titre-ii/chapitre-iii/section-2/article-l123-5.md`] },
  { q: 'qu’est-ce qu’un assistant familial', answers: [`${casf}/livre-iv/titre-ii/chapitre-ier/article-l421-2.md`] },
  { q: 'transmettre une information préoccupante sur un enfant en danger', answers: [`${casf}/livre-ii/titre-ii/chapitre-vi/article-l226-2-1.md`] },
  { q: 'référent unique du bénéficiaire du RSA', answers: [`${casf}/livre-ii/titre-vi/chapitre-ii/section-3/article-l262-27.md`] },
  { q: 'aide ménagère à domicile pour une personne âgée', answers: [`${casf}/livre-ii/titre-iii/chapitre-ier/article-l231-1.md`] },
  { q: 'accompagnement social personnalisé quand la santé est menacée par les difficultés à gérer ses prestations', answers: [`${casf}/livre-ii/titre-vii/chapitre-unique/article-l271-1.md`] },
  { q: 'enfant confié à l’ASE accueil provisoire', answers: [`${casf}/livre-ii/titre-ii/chapitre-ii/article-l222-5.md`] },
  { q: 'qui peut être pupille de l’État', answers: [`${casf}/livre-ii/titre-ii/chapitre-iv/section-2/article-l224-4.md`] },
  { q: 'informer la famille d’un enfant pris en charge par l’aide sociale à l’enfance', answers: [`${casf}/livre-ii/titre-ii/chapitre-iii/article-l223-1.md`] },
  { q: 'objectifs de l’action sociale et médico-sociale', answers: [`${casf}/livre-ier/titre-ier/chapitre-vi/article-l116-1.md`] },
];
