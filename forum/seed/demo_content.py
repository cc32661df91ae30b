"""Demo content for `flask forum seed-demo`: people, threads and replies, in French.

Plain data only; forum/demo.py loads it through the services. Times are relative:
a thread's `days_ago` is when it was opened, and each reply is
(author username, hours after the previous post, Markdown body). Board and tag slugs come
from forum/boards/seed.py. The communes are real communes of Souss-Massa-Drâa; the people,
douars' figures and projects are invented.
"""

EMAIL_DOMAIN = "demo.example"
PASSWORD = "demo-password-2026"
ADMIN_PASSWORD = "demo-admin-2026"

# One demo login per persona, printed by `flask forum seed-demo` (and so by `make run`).
PERSONAS = [
    ("commune official", "brahim_taliouine"),
    ("migrant expert", "karim_hydraulique"),
    ("local actor", "coop_tifaout"),
    ("community manager", "cm_nadia"),
    ("coordinator", "coord_samira"),
    ("administrator", "admin"),
]

# The first username is the marker: if it exists, the demo data is considered present.
MARKER_USERNAME = "cm_nadia"

ADMIN = {"username": "admin", "display_name": "Administrateur", "kind": "other", "role": "admin"}

USERS = [
    {"username": "cm_nadia", "display_name": "Nadia — animatrice", "kind": "other", "role": "moderator"},
    {"username": "coord_samira", "display_name": "Samira — coordinatrice", "kind": "other", "role": "coordinator"},
    # Commune officials
    {"username": "brahim_taliouine", "display_name": "Commune de Taliouine — Brahim A.", "kind": "commune"},
    {"username": "fatima_tafraout", "display_name": "Commune de Tafraout — Fatima O.", "kind": "commune"},
    {"username": "lahcen_aitbaha", "display_name": "Commune d'Aït Baha — Lahcen B.", "kind": "commune"},
    {"username": "mohamed_tissint", "display_name": "Commune de Tissint — Mohamed E.", "kind": "commune"},
    {"username": "ahmed_igherm", "display_name": "Commune d'Igherm — Ahmed I.", "kind": "commune"},
    {"username": "abdellah_tamegroute", "display_name": "Commune de Tamegroute — Abdellah N.", "kind": "commune"},
    {"username": "aicha_tighmi", "display_name": "Commune de Tighmi — Aïcha B.", "kind": "commune"},
    # Migrant experts living in France (each one's first post says what they can do)
    {"username": "karim_hydraulique", "display_name": "Karim O. — ingénieur hydraulicien, Lyon", "kind": "expert"},
    {"username": "leila_finances", "display_name": "Leïla B. — auditrice en finances publiques, Paris", "kind": "expert"},
    {"username": "hassan_agronome", "display_name": "Hassan A. — agronome, Montpellier", "kind": "expert"},
    {"username": "dr_amina", "display_name": "Dr Amina C. — médecin, Lille", "kind": "expert"},
    {"username": "youssef_solaire", "display_name": "Youssef A. — ingénieur énergie solaire, Toulouse", "kind": "expert"},
    {"username": "rachid_formateur", "display_name": "Rachid B. — formateur d'enseignants, Créteil", "kind": "expert"},
    {"username": "sanaa_tourisme", "display_name": "Sanaa I. — tourisme et marketing territorial, Bordeaux", "kind": "expert"},
    {"username": "omar_fundraising", "display_name": "Omar T. — financement de projets d'ONG, Marseille", "kind": "expert"},
    {"username": "meriem_urbaniste", "display_name": "Meriem L. — urbaniste, Grenoble", "kind": "expert"},
    {"username": "khalid_eau", "display_name": "Khalid N. — traitement de l'eau, Rennes", "kind": "expert"},
    {"username": "ayoub_numerique", "display_name": "Ayoub F. — numérique et systèmes d'information, Nantes", "kind": "expert"},
    {"username": "zineb_compta", "display_name": "Zineb A. — expert-comptable (coopératives), Saint-Étienne", "kind": "expert"},
    # Local actors
    {"username": "coop_tifaout", "display_name": "Coopérative Tifaout (argan, Aït Baha) — Khadija", "kind": "actor"},
    {"username": "asso_tiwizi", "display_name": "Association Tiwizi, douar Imi n'Tala — Hamid", "kind": "actor"},
    {"username": "gie_safran", "display_name": "GIE des producteurs de safran de Taliouine — Saïd", "kind": "actor"},
]

# What the community manager does, in hours after the thread was opened.
MODERATION = [
    {"actor": "cm_nadia", "action": "pin", "thread": "charte", "hours": 0.1},
    {"actor": "cm_nadia", "action": "pin_home", "thread": "charte", "hours": 0.15},
    {"actor": "cm_nadia", "action": "close", "thread": "atelier-pcd", "hours": 269.0},
]

