"""The demo's linking records: what some of its threads led to over the last twelve months
(calls, visits, studies, funding in MAD and EUR...), a few with their follow-up overdue.

Written through the service (checks, moderation log), then dated; the reminder jobs the
service enqueued are removed: they belong to the demo's past, and `make run` mails nobody.
"""

from datetime import datetime, timedelta

from sqlalchemy import delete, select

from forum.audit import ModAction
from forum.communes.services import find_commune
from forum.extensions import db
from forum.impact.links import services as links
from forum.jobs.models import Job
from forum.people.models import User
from forum.threads.models import Thread

# (thread key, recorder: "author" or "cm", kind, status, expert, partner ("author" or a
#  username or None), occurred days ago (negative: planned), created days ago, updated days
#  ago (None: never since), amount, currency, organisations, note[, (commune, province) when it is
#  not the thread's])
RECORDS = [
    ("gestion-reseau-aep", "author", "call", "completed", "karim_hydraulique", "author", 290, 290, 289,
     None, None, "", "Premier appel : présentation des modes de gestion."),
    ("gestion-reseau-aep", "author", "study", "completed", "karim_hydraulique", "author", 240, 280, 235,
     None, None, "ONEE", "Note comparative régie / association d'usagers remise à la commune."),
    ("gestion-reseau-aep", "cm", "agreement", "completed", "leila_finances", "author", 200, 210, 195,
     None, None, "Association des usagers de l'eau d'Igherm", "Convention tripartite signée."),
    ("khettaras", "author", "visit", "completed", "hassan_agronome", "author", 250, 252, 245,
     None, None, "ORMVA de Ouarzazate", "Visite des trois khettaras avec les ayants droit."),
    ("khettaras", "cm", "funding", "completed", "omar_fundraising", "author", 150, 160, 140,
     "850000", "MAD", "Agence du bassin hydraulique", "Curage financé pour deux khettaras."),
    ("khettaras", "author", "mission", "in_progress", "hassan_agronome", "author", 40, 120, None,
     None, None, "", "Mission de suivi du curage : compte rendu attendu."),
    ("pompage-solaire-tissint", "author", "study", "in_progress", "youssef_solaire", "author", 5, 8, None,
     None, None, "", "Étude de faisabilité du pompage solaire collectif."),
    ("pompage-solaire-tissint", "cm", "funding", "planned", "omar_fundraising", "author", -60, 6, None,
     "120000", "EUR", "Région Nouvelle-Aquitaine", "Dossier de coopération décentralisée déposé."),
    ("assainissement-centre", "author", "advice", "completed", "khalid_eau", "author", 3, 3, 2,
     None, None, "", "Conseils sur un assainissement semi-collectif."),
    ("assainissement-centre", "author", "visit", "planned", "meriem_urbaniste", "author", -20, 2, None,
     None, None, "", "Visite du centre prévue avec le technicien communal."),
    ("safran-irrigation", "author", "training", "completed", "hassan_agronome", "author", 10, 12, 9,
     None, None, "GIE des producteurs de safran", "Formation au goutte-à-goutte pour 18 producteurs."),
    ("vaccination-caprins", "author", "call", "completed", "dr_amina", "author", 10, 11, 10,
     None, None, "", "Mise en relation avec un vétérinaire de Tiznit."),
    ("vaccination-caprins", "cm", "mission", "abandoned", "dr_amina", "author", 5, 9, 4,
     None, None, "Association des éleveurs", "Campagne reportée : les éleveurs n'ont pas suivi."),
    ("termes-de-reference", "author", "advice", "completed", "meriem_urbaniste", "author", 160, 170, 155,
     None, None, "", "Modèle de termes de référence adapté au marché couvert."),
    ("termes-de-reference", "author", "study", "in_progress", "meriem_urbaniste", "author", 30, 70, None,
     None, None, "", "Relecture des termes de référence de la piste."),
    ("transport-scolaire", "cm", "training", "in_progress", "rachid_formateur", "author", 40, 45, None,
     None, None, "Association des parents d'élèves", "Atelier sur l'organisation du transport scolaire."),
    ("ambulance", "author", "call", "completed", "dr_amina", "author", 1, 2, 1,
     None, None, "", "Appel sur la convention de l'ambulance communale."),
    ("pistes-crues", "author", "mission", "completed", "karim_hydraulique", "author", 140, 148, 130,
     None, None, "Direction provinciale de l'équipement", "Repérage des passages à gué les plus exposés."),
    ("aop-safran", "author", "advice", "in_progress", "sanaa_tourisme", "author", 60, 160, 10,
     None, None, "", "Accompagnement du dossier de labellisation."),
    ("gites-ammeln", "author", "training", "completed", "sanaa_tourisme", "author", 75, 80, 70,
     None, None, "Association des maisons d'hôtes d'Ammeln", "Formation à la commercialisation en ligne."),
    ("compta-cooperative", "author", "training", "completed", "zineb_compta", "author", 185, 188, 180,
     "15000", "MAD", "", "Formation comptable des membres du bureau."),
    ("reboisement-argan", "cm", "funding", "completed", "omar_fundraising", "author", 45, 60, 40,
     "35000", "EUR", "Fondation partenaire", "Plants et clôtures financés."),
    ("recettes-propres", "author", "study", "completed", "leila_finances", "author", 110, 130, 105,
     None, None, "", "Diagnostic des recettes propres de la commune."),
    ("appels-offres-infructueux", "author", "advice", "in_progress", "leila_finances", "author", 1, 1, None,
     None, None, "", "Relecture du dernier appel d'offres infructueux."),
    ("cooperation-decentralisee", "author", "agreement", "planned", "omar_fundraising", "author", -90, 5, 3,
     "60000", "EUR", "Ville partenaire en France", "Accord de coopération en préparation."),
    ("decharge-sauvage", "cm", "call", "in_progress", "khalid_eau", "author", 38, 40, None,
     None, None, "", "Premier échange sur la fermeture de la décharge."),
    # An exchange on the argan thread reached a commune that has no official on the forum yet.
    ("reboisement-argan", "cm", "visit", "completed", "hassan_agronome", "coop_tifaout", 100, 105, 100,
     None, None, "Coopérative Tifaout", "Visite des parcelles d'arganiers d'Aglou avec la coopérative.",
     ("Aglou", "Tiznit")),
]


