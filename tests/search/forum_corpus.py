"""A hand-made forum for search-quality tests: "Communauté de Développement".

Rural communes of Souss-Massa-Drâa (their Plans Communaux de Développement) and Moroccan
experts living in France, writing in French, sometimes in Arabic. Plain data only;
tests/search/test_quality_forum.py loads it through the services.

Each thread is a dict:
    key        stable name the queries use to name the thread they expect
    board      board slug (forum/boards/seed.py), or ARCHIVE for the board archived after loading
    kind       question | need | practice | funding | discussion
    tags       tag slugs (forum/boards/seed.py)
    date       day the thread was opened (UTC); reply n is posted n days later
    title      the title
    posts      [(username, Markdown body), ...]: the first post, then the replies
    solution   optional: number of the post marked as the answer (the thread is "solved")
    closed     optional: a moderator closes the thread after its replies
    deleted    optional: the thread is deleted (by a moderator) after loading
    deleted_posts  optional: numbers of posts deleted (by a moderator) after loading

The communes are real; the people, douars' figures and projects are invented. The text is
written so that each query of the quality test has a clear right answer and realistic
distractors (threads sharing some of its words).
"""

# The board created (by an admin) for the ARCHIVE threads, then archived: members must not find them.
ARCHIVE_BOARD_NAME = "Archives du premier PCD 2011-2016"
ARCHIVE_BOARD_DESCRIPTION = "Discussions de la période du premier Plan communal de développement, en lecture seule."
ARCHIVE = "archives-du-premier-pcd-2011-2016"  # the slug the forum gives that name

MODERATOR = "cm_salma"
ADMIN = "admin_forum"

# (username, display name, kind, role)
USERS = [
    (MODERATOR, "Salma — animatrice de la communauté", "other", "moderator"),
    (ADMIN, "Administrateur", "other", "admin"),
    # Commune officials
    ("brahim_taliouine", "Commune de Taliouine — Brahim A.", "commune", "member"),
    ("fatima_tafraout", "Commune de Tafraout — Fatima O.", "commune", "member"),
    ("lahcen_aitbaha", "Commune d'Aït Baha — Lahcen B.", "commune", "member"),
    ("mohamed_tissint", "Commune de Tissint — Mohamed E.", "commune", "member"),
    ("aicha_tighmi", "Commune de Tighmi — Aïcha B.", "commune", "member"),
    ("hamid_tata", "Commune de Tata — Hamid N.", "commune", "member"),
    ("khadija_skoura", "Commune de Skoura — Khadija M.", "commune", "member"),
    ("abdellah_zagora", "Commune de Tamegroute — Abdellah N.", "commune", "member"),
    # Migrant experts in France
    ("karim_hydro", "Karim O. — ingénieur hydraulicien, Lyon", "expert", "member"),
    ("leila_finances", "Leïla B. — finances publiques, Paris", "expert", "member"),
    ("hassan_agro", "Hassan A. — agronome, Montpellier", "expert", "member"),
    ("dr_amina", "Dr Amina C. — médecin, Lille", "expert", "member"),
    ("youssef_solaire", "Youssef A. — ingénieur énergie solaire, Toulouse", "expert", "member"),
    ("rachid_educ", "Rachid B. — formateur d'enseignants, Créteil", "expert", "member"),
    ("sanaa_tourisme", "Sanaa I. — tourisme et marketing territorial, Bordeaux", "expert", "member"),
    ("omar_bailleurs", "Omar T. — financement de projets, Marseille", "expert", "member"),
    ("khalid_eau", "Khalid N. — traitement de l'eau, Rennes", "expert", "member"),
    ("mounir_btp", "Mounir K. — génie civil, Strasbourg", "expert", "member"),
    ("ayoub_numerique", "Ayoub F. — numérique, Nantes", "expert", "member"),
    # Local actors
    ("coop_tifaout", "Coopérative Tifaout (argan, Aït Baha) — Khadija", "actor", "member"),
    ("asso_tiwizi", "Association Tiwizi, douar Imi n'Tala — Hamid", "actor", "member"),
    ("gie_safran", "GIE des producteurs de safran de Taliouine — Saïd", "actor", "member"),
    ("promo_crypto", "Promo", "other", "member"),
]