THREADS = [
    # -- Vie de la communauté ---------------------------------------------------------------
    {
        "key": "charte",
        "board": "vie-communaute",
        "author": "cm_nadia",
        "kind": "discussion",
        "tags": ["pcd"],
        "days_ago": 350.0,
        "title": "Bienvenue : charte de la communauté et mode d'emploi du forum",
        "body": """\
Bonjour à toutes et à tous, et bienvenue sur **Communauté de Développement** !

Ce forum relie les communes rurales de Souss-Massa-Drâa qui mettent en œuvre leur Plan Communal de Développement (PCD, devenu Programme d'Action de la Commune) avec les compétences marocaines installées en France, et avec les acteurs locaux : associations, coopératives, GIE.

## Qui fait quoi ici

- **Les communes** exposent un besoin concret : un projet du PCD, une étude à lancer, un dossier de financement à monter.
- **Les experts de la diaspora** apportent un regard technique, bénévolement, à distance et parfois lors d'une mission sur place.
- **Les associations, coopératives et GIE** partagent ce qu'ils vivent sur le terrain.
- **Moi, Nadia**, j'anime le forum : je range les sujets, je relance les questions restées sans réponse et je fais le lien quand une mise en relation est nécessaire.

## La charte en 6 points

1. **Respect** : on critique des idées et des projets, jamais des personnes.
2. **Du concret** : donnez le contexte (population, distances, budget, calendrier). Une question précise reçoit une réponse utile.
3. **Pas de données personnelles** : ni numéros de téléphone ni noms de bénéficiaires dans les messages publics.
4. **Pas de démarchage** : un expert peut orienter vers une solution, pas vendre ses services.
5. **Citez vos sources** : un lien, un texte de loi, un retour d'expérience vérifiable.
6. **Bienveillance** : le forum est en français, mais personne ne sera corrigé sur sa grammaire. Un mot en arabe ou en amazigh est bienvenu s'il aide à comprendre.

## Bien choisir le type de sujet

| Type | Quand l'utiliser |
|---|---|
| Question | Vous cherchez une information précise |
| Besoin de compétences | Votre commune cherche un expert pour un projet |
| Pratique innovante | Vous racontez ce qui a marché (ou raté) chez vous |
| Financement | Un appel à projets, une subvention, un bailleur |
| Discussion | Tout le reste |

Ajoutez une ou deux **étiquettes** (eau potable, INDH, safran…) : c'est ce qui permet aux experts de trouver vos sujets.

Bonne participation à tous !""",
        "replies": [
            ("brahim_taliouine", 20.0, """\
Merci Nadia pour ce cadre clair. À Taliouine, plusieurs projets du PCD attendent faute d'étude technique ; je publierai bientôt nos premières questions.

Question pratique : peut-on joindre des documents (plans, devis) ?"""),
            ("cm_nadia", 3.0, """\
**@brahim_taliouine** a écrit :
> peut-on joindre des documents (plans, devis) ?

Pas encore directement sur le forum. En attendant, mettez les chiffres essentiels dans le message (un tableau suffit souvent) et je vous mettrai en relation par e-mail avec l'expert qui répond, si des plans doivent être échangés."""),
            ("admin", 30.0, """\
Précision technique : si vous avez oublié votre mot de passe ou si une page du forum ne s'affiche pas correctement, écrivez un message dans ce sous-forum en décrivant ce que vous faisiez (page, navigateur, téléphone ou ordinateur). Nous corrigeons au fil de l'eau."""),
        ],
    },
    {
        "key": "tour-de-table",
        "board": "vie-communaute",
        "author": "cm_nadia",
        "kind": "discussion",
        "tags": [],
        "days_ago": 342.0,
        "title": "Tour de table : experts de la diaspora, présentez-vous",
        "body": """\
Pour que les communes sachent à qui s'adresser, je propose à chaque expert installé en France de se présenter ici en quelques lignes :

- votre métier et votre ville ;
- vos domaines de compétence (soyez précis : « réseaux d'eau potable en zone rurale » plutôt que « l'eau ») ;
- votre lien avec la région, si vous le souhaitez ;
- votre disponibilité réaliste (quelques heures par mois ? une mission sur place par an ?).

À vous !""",
        "replies": [
            ("karim_hydraulique", 4.0, """\
Bonjour à tous. **Karim**, ingénieur hydraulicien dans un bureau d'études à **Lyon** depuis 14 ans.

- **Compétences** : dimensionnement de réseaux d'adduction d'eau potable (AEP), réservoirs, stations de pompage, lecture critique d'études et de dossiers de consultation.
- **Lien avec la région** : ma famille est d'Igherm.
- **Disponibilité** : 4 à 6 heures par mois, et une mission sur place l'été.

Mentionnez-moi (@karim_hydraulique) sur les sujets d'eau potable."""),
            ("leila_finances", 9.0, """\
**Leïla**, auditrice en finances publiques à **Paris** : contrôle des comptes de collectivités locales, après six ans dans une chambre régionale des comptes.

Je peux aider sur la lecture d'un budget communal, la préparation d'un plan de financement, la fiscalité locale, les marchés publics (côté contrôle) et les indicateurs de suivi du PCD.

Disponibilité : un créneau en visio le samedi matin, deux fois par mois."""),
            ("dr_amina", 20.0, """\
Bonsoir, je suis **Amina**, médecin gynécologue-obstétricienne au CHU de **Lille**, originaire de Tata.

Je peux donner un avis sur la santé maternelle et infantile : organisation des accouchements en zone isolée, maisons d'attente, formation des sages-femmes et des relais communautaires, campagnes de prévention.

Je passe un mois par an dans le Sud, en général au printemps."""),
            ("rachid_formateur", 26.0, """\
**Rachid**, formateur d'enseignants à l'INSPÉ de **Créteil**, ancien instituteur près de Tiznit avant de venir en France.

Domaines : formation des enseignants et des éducatrices du préscolaire, classes multiniveaux, lutte contre le décrochage scolaire, alphabétisation des adultes, conception de modules de formation.

Je peux relire vos projets éducatifs et animer des formations à distance."""),
            ("meriem_urbaniste", 31.0, """\
Bonjour ! **Meriem**, urbaniste dans une agence d'urbanisme à **Grenoble** : planification, aménagement des centres de petites communes, diagnostic territorial participatif.

Je peux aider à hiérarchiser les projets d'un PCD, cartographier les équipements et les distances (école, dispensaire, piste) et préparer des ateliers de concertation avec les habitants."""),
            ("ayoub_numerique", 50.0, """\
**Ayoub**, chef de projet informatique dans une collectivité à **Nantes**.

Compétences : outils de gestion pour petites administrations (tableurs partagés, formulaires, archivage), sites web simples, publication de données, formation des agents au numérique.

Un premier conseil : avant d'acheter un logiciel, décrivez ici ce que vous voulez faire. Il existe souvent une solution gratuite."""),
        ],
    },
    {
        "key": "atelier-pcd",
        "board": "vie-communaute",
        "author": "cm_nadia",
        "kind": "discussion",
        "tags": ["pcd", "formation"],
        "days_ago": 310.0,
        "title": "Atelier en ligne « Lire et prioriser son PCD » : inscriptions",
        "body": """\
Premier atelier en visio de la communauté, animé par **Meriem** (urbaniste) et **Leïla** (finances publiques).

**Au programme (1 h 30)**

1. Lire la matrice des projets de votre PCD : coûts, financements acquis, maturité des projets.
2. Une méthode simple pour prioriser quand le budget ne suffit pas (grille de notation).
3. Questions-réponses sur vos cas concrets.

**Quand** : samedi en huit, 10 h heure de Paris.
**Pour qui** : élus et techniciens communaux, associations partenaires.

Pour vous inscrire, répondez à ce sujet en indiquant votre commune et le nombre de participants. Le lien de connexion sera envoyé par e-mail la veille.""",
        "replies": [
            ("brahim_taliouine", 5.0, """\
Commune de Taliouine : 2 participants (le directeur des services et moi-même). Nous aimerions travailler sur notre propre matrice si c'est possible."""),
            ("lahcen_aitbaha", 11.0, """\
Aït Baha : 3 participants, dont la présidente de l'association des parents d'élèves, qui siège à l'instance de l'équité, de l'égalité des chances et de l'approche genre."""),
            ("ahmed_igherm", 30.0, """\
Igherm : 1 participant. La connexion est parfois faible chez nous : l'atelier sera-t-il enregistré ?"""),
            ("cm_nadia", 2.0, """\
**@ahmed_igherm** a écrit :
> l'atelier sera-t-il enregistré ?

Oui, l'enregistrement et les supports seront envoyés à tous les inscrits. Merci pour vos inscriptions : 14 participants de 6 communes à ce jour !"""),
            ("cm_nadia", 220.0, """\
L'atelier a eu lieu samedi avec **17 participants**. Merci à Meriem et Leïla !

Les supports et la grille de priorisation ont été envoyés par e-mail à tous les inscrits ; écrivez-moi si vous ne les avez pas reçus. Je ferme ce sujet d'inscriptions : pour les questions de suivi, ouvrez un nouveau sujet dans « Gouvernance et finances communales »."""),
        ],
    },
    # -- Eau et assainissement --------------------------------------------------------------
    {
        "key": "gestion-reseau-aep",
        "board": "eau-assainissement",
        "author": "ahmed_igherm",
        "kind": "need",
        "tags": ["eau-potable", "forage", "pcd"],
        "days_ago": 298.0,
        "title": "Eau potable pour 5 douars : qui doit gérer le réseau après les travaux ?",
        "body": """\
Bonjour,

Notre PCD prévoit l'adduction d'eau potable de **5 douars** de la commune d'Igherm : environ **1 900 habitants**, 310 foyers. Le forage est réalisé (débit d'essai : 4,5 l/s), le réservoir de 150 m³ est en construction et les conduites doivent être posées l'an prochain.

Notre difficulté n'est pas la construction mais **l'après** : qui va gérer le réseau, relever les compteurs, payer l'électricité de la pompe et réparer les fuites ?

Les options discutées au conseil :

- une gestion directe par la commune (en régie) ;
- confier le réseau à l'ONEE ;
- créer une association d'usagers, comme dans d'autres douars de la province.

Quelqu'un a-t-il l'expérience de ces montages ? Quels pièges éviter ?""",
        "replies": [
            ("karim_hydraulique", 18.0, """\
Bonjour Ahmed, bonne question, et posée au bon moment : c'est **avant** les travaux qu'il faut choisir, car le mode de gestion influence la conception (compteurs individuels ou bornes-fontaines, télégestion ou non).

Voici comment je résumerais les trois options :

| Option | Avantages | Points de vigilance |
|---|---|---|
| Régie communale | Contrôle direct, tarif décidé par le conseil | Il faut un agent formé et un budget de maintenance ; les impayés pèsent sur la commune |
| ONEE (ou société régionale multiservices, là où elle existe) | Savoir-faire technique, qualité de l'eau suivie | Conditions de reprise exigeantes (normes, plans de récolement), délais |
| Association d'usagers | Proximité, réactivité, tarif accepté par les habitants | Fragile si le bureau change ; demande une convention claire et une formation |

Dans les douars dispersés, l'association d'usagers fonctionne bien **à condition** de signer une convention (commune, association, service technique) qui précise qui paie les grosses réparations (pompe, armoire électrique) et qui paie l'entretien courant.

Deux conseils techniques, quel que soit le choix :

1. **Des compteurs individuels** dès le départ : l'eau payée au volume est de l'eau économisée.
2. **Un compteur général** en sortie de réservoir, pour comparer avec la somme des compteurs et repérer les fuites."""),
            ("khalid_eau", 30.0, """\
Bonjour à tous, je me présente puisque c'est mon premier message : **Khalid**, ingénieur en traitement de l'eau à **Rennes** (usines de production d'eau potable et stations d'épuration), originaire de Tiznit.

J'ajoute à la réponse de Karim un point souvent oublié : **la qualité de l'eau**. Quel que soit le gestionnaire, prévoyez dès maintenant :

- une analyse complète de l'eau du forage (bactériologie, nitrates, fluor, conductivité) avant la mise en service ;
- un point de chloration au réservoir, avec une personne formée pour mesurer le chlore résiduel chaque semaine ;
- un budget annuel pour les analyses de contrôle.

Quand une association gère, c'est souvent ce poste qui disparaît en premier quand l'argent manque. Je peux partager une fiche de suivi simple si cela vous intéresse."""),
            ("asso_tiwizi", 60.0, """\
Notre association gère depuis 2019 le réseau de notre douar (74 foyers). Ce qui marche chez nous :

- un **tarif par tranche** : 7 DH/m³ jusqu'à 6 m³ par mois, 10 DH au-delà ;
- un **fontainier** payé par l'association, qui relève les compteurs le 1er du mois ;
- une **réserve** de 15 % des recettes pour les pannes.

Ce qui ne marche pas : nous n'avons jamais réussi à récupérer les impayés de quelques familles. Une convention avec la commune prévoyant son appui en cas de conflit nous aurait beaucoup aidés."""),
            ("ahmed_igherm", 50.0, """\
Merci à tous, c'est très utile. Le conseil penche pour l'association d'usagers avec une convention.

@karim_hydraulique, accepteriez-vous de relire le projet de convention quand il sera prêt ? @khalid_eau, oui pour la fiche de suivi, merci !"""),
        ],
    },
    {
        "key": "chloration",
        "board": "eau-assainissement",
        "author": "khalid_eau",
        "kind": "practice",
        "tags": ["eau-potable", "formation"],
        "days_ago": 278.0,
        "title": "Chloration des réservoirs de douar : une méthode simple et les erreurs à éviter",
        "body": """\
Comme promis dans le sujet sur la gestion des réseaux, voici une fiche pratique pour les fontainiers et les associations qui gèrent un réservoir.

## Le principe

Le chlore désinfecte l'eau, et il doit en rester une petite quantité (le **chlore résiduel libre**) jusqu'au robinet le plus éloigné. Objectif au robinet : **entre 0,2 et 0,5 mg/l**.

## Calcul de la dose

Avec de l'hypochlorite de calcium à 70 % (granulés ou pastilles) :

| Volume du réservoir | Dose de départ (1 mg/l) | Quantité de produit à 70 % |
|---|---|---|
| 50 m³ | 50 g de chlore actif | environ 70 g |
| 100 m³ | 100 g de chlore actif | environ 145 g |
| 150 m³ | 150 g de chlore actif | environ 215 g |

Cette dose de départ s'**ajuste** ensuite selon les mesures : si le robinet le plus éloigné est à zéro, on augmente progressivement.

## La mesure

Un petit comparateur (méthode DPD) coûte quelques centaines de dirhams. Mesurez **chaque semaine** au réservoir et au robinet le plus éloigné, et notez les résultats dans un cahier.

## Les erreurs fréquentes

- Verser le produit directement dans le réservoir sans le dissoudre : il tombe au fond et s'y concentre.
- Stocker le chlore au soleil ou près du gasoil : il perd son efficacité, et c'est dangereux.
- Arrêter de chlorer parce que « l'eau a un goût » : mieux vaut expliquer que supprimer la protection.
- Ne jamais nettoyer le réservoir : au moins un nettoyage par an.

Cette fiche ne remplace pas les analyses bactériologiques : rapprochez-vous du service d'hygiène de la province pour le calendrier des prélèvements.""",
        "replies": [
            ("asso_tiwizi", 40.0, """\
Merci Khalid, fiche imprimée et affichée au local de l'association. Deux questions de notre fontainier : faut-il dissoudre les pastilles dans un seau avant de les verser ? Et combien de temps attendre avant de distribuer l'eau ?"""),
            ("khalid_eau", 6.0, """\
Oui, toujours dissoudre dans un seau d'eau propre (en plastique, pas en métal), laisser reposer quelques minutes et verser la partie claire. Le dépôt du fond du seau ne doit pas aller dans le réservoir.

Il faut au moins **30 minutes de contact** avant que l'eau n'arrive au premier robinet. Si la conduite de sortie est très courte, chlorez de préférence le soir, quand la consommation est faible."""),
        ],
    },
    {
        "key": "assainissement-centre",
        "board": "eau-assainissement",
        "author": "fatima_tafraout",
        "kind": "question",
        "tags": ["assainissement", "tourisme-rural"],
        "days_ago": 4.3,
        "title": "Assainissement d'un centre de 2 000 habitants : fosses septiques ou mini-station ?",
        "body": """\
Bonjour,

Le centre de notre commune compte environ **2 000 habitants** et une quinzaine de maisons d'hôtes. Aujourd'hui, chaque maison a son puits perdu, et l'on commence à voir des odeurs et des traces d'humidité dans les ruelles basses en été.

Le PCD prévoit « l'assainissement liquide du centre », sans plus de détails. Avant de commander une étude, j'aimerais comprendre les grandes options :

1. Améliorer les installations individuelles (fosses septiques et épandage) ?
2. Un réseau collectif avec une petite station d'épuration (lagunage, filtres plantés de roseaux) ?
3. Une solution mixte ?

Le terrain est rocheux (granit) et la pente forte. Quels ordres de grandeur de coût, et quelles questions poser au bureau d'études ?""",
        "replies": [],
    },
    # -- Agriculture, élevage et eau d'irrigation -------------------------------------------
    {
        "key": "khettaras",
        "board": "agriculture-elevage-irrigation",
        "author": "abdellah_tamegroute",
        "kind": "need",
        "tags": ["khettara", "irrigation", "etude-de-faisabilite"],
        "days_ago": 258.0,
        "title": "Réhabilitation de trois khettaras à Tamegroute : besoin d'un regard d'hydrogéologue",
        "body": """\
Bonjour,

Trois khettaras irriguent encore une partie des palmeraies de notre commune. Leur débit baisse depuis dix ans et les ayants droit nous demandent de les inscrire au programme de réhabilitation.

| Khettara | Longueur | Puits d'accès | Débit estimé | Ayants droit |
|---|---|---|---|---|
| Lahmar | 2,4 km | 96 | 6 l/s (15 l/s il y a 20 ans) | 140 familles |
| Jdida | 1,8 km | 70 | 3 l/s | 85 familles |
| Oulad Ali | 3,1 km | 120 | tarie en été | 60 familles |

Nos questions :

- Comment savoir si le problème vient de l'**envasement** de la galerie (qu'un curage réglerait) ou de la **baisse de la nappe** (qu'aucun curage ne réglera) ?
- Faut-il maçonner la galerie, et sur quelle longueur ?
- Quelles études demander avant d'engager l'argent ?

Nous cherchons un hydrogéologue ou un agronome qui connaît les oasis pour nous aider à préparer le dossier.""",
        "replies": [
            ("hassan_agronome", 26.0, """\
Bonjour Abdellah. Je me présente : **Hassan**, agronome à **Montpellier**, spécialiste de l'irrigation et des systèmes oasiens ; j'ai travaillé sur les khettaras du Tafilalet pendant ma thèse.

Pour distinguer envasement et baisse de la nappe, trois indices simples :

1. **Les puits privés motorisés** autour de la zone de captage : s'il y en a eu beaucoup depuis dix ans (souvent avec des pompes solaires), la nappe baisse presque sûrement.
2. **Le niveau de l'eau dans les puits d'accès** en amont : s'il est sous le plancher de la galerie, curer ne servira à rien ; il faudrait prolonger la galerie vers l'amont, ce qui coûte beaucoup plus cher.
3. **La forme de la baisse** : un effondrement qui bouche la galerie fait chuter le débit brutalement, pas progressivement.

D'après votre tableau, la khettara Oulad Ali (tarie en été) me fait penser à une baisse de la nappe ; pour les deux autres, peut-être un mélange des deux causes."""),
            ("karim_hydraulique", 20.0, """\
Je complète Hassan côté études. Avant d'engager des travaux, je demanderais :

- un **relevé topographique** de la galerie (pente, profondeur de chaque puits) ;
- des **mesures de débit** mensuelles pendant au moins un an (un seau gradué et un chronomètre à la sortie suffisent pour commencer) ;
- un **inventaire des puits et forages** du bassin d'alimentation, avec l'appui de l'agence du bassin hydraulique.

Attention au maçonnage : dans la partie amont, là où la galerie capte l'eau de la nappe, un revêtement étanche empêcherait l'eau d'entrer. On maçonne surtout la partie aval, qui ne fait que transporter l'eau, et les tronçons qui s'effondrent."""),
            ("abdellah_tamegroute", 48.0, """\
Merci à vous deux. Pour la Oulad Ali, les anciens confirment qu'une dizaine de puits équipés de pompes solaires ont été creusés en amont ces dernières années.

Pour les deux autres, nous commençons les mesures de débit ce mois-ci : les jeunes de l'association du ksar s'en chargent chaque premier vendredi du mois."""),
            ("hassan_agronome", 30.0, """\
**@abdellah_tamegroute** a écrit :
> une dizaine de puits équipés de pompes solaires ont été creusés en amont ces dernières années

C'est malheureusement le scénario le plus fréquent dans le Drâa. Dans ce cas, la réhabilitation doit aller de pair avec une **règle de gestion de la nappe** : pas de nouveaux puits dans le périmètre de captage, des compteurs sur les puits existants.

C'est une discussion difficile, mais sans elle l'argent du curage sera perdu. La commune peut la porter avec l'agence du bassin hydraulique et l'ORMVA de Ouarzazate."""),
            ("abdellah_tamegroute", 1556.0, """\
Des nouvelles : le **curage de la khettara Lahmar** a commencé la semaine dernière avec les ayants droit (travail collectif le vendredi), et l'ORMVA appuie la reprise des puits effondrés.

Les mesures de débit des deux derniers mois : 6,2 puis 6,5 l/s. Nous referons le point après le curage. Merci encore pour vos conseils !"""),
        ],
    },
    {
        "key": "safran-irrigation",
        "board": "agriculture-elevage-irrigation",
        "author": "gie_safran",
        "kind": "question",
        "tags": ["safran", "irrigation"],
        "days_ago": 14.0,
        "title": "Safran : quel calendrier d'irrigation quand l'automne est sec ?",
        "body": """\
Salam, nous sommes un GIE de 38 producteurs de safran autour de Taliouine. Les pluies d'automne arrivent de plus en plus tard. D'habitude, nous irriguons juste avant la floraison, mais plusieurs membres ont des bulbes qui sortent mal.

Quelle quantité d'eau et à quel moment, sans épuiser nos puits qui baissent eux aussi ? Le goutte-à-goutte vaut-il la peine pour le safran ?""",
        "replies": [
            ("hassan_agronome", 20.0, """\
Bonjour Saïd. Le safran demande peu d'eau, mais au bon moment :

- **une irrigation de réveil** des bulbes, qui déclenche la floraison (celle que vous faites déjà) ;
- **des irrigations après la floraison**, pendant l'hiver, pour que les feuilles se développent et que les nouveaux bulbes grossissent : c'est elle qui fait la récolte de *l'année suivante* ;
- plus rien à partir du jaunissement des feuilles, au printemps.

Les bulbes qui sortent mal cette année ont souvent manqué d'eau l'hiver dernier, pas cet automne.

Le goutte-à-goutte fonctionne bien pour le safran et économise beaucoup d'eau par rapport à l'irrigation par submersion, à condition de bien filtrer l'eau. Pour les petites exploitations, le Fonds de développement agricole subventionne l'irrigation localisée : renseignez-vous auprès de la direction provinciale de l'agriculture de Taroudant."""),
            ("gie_safran", 40.0, """\
Merci beaucoup, c'est très clair. Nous allons proposer à l'assemblée du GIE un essai de goutte-à-goutte sur les parcelles de 5 membres volontaires avant de généraliser."""),
        ],
    },
    {
        "key": "vaccination-caprins",
        "board": "agriculture-elevage-irrigation",
        "author": "aicha_tighmi",
        "kind": "question",
        "tags": ["elevage"],
        "days_ago": 12.0,
        "title": "Élevage caprin : comment organiser une campagne de vaccination avec les éleveurs ?",
        "body": """\
Bonjour, dans notre commune l'élevage de chèvres reste une ressource importante pour beaucoup de familles. Après des pertes l'an dernier (les éleveurs parlent de variole et d'entérotoxémie), l'association des éleveurs demande à la commune d'aider à organiser une campagne de vaccination.

Quel est le rôle de la commune ? Avec qui faut-il travailler ? Et comment convaincre les éleveurs qui ne veulent pas rassembler leurs troupeaux ?""",
        "replies": [
            ("hassan_agronome", 30.0, """\
Je ne suis pas vétérinaire, mais j'ai accompagné des campagnes de ce type. Quelques repères :

- Les campagnes **obligatoires** (comme celle contre la peste des petits ruminants) sont organisées par l'ONSSA et réalisées par les vétérinaires sanitaires mandatés : contactez le service vétérinaire provincial pour connaître le calendrier.
- Pour l'entérotoxémie, la vaccination n'est pas obligatoire et le vaccin est payant : la commune peut négocier un **achat groupé** avec un vétérinaire privé et prendre en charge le déplacement.
- Pour les éleveurs réticents : des **points de rassemblement par douar**, à des dates affichées au souk et annoncées à la mosquée, et un éleveur respecté vacciné en premier.

Un vétérinaire parmi les membres du forum pourrait compléter."""),
        ],
    },
    # -- Études de faisabilité --------------------------------------------------------------
    {
        "key": "pompage-solaire-tissint",
        "board": "etudes-faisabilite",
        "author": "mohamed_tissint",
        "kind": "need",
        "tags": ["energie-solaire", "irrigation", "etude-de-faisabilite", "forage"],
        "days_ago": 10.0,
        "title": "Étude de faisabilité : pompage solaire pour irriguer 40 ha de l'oasis de Tissint",
        "body": """\
Bonjour,

La commune de Tissint veut lancer une étude de faisabilité pour remplacer les motopompes diesel de l'oasis par un **pompage solaire collectif**. Quelques données :

- surface irriguée : environ **40 ha** (palmiers dattiers, luzerne, maraîchage) ;
- **3 puits** collectifs de 35 à 50 m de profondeur, niveau de l'eau vers 28 m ;
- besoins estimés par l'association des usagers : **60 m³/jour par puits** en été ;
- aujourd'hui : 3 motopompes, près de 90 000 DH de gasoil par an pour l'ensemble des usagers.

Nous avons besoin d'aide pour :

1. vérifier si ces chiffres tiennent la route ;
2. écrire des termes de référence corrects pour l'étude ;
3. éviter que le solaire ne fasse baisser la nappe encore plus vite.

Merci d'avance !""",
        "replies": [
            ("youssef_solaire", 10.0, """\
Bonjour Mohamed, c'est exactement mon métier. Un premier ordre de grandeur, **par puits** :

- énergie hydraulique nécessaire : 2,725 × 60 m³ × 45 m de hauteur manométrique totale ≈ **7,4 kWh par jour** ;
- ensoleillement à Tissint : environ 6 kWh/m² par jour en moyenne annuelle ;
- rendement global du système (panneaux, variateur, pompe) : environ 40 %.

| Élément | Valeur indicative par puits |
|---|---|
| Puissance crête | 3 à 3,5 kWc (8 à 9 panneaux de 400 W) |
| Pompe immergée | 2,2 kW, avec variateur solaire |
| Stockage | bassin de 100 à 150 m³ plutôt que des batteries |
| Durée de vie | panneaux 25 ans, pompe 7 à 10 ans, variateur 8 à 10 ans |

La hauteur manométrique de 45 m est à vérifier : niveau de l'eau **pendant le pompage**, plus la hauteur jusqu'au bassin, plus les pertes de charge. Le niveau au repos (28 m) ne suffit pas : il faut un **essai de pompage**.

Avec 90 000 DH de gasoil par an, l'investissement se rembourse vite. C'est justement le danger : quand l'eau ne coûte plus rien à pomper, on pompe plus."""),
            ("hassan_agronome", 14.0, """\
**@youssef_solaire** a écrit :
> quand l'eau ne coûte plus rien à pomper, on pompe plus.

Exactement. Je recommande d'inscrire dans les termes de référence un volet **gestion de l'eau** obligatoire :

- des compteurs volumétriques sur chaque puits ;
- un volume annuel fixé par l'association des usagers, en accord avec l'agence du bassin hydraulique ;
- le suivi du niveau de la nappe (une sonde manuelle coûte peu) ;
- une réflexion sur les cultures : la luzerne consomme énormément ; la réduire en été libère de l'eau pour les palmiers."""),
            ("meriem_urbaniste", 22.0, """\
Pour les termes de référence, structurez l'étude en **trois phases**, avec une validation entre chacune :

1. **Diagnostic** : ressource, usages, besoins réels, organisation des usagers.
2. **Scénarios comparés** (diesel amélioré, solaire, hybride) avec les coûts sur 20 ans.
3. **Avant-projet** du scénario retenu et plan de gestion de l'eau.

Prévoyez une réunion publique à la fin de la phase 1 : c'est là que les usagers valident les besoins. Le plan type du sujet « Comment rédiger les termes de référence d'une étude » s'applique aussi ici."""),
            ("mohamed_tissint", 40.0, """\
Merci, c'est exactement ce qu'il nous fallait. Nous allons faire réaliser un essai de pompage sur le puits n° 2 avant de lancer l'étude.

@youssef_solaire, les usagers demandent si l'on peut garder les motopompes en secours : est-ce une bonne idée ?"""),
            ("youssef_solaire", 149.0, """\
Désolé pour le délai, semaine chargée. Oui, garder **une** motopompe en secours pour les trois puits est raisonnable (panne du variateur, longue période de ciel couvert pendant une période critique). Deux conditions :

- la faire tourner une heure par mois pour qu'elle reste en état ;
- compter son eau dans le même volume annuel que le solaire, sinon le secours devient la règle.

Les autres motopompes peuvent être revendues : cela finance une partie de l'étude."""),
        ],
    },
    {
        "key": "termes-de-reference",
        "board": "etudes-faisabilite",
        "author": "lahcen_aitbaha",
        "kind": "question",
        "tags": ["etude-de-faisabilite", "marches-publics", "pcd"],
        "days_ago": 178.0,
        "title": "Comment rédiger les termes de référence d'une étude quand on n'a pas d'ingénieur ?",
        "body": """\
Notre commune n'a qu'un technicien, déjà très occupé par le suivi des chantiers. Nous devons lancer deux études inscrites au PCD (un marché couvert et l'aménagement d'une piste de 12 km) et nous recopions souvent les termes de référence d'autres communes, ce qui donne des études mal adaptées.

Existe-t-il un plan type ? Quelles sont les rubriques indispensables ?""",
        "replies": [
            ("meriem_urbaniste", 15.0, """\
Bonjour Lahcen. Voici le plan que j'utilise, adaptable à presque toutes les études :

1. **Contexte** : la commune, le projet du PCD, pourquoi maintenant.
2. **Objectifs** de l'étude : les décisions qu'elle doit vous permettre de prendre.
3. **Périmètre** : ce qui est inclus et ce qui ne l'est pas.
4. **Données disponibles** : ce que la commune fournira (plans, comptages, études antérieures).
5. **Prestations attendues**, par phase, avec les livrables de chaque phase.
6. **Réunions et validations** : qui valide, quand, en combien de jours.
7. **Calendrier** et **profil de l'équipe** demandée.

La rubrique la plus importante est la 2 : si vous ne savez pas quelles décisions l'étude doit éclairer, le bureau d'études ne le saura pas non plus."""),
            ("leila_finances", 20.0, """\
J'ajoute le côté marchés publics : les termes de référence deviennent le **cahier des prescriptions spéciales** de votre consultation. Trois points que les contrôleurs relèvent souvent :

- des livrables sans **critères de réception** (comment dire qu'un rapport est « conforme » ?) ;
- un échéancier de paiement qui ne suit pas les phases (tout payé à la fin, ou tout au début) ;
- une estimation du maître d'ouvrage faite « au doigt mouillé ».

Pour l'estimation, demandez le coût d'études comparables à la province ou consultez les résultats publiés sur le [portail marocain des marchés publics](https://www.marchespublics.gov.ma)."""),
            ("lahcen_aitbaha", 60.0, """\
Merci, je reprends ce plan pour l'étude du marché couvert. Meriem, accepteriez-vous de relire la version finale ? Je la publierai ici en retirant les montants."""),
        ],
    },
    # -- Éducation et formation -------------------------------------------------------------
    {
        "key": "transport-scolaire",
        "board": "education-formation",
        "author": "aicha_tighmi",
        "kind": "need",
        "tags": ["transport-scolaire", "ecoles", "budget-communal"],
        "days_ago": 222.0,
        "title": "Transport scolaire : 3 douars à plus de 8 km du collège, quel modèle de gestion ?",
        "body": """\
Bonjour,

Chaque année, des filles de trois douars de notre commune arrêtent l'école après le primaire : le collège est à 8 à 11 km, par une piste. Nous avons obtenu un **minibus de 25 places** (don de l'INDH), mais nous hésitons sur la gestion :

- la commune gère directement (chauffeur contractuel, carburant sur le budget communal) ;
- ou une association de parents gère, avec une subvention de la commune.

Combien cela coûte-t-il par an ? Les parents doivent-ils payer, et combien ? Et comment organiser les horaires quand les élèves n'ont pas tous cours aux mêmes heures ?""",
        "replies": [
            ("zineb_compta", 12.0, """\
Bonjour Aïcha, voici une estimation annuelle à adapter avec vos prix locaux (un circuit d'environ 60 km par jour, 200 jours de classe) :

| Poste | Estimation annuelle |
|---|---|
| Carburant (12 l/100 km) | 17 000 DH |
| Chauffeur (salaire et charges) | 42 000 DH |
| Assurance et visite technique | 9 000 DH |
| Entretien, pneus, réparations | 10 000 DH |
| **Total** | **78 000 DH** |

Soit environ **3 100 DH par élève et par an** pour 25 élèves. Une participation des familles de 30 à 50 DH par mois couvre 10 à 15 % du coût : elle a surtout une valeur d'engagement. Prévoyez la gratuité pour les familles en difficulté, sur une liste validée par l'association."""),
            ("rachid_formateur", 20.0, """\
Sur les horaires : c'est le point qui fait échouer beaucoup de transports scolaires. Travaillez avec la direction du collège pour **regrouper les emplois du temps** des élèves transportés (mêmes heures d'arrivée et de départ, étude surveillée pour combler les trous). Une salle d'étude avec un surveillant coûte moins cher qu'un deuxième trajet.

Associez aussi la direction provinciale de l'éducation nationale à la convention : elle peut peser sur les emplois du temps."""),
            ("asso_tiwizi", 30.0, """\
Chez nous, l'association des parents gère le transport depuis trois ans avec une subvention de la commune. Le conseil que je donnerais : un **accompagnateur** dans le bus (une mère d'élève, indemnisée). Les familles ont accepté de laisser partir les filles quand elles ont su qu'une femme du douar était à bord."""),
            ("aicha_tighmi", 72.0, """\
**@asso_tiwizi** a écrit :
> un **accompagnateur** dans le bus (une mère d'élève, indemnisée)

Très bonne idée, nous l'ajoutons. Le conseil communal a voté à sa dernière session une subvention à l'association des parents, avec une participation de 40 DH par mois et la gratuité pour 8 familles. Merci à tous !"""),
        ],
    },
    {
        "key": "prescolaire",
        "board": "education-formation",
        "author": "rachid_formateur",
        "kind": "practice",
        "tags": ["formation", "ecoles"],
        "days_ago": 110.0,
        "title": "Former les éducatrices du préscolaire rural : un module de 5 jours testé près de Tiznit",
        "body": """\
Je partage un retour d'expérience : l'été dernier, avec une association de la province de Tiznit, nous avons formé **22 éducatrices** du préscolaire de douars isolés. Beaucoup avaient le baccalauréat, mais aucune formation pédagogique.

**Le module (5 jours, 6 heures par jour)**

| Jour | Contenu |
|---|---|
| 1 | Le développement de l'enfant de 4 à 6 ans ; observer plutôt que juger |
| 2 | Le langage : passer de l'amazigh à l'arabe et au français sans perdre l'enfant |
| 3 | Jeux mathématiques avec du matériel local (cailloux, graines, bouchons) |
| 4 | Organiser une classe multiâge ; les coins d'activités |
| 5 | La relation avec les parents ; préparer une semaine de classe |

**Ce qui a marché** : le matériel fabriqué sur place, les mises en situation filmées au téléphone et revues ensemble, le groupe de discussion de suivi après la formation.

**Ce qui a moins marché** : le jour 5 était trop chargé, et nous n'avions pas prévu de garde pour les enfants des éducatrices.

Je peux partager le déroulé détaillé avec les communes et associations qui gèrent des unités de préscolaire.""",
        "replies": [
            ("aicha_tighmi", 28.0, """\
Très intéressant. Nous avons 4 unités de préscolaire gérées par une association dans la commune, et les éducatrices n'ont eu qu'une journée de formation. Je vous contacte par l'intermédiaire de Nadia pour voir si un module à distance serait possible."""),
        ],
    },
    # -- Santé ------------------------------------------------------------------------------
    {
        "key": "maisons-attente",
        "board": "sante",
        "author": "dr_amina",
        "kind": "practice",
        "tags": ["sante-maternelle", "femmes"],
        "days_ago": 206.0,
        "title": "Santé maternelle en zone isolée : bien préparer une maison d'attente (Dar Al Oumouma)",
        "body": """\
Plusieurs communes m'ont interrogée sur les maisons d'attente, où les femmes enceintes des douars éloignés s'installent quelques jours avant l'accouchement, près d'une maison d'accouchement ou d'un hôpital. Voici les points essentiels.

## Pourquoi c'est utile

Les complications graves de l'accouchement (hémorragie, éclampsie, travail qui n'avance pas) ne préviennent pas. Une femme qui vit à deux heures de piste de la maternité n'a souvent pas le temps d'arriver. La maison d'attente **supprime la distance au moment critique**.

## Ce qu'il faut prévoir

- **L'emplacement** : à quelques minutes à pied de la maternité, jamais ailleurs.
- **La capacité** : partez du nombre de naissances dans les douars éloignés ; une femme y reste en moyenne une à deux semaines.
- **Un accompagnement** : une personne de confiance peut rester avec la femme ; prévoyez une cuisine.
- **La gratuité ou presque** : si le séjour coûte, les familles les plus pauvres ne viendront pas.
- **Le lien avec les relais communautaires** : ce sont eux qui repèrent les grossesses et convainquent les familles.

## Les erreurs fréquentes

1. Construire sans prévoir le fonctionnement (gardienne, ménage, repas) : le bâtiment reste fermé.
2. Ne pas associer la délégation de la santé : le suivi médical des femmes hébergées doit être organisé avec la maternité.
3. Oublier le retour : après l'accouchement, la mère et le bébé doivent pouvoir rentrer au douar en sécurité.

Les recommandations de l'OMS sur la santé maternelle sont disponibles sur [who.int](https://www.who.int/).""",
        "replies": [
            ("mohamed_tissint", 30.0, """\
Merci docteur. À Tissint, la maison d'accouchement existe, mais les femmes de certains douars font plus de 60 km de piste. Une maison d'attente est inscrite à notre PCD depuis des années, sans financement.

Le programme de l'INDH consacré au capital humain peut-il la financer ?"""),
            ("omar_fundraising", 18.0, """\
Oui, la santé maternelle et infantile fait partie des priorités du programme de l'INDH consacré au capital humain des générations montantes. Le dossier passe par le comité provincial de développement humain.

Un conseil : présentez le **budget de fonctionnement sur 3 ans** en même temps que la construction, avec la part de chaque partenaire (commune, délégation de la santé, association gestionnaire). Les comités refusent de plus en plus les bâtiments sans plan de fonctionnement."""),
            ("dr_amina", 40.0, """\
J'ajoute que la délégation provinciale de la santé doit signer la convention dès le départ.

Mohamed, si vous le souhaitez, je peux relire la note technique du projet ; je serai dans la région au printemps et pourrais visiter la maison d'accouchement."""),
        ],
    },
    {
        "key": "ambulance",
        "board": "sante",
        "author": "ahmed_igherm",
        "kind": "question",
        "tags": ["sante-maternelle", "budget-communal"],
        "days_ago": 2.6,
        "title": "Ambulance communale : qui paie le carburant, le chauffeur et l'entretien ?",
        "body": """\
Notre commune a reçu une ambulance neuve il y a six mois. Elle roule beaucoup (évacuations vers l'hôpital de Taroudant, à 95 km) et les coûts explosent : carburant, chauffeur de garde la nuit, pneus.

Comment font les autres communes ?

- Demandez-vous une participation aux familles ?
- Avez-vous une convention avec la délégation de la santé ou avec le conseil provincial ?
- Comment organisez-vous les gardes de nuit et de week-end avec un seul chauffeur ?""",
        "replies": [],
    },
    # -- Routes et infrastructures ----------------------------------------------------------
    {
        "key": "pistes-crues",
        "board": "routes-infrastructures",
        "author": "brahim_taliouine",
        "kind": "question",
        "tags": ["pistes-rurales", "budget-communal", "pcd"],
        "days_ago": 150.0,
        "title": "Entretien des pistes rurales après les crues : comment planifier et financer ?",
        "body": """\
Après chaque orage, plusieurs de nos pistes sont coupées (ravinement, radiers emportés). La commune dispose d'une niveleuse ancienne et d'un seul conducteur. Nous réparons au coup par coup, selon les plaintes les plus fortes.

Nous avons **140 km de pistes** et un budget d'entretien d'environ 600 000 DH par an. Comment établir des priorités défendables devant le conseil et les habitants ? Et quelles sources de financement existent pour les ouvrages (radiers, dalots) ?""",
        "replies": [
            ("meriem_urbaniste", 20.0, """\
Une méthode simple : un **inventaire noté** des pistes, tronçon par tronçon. Exemple de grille :

| Critère | Points |
|---|---|
| Population desservie (par tranche de 100 habitants) | 1 à 5 |
| Dessert une école, un centre de santé ou un souk | +3 |
| Seul accès au douar | +3 |
| État (1 = bon, 5 = coupé) | 1 à 5 |
| Coût de la réparation | -1 à -3 |

Le classement qui en sort n'est pas parfait, mais il est **public et discutable**, ce qui change tout face aux pressions. Faites valider la grille par le conseil une fois pour toutes, puis appliquez-la chaque année."""),
            ("leila_finances", 26.0, """\
Côté budget, distinguez bien l'**entretien courant** (fonctionnement : carburant, pièces, petits travaux) et les **ouvrages** (équipement : radiers, dalots, murs de soutènement).

Les ouvrages peuvent être cofinancés par le conseil provincial ou régional et, pour les pistes qui désenclavent des douars, par les programmes nationaux de désenclavement du monde rural. Présentez-les comme un **programme pluriannuel**, avec la grille de Meriem en annexe : un partenaire finance plus facilement un programme priorisé qu'une liste de réparations."""),
            ("karim_hydraulique", 30.0, """\
Un point technique : beaucoup de pistes sont coupées parce que l'eau **coule le long de la piste** au lieu de la traverser. Des revers d'eau (petites saignées en biais) tous les 30 à 50 m dans les pentes, et des fossés curés avant la saison des pluies, évitent une bonne partie des réparations. C'est peu coûteux et peut se faire avec les habitants."""),
            ("brahim_taliouine", 90.0, """\
Merci à tous. Nous avons commencé l'inventaire avec la grille de Meriem sur 60 km ; le résultat a surpris plusieurs élus, car deux pistes « oubliées » desservent des écoles. Nous présenterons le programme au conseil provincial."""),
        ],
    },
    # -- Tourisme, artisanat et coopératives ------------------------------------------------
    {
        "key": "aop-safran",
        "board": "tourisme-artisanat-cooperatives",
        "author": "gie_safran",
        "kind": "need",
        "tags": ["safran", "cooperatives", "subventions"],
        "days_ago": 166.0,
        "title": "AOP « Safran de Taliouine » : accompagner les petits producteurs vers la certification",
        "body": """\
Notre GIE regroupe **38 producteurs**, dont beaucoup cultivent moins de 1 000 m² de safran. Le safran de Taliouine bénéficie d'une appellation d'origine protégée, mais très peu de nos membres vendent sous l'AOP : le coût de la certification et la tenue des registres les découragent, et les intermédiaires achètent sans label, à bas prix.

Nous cherchons :

- un avis sur la **certification de groupe** (le GIE certifié plutôt que chaque producteur) ;
- des idées pour **vendre plus cher** en France, en direct ;
- de l'aide pour préparer un dossier de financement (séchoir, conditionnement).""",
        "replies": [
            ("sanaa_tourisme", 14.0, """\
Bonjour Saïd ! Je me présente : **Sanaa**, consultante en marketing territorial et en tourisme à **Bordeaux** ; j'ai travaillé plusieurs années pour des marques de produits du terroir.

Le safran AOP de Taliouine a tout pour réussir en France : une histoire, une origine, un produit rare. Mais l'acheteur français ne connaît pas l'AOP marocaine. Il faut raconter :

- **qui** : des photos des producteurs (avec leur accord), le nom du douar ;
- **comment** : la cueillette à l'aube, l'émondage à la main, le séchage ;
- **la preuve** : le numéro de lot, le classement selon la norme ISO 3632, le logo AOP.

Pour commencer sans gros budget : de petits flacons de 1 g, vendus par des épiceries fines et par les associations de la diaspora. Et le festival du safran de Taliouine est une vitrine à exploiter pour recevoir des acheteurs."""),
            ("zineb_compta", 30.0, """\
Sur la certification de groupe : c'est la bonne voie, mais elle exige un **système de contrôle interne** au GIE : un registre par producteur (surface, récolte, quantités livrées), la traçabilité des lots et une personne responsable.

Côté comptable, le GIE doit acheter le safran à ses membres à un prix connu et le vendre sous son nom, avec un stock suivi. Je peux vous aider à mettre en place ce registre et le calcul du prix de revient : un gramme de safran sec, c'est environ 150 à 200 fleurs, et beaucoup d'heures de travail qu'on oublie de compter."""),
            ("hassan_agronome", 20.0, """\
Pour la qualité : le séchage fait souvent perdre une catégorie ISO. Un séchoir simple à température contrôlée (autour de 40 à 50 °C, à l'abri de la lumière) donne des résultats plus réguliers que le séchage à l'air libre. C'est un bon investissement à mettre dans votre dossier."""),
            ("brahim_taliouine", 48.0, """\
La commune soutient la démarche : nous pouvons mettre à disposition une salle du centre pour le séchage et le conditionnement collectifs, et inscrire le projet dans notre demande à l'INDH au titre du programme d'amélioration des revenus."""),
            ("gie_safran", 60.0, """\
Merci à tous, quelle richesse de réponses ! L'assemblée du GIE a voté pour la certification de groupe. Zineb, nous acceptons avec plaisir votre aide pour le registre. Sanaa, nous préparons des photos pendant la prochaine récolte."""),
        ],
    },
    {
        "key": "gites-ammeln",
        "board": "tourisme-artisanat-cooperatives",
        "author": "fatima_tafraout",
        "kind": "question",
        "tags": ["tourisme-rural", "numerique", "patrimoine"],
        "days_ago": 98.0,
        "title": "Gîtes ruraux de la vallée des Ammeln : se faire connaître sans dépendre des plateformes",
        "body": """\
Une douzaine de familles de la vallée des Ammeln ont ouvert des gîtes et des chambres d'hôtes. Elles dépendent presque toutes des grandes plateformes de réservation, qui prennent une commission importante, et les touristes ne restent qu'une nuit, souvent en circuit depuis Agadir.

La commune peut-elle aider à une promotion commune ? Comment faire rester les visiteurs deux ou trois nuits ?""",
        "replies": [
            ("sanaa_tourisme", 16.0, """\
Bonjour Fatima, la vallée des Ammeln a des atouts rares : les amandiers en fleur, les villages en pierre, les gravures rupestres, l'escalade et la randonnée. Quelques pistes :

1. **Vendre un séjour, pas une nuit** : un « week-end des amandiers » ou « trois jours de randonnée de village en village », avec un gîte différent chaque soir. C'est ce qui fait rester.
2. **Une marque commune** portée par une association des gîtes, avec un site simple et de belles photos. Les plateformes restent utiles pour la première réservation ; la fidélisation se fait en direct.
3. **Des partenariats** avec les guides de montagne et les clubs d'escalade européens, qui cherchent justement des hébergements chez l'habitant.
4. **Le calendrier** : la floraison des amandiers attire du monde en février, mais il faut aussi des raisons de venir en automne.

La commune peut financer la signalétique, un point d'information et les premières photos professionnelles ; l'association des gîtes porte la commercialisation."""),
            ("ayoub_numerique", 24.0, """\
Côté numérique, sans dépenser beaucoup :

- une **fiche d'établissement** sur les cartes en ligne (Google Maps, OpenStreetMap) pour chaque gîte, avec photos et contact : c'est gratuit, et c'est là que les randonneurs cherchent ;
- un **site commun** avec une page par gîte et un calendrier de disponibilités partagé ;
- une **messagerie professionnelle** pour répondre vite, avec des réponses types en français, en anglais et en allemand.

Je peux animer un atelier en visio pour les familles qui le souhaitent."""),
            ("coop_tifaout", 50.0, """\
Nous recevons des groupes de touristes à la coopérative pour des démonstrations de fabrication d'huile d'argan. Nous serions heureuses d'être une étape d'un circuit de plusieurs jours avec les gîtes : c'est plus intéressant qu'un passage de car de vingt minutes."""),
        ],
    },
    {
        "key": "compta-cooperative",
        "board": "tourisme-artisanat-cooperatives",
        "author": "coop_tifaout",
        "kind": "question",
        "tags": ["cooperatives", "argan", "femmes"],
        "days_ago": 190.0,
        "title": "Coopérative d'argan : tenir une comptabilité simple et conforme à la loi 112-12",
        "body": """\
Bonjour, je suis Khadija, présidente de la coopérative Tifaout à Aït Baha : **46 adhérentes**, production d'huile d'argan alimentaire et cosmétique, et d'amlou.

Notre comptabilité est tenue dans un cahier par notre trésorière, et un comptable de la ville vient une fois par an. L'ODCo nous demande des documents que nous avons du mal à fournir, et les adhérentes veulent comprendre comment est calculé le prix qui leur est payé pour les amandons.

Quels outils simples utiliser ? Que faut-il absolument suivre ?""",
        "replies": [
            ("zineb_compta", 20.0, """\
Bonjour Khadija, bravo pour la démarche. Pour une coopérative de votre taille, je conseille de tenir **quatre registres**, même sur un simple tableur :

1. **Le journal de caisse et de banque** : chaque entrée et chaque sortie, avec le numéro de la pièce justificative.
2. **Le registre des apports** : ce que chaque adhérente a apporté (kg d'amandons, heures de concassage) et ce qui lui a été payé.
3. **Le stock** : fruits, amandons, huile, en kg et en litres, avec les entrées et les sorties.
4. **Le registre des ventes** : client, quantité, prix, numéro de facture.

Exemple de suivi de stock mensuel :

| Produit | Stock début | Entrées | Sorties | Stock fin |
|---|---|---|---|---|
| Amandons (kg) | 120 | 480 | 510 | 90 |
| Huile alimentaire (l) | 35 | 210 | 190 | 55 |
| Huile cosmétique (l) | 18 | 60 | 72 | 6 |

Avec ces quatre registres à jour, votre comptable pourra établir les états de synthèse annuels, et vous pourrez **expliquer le prix** aux adhérentes : le prix de vente moins les charges, réparti selon les quantités apportées. Je vous envoie un modèle de tableur par l'intermédiaire de Nadia."""),
            ("cm_nadia", 5.0, """\
Modèle bien transmis à Khadija. Zineb, accepteriez-vous qu'on le mette à la disposition de toutes les coopératives ? Il a toute sa place dans « Pratiques innovantes »."""),
        ],
    },
    # -- Environnement et ressources naturelles ---------------------------------------------
    {
        "key": "reboisement-argan",
        "board": "environnement-ressources",
        "author": "lahcen_aitbaha",
        "kind": "need",
        "tags": ["reboisement", "argan", "elevage"],
        "days_ago": 138.0,
        "title": "Reboisement d'arganiers : seulement 30 % de plants survivants, que faire ?",
        "body": """\
Il y a deux ans, avec les associations et l'appui des Eaux et Forêts, nous avons planté **8 000 plants d'arganier** sur 20 ha de terrains collectifs dégradés. Aujourd'hui, à peine 30 % ont survécu.

Causes supposées : deux étés très secs, le pâturage des chèvres malgré la mise en défens, des plants trop petits.

Nous voulons replanter cet hiver. Que faut-il changer ?""",
        "replies": [
            ("hassan_agronome", 22.0, """\
Bonjour Lahcen. 30 % après deux ans de sécheresse, ce n'est malheureusement pas exceptionnel. Ce qui fait la différence, dans l'ordre :

1. **La collecte de l'eau autour du plant** : cuvettes ou demi-lunes d'un mètre de diamètre, ouvertes vers l'amont de la pente, creusées avant les pluies. C'est le facteur n° 1.
2. **La date de plantation** : juste après les premières pluies efficaces, jamais « selon le calendrier ».
3. **Des plants de qualité** : au moins un an en pépinière, avec des racines qui ne tournent pas en spirale dans le sachet (elles ne s'ancrent jamais).
4. **Un arrosage de secours** le premier été : deux ou trois fois 10 litres par plant. C'est là que les associations et les jeunes peuvent aider.
5. **La protection contre le pâturage** pendant au moins cinq ans."""),
            ("coop_tifaout", 30.0, """\
Les femmes de la coopérative connaissent bien le terrain et les familles d'éleveurs. Pour la mise en défens, ce qui a marché chez nous : une **compensation** versée à l'association pastorale pour les parcelles fermées au pâturage, et une part de la future récolte d'argan promise aux familles voisines. Quand les éleveurs y gagnent, les chèvres restent dehors."""),
            ("asso_tiwizi", 40.0, """\
Nous pouvons mobiliser une vingtaine de jeunes pour les cuvettes et l'arrosage du premier été, si la commune prend en charge le transport de l'eau (citerne tractée)."""),
            ("lahcen_aitbaha", 70.0, """\
Merci ! Voici notre nouveau plan pour cet hiver :

- cuvettes creusées par les jeunes avant les pluies ;
- plants de 18 mois de la pépinière ;
- plantation après les premières pluies efficaces ;
- trois arrosages l'été avec la citerne communale ;
- une convention de compensation avec l'association pastorale.

Nous publierons ici les taux de survie dans un an."""),
        ],
    },
    {
        "key": "decharge-sauvage",
        "board": "environnement-ressources",
        "author": "abdellah_tamegroute",
        "kind": "question",
        "tags": ["dechets", "budget-communal"],
        "days_ago": 122.0,
        "title": "Décharge sauvage à l'entrée de la palmeraie : quelles alternatives pour une petite commune ?",
        "body": """\
Notre commune produit environ **6 tonnes de déchets ménagers par jour**, collectés par un tracteur-benne et déversés dans une ancienne carrière à l'entrée de la palmeraie. Fumées, sacs plastiques dans les palmiers, plaintes des habitants et des visiteurs de la bibliothèque de la zaouïa.

Nous n'avons ni les moyens ni le terrain pour une décharge contrôlée. Que font les autres petites communes ?""",
        "replies": [
            ("khalid_eau", 20.0, """\
Bonjour Abdellah. Pour une petite commune seule, une décharge contrôlée est presque toujours hors de portée. La solution passe par l'**intercommunalité** : un groupement avec les communes voisines pour un centre d'enfouissement et de valorisation commun, inscrit au Programme national des déchets ménagers.

En attendant, trois mesures à votre portée :

- **Réduire le volume** : en oasis, près de la moitié des déchets sont organiques (palmes, restes de cuisine). Un compostage au niveau du ksar, avec les agriculteurs, réduit fortement ce qui part à la décharge.
- **Arrêter le brûlage** : c'est la cause des fumées, et c'est le plus toxique.
- **Clôturer le site actuel** et le recouvrir régulièrement de terre, en attendant mieux."""),
            ("meriem_urbaniste", 30.0, """\
Je rejoins Khalid. Pour le choix d'un futur site intercommunal, pensez aux distances : au-delà de 30 à 40 km, le transport coûte plus cher que le traitement, et il faut alors un centre de transfert. C'est un sujet où une étude à l'échelle de la province est plus pertinente qu'une étude par commune."""),
            ("leila_finances", 48.0, """\
Côté finances : le coût complet de la collecte (tracteur, carburant, ouvriers, usure) est rarement calculé. Faites-le : c'est votre meilleur argument pour convaincre les communes voisines de mutualiser, et pour discuter de la taxe de services communaux, qui rapporte aujourd'hui très peu."""),
        ],
    },
    {
        "key": "offres-solaires",
        "board": "environnement-ressources",
        "author": "youssef_solaire",
        "kind": "discussion",
        "tags": ["energie-solaire", "marches-publics"],
        "days_ago": 86.0,
        "title": "Énergie solaire : méfiez-vous des offres « clé en main » trop belles",
        "body": """\
Bonjour à tous, premier message pour moi : **Youssef**, ingénieur en énergie solaire à **Toulouse**. Je conçois depuis 12 ans des installations photovoltaïques et des systèmes de pompage solaire, en France et en Afrique de l'Ouest.

Plusieurs communes m'ont transmis des offres reçues pour du pompage ou de l'éclairage solaire. Certaines sont sérieuses, d'autres inquiétantes. Voici ce que je vérifie systématiquement :

- **La note de dimensionnement** : sans calcul écrit (besoin en eau, hauteur, ensoleillement), l'offre ne vaut rien.
- **Les certifications des panneaux** (IEC 61215 et IEC 61730) et la fiche technique de la pompe.
- **Les garanties écrites** : panneaux, variateur, pompe, et surtout qui intervient en cas de panne, et en combien de jours.
- **La formation** d'une personne locale à l'entretien de base (nettoyage des panneaux, lecture des alarmes).
- **Le prix au watt-crête** : très inférieur au marché, c'est souvent du matériel déclassé.

N'hésitez pas à publier vos offres (en masquant le nom du fournisseur), je donnerai mon avis.""",
        "replies": [
            ("ahmed_igherm", 30.0, """\
Merci Youssef, c'est très utile. Pour l'éclairage public, nous avons reçu une offre de lampadaires solaires « tout-en-un » (panneau et batterie intégrés) à un prix très bas. Que penser de la durée de vie des batteries ?"""),
            ("youssef_solaire", 8.0, """\
Les lampadaires tout-en-un peuvent être un bon choix, mais la batterie est le point faible :

- exigez du **lithium fer phosphate (LiFePO4)** ;
- une capacité annoncée en **Wh** (pas seulement en mAh) ;
- une garantie d'au moins 3 ans.

Comptez un remplacement des batteries tous les 5 à 7 ans, à inscrire dès maintenant au budget. Et demandez à tester quelques lampadaires pendant un hiver avant la commande complète."""),
        ],
    },
    # -- Jeunesse, sport et culture ---------------------------------------------------------
    {
        "key": "maison-de-jeunes",
        "board": "jeunesse-sport-culture",
        "author": "mohamed_tissint",
        "kind": "question",
        "tags": ["jeunesse", "formation"],
        "days_ago": 70.0,
        "title": "Maison de jeunes fermée faute d'animateur : comment la faire revivre ?",
        "body": """\
La maison de jeunes de notre centre a été construite il y a huit ans. Elle est fermée la plupart du temps : l'animateur a été muté et n'a pas été remplacé. Les jeunes (plus de 40 % de la population a moins de 25 ans) n'ont rien à faire en dehors de l'école et des cafés.

Comment d'autres communes font-elles fonctionner leur maison de jeunes ? Avec quelles associations, quelles activités, quel budget ?""",
        "replies": [
            ("rachid_formateur", 18.0, """\
La solution qui marche le mieux : une **convention de gestion** entre la commune, la direction provinciale de la jeunesse et une ou plusieurs associations locales. L'association ouvre le lieu selon un planning affiché, la commune paie l'électricité et un petit budget d'activités, la direction provinciale garde la tutelle.

Commencez par **demander aux jeunes** ce qu'ils veulent : un questionnaire d'une page au lycée et dans les cafés. Vous serez surpris : soutien scolaire, anglais, informatique et théâtre passent souvent avant le sport."""),
            ("ayoub_numerique", 26.0, """\
Si vous avez une connexion correcte, un **espace numérique** de 6 à 8 ordinateurs reconditionnés change la fréquentation. Des associations en France collectent des ordinateurs d'entreprises ; je peux vous mettre en relation.

Les jeunes formés peuvent ensuite aider les habitants pour les démarches administratives en ligne, ce qui donne au lieu une utilité reconnue par tous."""),
            ("asso_tiwizi", 36.0, """\
Un conseil d'association : prévoyez des **créneaux réservés aux filles**, animés par une femme. Chez nous, c'est ce qui a convaincu les familles de laisser venir leurs filles."""),
            ("cm_nadia", 12.0, """\
Mohamed, je vous signale aussi le sujet de Rachid sur la formation des éducatrices du préscolaire : certains contenus (animation de groupe, relation avec les parents) peuvent servir aux bénévoles de la maison de jeunes.

Et si vous lancez le questionnaire, partagez-le ici : d'autres communes sont intéressées."""),
        ],
    },
    # -- Femmes et approche genre -----------------------------------------------------------
    {
        "key": "gouvernance-coop-feminines",
        "board": "femmes-genre",
        "author": "coop_tifaout",
        "kind": "discussion",
        "tags": ["femmes", "cooperatives", "formation"],
        "days_ago": 58.0,
        "title": "Coopératives féminines : comment éviter que tout repose sur la présidente ?",
        "body": """\
Je lance une discussion qui me tient à cœur. Dans beaucoup de coopératives de femmes que je connais, y compris la nôtre à ses débuts, **la présidente fait tout** : les ventes, la banque, l'ODCo, les salons, les visiteurs. Quand elle est malade ou fatiguée, tout s'arrête, et les autres adhérentes restent des « productrices » qui ne prennent pas part aux décisions.

Comment partager les responsabilités quand beaucoup d'adhérentes ne savent pas lire ou n'ont jamais pris la parole en public ?""",
        "replies": [
            ("zineb_compta", 20.0, """\
Très bonne question, Khadija. Ce qui marche dans les coopératives que j'accompagne :

- des **binômes** pour chaque fonction (une adhérente qui sait lire et une qui apprend) ;
- une **rotation** de la personne qui accompagne la présidente aux rendez-vous ;
- des **comptes présentés avec des images** (sacs d'amandons, bouteilles) en assemblée générale, pour que toutes comprennent ;
- des **cours d'alphabétisation** à la coopérative même, aux heures où les femmes sont disponibles."""),
            ("omar_fundraising", 30.0, """\
Côté financement, plusieurs bailleurs demandent justement un **volet de renforcement de la gouvernance** dans les projets de coopératives féminines. Vous pouvez y inscrire l'alphabétisation fonctionnelle, la formation des membres du conseil d'administration, et même une indemnité pour les adhérentes qui prennent des responsabilités."""),
            ("fatima_tafraout", 48.0, """\
Du côté de la commune, nous invitons les coopératives féminines aux réunions de l'instance de l'équité, de l'égalité des chances et de l'approche genre. Au début, seules les présidentes venaient ; maintenant nous demandons deux représentantes par coopérative, dont une qui n'est pas membre du bureau."""),
        ],
    },
    {
        "key": "budget-genre",
        "board": "femmes-genre",
        "author": "leila_finances",
        "kind": "practice",
        "tags": ["femmes", "budget-communal", "pcd"],
        "days_ago": 46.0,
        "title": "Budget sensible au genre dans une commune rurale : un exemple concret",
        "body": """\
On parle beaucoup de « budget sensible au genre », souvent de façon abstraite. Voici un exercice concret fait avec une commune partenaire, à partir de son budget d'équipement.

Pour chaque projet, une seule question : **qui en bénéficie réellement, femmes et hommes, filles et garçons ?**

| Projet | Coût (DH) | Bénéficiaires directs | Ce que l'analyse a changé |
|---|---|---|---|
| Terrain de football | 1 200 000 | Surtout les garçons et les jeunes hommes | Ajout d'un espace multisport avec des créneaux réservés aux filles |
| Bornes-fontaines | 450 000 | Femmes et filles (corvée d'eau) | Priorité aux douars où la corvée dépasse 30 minutes |
| Éclairage public | 800 000 | Tous, surtout la sécurité des femmes le soir | Priorité aux trajets vers le hammam, l'école et l'arrêt de car |
| Transport scolaire | 300 000 | Surtout les filles (abandon au collège) | Budget augmenté, accompagnatrice ajoutée |

Ce n'est pas un budget « pour les femmes » : c'est un budget qui **regarde qui profite de chaque dirham**. L'instance de l'équité, de l'égalité des chances et de l'approche genre peut porter cet exercice chaque année, avant le vote du budget.

Pour se former, le Centre d'excellence pour la budgétisation sensible au genre du ministère de l'Économie et des Finances publie des guides utiles.""",
        "replies": [
            ("aicha_tighmi", 40.0, """\
Merci Leïla, l'exemple est parlant. Nous allons essayer avec le budget de l'an prochain. L'idée de l'accompagnatrice dans le transport scolaire vient d'ailleurs de ce forum !"""),
        ],
    },
    # -- Gouvernance et finances communales -------------------------------------------------
    {
        "key": "recettes-propres",
        "board": "gouvernance-finances",
        "author": "brahim_taliouine",
        "kind": "question",
        "tags": ["budget-communal", "pcd"],
        "days_ago": 246.0,
        "title": "Fiscalité locale : pourquoi nos recettes propres sont-elles si faibles ?",
        "body": """\
Bonjour,

Notre budget de fonctionnement dépend à plus de **80 %** de la part du produit de la TVA transférée par l'État. Nos recettes propres sont très faibles : la taxe sur les terrains non bâtis ne rapporte presque rien, et le souk est affermé au même prix depuis des années.

Le conseil voudrait financer une partie du PCD sur ressources propres. Par où commencer ? Quelles recettes une commune rurale comme la nôtre peut-elle vraiment développer ?""",
        "replies": [
            ("leila_finances", 16.0, """\
Bonjour Brahim, votre situation est celle de la plupart des communes rurales. Quelques repères.

La **taxe sur les terrains urbains non bâtis** ne s'applique que dans les périmètres urbains et les centres délimités : dans une commune rurale, son rendement est forcément limité. Ce n'est pas là qu'il faut chercher en premier.

Les recettes qui rapportent le plus souvent dans les communes rurales :

| Recette | Ce qu'il faut vérifier |
|---|---|
| Affermage du souk hebdomadaire | Le prix suit-il la fréquentation réelle ? Y a-t-il une vraie mise en concurrence ? |
| Taxe sur l'extraction des produits de carrières | Les volumes déclarés sont-ils contrôlés ? Ils sont souvent très sous-déclarés |
| Taxe de séjour | Tous les hébergements (gîtes, maisons d'hôtes) sont-ils recensés ? |
| Redevances d'occupation du domaine public | Cafés, étals, antennes : tout est-il recensé ? |
| Loyers des biens communaux | Boutiques, logements : les loyers sont-ils actualisés ? |

Le premier travail n'est pas de créer des taxes, mais de **recenser** : la plupart des communes perdent plus par défaut de recensement que par faiblesse des taux."""),
            ("zineb_compta", 20.0, """\
Bonjour, je me présente : **Zineb**, expert-comptable à **Saint-Étienne**. Je travaille surtout avec des coopératives et des associations de l'économie sociale et solidaire, en France et au Maroc.

J'ajoute à la liste de Leïla un point pratique : le **recouvrement**. Beaucoup de communes émettent correctement les titres de recettes, mais les restes à recouvrer s'accumulent d'année en année. Un tableau des restes à recouvrer par redevable, revu chaque trimestre avec le régisseur et le percepteur, donne souvent des résultats rapides."""),
            ("ahmed_igherm", 30.0, """\
**@leila_finances** a écrit :
> Le premier travail n'est pas de créer des taxes, mais de **recenser**

C'est exactement notre expérience à Igherm : un recensement des occupations du domaine public, fait l'an dernier par deux stagiaires, a augmenté cette recette de 40 %. Cela a pris trois mois et n'a presque rien coûté."""),
            ("brahim_taliouine", 50.0, """\
Merci, c'est éclairant. Nous commençons par le souk (le contrat d'affermage arrive à échéance) et par le recensement des gîtes pour la taxe de séjour."""),
        ],
    },
    {
        "key": "appels-offres-infructueux",
        "board": "gouvernance-finances",
        "author": "lahcen_aitbaha",
        "kind": "question",
        "tags": ["marches-publics", "budget-communal"],
        "days_ago": 1.2,
        "title": "Appels d'offres infructueux à répétition pour de petits travaux : que faire ?",
        "body": """\
Pour la troisième fois cette année, notre appel d'offres pour la construction de murs de clôture autour de deux écoles (environ 350 000 DH) est déclaré infructueux : soit aucune offre, soit des offres très supérieures à l'estimation.

Les entreprises de la province disent que les prix des matériaux ont augmenté et que la commune paie trop tard.

- Peut-on passer par une procédure négociée après deux appels d'offres infructueux ?
- Comment d'autres communes attirent-elles des entreprises pour de petits lots ?""",
        "replies": [],
    },
    # -- Financement ------------------------------------------------------------------------
    {
        "key": "dossier-indh",
        "board": "financement",
        "author": "omar_fundraising",
        "kind": "funding",
        "tags": ["indh", "subventions"],
        "days_ago": 238.0,
        "title": "Monter un dossier INDH : la check-list que j'aurais aimé avoir",
        "body": """\
Bonjour à tous. Je suis **Omar** ; je travaille depuis quinze ans, à **Marseille**, à la recherche de financements pour des ONG de solidarité internationale. J'ai accompagné une vingtaine de dossiers d'associations marocaines, dont plusieurs financés par l'INDH.

Voici la check-list que je partage avec chaque porteur de projet.

**Avant d'écrire**

- Le projet est-il inscrit au PCD, ou soutenu par une délibération du conseil ?
- Correspond-il à l'un des programmes de la phase en cours (infrastructures et services de base, personnes en situation de précarité, revenus et inclusion des jeunes, capital humain des générations montantes) ?
- Avez-vous présenté l'idée à la division de l'action sociale de la province ?

**Le dossier**

- Une fiche projet claire : problème, bénéficiaires chiffrés, activités, résultats attendus.
- Un budget détaillé **et** un plan de financement qui montre l'apport de chaque partenaire.
- La preuve de la disponibilité du terrain.
- Les engagements de fonctionnement : qui paie le gardien, l'électricité, l'entretien, et pendant combien d'années.

**Les erreurs qui font refuser un dossier**

1. Un bâtiment sans plan de fonctionnement.
2. Des bénéficiaires « toute la population », sans chiffres.
3. Une association porteuse sans comptes approuvés pour les deux dernières années.

Le site officiel : [www.indh.ma](https://www.indh.ma). Posez vos questions ici, je réponds volontiers.""",
        "replies": [
            ("brahim_taliouine", 20.0, """\
Merci Omar, très concret. Pour un projet porté par la commune elle-même (et non par une association), la contribution communale minimale est-elle fixée quelque part ?"""),
            ("omar_fundraising", 10.0, """\
**@brahim_taliouine** a écrit :
> la contribution communale minimale est-elle fixée quelque part ?

À ma connaissance, il n'y a pas de taux unique : cela dépend du programme et des décisions du comité provincial. En pratique, une contribution de la commune (en argent, en terrain ou en prise en charge du fonctionnement) est toujours bien vue. Le plus sûr est de poser la question à la division de l'action sociale quand vous présentez l'idée du projet."""),
            ("asso_tiwizi", 60.0, """\
Nous confirmons l'erreur n° 3 : notre premier dossier a été refusé parce que nos comptes n'avaient pas été approuvés en assemblée générale. Le deuxième, avec des comptes en ordre, a été financé (extension du réseau d'eau du douar)."""),
        ],
    },
    {
        "key": "pra-osim",
        "board": "financement",
        "author": "omar_fundraising",
        "kind": "funding",
        "tags": ["subventions", "cooperation-decentralisee"],
        "days_ago": 62.0,
        "title": "Financement : le PRA/OSIM pour les projets portés par des associations de migrants",
        "body": """\
Pour les communes qui travaillent avec une association de la diaspora en France, un dispositif à connaître : le **PRA/OSIM** (programme d'appui aux projets des organisations de solidarité internationale issues des migrations), animé par le FORIM.

**Le principe** : une association de migrants déclarée en France porte un projet de développement dans sa région d'origine, avec un partenaire local (association, coopérative, commune). Le programme cofinance une partie du projet ; le reste vient de l'association, du partenaire et d'autres bailleurs.

**Ce qui compte dans l'évaluation**

- un vrai partenariat avec les acteurs locaux, pas un projet « parachuté » ;
- l'implication de la commune (lettre de soutien, inscription au PCD) ;
- la durabilité : qui fait fonctionner l'équipement après le projet ;
- un budget réaliste et des apports propres de l'association.

Les montants, les taux et le calendrier changent d'une édition à l'autre : **vérifiez le règlement de l'année** sur le site du FORIM avant de vous lancer. Je peux relire les dossiers en préparation.""",
        "replies": [
            ("asso_tiwizi", 30.0, """\
Une association de gens de notre douar existe à Gennevilliers, mais elle n'a jamais monté de projet. Peut-elle être éligible sans comptes certifiés ?"""),
            ("omar_fundraising", 14.0, """\
On ne demande généralement pas de comptes certifiés à une petite association, mais il faut des comptes approuvés en assemblée générale et quelques années d'existence. Les associations débutantes sont souvent orientées vers un accompagnement par une structure d'appui avant le dépôt : c'est une bonne porte d'entrée. Demandez à Nadia de nous mettre en contact."""),
        ],
    },
    {
        "key": "cooperation-decentralisee",
        "board": "financement",
        "author": "fatima_tafraout",
        "kind": "need",
        "tags": ["cooperation-decentralisee", "subventions", "tourisme-rural"],
        "days_ago": 7.0,
        "title": "Coopération décentralisée avec une ville française : par où commencer ?",
        "body": """\
Beaucoup de familles de notre commune vivent en région parisienne et dans le Nord. Des élus ont évoqué l'idée d'un partenariat avec une ville française, mais personne ne sait comment s'y prendre.

- Comment trouver une ville partenaire ?
- Qui paie quoi dans ce type de coopération ?
- Faut-il une autorisation du ministère de l'Intérieur ?""",
        "replies": [
            ("omar_fundraising", 9.0, """\
Bonjour Fatima, bonne idée, et vous avez un atout : votre diaspora. Les étapes que je recommande :

1. **Partir des associations de migrants** originaires de Tafraout en France : elles connaissent les élus de leur ville et peuvent porter la proposition. Le FORIM, qui fédère ces associations, peut aider à les identifier.
2. **Chercher une ville qui a un intérêt** : un jumelage existant, un thème commun (tourisme, patrimoine, eau), une forte communauté originaire de la région.
3. **Commencer petit** : un échange de techniciens, une mission d'étude, avant une convention.

Côté français, le ministère de l'Europe et des Affaires étrangères lance régulièrement des appels à projets qui cofinancent la coopération décentralisée, dont certains consacrés au Maroc."""),
            ("meriem_urbaniste", 20.0, """\
Du côté des villes françaises, la coopération qui dure est celle où **les deux parties apprennent**. Proposez des thèmes où vous avez quelque chose à apporter : gestion traditionnelle de l'eau, architecture en pierre, tourisme rural. Les villes françaises cherchent aussi des projets qui mobilisent leurs habitants originaires du Maroc."""),
            ("leila_finances", 26.0, """\
Sur l'autorisation : côté marocain, les conventions des communes avec des collectivités étrangères sont encadrées par la loi organique n° 113-14 relative aux communes. Il faut une délibération du conseil et le visa de l'autorité de tutelle ; associez la province dès le début, cela évite les blocages plus tard."""),
            ("cm_nadia", 101.0, """\
Fatima, nous organisons le mois prochain une visio avec deux élus de communes françaises déjà engagées dans des coopérations au Maroc. Je vous envoie l'invitation ; les autres communes intéressées peuvent se signaler ici."""),
        ],
    },
    # -- Pratiques innovantes ---------------------------------------------------------------
    {
        "key": "suivi-pcd-public",
        "board": "pratiques-innovantes",
        "author": "ayoub_numerique",
        "kind": "practice",
        "tags": ["pcd", "numerique"],
        "days_ago": 34.0,
        "title": "Un tableau de suivi du PCD publié en ligne et affiché à la commune",
        "body": """\
Une pratique simple mise en place avec une commune rurale du Souss, inspirée de ce que fait ma collectivité à Nantes.

**L'idée** : un seul tableau, mis à jour chaque trimestre, publié sur la page de la commune et affiché à l'entrée du siège.

| Projet | Axe du PCD | Coût estimé (DH) | Financement acquis | Avancement | Prochaine étape |
|---|---|---|---|---|---|
| Adduction d'eau de 3 douars | Eau | 4 200 000 | 70 % | Travaux en cours | Réception provisoire |
| Transport scolaire | Éducation | 300 000 | 100 % | Réalisé | Bilan en fin d'année |
| Maison de jeunes | Jeunesse | 1 500 000 | 0 % | Étude réalisée | Recherche de financement |

**Les outils** : un tableur partagé (gratuit), une mise à jour par le directeur des services, une validation par le président, une impression en grand format.

**Ce que ça a changé** : moins de rumeurs (« l'argent du projet a disparu »), des questions plus précises pendant les sessions du conseil, et des partenaires qui voient tout de suite où en est la commune. C'est aussi une façon simple d'appliquer la loi n° 31-13 sur le droit d'accès à l'information.""",
        "replies": [
            ("brahim_taliouine", 24.0, """\
Nous allons le faire à Taliouine. Faut-il publier les projets sans financement ? Certains élus craignent que cela montre nos faiblesses."""),
            ("ayoub_numerique", 6.0, """\
**@brahim_taliouine** a écrit :
> Certains élus craignent que cela montre nos faiblesses.

C'est justement l'intérêt : un projet sans financement affiché publiquement attire des partenaires. Des membres de la diaspora découvrent ainsi des projets qu'ils aident ensuite à financer. Ce qui abîme la confiance, c'est le silence, pas le retard."""),
            ("leila_finances", 30.0, """\
J'ajouterais une colonne **« Montant payé »** à côté du financement acquis : c'est l'indicateur que regardent les contrôleurs, et il montre l'exécution réelle."""),
        ],
    },
    {
        "key": "tiwizi-financement",
        "board": "pratiques-innovantes",
        "author": "asso_tiwizi",
        "kind": "practice",
        "tags": ["eau-potable", "subventions", "indh"],
        "days_ago": 22.0,
        "title": "Tiwizi d'aujourd'hui : comment les habitants ont financé 20 % de leur réseau d'eau",
        "body": """\
La tiwizi, c'est le travail collectif traditionnel de nos villages. Nous l'avons adaptée pour financer l'extension du réseau d'eau potable de notre douar (74 foyers, 3,2 km de conduites).

**Le plan de financement**

| Source | Montant (DH) | Part |
|---|---|---|
| INDH | 520 000 | 58 % |
| Commune | 200 000 | 22 % |
| Habitants (argent) | 95 000 | 11 % |
| Habitants (travail : tranchées) | 85 000 | 9 % |
| **Total** | **900 000** | **100 %** |

**Comment nous nous y sommes pris**

- Une contribution par foyer, modulée selon les moyens, décidée en assemblée du douar.
- Les familles émigrées (surtout en France) ont payé une part plus élevée ; elles ont été tenues informées chaque semaine par un groupe de discussion, avec des photos des travaux.
- Les tranchées ont été creusées par les hommes du douar, le week-end, selon un tableau de présence ; le travail a été valorisé au prix de la journée locale.

**La leçon** : les habitants qui ont payé et creusé protègent le réseau. Deux ans après, aucun branchement illégal.""",
        "replies": [
            ("cm_nadia", 10.0, """\
Merci Hamid, c'est exactement le type de retour d'expérience que ce sous-forum attend. Je le signale aux communes qui ont des projets d'eau en cours (@ahmed_igherm, @abdellah_tamegroute)."""),
            ("omar_fundraising", 20.0, """\
Le **travail valorisé** dans le plan de financement est un excellent argument auprès des bailleurs : il prouve l'appropriation du projet. Gardez bien les feuilles de présence, elles servent de justificatifs."""),
            ("ahmed_igherm", 40.0, """\
Très inspirant. Pour nos 5 douars, nous allons proposer le même principe en assemblée. Hamid, comment avez-vous fixé la contribution des familles émigrées sans créer de tensions ?"""),
        ],
    },
]


