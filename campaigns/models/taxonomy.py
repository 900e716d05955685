from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


class CampaignKind(models.TextChoices):
    DISASTER_PREVENTION_DAY = "disaster_prevention_day", _("防灾减灾日")
    SAFETY_MONTH = "safety_month", _("安全生产月")
    DISASTER_REDUCTION_DAY = "disaster_reduction_day", _("国际减灾日")
    FIRE_SAFETY_DAY = "fire_safety_day", _("消防宣传日")
    SPECIAL = "special", _("专项整治")
    OTHER = "other", _("其他")


class AccidentKind(models.TextChoices):
    FIRE = "fire", _("火灾")
    EXPLOSION = "explosion", _("爆炸")
    POISONING = "poisoning", _("中毒和窒息")
    FALL = "fall", _("高处坠落")
    ELECTRIC = "electric", _("触电")
    MACHINERY = "machinery", _("机械伤害")
    COLLAPSE = "collapse", _("坍塌")
    TRAFFIC = "traffic", _("交通事故")
    OTHER = "other", _("其他")


def label_for(name: str, name_en: str) -> str:
    """A taxonomy name in the current language: the English name in English mode, if there is one."""
    if name_en and (get_language() or "").startswith("en"):
        return name_en
    return name


class Audience(models.Model):
    """One of the 五进 audiences (企业, 农村, 社区, 学校, 家庭); seeded by migration."""

    code = models.SlugField(_("代码"), max_length=30, unique=True)
    name = models.CharField(_("名称"), max_length=30, unique=True)
    name_en = models.CharField(
        _("英文名称"), max_length=60, blank=True, help_text=_("英文界面显示；留空则显示中文名称。")
    )
    sort_order = models.PositiveSmallIntegerField(_("排序"), default=0)

    class Meta:
        ordering = ["sort_order", "id"]
        verbose_name = _("宣传对象（五进）")
        verbose_name_plural = _("宣传对象（五进）")

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        return label_for(self.name, self.name_en)


class Sector(models.Model):
    """An industry or field campaigns and cases belong to (危险化学品, 消防 …); seeded by migration."""

    code = models.SlugField(_("代码"), max_length=30, unique=True)
    name = models.CharField(_("名称"), max_length=30, unique=True)
    name_en = models.CharField(
        _("英文名称"), max_length=60, blank=True, help_text=_("英文界面显示；留空则显示中文名称。")
    )
    sort_order = models.PositiveSmallIntegerField(_("排序"), default=0)

    class Meta:
        ordering = ["sort_order", "id"]
        verbose_name = _("行业领域")
        verbose_name_plural = _("行业领域")

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        return label_for(self.name, self.name_en)
