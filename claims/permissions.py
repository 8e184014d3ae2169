"""The one permission check the services make before a write."""

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import PermissionDenied


def require_permission(user: AbstractBaseUser | None, permission: str) -> None:
    if user is None or not user.has_perm(f"claims.{permission}"):
        raise PermissionDenied(f"You are not allowed to do this ({permission}).")