# -- profiles, solutions, needs, invitations (loaded after the threads) -----------------------

# Commune officials: (commune name, province) from forum/communes/seed.py, and position.
COMMUNE_OFFICIALS = {
    "brahim_taliouine": ("Taliouine", "Taroudant", "elected"),
    "fatima_tafraout": ("Tafraout", "Tiznit", "staff"),
    "lahcen_aitbaha": ("Aït Baha", "Chtouka-Aït Baha", "elected"),
    "mohamed_tissint": ("Tissint", "Tata", "staff"),
    "ahmed_igherm": ("Igherm", "Taroudant", "elected"),
    "abdellah_tamegroute": ("Tamegroute", "Zagora", "staff"),
    "aicha_tighmi": ("Tighmi", "Tiznit", "elected"),
}

# Migrant experts: skills are tag slugs. "public" lists what they show (all when left out).
EXPERTS = {
    "karim_hydraulique": {
        "skills": ["eau-potable", "forage", "irrigation", "assainissement", "etude-de-faisabilite"],
        "country": "France", "city": "Lyon", "languages": ["fr", "ar", "ber"],
        "expertise": "Hydraulique rurale, adduction d'eau potable", "years_experience": 18,
        "availability": "on_site",
        "bio": "Ingénieur hydraulicien dans un bureau d'études lyonnais, originaire d'Igherm.\n"
               "Je relis volontiers les études de réseaux d'eau et les dossiers de forage.",
    },
    "leila_finances": {
        "skills": ["budget-communal", "marches-publics", "pcd", "femmes"],
        "country": "France", "city": "Paris", "languages": ["fr", "ar", "en"],
        "expertise": "Audit des finances publiques locales", "years_experience": 12,
        "availability": "hours_month",
        "bio": "Auditrice dans une chambre régionale des comptes. Budget, recettes propres, marchés publics.",
    },
    "hassan_agronome": {
        "skills": ["irrigation", "khettara", "safran", "argan", "elevage", "reboisement"],
        "country": "France", "city": "Montpellier", "languages": ["fr", "ar", "ber"],
        "expertise": "Agronomie des zones arides", "years_experience": 22, "availability": "on_site",
        "bio": "Agronome, j'ai travaillé vingt ans sur l'irrigation économe en eau au Maghreb.",
    },
    "dr_amina": {
        "skills": ["sante-maternelle", "femmes", "formation"],
        "country": "France", "city": "Lille", "languages": ["fr", "ar"],
        "expertise": "Médecine générale, santé maternelle", "years_experience": 15, "availability": "remote",
        "bio": "Médecin généraliste. Je peux conseiller sur l'organisation des soins et la prévention.",
        "public": ["skills", "residence", "languages", "expertise", "bio"],
    },
    "youssef_solaire": {
        "skills": ["energie-solaire", "electrification", "forage", "etude-de-faisabilite"],
        "country": "France", "city": "Toulouse", "languages": ["fr", "ar", "ber", "en"],
        "expertise": "Pompage et électrification solaires", "years_experience": 9, "availability": "on_site",
        "bio": "Ingénieur en énergie solaire : dimensionnement de pompages et de mini-réseaux.",
    },
    "rachid_formateur": {
        "skills": ["ecoles", "formation", "jeunesse", "transport-scolaire"],
        "country": "France", "city": "Créteil", "languages": ["fr", "ar"],
        "expertise": "Formation des enseignants", "years_experience": 20, "availability": "hours_month",
        "bio": "Formateur à l'INSPÉ de Créteil ; préscolaire et lutte contre le décrochage.",
    },
    "sanaa_tourisme": {
        "skills": ["tourisme-rural", "patrimoine", "cooperatives", "safran"],
        "country": "France", "city": "Bordeaux", "languages": ["fr", "ar", "en", "es"],
        "expertise": "Marketing territorial et tourisme rural", "years_experience": 11, "availability": "remote",
        "bio": "Consultante en tourisme rural : gîtes, circuits, labels et mise en marché.",
    },
    "omar_fundraising": {
        "skills": ["subventions", "indh", "cooperation-decentralisee", "cooperatives"],
        "country": "France", "city": "Marseille", "languages": ["fr", "ar", "en"],
        "expertise": "Recherche de financements de projets", "years_experience": 14,
        "availability": "hours_month",
        "bio": "Chargé de financements dans une ONG : INDH, coopération décentralisée, fondations.",
    },
    "meriem_urbaniste": {
        "skills": ["pistes-rurales", "etude-de-faisabilite", "marches-publics", "pcd"],
        "country": "France", "city": "Grenoble", "languages": ["fr", "ar"],
        "expertise": "Urbanisme et aménagement rural", "years_experience": 10, "availability": "remote",
        "bio": "Urbaniste ; je peux relire des termes de référence et des plans d'aménagement.",
    },
    "khalid_eau": {
        "skills": ["eau-potable", "assainissement", "dechets"],
        "country": "France", "city": "Rennes", "languages": ["fr", "ber"],
        "expertise": "Traitement de l'eau", "years_experience": 16, "availability": "hours_month",
        "bio": "Responsable d'une station de traitement d'eau potable en Bretagne.",
        "public": ["skills", "expertise", "availability"],
    },
    "ayoub_numerique": {
        "skills": ["numerique", "pcd", "jeunesse"],
        "country": "France", "city": "Nantes", "languages": ["fr", "ar", "en"],
        "expertise": "Systèmes d'information publics", "years_experience": 8, "availability": "remote",
        "bio": "Développeur ; outils simples de suivi de projets pour les communes.",
    },
    "zineb_compta": {
        "skills": ["cooperatives", "budget-communal", "argan", "femmes"],
        "country": "France", "city": "Saint-Étienne", "languages": ["fr", "ar", "ber"],
        "expertise": "Comptabilité des coopératives", "years_experience": 13, "availability": "hours_month",
        "bio": "Expert-comptable ; j'accompagne des coopératives féminines à distance.",
    },
}

