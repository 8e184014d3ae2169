from django import template

from claims import display

register = template.Library()


@register.filter
def quantity_phrase(quantity: dict) -> str:
    return display.quantity_phrase(quantity)
