"""What the current user may do on a claim page, asked of the services that enforce it."""

from django import template

from claims import services

register = template.Library()


@register.simple_tag
def transitions_for(claim, user) -> list[str]:
    """The status buttons to show: only moves the user is allowed to make."""
    return services.claim_transitions_for(claim=claim, user=user)
