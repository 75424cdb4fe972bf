"""The registry of sign-in methods; each library chooses the ones its branch site offers."""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from shuyun.accounts.models import SignInPolicy
from shuyun.federation.models import Library


class Method(StrEnum):
    PHONE = "phone"
    CARD = "card"
    NATIONAL_ID = "national_id"
    WEIXIN = "weixin"
    QQ = "qq"
    WEIBO = "weibo"


METHODS = frozenset(method.value for method in Method)


@dataclass(frozen=True)
class MethodSpec:
    method: Method
    label: str | Promise
    # Third-party methods are django-allauth providers of the same id, offered once configured.
    third_party: bool = False

    @property
    def available(self) -> bool:
        return not self.third_party or self.method.value in settings.SOCIALACCOUNT_PROVIDERS


REGISTRY: dict[Method, MethodSpec] = {}


def register(spec: MethodSpec) -> None:
    REGISTRY[spec.method] = spec


register(MethodSpec(Method.PHONE, gettext_lazy("Phone and code")))
register(MethodSpec(Method.CARD, gettext_lazy("Reader card")))
register(MethodSpec(Method.NATIONAL_ID, gettext_lazy("ID number")))
register(MethodSpec(Method.WEIXIN, gettext_lazy("WeChat"), third_party=True))
register(MethodSpec(Method.QQ, "QQ", third_party=True))
register(MethodSpec(Method.WEIBO, gettext_lazy("Weibo"), third_party=True))


def chosen_methods(library: Library | None) -> list[Method]:
    """What the library chose (phone first, as readers expect); every method when unset."""
    policy = SignInPolicy.objects.filter(library=library).first() if library else None
    chosen = [Method(value) for value in (policy.methods if policy else []) if value in METHODS]
    chosen = chosen or list(Method)
    return sorted(chosen, key=lambda method: method != Method.PHONE)


def offered_by(library: Library | None) -> list[MethodSpec]:
    return [REGISTRY[m] for m in chosen_methods(library) if m in REGISTRY and REGISTRY[m].available]


MAINLAND_MOBILE = re.compile(r"1[3-9]\d{9}")


def normalise_phone(raw: str) -> str:
    """A mainland mobile number as its 11 digits ('+86 138-0013-8000' → '13800138000')."""
    digits = re.sub(r"[\s\-()]", "", raw)
    digits = digits.removeprefix("+86").removeprefix("0086")
    if not MAINLAND_MOBILE.fullmatch(digits):
        raise ValidationError(
            _("“%(phone)s” is not a mainland mobile number (11 digits starting with 1).")
            % {"phone": raw},
            code="phone",
        )
    return digits
