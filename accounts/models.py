from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

from .storage import id_photo_storage
from .validators import validate_credit_code, validate_id_number, validate_mobile


class PersonCategory(models.TextChoices):
    """三项岗位人员 plus everyone else who trains."""

    PRINCIPAL = "principal", _("主要负责人")
    SAFETY_MANAGER = "safety_manager", _("安全生产管理人员")
    SPECIAL_OPERATOR = "special_operator", _("特种作业人员")
    OTHER = "other", _("其他从业人员")


class Industry(models.TextChoices):
    COAL_MINE = "coal_mine", _("煤矿")
    HAZARDOUS_CHEMICALS = "hazardous_chemicals", _("危险化学品")
    NON_COAL_MINE = "non_coal_mine", _("非煤矿山")
    METALLURGY = "metallurgy", _("金属冶炼")
    FIREWORKS = "fireworks", _("烟花爆竹")
    INDUSTRY_TRADE = "industry_trade", _("工贸")
    CONSTRUCTION = "construction", _("建筑施工")
    TRANSPORT = "transport", _("交通运输")
    OTHER = "other", _("其他")


class SafetyRole(models.TextChoices):
    """三类人员 of work plan item 6; blank on the user means none of them."""

    DEPUTY_IN_CHARGE = "deputy_in_charge", _("安全生产分管负责人")
    FULL_TIME_MANAGER = "full_time_manager", _("专职安全管理人员")
    TEAM_LEADER = "team_leader", _("班组长")


class Town(models.Model):
    """乡镇 / 开发区 of Yunmeng County; seeded by a data migration."""

    name = models.CharField(_("名称"), max_length=50, unique=True)
    code = models.SlugField(_("代码"), max_length=50, unique=True)
    sort_order = models.PositiveSmallIntegerField(_("排序"), default=0)

    class Meta:
        ordering = ["sort_order", "name"]
        verbose_name = _("乡镇/开发区")
        verbose_name_plural = _("乡镇/开发区")

    def __str__(self) -> str:
        return self.name


class Enterprise(models.Model):
    """企业 (生产经营单位)."""

    name = models.CharField(_("企业名称"), max_length=200)
    credit_code = models.CharField(_("统一社会信用代码"), max_length=18, unique=True, validators=[validate_credit_code])
    industry = models.CharField(_("行业"), max_length=32, choices=Industry.choices, default=Industry.OTHER)
    town = models.ForeignKey(Town, verbose_name=_("所在乡镇"), on_delete=models.PROTECT, related_name="enterprises")
    address = models.CharField(_("地址"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("企业")
        verbose_name_plural = _("企业")

    def __str__(self) -> str:
        return self.name


class AccountUserManager(UserManager):
    def get_by_natural_key(self, username):
        return self.get(**{f"{self.model.USERNAME_FIELD}__iexact": username})


class User(AbstractUser):
    """A person with an account: learner, candidate, enterprise admin or bureau staff.

    The profile lives on the user row itself; every page that shows a candidate needs it.
    """

    email = models.EmailField(_("电子邮箱"), blank=True, null=True)
    phone = models.CharField(_("手机号码"), max_length=11, blank=True, null=True, validators=[validate_mobile])
    phone_verified = models.BooleanField(_("手机号已验证"), default=False)
    real_name = models.CharField(_("真实姓名"), max_length=50, blank=True)
    id_number = models.CharField(_("居民身份证号码"), max_length=18, blank=True, validators=[validate_id_number])
    person_category = models.CharField(
        _("人员类别"), max_length=32, choices=PersonCategory.choices, default=PersonCategory.OTHER
    )
    safety_role = models.CharField(
        _("三类人员"),
        max_length=32,
        choices=SafetyRole.choices,
        blank=True,
        default="",
        help_text=_("在本单位担任安全生产分管负责人、专职安全管理人员或班组长的，请选择；都不是请留空。"),
    )
    enterprise = models.ForeignKey(
        Enterprise,
        verbose_name=_("工作单位"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="staff",
    )
    # Written only by accounts.services.user_id_photo_set (checked and re-encoded as JPEG, EXIF gone).
    id_photo = models.FileField(
        _("证件照"), storage=id_photo_storage, upload_to="id-photos/", blank=True, max_length=200
    )

    objects = AccountUserManager()

    class Meta:
        verbose_name = _("用户")
        verbose_name_plural = _("用户")
        constraints = [
            models.UniqueConstraint(Lower("email"), name="accounts_user_email_unique_ci"),
            models.UniqueConstraint(fields=["phone"], name="accounts_user_phone_unique"),
            models.UniqueConstraint(
                fields=["id_number"],
                condition=~models.Q(id_number=""),
                name="accounts_user_id_number_unique",
            ),
            models.CheckConstraint(
                condition=models.Q(safety_role__in=["", *SafetyRole.values]),
                name="accounts_user_safety_role_valid",
            ),
        ]

    def __str__(self) -> str:
        return self.real_name or self.email or self.phone or self.username

    @property
    def display_name(self) -> str:
        return str(self)


class StaffInvitation(models.Model):
    """An enterprise's invitation to a person to join its staff list (员工邀请).

    The person joins only by accepting it in their own account; until then the enterprise learns
    nothing about whether the number or ID belongs to an account.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("待确认")
        ACCEPTED = "accepted", _("已接受")
        DECLINED = "declined", _("已拒绝")
        REVOKED = "revoked", _("已撤回")
        EXPIRED = "expired", _("已过期")

    enterprise = models.ForeignKey(
        Enterprise, verbose_name=_("企业"), on_delete=models.CASCADE, related_name="staff_invitations"
    )
    invited_by = models.ForeignKey(
        User, verbose_name=_("邀请人"), on_delete=models.SET_NULL, null=True, related_name="staff_invitations_sent"
    )
    real_name = models.CharField(_("姓名"), max_length=50)
    phone = models.CharField(_("手机号码"), max_length=11, validators=[validate_mobile])
    id_number = models.CharField(_("居民身份证号码"), max_length=18, blank=True, validators=[validate_id_number])
    status = models.CharField(_("状态"), max_length=16, choices=Status.choices, default=Status.PENDING)
    user = models.ForeignKey(
        User,
        verbose_name=_("接受或拒绝的账户"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="staff_invitations_decided",
    )
    created_at = models.DateTimeField(_("邀请时间"), auto_now_add=True)
    decided_at = models.DateTimeField(_("处理时间"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("员工邀请")
        verbose_name_plural = _("员工邀请")
        constraints = [
            models.UniqueConstraint(
                fields=["enterprise", "phone"],
                condition=models.Q(status="pending"),
                name="accounts_staffinvitation_one_pending_per_phone",
            ),
            models.CheckConstraint(
                condition=models.Q(status__in=["pending", "accepted", "declined", "revoked", "expired"]),
                name="accounts_staffinvitation_status_valid",
            ),
            models.CheckConstraint(
                condition=models.Q(status="pending", decided_at__isnull=True)
                | (~models.Q(status="pending") & models.Q(decided_at__isnull=False)),
                name="accounts_staffinvitation_decided_when_not_pending",
            ),
        ]
        indexes = [models.Index(fields=["phone", "status"]), models.Index(fields=["id_number", "status"])]

    def __str__(self) -> str:
        return f"{self.enterprise} → {self.real_name}"
