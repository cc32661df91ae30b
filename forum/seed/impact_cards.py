"""The demo's capitalisation cards: two published from solved demo threads, one waiting for review.

Written through forum.impact.cards.services (so body_html, the moderation log and the search
index are right), then dated a few days after their thread's solution.
"""

import re
from datetime import datetime, timedelta

from forum.audit import ModAction
from forum.extensions import db
from forum.impact.cards import services as cards
from forum.impact.models import Card

# (thread key, writer, status, days after the thread's last post, fields)
CARDS = [
    ("khettaras", "abdellah_tamegroute", "published", 2, cards.CardFields(
        title="Réhabiliter une khettara : vérifier la nappe avant de curer",
        context="""\
Commune rurale de Tamegroute (province de Zagora), palmeraies irriguées par trois khettaras dont le débit
baisse depuis dix ans. Les ayants droit (près de 300 familles) demandaient leur inscription au programme
de réhabilitation du PCD, axe agriculture et irrigation.""",
        problem="""\
Le débit des khettaras Lahmar, Jdida et Oulad Ali baissait (6 l/s au lieu de 15 pour la plus grande ;
Oulad Ali tarie en été). La commune ne savait pas si la cause était l'**envasement** de la galerie, qu'un
curage règle, ou la **baisse de la nappe**, qu'aucun curage ne règle, ni quelles études demander avant
d'engager l'argent.""",
        solution="""\
- Diagnostic en trois indices, proposé par l'agronome : puits motorisés en amont, niveau de l'eau dans les
  puits d'accès, forme de la baisse (brutale ou progressive).
- **Mesures de débit** chaque premier vendredi du mois par les jeunes de l'association du ksar (seau gradué
  et chronomètre).
- Inventaire des puits privés du bassin d'alimentation avec l'agence du bassin hydraulique : une dizaine de
  puits équipés de pompes solaires en amont d'Oulad Ali.
- **Curage de la khettara Lahmar** en travail collectif, avec l'appui de l'ORMVA pour la reprise des puits
  effondrés ; maçonnerie limitée à la partie aval.""",
        costs="""\
- Mesures de débit : quasiment rien (matériel fourni par l'association).
- Relevé topographique de la galerie : environ **18 000 MAD** (bureau d'études de Ouarzazate).
- Curage de Lahmar : travail des ayants droit, plus **35 000 MAD** de matériel et de transport des déblais.
- Durée : quatre mois entre la question sur le forum et le début du curage.""",
        helpers="""\
Hassan (agronome, Montpellier) pour le diagnostic, Karim (ingénieur hydraulicien) pour la liste des études,
l'association du ksar pour les mesures, l'ORMVA de Ouarzazate et l'agence du bassin hydraulique.""",
        watch_out="""\
- Ne pas maçonner la partie amont : un revêtement étanche empêche l'eau de la nappe d'entrer.
- Si la nappe baisse, le curage seul est de l'argent perdu : il faut une **règle de gestion de la nappe**
  (pas de nouveaux puits dans le périmètre de captage, compteurs sur les puits existants).
- Mesurer le débit au moins un an pour voir l'effet des saisons.""",
    )),
    ("gestion-reseau-aep", "cm_nadia", "published", 3, cards.CardFields(
        title="Eau potable de douars dispersés : choisir le gestionnaire avant les travaux",
        context="""\
Commune d'Igherm (province de Taroudant) : adduction d'eau potable de 5 douars, 1 900 habitants et
310 foyers, inscrite au PCD (axe eau et assainissement). Forage réalisé, réservoir de 150 m³ en
construction.""",
        problem="""\
Le conseil hésitait entre trois modes de gestion du futur réseau : **régie communale**, **ONEE** ou
**association d'usagers**. Personne ne savait qui relèverait les compteurs, paierait l'électricité de la
pompe et réparerait les fuites.""",
        solution="""\
La commune a retenu une **association d'usagers** liée par une **convention tripartite** (commune,
association, service technique provincial) qui précise :

1. l'entretien courant et la relève des compteurs par l'association ;
2. les grosses réparations (pompe, armoire électrique) par la commune, sur une ligne du budget ;
3. un tarif au volume voté en assemblée.

Le marché des travaux prévoit des **compteurs individuels** et un **compteur général** en sortie de
réservoir, pour repérer les fuites.""",
        costs="""\
- Compteurs individuels : environ **450 MAD** par foyer, soit 140 000 MAD pour 310 foyers.
- Formation du bureau de l'association et du fontainier : **12 000 MAD** (deux sessions de trois jours).
- Six mois entre la première question sur le forum et la signature de la convention.""",
        helpers="""\
Karim (ingénieur hydraulicien) pour la comparaison des trois options, Khalid (ingénieur en traitement de
l'eau, Rennes) pour la qualité de l'eau et la chloration, la division de l'eau de la province.""",
        watch_out="""\
- Le mode de gestion change la conception (compteurs ou bornes-fontaines, télégestion) : le choisir
  **avant** l'appel d'offres.
- Une association est fragile quand son bureau change : la convention et la formation doivent survivre
  aux élections de l'association.
- Prévoir dès le départ qui paie l'électricité de la pompe.""",
    )),
    ("safran-irrigation", "gie_safran", "submitted", 4, cards.CardFields(
        title="Safran : irriguer l'hiver pour la récolte de l'année suivante",
        context="GIE de 38 producteurs de safran autour de Taliouine (province de Taroudant).",
        problem="""\
Les pluies d'automne arrivent plus tard et des bulbes sortent mal. Le GIE ne savait pas quand irriguer
ni si le goutte-à-goutte valait la peine, sans épuiser des puits qui baissent.""",
        solution="""\
- Une irrigation de réveil avant la floraison, puis des irrigations **après la floraison**, pendant
  l'hiver, pour les nouveaux bulbes ; plus rien au jaunissement des feuilles.
- Un essai de goutte-à-goutte sur les parcelles de 5 membres volontaires avant de généraliser.""",
        costs="""\
Goutte-à-goutte : environ **25 000 MAD** par hectare, subventionné en partie par le Fonds de développement
agricole. Essai sur une saison.""",
        helpers="Hassan (agronome) ; la direction provinciale de l'agriculture de Taroudant.",
        watch_out="Bien filtrer l'eau du goutte-à-goutte ; les bulbes qui sortent mal ont souvent manqué d'eau l'hiver d'avant.",
    )),
]


