"""`flask forum send-digests`: the daily and weekly digests, for cron or a systemd timer."""

import click

from .digests import send_digests
from .models import Frequency


@click.command("send-digests")
@click.option("--frequency", type=click.Choice(["daily", "weekly", "both"]), default="both", show_default=True,
              help="Which digests; with both, the weekly one goes on the first run of each week.")
def send_digests_command(frequency):
    """Send the digests of the current period to the members who have not had theirs yet.

    Safe to run as often as you like and to restart after a crash: each member gets at
    most one digest per day (daily) and per ISO week (weekly), in the forum's time zone."""
    for which in (Frequency.DAILY, Frequency.WEEKLY) if frequency == "both" else (Frequency(frequency),):
        done = send_digests(which)
        click.echo(f"{which.capitalize()} digests for {done['period']}: {done['sent']} sent, "
                   f"{done['empty']} with nothing new.")
