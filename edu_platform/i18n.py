"""Translation lookups made cheap for every request (issue 11: exam-day hot path).

With the zh-hans default, most msgids are Chinese source strings that no catalog lists (the
source *is* the translation), and Django's merged catalog for zh-hans is a chain of 21 catalogs
(one per distinct plural formula among the apps' ``.mo`` files) followed by 11 fallback ``zh``
catalogs. Every ``{% translate %}`` of such a string walks all of them twice (the plain and the
plural key) before giving the msgid back: ~30 µs per lookup on the shared 2-core machine, some 60
lookups per question page.

A loaded ``DjangoTranslation`` never changes (reloading the catalogs makes new objects), so the
answer of ``gettext`` (and ``pgettext``, which goes through it) for a message can be remembered
per translation object. Plural lookups (``ngettext``) depend on the number and are left alone.
"""

from django.utils.translation import trans_real

MEMO_LIMIT = 20_000  # distinct messages per language; beyond that, look up as before
_MEMO = "_edu_platform_gettext_memo"
_lookup = trans_real.DjangoTranslation.gettext  # gettext.GNUTranslations.gettext


def _remembered_gettext(self, message: str) -> str:
    memo = self.__dict__.get(_MEMO)
    if memo is None:
        memo = self.__dict__.setdefault(_MEMO, {})
    try:
        return memo[message]
    except KeyError:
        result = _lookup(self, message)
        if len(memo) < MEMO_LIMIT:
            memo[message] = result
        return result


def remember_translations() -> None:
    """Install the memo on Django's translation objects (``EduPlatformConfig.ready``); idempotent."""
    trans_real.DjangoTranslation.gettext = _remembered_gettext