LOCAL_ACTORS = {
    "coop_tifaout": ("Coopérative Tifaout", "cooperative"),
    "asso_tiwizi": ("Association Tiwizi", "association"),
    "gie_safran": ("GIE des producteurs de safran de Taliouine", "gie"),
}

# The structure of the skill needs: what is expected, the time frame, and the status it
# reached (moved by its author, in order).
NEEDS = {
    "gestion-reseau-aep": ("project_setup", "Avant l'été 2027", ["in_discussion"]),
    "khettaras": ("feasibility_study", "Étude en 2027, travaux en 2028", ["in_discussion", "matched"]),
    "pompage-solaire-tissint": ("feasibility_study", "Dossier au prochain conseil, en février", ["in_discussion"]),
    "transport-scolaire": ("advice", "Pour la rentrée de septembre", []),
    "aop-safran": ("funding_search", "Dépôt du dossier en 2027", ["in_discussion"]),
    "reboisement-argan": ("project_setup", "Plantations à l'automne prochain", []),
    "cooperation-decentralisee": ("funding_search", "Dans l'année", ["in_discussion", "matched", "done"]),
}

# Replies marked as the solution by the thread's author: (thread key, index of the reply).
SOLUTIONS = [
    ("safran-irrigation", 0),
    ("vaccination-caprins", 0),
    ("termes-de-reference", 0),
    ("pistes-crues", 0),
    ("compta-cooperative", 0),
    ("recettes-propres", 0),
    ("gestion-reseau-aep", 0),
    ("khettaras", 0),
]

# Experts invited to a thread by its author: (thread key, author username, expert username).
INVITATIONS = [
    ("assainissement-centre", "fatima_tafraout", "khalid_eau"),
    ("assainissement-centre", "fatima_tafraout", "karim_hydraulique"),
    ("ambulance", "ahmed_igherm", "dr_amina"),
    ("appels-offres-infructueux", "lahcen_aitbaha", "leila_finances"),
    ("transport-scolaire", "aicha_tighmi", "rachid_formateur"),
    ("reboisement-argan", "lahcen_aitbaha", "hassan_agronome"),
]