def seed_links(opened: dict[str, Thread], users: dict[str, User], now: datetime) -> int:
    """Record the demo's linking records (flushes); how many."""
    moderator = users["cm_nadia"]
    made = 0
    for (key, recorder, kind, status, expert, partner, occurred, created, updated, amount, currency,
         organisation, note, *place) in RECORDS:
        thread = opened[key]
        if now - timedelta(days=created) < thread.created_at:
            raise ValueError(f"demo linking record on {key!r} recorded before its thread was opened")
        actor = thread.author if recorder == "author" else moderator
        defaults = links.defaults_for(thread)
        partner_id = defaults["partner_id"] if partner == "author" else (users[partner].id if partner else None)
        record = links.create_record(actor, thread, {
            "kind": kind, "status": status, "occurred_on": (now - timedelta(days=occurred)).date(),
            "expert_id": users[expert].id, "partner_id": partner_id, "commune_id": find_commune(*place[0]).id if place else defaults["commune_id"],
            "organisation": organisation, "amount": amount or "", "currency": currency or "", "note": note,
        }, today=now.date())
        record.created_at = now - timedelta(days=created)
        record.updated_at = now - timedelta(days=updated) if updated is not None else record.created_at
        entry = db.session.scalar(select(ModAction).where(
            ModAction.action == "link_created", ModAction.target_id == record.id).order_by(ModAction.id.desc()))
        if entry is not None:
            entry.created_at = record.created_at
        made += 1
    db.session.execute(delete(Job).where(Job.kind == links.FOLLOW_UP_JOB))
    db.session.flush()
    return made