_BLOCK_START = re.compile(r"(- |\d+\. |\| )")


def _unwrap(text: str) -> str:
    """The Markdown above is wrapped for reading here; posts render each newline as a line
    break (nl2br), so a paragraph or list item is joined back onto one line."""
    lines: list[str] = []
    for line in text.split("\n"):
        stripped = line.strip()
        if lines and lines[-1] and stripped and not _BLOCK_START.match(stripped):
            lines[-1] = f"{lines[-1]} {stripped}"
        else:
            lines.append(stripped)
    return "\n".join(lines)


def _unwrapped(fields: cards.CardFields) -> cards.CardFields:
    return cards.CardFields(**{name: _unwrap(value) for name, value in vars(fields).items()})


def seed_cards(opened: dict, users: dict, now: datetime) -> int:
    """Write, submit and publish the demo cards; the number written."""
    moderator = users["cm_nadia"]
    written = 0
    for key, writer, status, days_after, fields in CARDS:
        thread = opened.get(key)
        if thread is None or thread.solution_post_id is None:
            continue
        need = thread.need
        commune = need.commune if need and need.commune else users[thread.author.username].commune
        card = cards.create_card(users[writer], thread, _unwrapped(fields), board=thread.board, commune=commune,
                                 tags=thread.tags, submit=status != "draft")
        if status == "published":
            cards.publish_card(moderator, card)
        _date(card, min(thread.last_activity_at + timedelta(days=days_after), now))
        written += 1
    return written


def _date(card: Card, when: datetime) -> None:
    """The card and its log entries dated `when` (the services stamp "now")."""
    card.created_at = card.updated_at = when - timedelta(hours=5)
    if card.submitted_at:
        card.submitted_at = when - timedelta(hours=3)
    if card.published_at:
        card.published_at = when
    for entry in db.session.scalars(db.select(ModAction).where(ModAction.target_type == "card",
                                                               ModAction.target_id == card.id)):
        entry.created_at = when
