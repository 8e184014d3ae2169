from django import template

from claims import display

register = template.Library()


@register.filter
def quantity_phrase(quantity: dict) -> str:
    return display.quantity_phrase(quantity)


@register.filter
def colon(label) -> str:
    """`label` followed by a colon as the interface language writes it: French puts a
    no-break space before it ("Statut :"), English none ("Status:")."""
    return display.with_colon(str(label))
