"""The editors' catalogue: the verdict scale and the claimants with their aliases.
Re-exported by `claims.services`."""

import logging

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from .extraction import text
from .models import (
    Claimant,
    ClaimantAlias,
    Rating,
)
from .permissions import require_permission

logger = logging.getLogger(__name__)


RATING_FIXED_FIELDS = (
    "slug",
    "label_en",
    "label_fr",
    "rating_value",
    "best_rating",
    "worst_rating",
)


def rating_save(*, rating: Rating, user: AbstractBaseUser) -> Rating:
    """Add or change a step of the verdict scale. A rating a verdict uses keeps what the
    verdict showed: only its order, description and whether it is offered may change."""
    require_permission(user, "change_rating" if rating.pk else "add_rating")
    with transaction.atomic():
        if rating.pk:
            stored = Rating.objects.select_for_update().get(pk=rating.pk)
            changed = [f for f in RATING_FIXED_FIELDS if getattr(stored, f) != getattr(rating, f)]
            if changed and stored.verdicts.exists():
                raise ValidationError(
                    _(
                        "Verdicts use “%(rating)s”: its label and values stay as they were. "
                        "Add a new rating and stop offering this one instead."
                    )
                    % {"rating": stored}
                )
        rating.full_clean()
        rating.save()
    return rating


def claimant_resolve(*, name: str, kind: str | None = None, alias: str | None = None) -> Claimant:
    """The claimant a normalised name refers to, created with that name as its first alias
    and `kind` (else "other"). `alias`, another way the text named it ("Kyiv"), is added
    when no claimant has it yet; an editor's kind and aliases are never changed."""
    key = text.fold(name).strip()
    found = ClaimantAlias.objects.select_related("claimant").filter(normalized=key).first()
    if found:
        claimant = found.claimant
    else:
        defaults = {"kind": kind} if kind in Claimant.Kind.values else {}
        claimant, _created = Claimant.objects.get_or_create(name=name[:300], defaults=defaults)
        ClaimantAlias.objects.get_or_create(
            normalized=key, defaults={"claimant": claimant, "alias": name[:300]}
        )
    other = text.fold(alias or "").strip()[:300]
    if other and other != key:
        ClaimantAlias.objects.get_or_create(
            normalized=other, defaults={"claimant": claimant, "alias": alias[:300]}
        )
    return claimant


def claimant_add_alias(*, claimant: Claimant, alias: str) -> ClaimantAlias:
    key = text.fold(alias).strip()
    if not key:
        raise ValidationError(_("An alias cannot be empty."))
    other = ClaimantAlias.objects.filter(normalized=key).exclude(claimant=claimant).first()
    if other:
        raise ValidationError(
            _("“%(alias)s” already names %(claimant)s.")
            % {"alias": alias, "claimant": other.claimant}
        )
    obj, _created = ClaimantAlias.objects.get_or_create(
        normalized=key, defaults={"claimant": claimant, "alias": alias}
    )
    return obj
