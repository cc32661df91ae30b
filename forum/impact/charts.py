"""The dashboard's charts, drawn on the server as SVG (pygal) and inlined in the page.

The Content-Security-Policy allows no inline script or style, so pygal's <script> and
<style> elements (and its one style attribute, on the tooltip) are taken out of the SVG: the
charts are styled by forum.css (`.pygal-chart`, under "impact dashboard") and need no
JavaScript. pygal escapes every text it writes (axis and province names are data)."""

import sys

import pygal
from flask_babel import gettext as _
from markupsafe import Markup
from pygal.style import Style

from . import definitions
from .dashboard import Dashboard
from .definitions import FIGURES

# pygal appends to sys.meta_path an import hook for its map plugins (unused here) that lacks
# find_spec: every failed import in the process (a codec lookup...) then raises ImportWarning,
# an error where warnings are errors (the tests). Take it out again.
sys.meta_path[:] = [finder for finder in sys.meta_path if not isinstance(finder, pygal.PluginImportFixer)]

# A narrow drawing: scaled to a 360 px phone its text stays readable.
WIDTH, HEIGHT = 360, 300
LABEL_LENGTH = 22  # board names are long: cut in the chart (the table below has them whole)
INLINE_CODE = ("script", "style")
# The sizes pygal lays the chart out with: forum.css draws the text at the same sizes. The
# legend is HTML under each chart (it wraps on a phone; an SVG legend would be cut).
STYLE = Style(font_family="system-ui, sans-serif", label_font_size=11, major_label_font_size=11,
              title_font_size=14, legend_font_size=12, value_font_size=11)


def _without_inline_code(root):
    """pygal xml filter: no <script>, no <style>, no style attribute (the CSP refuses them)."""
    for parent in list(root.iter()):
        for child in list(parent):
            if isinstance(child.tag, str) and child.tag.rsplit("}", 1)[-1] in INLINE_CODE:
                parent.remove(child)
        parent.attrib.pop("style", None)
    if not root.get("id"):
        root.attrib.pop("id", None)  # no_prefix leaves id="", invalid in a page
    root.set("role", "img")
    return root


def _chart(kind, title: str, **options):
    options = {"width": WIDTH, "height": HEIGHT, **options}
    chart = kind(
        js=[], disable_xml_declaration=True, no_prefix=True, explicit_size=False, style=STYLE, title=title,
        show_legend=False, no_data_text=_("Nothing to show"), truncate_label=-1, margin=8, margin_right=24,
        **options,
    )
    chart.add_xml_filter(_without_inline_code)
    return chart


def _svg(chart) -> Markup:
    # pygal builds the SVG with an XML library that escapes text and attributes.
    return Markup(chart.render(is_unicode=True))  # noqa: S704


def monthly_chart(dashboard: Dashboard) -> Markup:
    """The four figures cumulated month by month over the period (one line each)."""
    chart = _chart(pygal.Line, _("The four figures, month by month (cumulated)"), dots_size=3,
                   x_label_rotation=0, show_minor_x_labels=len(dashboard.months) <= 6,
                   x_labels_major_every=max(1, len(dashboard.months) // 6))
    chart.x_labels = [month.first_day.strftime("%m/%Y") for month in dashboard.months]
    for figure in FIGURES:
        chart.add(str(definitions.LABELS[figure]), [month.values[figure] for month in dashboard.months])
    return _svg(chart)


def _shortened(name: str) -> str:
    return name if len(name) <= LABEL_LENGTH else name[:LABEL_LENGTH - 1].rstrip() + "…"


def _breakdown_chart(title: str, rows: list[tuple[str, dict]]) -> Markup:
    chart = _chart(pygal.HorizontalBar, title, height=max(HEIGHT, 120 + 56 * len(rows)))
    chart.x_labels = [_shortened(name) for name, _counts in rows]
    for figure in FIGURES:
        chart.add(str(definitions.LABELS[figure]), [counts[figure] for _name, counts in rows])
    return _svg(chart)


def axis_chart(dashboard: Dashboard) -> Markup:
    """The four figures by PCD axis (only the axes where something counted)."""
    return _breakdown_chart(_("By PCD axis"), dashboard.axes)


def province_chart(dashboard: Dashboard) -> Markup:
    return _breakdown_chart(_("By province"), dashboard.provinces)


def all_charts(dashboard: Dashboard) -> dict[str, Markup]:
    return {"monthly": monthly_chart(dashboard), "axes": axis_chart(dashboard), "provinces": province_chart(dashboard)}