THREADS = [
    # ------------------------------------------------------------------ eau et assainissement
    {
        "key": "forage_financement", "board": "eau-assainissement", "kind": "question",
        "tags": ["eau-potable", "forage", "subventions"], "date": "2024-03-04", "solution": 3,
        "title": "Comment financer un forage d'eau potable pour trois douars ?",
        "posts": [
            ("brahim_taliouine",
             "Bonjour à tous. Les douars d'Aït Ouaghzen, Tagmoute et Imi n'Ouarg, au nord de Taliouine, sont "
             "alimentés par camion-citerne chaque été depuis que le puits collectif s'est tari. La commune voudrait "
             "réaliser un forage d'environ 150 m et un petit réseau de bornes-fontaines. Notre budget "
             "d'investissement ne suffit pas. Quels financements sont possibles et dans quel ordre faut-il monter "
             "le dossier ?"),
            ("karim_hydro",
             "Avant de parler d'argent, il faut une étude hydrogéologique sérieuse : un forage sec coûte aussi cher "
             "qu'un forage productif. Demandez à l'Agence du bassin hydraulique du Souss-Massa l'autorisation de "
             "prospection et les données des forages voisins. Comptez 600 à 900 dirhams le mètre foré et tubé "
             "dans l'Anti-Atlas."),
            ("omar_bailleurs",
             "Pour le financement, trois pistes qui se combinent bien : l'INDH (programme de rattrapage des "
             "déficits en infrastructures de base), une convention avec le Conseil provincial, et une commune "
             "française via la coopération décentralisée et le 1 % eau de la loi Oudin-Santini. Le dossier doit "
             "montrer la population desservie, le coût par habitant et qui paiera l'entretien de la pompe."),
            ("brahim_taliouine",
             "Merci, c'est exactement ce qu'il nous fallait. Nous avons déposé la demande INDH avec l'étude "
             "hydrogéologique en annexe et la province a donné son accord de principe pour 40 %."),
        ],
    },
    {
        "key": "fuites_reseau", "board": "eau-assainissement", "kind": "question",
        "tags": ["eau-potable"], "date": "2024-07-15",
        "title": "Fuites sur le réseau d'eau potable du centre : comment les repérer ?",
        "posts": [
            ("fatima_tafraout",
             "Le réseau du centre de Tafraout perd presque la moitié de l'eau pompée : le compteur général du "
             "château d'eau indique le double de ce qui est facturé. Les conduites datent des années 1990. Comment "
             "repérer les fuites sans tout creuser ?"),
            ("khalid_eau",
             "Commencez par sectoriser : fermez des vannes la nuit, entre 2 h et 4 h, et mesurez le débit minimal "
             "de chaque secteur. Un débit nocturne élevé signale une fuite. Ensuite, un amplificateur acoustique ou "
             "un corrélateur permet de localiser le point précis. L'ONEE prête parfois ce matériel aux communes."),
            ("mounir_btp",
             "Vérifiez aussi les branchements illicites et les compteurs bloqués : une partie des pertes n'est pas "
             "physique. Sur un réseau en PVC de cette époque, les fuites sont surtout aux joints et aux "
             "branchements particuliers."),
        ],
    },
    {
        "key": "step_lagunage", "board": "eau-assainissement", "kind": "practice",
        "tags": ["assainissement"], "date": "2023-11-20",
        "title": "Station d'épuration par lagunage pour un centre rural de 4 000 habitants",
        "posts": [
            ("khalid_eau",
             "Retour d'expérience d'une station d'épuration par lagunage naturel réalisée dans un centre de la "
             "province de Taroudant. Trois bassins en série (anaérobie, facultatif, maturation), aucune "
             "électricité, un gardien formé. Le coût d'exploitation est très faible et l'eau traitée sert à "
             "irriguer une plantation d'oliviers. Le point délicat est le foncier : il faut environ 2 hectares à "
             "distance des habitations."),
            ("lahcen_aitbaha",
             "Intéressant. Comment gérez-vous les odeurs du premier bassin en été ? Les habitants de notre centre "
             "craignent les nuisances et les moustiques."),
            ("khalid_eau",
             "Avec un bassin anaérobie bien dimensionné, les odeurs restent limitées ; on plante une haie "
             "brise-vent et on garde 500 m de distance. Le curage des boues tous les 3 à 5 ans est à prévoir dans "
             "le budget."),
        ],
    },
    {
        "key": "tarif_eau_associations", "board": "eau-assainissement", "kind": "discussion",
        "tags": ["eau-potable", "pcd"], "date": "2023-05-09",
        "title": "Tarification de l'eau gérée par les associations d'usagers",
        "posts": [
            ("hamid_tata",
             "Dans plusieurs douars de Tata, ce sont les associations d'usagers qui gèrent les bornes-fontaines et "
             "les branchements. Le prix du mètre cube varie de 3 à 10 dirhams selon les douars, et certaines "
             "associations n'arrivent plus à payer le gasoil de la pompe. Faut-il que la commune fixe un tarif "
             "commun ?"),
            ("leila_finances",
             "Un tarif commun rassure mais ne couvre pas les différences de coût (profondeur, énergie). Je "
             "conseillerais plutôt une grille de référence avec un prix plancher qui couvre l'énergie et la "
             "maintenance, et une tranche sociale pour les premiers mètres cubes."),
            ("asso_tiwizi",
             "Chez nous, à Imi n'Tala, le passage au pompage solaire a divisé par trois le coût du mètre cube. Le "
             "tarif a baissé et la caisse de l'association est enfin positive."),
            ("hamid_tata",
             "Merci pour ces éléments, je les présenterai à la commission des services publics."),
        ],
    },
    {
        "key": "chloration_puits", "board": "eau-assainissement", "kind": "question",
        "tags": ["eau-potable"], "date": "2023-03-14", "closed": True,
        "title": "Chloration de l'eau des puits : dosage et suivi",
        "posts": [
            ("aicha_tighmi",
             "Après des cas de diarrhée chez les enfants cet été, le centre de santé nous demande de désinfecter "
             "l'eau des puits collectifs. Quel dosage d'eau de Javel ou de chlore utiliser, et qui doit faire le "
             "suivi ?"),
            ("khalid_eau",
             "Visez un chlore résiduel libre de 0,3 à 0,5 mg/l au point de puisage, mesuré chaque jour avec un "
             "petit comparateur. Le dosage dépend du volume du puits : faites un essai avec une solution mère. Un "
             "chlorateur à diffusion évite de dépendre d'une seule personne."),
            ("dr_amina",
             "Côté santé, signalez les cas au délégué provincial : le service d'hygiène peut faire des "
             "prélèvements gratuits et former un agent communal."),
            (MODERATOR,
             "Sujet clos : la réponse complète est dans le guide de désinfection publié en épinglé. Merci à tous."),
        ],
    },
    # ------------------------------------------------------------------ agriculture, élevage, irrigation
    {
        "key": "khettara_rehab", "board": "agriculture-elevage-irrigation", "kind": "practice",
        "tags": ["khettara", "irrigation", "patrimoine"], "date": "2024-01-22",
        "title": "Réhabilitation d'une khettara à Skoura : retour d'expérience",
        "posts": [
            ("khadija_skoura",
             "La khettara d'Aït Sidi Lmati, à Skoura, ne donnait plus qu'un filet d'eau. Avec l'association des "
             "ayants droit, nous avons curé 1,2 km de galerie, consolidé les puits d'aération avec des buses en "
             "béton et refait la séguia à la sortie. Le débit est passé de 2 à 9 litres par seconde. Coût total : "
             "380 000 dirhams, dont 30 % en travail des ayants droit."),
            ("hassan_agro",
             "Bravo. Le plus important est l'organisation du tour d'eau après les travaux : sans règles acceptées, "
             "les conflits reviennent. Avez-vous écrit le règlement de la khettara ?"),
            ("khadija_skoura",
             "Oui, le règlement coutumier a été mis par écrit et signé par les ayants droit, avec une cotisation "
             "annuelle pour l'entretien de la galerie."),
            ("karim_hydro",
             "Attention aux nouveaux puits privés en amont : ils rabattent la nappe et peuvent assécher la galerie. "
             "L'Agence de bassin peut fixer un périmètre de protection."),
        ],
    },
    {
        "key": "khettara_conflit", "board": "agriculture-elevage-irrigation", "kind": "discussion",
        "tags": ["khettara", "forage", "irrigation"], "date": "2024-09-02",
        "title": "Les forages privés assèchent nos khettaras",
        "posts": [
            ("hamid_tata",
             "Autour de l'oasis d'Akka, les forages privés des nouvelles plantations de pastèques ont fait baisser "
             "la nappe. Trois khettaras sur cinq sont à sec. Que peut faire une commune face à cela ?"),
            ("karim_hydro",
             "La police de l'eau relève de l'Agence de bassin hydraulique, pas de la commune, mais la commune peut "
             "saisir l'Agence et demander une zone de sauvegarde. Documentez les débits des khettaras depuis dix "
             "ans si vous le pouvez."),
            ("hassan_agro",
             "La pastèque en plein désert consomme énormément d'eau ; plusieurs provinces ont limité les "
             "superficies. Un plaidoyer commun des communes de l'oasis aura plus de poids."),
        ],
    },
    {
        "key": "goutte_a_goutte", "board": "agriculture-elevage-irrigation", "kind": "question",
        "tags": ["irrigation"], "date": "2023-09-11", "solution": 2,
        "title": "Passer à l'irrigation goutte-à-goutte pour les petits agriculteurs",
        "posts": [
            ("mohamed_tissint",
             "Nos agriculteurs irriguent encore par submersion depuis la séguia. Le goutte-à-goutte ferait gagner "
             "beaucoup d'eau, mais il faut un bassin de stockage et une filtration. Existe-t-il des aides pour les "
             "petites exploitations de moins de 2 hectares ?"),
            ("hassan_agro",
             "Le Fonds de développement agricole subventionne l'irrigation localisée jusqu'à 100 % pour les "
             "exploitations de moins de 5 hectares. Le dossier se dépose au guichet unique de la direction "
             "provinciale de l'agriculture, avec le devis d'une société agréée."),
            ("youssef_solaire",
             "Pensez à un dossier groupé : un bassin collectif et une station de filtration pour dix exploitations, "
             "c'est moins cher et l'aide est la même. Le pompage peut être solaire."),
            ("mohamed_tissint",
             "Nous avons monté un dossier groupé pour 14 agriculteurs, l'aide est accordée. Merci !"),
        ],
    },
    {
        "key": "pompage_solaire", "board": "agriculture-elevage-irrigation", "kind": "question",
        "tags": ["energie-solaire", "irrigation"], "date": "2024-05-06", "solution": 2,
        "title": "Pompage solaire pour l'irrigation : comment dimensionner les panneaux ?",
        "posts": [
            ("lahcen_aitbaha",
             "Une association d'agriculteurs d'Aït Baha veut remplacer sa motopompe diesel par une pompe solaire. "
             "Le puits fait 60 m de profondeur et il faudrait 40 m³ par jour en été. Combien de panneaux faut-il et "
             "quelle puissance de pompe ?"),
            ("youssef_solaire",
             "Ordre de grandeur : énergie hydraulique = débit × hauteur manométrique totale. Pour 40 m³/j à 70 m de "
             "HMT, il faut environ 7,6 kWh hydrauliques par jour, soit une pompe immergée de 3 kW et un champ de "
             "4,5 kWc de panneaux, avec un variateur solaire. Prévoyez un bassin tampon plutôt que des batteries."),
            ("lahcen_aitbaha",
             "Merci Youssef, c'est très clair. Le devis reçu proposait 3 kWc seulement, on va le faire reprendre."),
            ("hassan_agro",
             "Attention : pompage solaire gratuit ne veut pas dire eau illimitée. Fixez un volume par exploitation "
             "pour ne pas épuiser le puits."),
        ],
    },
    {
        "key": "elevage_caprin", "board": "agriculture-elevage-irrigation", "kind": "question",
        "tags": ["elevage"], "date": "2025-02-10",
        "title": "Éleveurs de chèvres : vaccination du cheptel et points d'abreuvement",
        "posts": [
            ("aicha_tighmi",
             "Les éleveurs de chèvres de Tighmi perdent beaucoup de chevreaux au printemps. Les services "
             "vétérinaires passent rarement. Comment organiser une campagne de vaccination et de déparasitage au "
             "niveau de la commune ?"),
            ("hassan_agro",
             "L'ONSSA organise des campagnes nationales gratuites contre certaines maladies ; pour le reste, une "
             "coopérative d'éleveurs peut conventionner avec un vétérinaire privé mandaté. Les points "
             "d'abreuvement collectifs sont aussi des lieux de contagion : pensez à les aménager."),
            ("aicha_tighmi",
             "Nous allons proposer une convention avec un vétérinaire mandaté et la coopérative des éleveurs."),
        ],
    },
    {
        "key": "bayoud", "board": "agriculture-elevage-irrigation", "kind": "question",
        "tags": [], "date": "2023-06-18",
        "title": "Bayoud et vieillissement des palmeraies",
        "posts": [
            ("abdellah_zagora",
             "À Tamegroute, le bayoud a détruit une grande partie des palmiers et les jeunes quittent la palmeraie. "
             "Quelles variétés résistantes replanter et où trouver les plants ?"),
            ("hassan_agro",
             "Les vitroplants de variétés tolérantes (Najda, par exemple) sont produits par l'INRA et distribués "
             "par les programmes de réhabilitation des oasis. Il faut aussi brûler les pieds malades pour limiter "
             "la propagation de la maladie."),
            ("abdellah_zagora",
             "Merci, nous allons contacter l'ANDZOA pour la prochaine campagne de plantation."),
        ],
    },
    {
        "key": "safran_taliouine", "board": "tourisme-artisanat-cooperatives", "kind": "discussion",
        "tags": ["safran", "cooperatives"], "date": "2023-10-30",
        "title": "Safran de Taliouine : certification et prix payé aux producteurs",
        "posts": [
            ("gie_safran",
             "Le safran de Taliouine a son appellation d'origine protégée, mais beaucoup de producteurs vendent "
             "encore en vrac aux intermédiaires, 15 à 20 dirhams le gramme. Comment aider les coopératives à vendre "
             "sous l'AOP et à mieux valoriser la récolte ?"),
            ("sanaa_tourisme",
             "La Maison du safran et le festival attirent des visiteurs : la vente directe aux touristes et aux "
             "épiceries fines en France paie beaucoup mieux. Il faut un emballage soigné, une traçabilité par lot "
             "et une analyse de laboratoire pour chaque récolte."),
            ("omar_bailleurs",
             "Le Plan Maroc Vert puis Génération Green ont financé des unités de séchage et de conditionnement. Un "
             "GIE qui regroupe plusieurs coopératives peut négocier les analyses et l'expédition."),
            ("brahim_taliouine",
             "La commune peut prêter un local au centre pour la vente pendant la récolte, en octobre-novembre."),
        ],
    },
    # ------------------------------------------------------------------ études de faisabilité
    {
        "key": "barrage_collinaire", "board": "etudes-faisabilite", "kind": "question",
        "tags": ["etude-de-faisabilite", "irrigation"], "date": "2025-03-03",
        "title": "Petit barrage collinaire pour recharger la nappe : quelle étude commander ?",
        "posts": [
            ("lahcen_aitbaha",
             "Un oued traverse la commune et les crues partent en quelques heures. Un petit barrage collinaire ou "
             "des seuils de recharge pourraient alimenter la nappe. Quelle étude faut-il commander avant d'aller "
             "voir les bailleurs ?"),
            ("karim_hydro",
             "Une étude en deux phases : d'abord une étude de faisabilité (hydrologie du bassin versant, géologie "
             "du site, envasement, coût par m³ stocké), puis l'avant-projet détaillé. Les seuils en gabions sont "
             "souvent plus rentables qu'un barrage pour la recharge."),
            ("mounir_btp",
             "Faites vérifier l'étanchéité de la cuvette par un géotechnicien : sur les calcaires fissurés de "
             "l'Anti-Atlas, l'eau peut s'infiltrer ailleurs que prévu."),
            ("lahcen_aitbaha",
             "Bien noté. Le conseil communal a voté l'inscription de l'étude au budget 2025."),
        ],
    },
    {
        "key": "abattoir", "board": "etudes-faisabilite", "kind": "question",
        "tags": ["etude-de-faisabilite", "elevage"], "date": "2025-10-06",
        "title": "Étude de faisabilité d'un abattoir intercommunal",
        "posts": [
            ("brahim_taliouine",
             "Trois communes veulent un abattoir commun aux normes : l'abattage se fait aujourd'hui dans de "
             "mauvaises conditions d'hygiène. Que doit contenir l'étude de faisabilité ?"),
            ("hassan_agro",
             "Le volume d'abattage (têtes par semaine et par espèce), le site (accès, eau, rejets), l'agrément de "
             "l'ONSSA, le modèle de gestion (régie ou gestion déléguée) et le compte d'exploitation prévisionnel. "
             "Beaucoup d'abattoirs ruraux ferment faute de recettes."),
            ("leila_finances",
             "Pour un projet intercommunal, l'étude doit aussi proposer la forme juridique : établissement de "
             "coopération intercommunale ou groupement de communes."),
        ],
    },
    {
        "key": "etude_impact", "board": "etudes-faisabilite", "kind": "question",
        "tags": ["etude-de-faisabilite"], "date": "2023-05-29",
        "title": "Comment lire une étude d'impact environnemental ?",
        "posts": [
            ("fatima_tafraout",
             "Le bureau d'études nous a remis une étude d'impact de 200 pages pour la carrière prévue sur la "
             "commune. Quelles parties faut-il lire en priorité ?"),
            ("khalid_eau",
             "Lisez le résumé non technique, puis l'état initial (eau, bruit, poussières, faune) et surtout le plan "
             "de gestion environnementale : qui fait quoi, quand et avec quel budget. Vérifiez que l'enquête "
             "publique a bien été organisée."),
            ("fatima_tafraout",
             "Merci, le plan de gestion était très vague. Nous avons demandé des compléments."),
        ],
    },
    {
        "key": "tdr_hydrogeologie", "board": "etudes-faisabilite", "kind": "need",
        "tags": ["forage", "etude-de-faisabilite", "eau-potable"], "date": "2024-12-16",
        "title": "Termes de référence pour une étude hydrogéologique avant forage",
        "posts": [
            ("hamid_tata",
             "Nous cherchons un hydrogéologue pour relire nos termes de référence avant de lancer la consultation. "
             "L'étude doit choisir l'emplacement de deux forages pour l'eau potable."),
            ("karim_hydro",
             "Volontiers. Les TdR doivent demander la synthèse des données existantes, une prospection géophysique "
             "(panneaux électriques), une implantation argumentée et le programme du pompage d'essai. Envoyez-moi "
             "le document."),
            ("hamid_tata", "Document envoyé. Merci Karim."),
        ],
    },
    # ------------------------------------------------------------------ routes et infrastructures
    {
        "key": "pistes_crues", "board": "routes-infrastructures", "kind": "question",
        "tags": ["pistes-rurales"], "date": "2024-10-14",
        "title": "Entretien des pistes rurales après les crues de septembre",
        "posts": [
            ("mohamed_tissint",
             "Les crues de septembre ont emporté plusieurs tronçons de la piste qui relie les douars du sud de "
             "Tissint. La commune a une niveleuse mais pas de budget pour les buses et les gabions. Comment "
             "prioriser et qui peut aider ?"),
            ("mounir_btp",
             "Priorisez selon le nombre d'habitants desservis et l'accès aux écoles et au centre de santé. Pour "
             "l'entretien courant, des cantonniers recrutés dans les douars coûtent peu et évitent la dégradation. "
             "Le fonds de lutte contre les catastrophes naturelles peut couvrir les dégâts."),
            ("hamid_tata",
             "Chez nous, le conseil provincial a pris en charge les ouvrages hydrauliques et la commune le "
             "reprofilage. La convention a été signée en deux mois."),
        ],
    },
    {
        "key": "radier_pont", "board": "routes-infrastructures", "kind": "question",
        "tags": ["pistes-rurales", "etude-de-faisabilite"], "date": "2023-04-03", "solution": 2,
        "title": "Radier submersible ou pont : quel ouvrage pour franchir l'oued ?",
        "posts": [
            ("abdellah_zagora",
             "Le douar d'Aït Ali est coupé du monde plusieurs jours à chaque crue de l'oued. L'étude propose soit "
             "un radier submersible, soit un petit pont de 40 m. Le pont coûte quatre fois plus. Que "
             "choisiriez-vous ?"),
            ("mounir_btp",
             "Un radier submersible bien conçu (avec des dalots pour les petites crues) suffit si les coupures ne "
             "durent que quelques heures. Si le douar reste isolé plusieurs jours et qu'il y a une école ou un "
             "dispensaire de l'autre côté, le pont se justifie. Demandez à l'étude la durée de submersion pour une "
             "crue décennale."),
            ("abdellah_zagora",
             "L'étude donne 2 jours de submersion par an en moyenne : nous partons sur un radier avec dalots, et "
             "l'économie paiera la piste d'accès."),
        ],
    },
    {
        "key": "eclairage_solaire", "board": "routes-infrastructures", "kind": "practice",
        "tags": ["energie-solaire", "electrification"], "date": "2025-05-20",
        "title": "Éclairage public solaire dans les douars : bilan après deux ans",
        "posts": [
            ("youssef_solaire",
             "Bilan de 120 lampadaires solaires autonomes installés dans six douars. Ce qui a marché : des "
             "lampadaires avec batterie lithium et détecteur de présence, garantis 5 ans. Ce qui a moins bien "
             "marché : les batteries au plomb du premier lot, mortes en 18 mois. Le pompage et l'éclairage solaire "
             "demandent le même suivi : un technicien communal formé."),
            ("fatima_tafraout",
             "Quel prix par lampadaire, pose comprise ? Nous avons un devis à 14 000 dirhams qui nous paraît "
             "élevé."),
            ("youssef_solaire",
             "Entre 9 000 et 13 000 dirhams selon la hauteur du mât et la batterie. Exigez la fiche technique des "
             "batteries et une garantie écrite."),
        ],
    },
    {
        "key": "electrification_douars", "board": "routes-infrastructures", "kind": "discussion",
        "tags": ["electrification", "energie-solaire"], "date": "2023-08-08",
        "title": "Électrification des douars isolés : raccordement au réseau ou kits solaires ?",
        "posts": [
            ("hamid_tata",
             "Quatre douars isolés de notre commune ne sont toujours pas raccordés. L'ONEE annonce un coût de "
             "raccordement très élevé à cause de la distance. Des kits solaires individuels seraient-ils une bonne "
             "solution ?"),
            ("youssef_solaire",
             "Pour quelques dizaines de foyers dispersés, les kits solaires sont plus rapides. Pour un douar "
             "groupé, un mini-réseau permet aussi les usages productifs : moulin, soudure, froid. Le raccordement "
             "reste préférable si la ligne passe à moins de 5 km."),
            ("leila_finances",
             "Attention à la maintenance : prévoyez une redevance mensuelle pour remplacer les batteries, sinon "
             "dans cinq ans les kits seront hors service."),
        ],
    },
    {
        "key": "deleted_betonniere", "board": "routes-infrastructures", "kind": "discussion",
        "tags": [], "date": "2025-02-03", "deleted": True,
        "title": "Vends bétonnière et motopompe d'occasion",
        "posts": [
            ("mounir_btp",
             "Je vends une bétonnière de 350 litres et une motopompe thermique, peu servies, visibles à Agadir."),
            (MODERATOR,
             "Les petites annonces ne sont pas autorisées sur le forum : je retire ce sujet."),
        ],
    },
    # ------------------------------------------------------------------ éducation et formation
    {
        "key": "transport_scolaire", "board": "education-formation", "kind": "need",
        "tags": ["transport-scolaire", "ecoles"], "date": "2024-09-16", "solution": 3,
        "title": "Transport scolaire : organiser le ramassage des élèves des douars",
        "posts": [
            ("fatima_tafraout",
             "À la rentrée, 85 élèves des douars de la vallée des Ammeln doivent rejoindre le collège du centre, à "
             "12 km. Nous avons deux minibus offerts mais personne pour gérer les chauffeurs, le carburant et les "
             "circuits. Nous cherchons quelqu'un qui a déjà organisé un transport scolaire rural."),
            ("rachid_educ",
             "La formule la plus courante : une convention entre la commune, l'association des parents d'élèves et "
             "une association de gestion du transport scolaire, avec une participation symbolique des familles. "
             "L'INDH finance souvent l'achat des véhicules et une partie du fonctionnement."),
            ("leila_finances",
             "Pour la gestion, tenez un carnet par véhicule (kilométrage, carburant, pannes) et faites valider les "
             "circuits par la direction provinciale de l'éducation. J'ai un modèle de convention et de budget "
             "annuel : je vous l'envoie en message privé."),
            ("fatima_tafraout",
             "La convention est signée et le ramassage fonctionne depuis octobre avec deux circuits. Merci Leïla "
             "pour le modèle."),
        ],
    },
    {
        "key": "dar_taliba", "board": "education-formation", "kind": "discussion",
        "tags": ["ecoles", "femmes"], "date": "2024-02-12",
        "title": "Dar Taliba : maintenir les filles au collège",
        "posts": [
            ("aicha_tighmi",
             "Beaucoup de filles de nos douars arrêtent l'école après le primaire, faute d'internat proche. La Dar "
             "Taliba de la commune voisine est pleine. Quelles expériences pour agrandir ou créer un foyer "
             "d'accueil pour les collégiennes ?"),
            ("rachid_educ",
             "La Dar Taliba fonctionne bien quand l'association gestionnaire est solide et que l'Entraide nationale "
             "verse régulièrement sa subvention. Le soutien scolaire le soir fait la différence sur les résultats."),
            ("dr_amina",
             "N'oubliez pas un suivi médical régulier : les parents sont rassurés et les absences diminuent."),
            ("lahcen_aitbaha",
             "À Aït Baha, une association de femmes gère la Dar Taliba avec un taux de réussite au brevet de 90 %. "
             "Je peux vous mettre en contact."),
        ],
    },
    {
        "key": "prescolaire", "board": "education-formation", "kind": "question",
        "tags": ["ecoles"], "date": "2025-01-13",
        "title": "Ouvrir une classe de préscolaire dans une école satellite",
        "posts": [
            ("mohamed_tissint",
             "Le ministère pousse la généralisation du préscolaire, mais nos écoles satellites n'ont qu'une salle. "
             "Peut-on construire une classe préfabriquée et qui paie l'éducatrice ?"),
            ("rachid_educ",
             "La Fondation marocaine pour la promotion de l'enseignement préscolaire recrute et forme les "
             "éducatrices ; la commune fournit souvent la salle. Une salle préfabriquée est acceptée si elle "
             "respecte les normes d'aération et d'accès à l'eau."),
            ("mohamed_tissint",
             "Merci, nous allons écrire à la direction provinciale et à la Fondation."),
        ],
    },
    {
        "key": "alphabetisation", "board": "education-formation", "kind": "practice",
        "tags": ["formation", "femmes"], "date": "2023-12-04",
        "title": "Cours d'alphabétisation fonctionnelle pour les femmes du douar",
        "posts": [
            ("asso_tiwizi",
             "Depuis deux ans, notre association organise des cours d'alphabétisation pour 40 femmes, le soir. "
             "Nous utilisons des supports liés à la vie quotidienne : lire une facture d'électricité, un carnet de "
             "santé, compter les recettes de la coopérative."),
            ("rachid_educ",
             "C'est exactement l'approche fonctionnelle qui donne les meilleurs résultats. L'Agence nationale de "
             "lutte contre l'analphabétisme peut financer l'animatrice si vous passez une convention."),
            ("aicha_tighmi",
             "Pouvez-vous partager vos supports ? Nous voulons lancer la même chose à Tighmi."),
        ],
    },
    {
        "key": "formation_metiers", "board": "education-formation", "kind": "need",
        "tags": ["formation", "jeunesse"], "date": "2025-04-07",
        "title": "Formation professionnelle des jeunes : plomberie, électricité, soudure",
        "posts": [
            ("hamid_tata",
             "Les jeunes de Tata partent à Agadir ou Casablanca faute de formation. Nous voudrions des formations "
             "courtes en plomberie, électricité du bâtiment et soudure, avec un diplôme reconnu. Nous cherchons "
             "des formateurs ou des centres partenaires."),
            ("rachid_educ",
             "L'OFPPT propose des formations mobiles et des formations qualifiantes par apprentissage. La commune "
             "peut fournir le local et l'hébergement. Plusieurs artisans retraités en France sont prêts à venir "
             "former pendant un mois."),
            ("youssef_solaire",
             "Ajoutez l'installation et la maintenance photovoltaïque : la demande explose et il n'y a presque pas "
             "de techniciens dans la région."),
            ("hamid_tata", "Bonne idée, nous ajoutons un module photovoltaïque."),
        ],
    },
    {
        "key": "citernes_pluie", "board": "pratiques-innovantes", "kind": "practice",
        "tags": ["eau-potable", "ecoles"], "date": "2024-10-28",
        "title": "Collecte des eaux de pluie sur les toits des écoles",
        "posts": [
            ("karim_hydro",
             "Dans les écoles sans réseau, une citerne enterrée de 30 m³ alimentée par les toits donne de l'eau "
             "pour les sanitaires toute l'année scolaire. Coût : 45 000 dirhams par école. Il faut écarter les "
             "premières pluies et nettoyer les gouttières."),
            ("rachid_educ",
             "Les directeurs d'école apprécient : sans eau, les sanitaires sont fermés et les filles manquent "
             "l'école."),
            ("mounir_btp",
             "Attention à l'étanchéité de la citerne : un enduit hydrofuge et un couvercle cadenassé."),
        ],
    },
    # ------------------------------------------------------------------ santé
    {
        "key": "centre_sante_medecin", "board": "sante", "kind": "need",
        "tags": [], "date": "2024-11-04",
        "title": "Centre de santé sans médecin depuis six mois",
        "posts": [
            ("brahim_taliouine",
             "Notre centre de santé rural n'a plus de médecin depuis le départ du dernier en juin. Deux infirmiers "
             "assurent tout. Les habitants font 60 km jusqu'à l'hôpital provincial. Que peut faire une commune "
             "pour attirer et garder un médecin ?"),
            ("dr_amina",
             "Le recrutement relève du ministère de la Santé, mais la commune peut rendre le poste attractif : "
             "logement de fonction rénové, transport, connexion internet. Des médecins de la diaspora peuvent aussi "
             "assurer des missions de deux semaines en appui, en accord avec la délégation."),
            ("leila_finances",
             "Le logement de fonction peut être inscrit au budget d'équipement communal ; l'INDH finance parfois la "
             "rénovation des centres de santé et leur équipement."),
            ("brahim_taliouine",
             "La délégation annonce l'affectation d'un médecin en janvier. Nous rénovons le logement."),
        ],
    },
    {
        "key": "ambulance", "board": "sante", "kind": "question",
        "tags": ["budget-communal"], "date": "2023-07-24",
        "title": "Ambulance communale : carburant, chauffeur et entretien",
        "posts": [
            ("khadija_skoura",
             "La commune a reçu une ambulance en don. Qui paie le carburant, qui conduit la nuit, et faut-il "
             "facturer les transports aux familles ?"),
            ("leila_finances",
             "Inscrivez une ligne spécifique au budget de fonctionnement pour le carburant et l'entretien. Le "
             "chauffeur doit avoir une formation aux premiers secours. La gratuité pour les évacuations urgentes "
             "et les accouchements est la règle dans la plupart des communes."),
            ("dr_amina",
             "Établissez un protocole écrit avec le centre de santé : c'est l'infirmier de garde qui décide de "
             "l'évacuation, pas le chauffeur ni l'élu. Tenez un registre des transports."),
            ("abdellah_zagora",
             "Chez nous, une association gère l'ambulance par convention avec la commune ; cela règle la question "
             "des astreintes de nuit."),
        ],
    },
    {
        "key": "maison_attente", "board": "sante", "kind": "discussion",
        "tags": ["sante-maternelle", "femmes"], "date": "2024-04-22",
        "title": "Maison d'attente pour femmes enceintes près de la maternité",
        "posts": [
            ("dr_amina",
             "Dans les zones de montagne, beaucoup d'accouchements se font encore à domicile parce que la "
             "maternité est trop loin. Les maisons d'attente accueillent les femmes enceintes et les jeunes mères "
             "quelques jours avant et après le terme. Quelqu'un a-t-il l'expérience de leur gestion ?"),
            ("fatima_tafraout",
             "Tafraout en a une depuis 2019, gérée par une association de femmes. Elle est pleine l'hiver. Le "
             "problème est le financement des repas et du gardiennage."),
            ("omar_bailleurs",
             "Ce type de structure correspond au volet santé maternelle de l'INDH et intéresse aussi des "
             "fondations françaises. Un dossier avec les chiffres de fréquentation passe bien."),
            ("dr_amina",
             "Merci. Je prépare une fiche sur le suivi des grossesses à risque pour les sages-femmes."),
        ],
    },
    {
        "key": "caravane_medicale", "board": "sante", "kind": "need",
        "tags": [], "date": "2025-06-09",
        "title": "Caravane médicale avec des médecins de la diaspora",
        "posts": [
            ("mohamed_tissint",
             "Nous voudrions organiser une caravane médicale de trois jours (ophtalmologie, dentaire, pédiatrie) "
             "avec des médecins marocains installés en France. Comment obtenir les autorisations et qui prend en "
             "charge les médicaments ?"),
            ("dr_amina",
             "L'autorisation se demande à la délégation provinciale de la Santé au moins deux mois avant, avec la "
             "liste des médecins et leurs diplômes. Les médicaments peuvent venir d'un don d'ONG, mais vérifiez "
             "les dates de péremption. Je peux mobiliser trois confrères lillois pour le printemps."),
            ("mohamed_tissint", "Merci docteur, je vous écris pour fixer les dates."),
        ],
    },
    {
        "key": "teleconsultation", "board": "sante", "kind": "practice",
        "tags": ["numerique"], "date": "2025-08-18",
        "title": "Téléconsultation entre le dispensaire et l'hôpital provincial",
        "posts": [
            ("ayoub_numerique",
             "Retour d'expérience d'un projet pilote : un dispensaire rural équipé d'une tablette, d'un "
             "électrocardiographe connecté et d'une bonne connexion 4G. L'infirmier présente le patient, le "
             "médecin de l'hôpital provincial donne son avis à distance. Résultat : 30 % d'évacuations en moins."),
            ("dr_amina",
             "Très bien, à condition que le dossier médical soit protégé (loi 09-08 sur les données personnelles) "
             "et que le médecin soit disponible à heures fixes."),
            ("aicha_tighmi",
             "Quel budget pour l'équipement ? Notre dispensaire a tout juste le réseau 3G."),
            ("ayoub_numerique",
             "Environ 60 000 dirhams pour l'équipement ; sans 4G, une antenne relais ou une liaison satellite est "
             "à prévoir."),
        ],
    },
    # ------------------------------------------------------------------ tourisme, artisanat, coopératives
    {
        "key": "argan_export", "board": "tourisme-artisanat-cooperatives", "kind": "question",
        "tags": ["argan", "cooperatives"], "date": "2024-06-03",
        "title": "Coopérative d'huile d'argan : trouver des débouchés à l'export",
        "posts": [
            ("coop_tifaout",
             "Notre coopérative de 60 femmes produit 4 tonnes d'huile d'argan par an, alimentaire et cosmétique. "
             "Nous vendons aux touristes et à des intermédiaires d'Agadir. Comment exporter directement vers la "
             "France sans passer par les grossistes ?"),
            ("sanaa_tourisme",
             "Il vous faut d'abord la certification (IGP Argane, bio si possible) et une analyse de laboratoire "
             "par lot. Ensuite, les salons et les boutiques de commerce équitable en France cherchent des "
             "coopératives avec une histoire à raconter."),
            ("omar_bailleurs",
             "Morocco Foodex accompagne les coopératives à l'export et l'Agence de développement social finance "
             "des diagnostics. Commencez par un petit volume avec un seul importateur fiable."),
            ("coop_tifaout",
             "Merci, nous avons pris contact avec une boutique équitable de Montpellier pour un premier envoi."),
        ],
    },
    {
        "key": "gite_rural", "board": "tourisme-artisanat-cooperatives", "kind": "question",
        "tags": ["tourisme-rural", "patrimoine"], "date": "2024-03-25", "deleted_posts": [3],
        "title": "Créer un gîte d'étape pour le tourisme rural",
        "posts": [
            ("khadija_skoura",
             "Une famille de Skoura veut transformer une ancienne kasbah en gîte d'étape pour les randonneurs. "
             "Quelles autorisations faut-il et comment se faire connaître ?"),
            ("sanaa_tourisme",
             "Le gîte d'étape est une catégorie d'hébergement touristique classée : le dossier passe par la "
             "délégation du tourisme. Pour se faire connaître, les plateformes de réservation et les guides de "
             "montagne de la région sont les meilleurs relais. Soignez les photos et l'accueil."),
            ("promo_crypto",
             "Gagnez 500 euros par jour grâce à la cryptomonnaie, tout est expliqué sur mon profil !"),
            ("mounir_btp",
             "Pour la restauration d'une kasbah en pisé, faites appel à un maâlem qui connaît la terre crue : le "
             "ciment abîme les murs anciens."),
        ],
    },
    {
        "key": "randonnee_balisage", "board": "tourisme-artisanat-cooperatives", "kind": "practice",
        "tags": ["tourisme-rural", "patrimoine"], "date": "2025-02-24",
        "title": "Balisage d'un circuit de randonnée dans l'Anti-Atlas",
        "posts": [
            ("sanaa_tourisme",
             "Avec trois communes autour de Tafraout, nous avons balisé 45 km de sentiers de randonnée reliant les "
             "douars, les greniers collectifs (igoudar) et les gravures rupestres. Les guides locaux ont été "
             "formés et une carte est vendue dans les gîtes."),
            ("fatima_tafraout",
             "Le circuit a amené des randonneurs au printemps et à l'automne. Les femmes du douar vendent du pain "
             "et de l'amlou aux étapes."),
            (MODERATOR, "Merci pour ce partage, je l'ajoute aux bonnes pratiques du mois."),
        ],
    },
    {
        "key": "vente_en_ligne", "board": "tourisme-artisanat-cooperatives", "kind": "discussion",
        "tags": ["cooperatives", "numerique"], "date": "2024-12-09",
        "title": "Vente en ligne des produits du terroir des coopératives",
        "posts": [
            ("ayoub_numerique",
             "Plusieurs coopératives me demandent comment vendre sur internet : amlou, miel, safran, couscous. Une "
             "boutique commune pour les coopératives de la province serait plus simple à faire vivre qu'un site "
             "par coopérative."),
            ("gie_safran",
             "Pour le safran, la vente en ligne marche bien mais les frais d'expédition vers l'Europe sont élevés. "
             "Un stock chez un partenaire en France réduirait les coûts."),
            ("coop_tifaout", "Nous sommes intéressées. Qui gérerait les commandes et les paiements ?"),
            ("ayoub_numerique",
             "Une union de coopératives peut salarier une personne ; le paiement par carte passe par un "
             "prestataire marocain agréé."),
        ],
    },
    {
        "key": "tapis_tisserandes", "board": "tourisme-artisanat-cooperatives", "kind": "discussion",
        "tags": ["cooperatives", "femmes", "patrimoine"], "date": "2025-07-07",
        "title": "Tapis de laine : relancer une coopérative de tisserandes",
        "posts": [
            ("aicha_tighmi",
             "Les tisserandes de Tighmi produisent de beaux tapis de laine teints aux plantes, mais la coopérative "
             "est en sommeil depuis le départ de sa présidente. Comment la relancer ?"),
            ("sanaa_tourisme",
             "Un partenariat avec un créateur ou une boutique de décoration en France peut donner des commandes "
             "régulières. Les tapis aux motifs de la région ont une vraie demande si la qualité est constante."),
            ("leila_finances",
             "Commencez par remettre la coopérative en règle : assemblée générale, nouveau bureau, comptes des "
             "trois dernières années. Sans cela, aucune aide ne sera possible."),
        ],
    },
    # ------------------------------------------------------------------ environnement
    {
        "key": "decharge_sauvage", "board": "environnement-ressources", "kind": "question",
        "tags": ["dechets"], "date": "2024-08-12", "solution": 3,
        "title": "Décharge sauvage à l'entrée du village : que faire ?",
        "posts": [
            ("lahcen_aitbaha",
             "Une décharge sauvage s'est formée au bord de l'oued, à l'entrée du centre : plastiques, gravats, "
             "déchets du souk. Elle brûle régulièrement et la fumée arrive jusqu'à l'école. Comment la supprimer "
             "durablement ?"),
            ("khalid_eau",
             "Fermer la décharge ne suffit pas si la collecte ne suit pas. Il faut d'abord des bacs et une tournée "
             "régulière, puis la réhabilitation du site (évacuation, nivellement, clôture). Le lixiviat pollue "
             "l'oued et la nappe."),
            ("leila_finances",
             "La solution durable est l'intercommunalité : un groupement de communes pour la collecte et un centre "
             "d'enfouissement contrôlé. Le Programme national des déchets ménagers cofinance ce type de projet."),
            ("lahcen_aitbaha",
             "Nous avons rejoint le groupement intercommunal ; la décharge est fermée et clôturée depuis mars."),
        ],
    },
    {
        "key": "compost_souk", "board": "environnement-ressources", "kind": "practice",
        "tags": ["dechets"], "date": "2025-09-01",
        "title": "Compostage des déchets verts du souk hebdomadaire",
        "posts": [
            ("abdellah_zagora",
             "Chaque semaine, le souk laisse près de deux tonnes de déchets verts (légumes, fourrage, palmes). Nous "
             "les compostons sur une plateforme près de la palmeraie et le compost est vendu aux agriculteurs."),
            ("hassan_agro",
             "Excellente pratique. Retournez les andains toutes les deux semaines et gardez-les humides : en climat "
             "aride, c'est le manque d'eau qui ralentit le compostage."),
            ("mohamed_tissint", "Combien d'ouvriers faut-il pour la plateforme ?"),
            ("abdellah_zagora",
             "Deux ouvriers à mi-temps, payés par la vente du compost et une petite subvention."),
        ],
    },
    {
        "key": "reboisement_arganiers", "board": "environnement-ressources", "kind": "practice",
        "tags": ["reboisement", "argan", "ecoles"], "date": "2024-01-08",
        "title": "Reboisement en arganiers avec les écoles",
        "posts": [
            ("lahcen_aitbaha",
             "Chaque hiver, les élèves des écoles de la commune plantent des arganiers avec les Eaux et Forêts. "
             "Cette année, 3 000 plants ont été mis en terre sur 6 hectares mis en défens."),
            ("hassan_agro",
             "Le taux de survie des arganiers dépend surtout de l'arrosage la première année et de la protection "
             "contre les chèvres. Les cuvettes de collecte d'eau au pied de chaque plant aident beaucoup."),
            ("coop_tifaout",
             "Les coopératives d'argan peuvent parrainer des parcelles : c'est bon pour l'arganeraie et pour notre "
             "image auprès des clients."),
        ],
    },
    {
        "key": "desertification_oasis", "board": "environnement-ressources", "kind": "discussion",
        "tags": ["reboisement"], "date": "2023-10-02",
        "title": "Ensablement des oasis et lutte contre la désertification",
        "posts": [
            ("abdellah_zagora",
             "Le sable envahit les séguias et les jardins de la palmeraie de Tamegroute. Les palissades en palmes "
             "ne tiennent qu'une saison. Quelles techniques de fixation des dunes ont marché ailleurs ?"),
            ("hassan_agro",
             "Les palissades doivent être suivies d'une fixation biologique : tamaris, atriplex, retama. Sans "
             "plantation, le sable revient. Les programmes de l'ANDZOA financent ces travaux."),
            ("khadija_skoura",
             "À Skoura, des brise-vent de tamaris plantés il y a dix ans protègent bien les jardins."),
        ],
    },
    {
        "key": "fours_solaires", "board": "pratiques-innovantes", "kind": "practice",
        "tags": ["energie-solaire", "femmes", "reboisement"], "date": "2023-06-05",
        "title": "Fours solaires et foyers améliorés pour réduire la coupe de bois",
        "posts": [
            ("youssef_solaire",
             "Dans les douars de montagne, les femmes marchent des heures pour ramasser le bois de cuisson. Nous "
             "avons distribué 80 fours solaires et 150 foyers améliorés : la consommation de bois a baissé de "
             "moitié."),
            ("aicha_tighmi", "Les femmes de Tighmi utilisent-elles vraiment les fours solaires pour le pain ?"),
            ("youssef_solaire",
             "Pour le pain, le four traditionnel reste préféré ; le four solaire sert surtout pour les tajines et "
             "l'eau chaude. Le foyer amélioré est le vrai succès."),
        ],
    },
    # ------------------------------------------------------------------ gouvernance et finances
    {
        "key": "budget_participatif", "board": "gouvernance-finances", "kind": "discussion",
        "tags": ["budget-communal", "pcd"], "date": "2023-01-23",
        "title": "Budget participatif : associer les habitants aux choix d'investissement",
        "posts": [
            ("leila_finances",
             "Certaines communes réservent une part de leur budget d'investissement à des projets proposés et "
             "votés par les habitants. Est-ce envisageable chez vous, avec l'instance de l'équité et de l'égalité "
             "des chances ?"),
            ("brahim_taliouine",
             "C'est difficile : notre budget d'investissement dépend presque entièrement de la part de TVA. Mais "
             "nous pourrions consulter les douars pour classer les projets du PCD."),
            ("fatima_tafraout",
             "Nous avons organisé des réunions dans chaque douar avant de voter le programme d'action. La "
             "participation des femmes a été faible ; il faudrait des réunions séparées."),
            ("leila_finances",
             "C'est un bon début. Publier ensuite le budget voté, en arabe et en français, renforce la confiance."),
        ],
    },
    {
        "key": "appel_offres_infructueux", "board": "gouvernance-finances", "kind": "question",
        "tags": ["marches-publics"], "date": "2024-02-05", "solution": 2,
        "title": "Appel d'offres infructueux : relancer ou négocier ?",
        "posts": [
            ("mohamed_tissint",
             "Notre appel d'offres pour l'aménagement de la place du souk a été déclaré infructueux : une seule "
             "offre, 30 % au-dessus de l'estimation. Doit-on relancer un appel d'offres ou peut-on passer en "
             "procédure négociée ?"),
            ("leila_finances",
             "Le décret sur les marchés publics permet la procédure négociée après un appel d'offres infructueux, "
             "à condition de ne pas modifier substantiellement le cahier des charges. Vérifiez d'abord votre "
             "estimation : si elle date de deux ans, elle est sans doute trop basse."),
            ("mohamed_tissint",
             "Effectivement, l'estimation était ancienne. Nous avons actualisé les prix et la procédure négociée "
             "a abouti."),
        ],
    },
    {
        "key": "taxe_terrains", "board": "gouvernance-finances", "kind": "question",
        "tags": ["budget-communal"], "date": "2025-05-12",
        "title": "Améliorer le recouvrement de la taxe sur les terrains urbains non bâtis",
        "posts": [
            ("hamid_tata",
             "Les recettes propres de la commune sont très faibles : la taxe sur les terrains non bâtis n'est "
             "presque pas recouvrée. Comment recenser les terrains et convaincre les propriétaires, souvent des "
             "émigrés ?"),
            ("leila_finances",
             "Commencez par un recensement avec un SIG simple et les données de la conservation foncière. Pour les "
             "propriétaires résidant à l'étranger, un courrier en français et un paiement en ligne augmentent "
             "nettement le recouvrement."),
            ("ayoub_numerique",
             "Un SIG libre comme QGIS suffit ; j'ai formé deux communes, je peux faire une session à distance."),
        ],
    },
    {
        "key": "tableau_bord_pcd", "board": "gouvernance-finances", "kind": "practice",
        "tags": ["pcd", "numerique"], "date": "2023-09-25",
        "title": "Tableau de bord de suivi du PCD avec un simple tableur",
        "posts": [
            ("ayoub_numerique",
             "Pour suivre l'avancement du Plan communal de développement, un tableau de bord partagé suffit : une "
             "ligne par projet, budget prévu, engagé, payé, état d'avancement, photo. Présenté à chaque session du "
             "conseil, il rend le suivi visible."),
            ("brahim_taliouine", "Nous l'avons adopté à Taliouine. Le plus dur est de tenir les données à jour."),
            ("ayoub_numerique",
             "Désignez un seul responsable et mettez à jour le tableau le premier lundi du mois."),
        ],
    },
    {
        "key": "cps_pistes", "board": "gouvernance-finances", "kind": "question",
        "tags": ["marches-publics", "pistes-rurales"], "date": "2025-08-04",
        "title": "Rédiger le cahier des prescriptions spéciales pour des travaux de piste",
        "posts": [
            ("abdellah_zagora",
             "Nous devons lancer les travaux d'ouverture de 8 km de piste. Le bureau d'études est parti et nous "
             "devons finaliser le CPS nous-mêmes. Quels points ne faut-il pas oublier ?"),
            ("mounir_btp",
             "Le bordereau des prix doit détailler terrassements, couche de fondation et ouvrages d'assainissement "
             "routier (buses, dalots). Fixez des pénalités de retard réalistes et exigez un laboratoire pour les "
             "essais de compactage."),
            ("leila_finances",
             "Vérifiez la cohérence entre le CPS, le bordereau et l'estimation confidentielle : la plupart des "
             "recours viennent de là."),
        ],
    },
    # ------------------------------------------------------------------ financement
    {
        "key": "indh_coop_femmes", "board": "financement", "kind": "question",
        "tags": ["indh", "femmes", "cooperatives"], "date": "2024-04-08", "solution": 2,
        "title": "Monter un dossier INDH pour une coopérative de femmes",
        "posts": [
            ("aicha_tighmi",
             "Une coopérative de femmes de Tighmi (couscous, amlou) veut acheter un moulin et une machine "
             "d'emballage. Comment monter le dossier INDH et quelles sont les chances ?"),
            ("omar_bailleurs",
             "Le programme d'amélioration du revenu et d'inclusion économique des jeunes de l'INDH finance ce type "
             "d'activité génératrice de revenus. Il faut une étude de marché simple, un plan de financement avec "
             "l'apport de la coopérative (souvent 10 à 30 %) et des devis. Le comité provincial sélectionne sur la "
             "viabilité."),
            ("leila_finances",
             "Joignez les statuts, le PV de la dernière assemblée générale et un compte d'exploitation sur trois "
             "ans. C'est là que la plupart des dossiers pèchent."),
            ("aicha_tighmi", "Le dossier a été retenu par le comité provincial. Merci Omar et Leïla !"),
        ],
    },
    {
        "key": "appel_projets_region", "board": "financement", "kind": "funding",
        "tags": ["subventions"], "date": "2024-01-15", "closed": True,
        "title": "Appel à projets du Conseil régional : clôture le 31 mars",
        "posts": [
            ("omar_bailleurs",
             "Le Conseil régional Souss-Massa lance un appel à projets pour les associations et coopératives : "
             "économie sociale, tourisme rural et eau. Subvention jusqu'à 300 000 dirhams, clôture le 31 mars."),
            ("asso_tiwizi",
             "Les associations de douar peuvent-elles candidater seules ou faut-il un partenariat avec la commune ?"),
            ("omar_bailleurs", "Seules, mais une lettre de soutien de la commune est un plus."),
            (MODERATOR, "L'appel à projets est clos, je ferme le sujet."),
        ],
    },
    {
        "key": "jumelage", "board": "financement", "kind": "question",
        "tags": ["cooperation-decentralisee"], "date": "2023-03-20",
        "title": "Jumelage avec une commune française : par où commencer ?",
        "posts": [
            ("khadija_skoura",
             "Le conseil communal de Skoura souhaite un partenariat avec une commune française, idéalement là où "
             "vivent beaucoup de nos émigrés. Par où commencer ?"),
            ("omar_bailleurs",
             "La coopération décentralisée passe par une convention entre collectivités, approuvée par le "
             "ministère de l'Intérieur côté marocain. Commencez par les associations de migrants originaires de "
             "Skoura en France : elles connaissent les élus et portent souvent la première rencontre."),
            ("karim_hydro",
             "Les villes de la métropole de Lyon ont plusieurs partenariats au Maroc, notamment sur l'eau. Je peux "
             "présenter votre commune à l'association des Marocains de Villeurbanne."),
            ("khadija_skoura", "Merci ! Une délégation vient en mai."),
        ],
    },
    {
        "key": "oudin_santini", "board": "financement", "kind": "funding",
        "tags": ["cooperation-decentralisee", "eau-potable", "subventions"], "date": "2025-03-17",
        "title": "Loi Oudin-Santini : le 1 % eau des collectivités françaises",
        "posts": [
            ("karim_hydro",
             "Rappel utile : la loi Oudin-Santini permet aux collectivités et agences de l'eau françaises de "
             "consacrer jusqu'à 1 % de leur budget eau et assainissement à la solidarité internationale. L'agence "
             "de l'eau Rhône Méditerranée Corse finance ainsi des réseaux d'eau potable et des stations "
             "d'épuration au Maroc."),
            ("omar_bailleurs",
             "Les dossiers doivent être portés par une collectivité ou une ONG française partenaire. Le "
             "cofinancement atteint souvent 50 à 80 %."),
            ("brahim_taliouine", "Notre projet de forage pourrait-il en bénéficier ?"),
            ("karim_hydro",
             "Oui, si une commune française accepte de porter le dossier ; c'est exactement le type de projet "
             "financé."),
        ],
    },
    {
        "key": "epargne_diaspora", "board": "financement", "kind": "discussion",
        "tags": ["cooperation-decentralisee", "subventions"], "date": "2025-10-13",
        "title": "Mobiliser l'épargne de la diaspora pour les projets des douars",
        "posts": [
            ("omar_bailleurs",
             "Les transferts des Marocains résidant à l'étranger financent déjà beaucoup de mosquées, de pistes et "
             "de réseaux d'eau, souvent sans coordination avec la commune. Comment mieux les articuler avec le "
             "PCD ?"),
            ("leila_finances",
             "Une association de la diaspora peut signer une convention avec la commune : la commune s'engage sur "
             "l'entretien, l'association sur une partie de l'investissement. Le projet devient public et durable."),
            ("hamid_tata",
             "À Tata, les émigrés d'un douar ont financé la moitié de l'adduction d'eau ; la commune a payé le "
             "reste et gère le réseau."),
        ],
    },
    # ------------------------------------------------------------------ jeunesse, sport, culture
    {
        "key": "maison_jeunes", "board": "jeunesse-sport-culture", "kind": "question",
        "tags": ["jeunesse"], "date": "2024-05-27",
        "title": "Relancer la maison de jeunes fermée depuis trois ans",
        "posts": [
            ("khadija_skoura",
             "La maison de jeunes du centre est fermée depuis trois ans faute d'animateur. Le bâtiment se dégrade. "
             "Comment la rouvrir avec les associations locales ?"),
            ("rachid_educ",
             "Une convention de gestion avec un réseau d'associations, un programme (soutien scolaire, théâtre, "
             "informatique) et un animateur payé par la commune à mi-temps : cela a fonctionné à Ouarzazate."),
            ("ayoub_numerique", "Un espace numérique dans la maison de jeunes attire tout de suite du monde."),
        ],
    },
    {
        "key": "terrain_proximite", "board": "jeunesse-sport-culture", "kind": "question",
        "tags": ["jeunesse"], "date": "2023-08-21", "closed": True,
        "title": "Terrain de sport de proximité en gazon synthétique",
        "posts": [
            ("lahcen_aitbaha",
             "Les jeunes réclament un terrain de football en gazon synthétique. Quel coût et quel entretien ?"),
            ("mounir_btp",
             "Comptez 1,5 à 2,5 millions de dirhams pour un terrain de proximité avec éclairage et clôture. Le "
             "gazon dure 8 à 10 ans ; il faut un gardien et un planning d'utilisation."),
            (MODERATOR, "Sujet fermé : doublon avec le fil sur les équipements sportifs."),
        ],
    },
    {
        "key": "moussem_patrimoine", "board": "jeunesse-sport-culture", "kind": "discussion",
        "tags": ["patrimoine", "tourisme-rural"], "date": "2025-06-30",
        "title": "Moussem et festival : valoriser le patrimoine immatériel",
        "posts": [
            ("sanaa_tourisme",
             "Les moussems et festivals locaux (ahwach, fantasia, fête des amandiers) attirent la diaspora l'été. "
             "Comment en faire un levier pour l'économie locale sans perdre leur authenticité ?"),
            ("fatima_tafraout",
             "La fête des amandiers de Tafraout fait travailler les coopératives et les gîtes. Le plus difficile "
             "est le financement de l'organisation."),
            ("asso_tiwizi",
             "Les jeunes du douar enregistrent les chants d'ahwach des anciens pour les archiver. C'est aussi du "
             "patrimoine."),
        ],
    },
    {
        "key": "espace_numerique", "board": "jeunesse-sport-culture", "kind": "need",
        "tags": ["numerique", "jeunesse"], "date": "2025-09-22",
        "title": "Espace numérique pour les jeunes diplômés chômeurs",
        "posts": [
            ("hamid_tata",
             "Nous avons un local et dix ordinateurs. Nous cherchons des bénévoles de la diaspora pour des "
             "formations à distance : développement web, bureautique, création d'entreprise."),
            ("ayoub_numerique",
             "Je peux assurer un module de développement web à distance, deux soirs par semaine. Il faudra une "
             "connexion stable."),
            ("hamid_tata", "Merci Ayoub, la connexion par fibre arrive le mois prochain."),
        ],
    },
    # ------------------------------------------------------------------ femmes et genre
    {
        "key": "argan_revenus_femmes", "board": "femmes-genre", "kind": "discussion",
        "tags": ["argan", "femmes", "cooperatives"], "date": "2023-02-27",
        "title": "Revenus des femmes dans les coopératives d'argan : qui décide ?",
        "posts": [
            ("fatima_tafraout",
             "Dans plusieurs coopératives d'argan, les femmes concassent les noix toute la journée mais ne savent "
             "pas comment les bénéfices sont calculés. La commune voudrait soutenir une meilleure gouvernance sans "
             "s'immiscer dans les affaires des coopératives."),
            ("leila_finances",
             "La loi 112-12 oblige les coopératives à tenir une assemblée générale annuelle et à présenter les "
             "comptes. Une formation des adhérentes à la lecture d'un bilan simple change beaucoup de choses."),
            ("coop_tifaout",
             "Chez Tifaout, le bureau affiche chaque trimestre le prix payé au kilo de noix et la répartition des "
             "bénéfices. Cela a calmé les tensions."),
        ],
    },
    {
        "key": "budget_genre", "board": "femmes-genre", "kind": "discussion",
        "tags": ["femmes", "budget-communal"], "date": "2024-11-25",
        "title": "Budget sensible au genre au niveau communal",
        "posts": [
            ("leila_finances",
             "La loi organique impose aux communes de tenir compte de l'approche genre dans le PCD. Concrètement, "
             "cela consiste à analyser qui bénéficie de chaque dépense : routes, eau, éclairage, équipements "
             "sportifs."),
            ("aicha_tighmi",
             "L'instance de l'équité nous a montré que les terrains de sport profitent presque seulement aux "
             "garçons. Nous avons ajouté un espace pour les femmes au foyer féminin."),
            ("fatima_tafraout",
             "Nous avons des données par sexe pour l'eau et la santé, mais pas pour les autres secteurs."),
        ],
    },
    {
        "key": "couscous_amlou", "board": "femmes-genre", "kind": "question",
        "tags": ["cooperatives", "femmes"], "date": "2025-04-28",
        "title": "Coopérative de couscous et d'amlou : emballage et étiquetage",
        "posts": [
            ("asso_tiwizi",
             "Les femmes du douar ont créé une coopérative de couscous et d'amlou. Pour vendre dans les "
             "supermarchés d'Agadir, il faut un emballage et une étiquette conformes. Par où commencer ?"),
            ("sanaa_tourisme",
             "Il vous faut l'autorisation sanitaire de l'ONSSA, puis une étiquette avec la composition, le lot, la "
             "date et l'adresse. Un graphiste bénévole de la diaspora peut dessiner la marque."),
            ("coop_tifaout",
             "Nous avons eu l'autorisation de l'ONSSA en quatre mois. Je peux vous montrer notre atelier."),
        ],
    },
    # ------------------------------------------------------------------ vie de la communauté
    {
        "key": "presentation_karim", "board": "vie-communaute", "kind": "discussion",
        "tags": [], "date": "2023-01-09",
        "title": "Présentation : ingénieur hydraulicien installé à Lyon",
        "posts": [
            ("karim_hydro",
             "Bonjour, je suis Karim, originaire de Tata, ingénieur hydraulicien à Lyon depuis quinze ans. Je peux "
             "aider sur les forages, les réseaux d'eau potable et l'assainissement. N'hésitez pas à me solliciter."),
            (MODERATOR, "Bienvenue Karim ! Ton profil va beaucoup intéresser les communes."),
            ("hamid_tata", "Bienvenue ! Un enfant du pays, c'est une bonne nouvelle pour Tata."),
        ],
    },
    {
        "key": "rencontre_agadir", "board": "vie-communaute", "kind": "discussion",
        "tags": [], "date": "2024-08-26", "closed": True,
        "title": "Rencontre des membres à Agadir le 12 octobre",
        "posts": [
            (MODERATOR,
             "Nous organisons une rencontre entre élus et experts à Agadir le 12 octobre, à la Chambre de "
             "commerce. Inscriptions dans ce fil."),
            ("youssef_solaire", "Je serai présent, je présenterai le bilan de l'éclairage solaire."),
            ("dr_amina", "Présente aussi, avec deux confrères."),
            (MODERATOR, "La rencontre a eu lieu, merci à tous ! Compte rendu à venir, je ferme le fil."),
        ],
    },
    # ------------------------------------------------------------------ in Arabic (or Arabic and French)
    {
        "key": "ar_tanmia", "board": "vie-communaute", "kind": "discussion",
        "tags": ["cooperation-decentralisee"], "date": "2024-06-17",
        "title": "دور الجالية المغربية في تنمية الجماعات القروية",
        "posts": [
            ("hamid_tata",
             "السلام عليكم. نريد أن نفتح نقاشا حول دور مغاربة العالم في تنمية الجماعات القروية بجهة سوس ماسة درعة. "
             "كثير من المهاجرين في فرنسا لهم خبرة في الهندسة والصحة والمالية، ويمكنهم المساهمة في إعداد المخطط "
             "الجماعي للتنمية."),
            ("karim_hydro",
             "شكرا على المبادرة. أنا مستعد للمساهمة في مشاريع الماء الصالح للشرب. Je peux aussi relire les études "
             "techniques en français."),
            ("leila_finances", "فكرة جيدة. يمكن تنظيم لقاءات عن بعد مع المنتخبين لشرح الميزانية الجماعية."),
        ],
    },
    {
        "key": "ar_water", "board": "eau-assainissement", "kind": "question",
        "tags": ["eau-potable"], "date": "2025-07-21",
        "title": "مشكل الماء الصالح للشرب في الدواوير",
        "posts": [
            ("mohamed_tissint",
             "في فصل الصيف تعاني عدة دواوير من انقطاع الماء الصالح للشرب. الآبار جفت والشاحنات الصهريجية لا تكفي. "
             "هل من تجارب ناجحة في تدبير هذا المشكل؟"),
            ("khalid_eau",
             "يجب أولا إصلاح التسربات في الشبكة ثم البحث عن مصدر جديد: ثقب مائي أو الربط بشبكة المكتب الوطني "
             "للكهرباء والماء الصالح للشرب (ONEE)."),
            ("mohamed_tissint", "شكرا، سنطلب دراسة هيدروجيولوجية قبل الحفر."),
        ],
    },
    {
        "key": "ar_argan", "board": "femmes-genre", "kind": "discussion",
        "tags": ["argan", "femmes", "cooperatives"], "date": "2024-10-07",
        "title": "تعاونية نسائية لإنتاج زيت الأركان",
        "posts": [
            ("coop_tifaout",
             "تعاونيتنا تضم ستين امرأة من دواوير آيت باها. ننتج زيت الأركان الغذائي والتجميلي. Nous cherchons des "
             "partenaires en France pour la vente directe."),
            ("sanaa_tourisme",
             "مرحبا. يمكن المشاركة في المعارض التجارية في فرنسا. Je vous conseille de préparer une fiche produit "
             "bilingue, en arabe et en français."),
            ("aicha_tighmi", "بالتوفيق لتعاونيتكن."),
        ],
    },
    {
        "key": "ar_school", "board": "education-formation", "kind": "question",
        "tags": ["transport-scolaire", "ecoles"], "date": "2025-01-27",
        "title": "النقل المدرسي لتلاميذ الدواوير البعيدة",
        "posts": [
            ("aicha_tighmi",
             "عدد كبير من التلاميذ، خاصة الفتيات، ينقطعون عن الدراسة بسبب بعد الإعدادية. نبحث عن تجارب في تسيير "
             "النقل المدرسي بشراكة مع جمعيات الآباء."),
            ("rachid_educ",
             "Au Maroc, c'est souvent une association qui gère ce service par convention avec la commune. يمكن "
             "للمبادرة الوطنية للتنمية البشرية تمويل الحافلات."),
            ("aicha_tighmi", "شكرا جزيلا على هذه المعلومات."),
        ],
    },
    # ------------------------------------------------------------------ the archived board
    {
        "key": "archive_bilan_tata", "board": ARCHIVE, "kind": "discussion",
        "tags": ["pcd", "khettara"], "date": "2016-06-10",
        "title": "Bilan à mi-parcours du premier PCD de Tata",
        "posts": [
            ("hamid_tata",
             "Bilan à mi-parcours : 60 % des projets du premier plan communal ont été lancés. La réhabilitation "
             "des khettaras et l'électrification sont en avance, les pistes en retard."),
            ("leila_finances", "Merci pour ce bilan chiffré, très utile pour préparer le suivant."),
        ],
    },
    {
        "key": "archive_forage_2012", "board": ARCHIVE, "kind": "question",
        "tags": ["forage"], "date": "2013-04-02",
        "title": "Ancien forage communal de 2012 : qui a les plans ?",
        "posts": [
            ("brahim_taliouine",
             "Nous cherchons les plans du forage communal réalisé en 2012 ; l'entreprise a disparu."),
            ("karim_hydro",
             "Demandez la fiche à l'Agence de bassin : elle archive les déclarations de forage."),
        ],
    },
]


def thread(key: str) -> dict:
    for each in THREADS:
        if each["key"] == key:
            return each
    raise KeyError(key)


def post_count() -> int:
    return sum(len(t["posts"]) for t in THREADS)
