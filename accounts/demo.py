"""Demo enterprise and one account per role (``python manage.py seed_demo``); safe to run again.

Passwords: every demo account uses ``Demo@12345``; the superuser ``admin`` uses ``Admin@12345``.
"""

import datetime

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth.models import Group

from .models import Enterprise, Industry, PersonCategory, Town, User
from .services import enterprise_create
from .validators import credit_code_check_char, id_number_check_char

DEMO_PASSWORD = "Demo@12345"
ADMIN_PASSWORD = "Admin@12345"
EMAIL_DOMAIN = "demo.yunmeng.gov.cn"
YUNMENG_AREA_CODE = "420923"  # 孝感市云梦县

ENTERPRISE_NAME = "云梦县安泰化工有限公司"
ENTERPRISE_CODE_BODY = "91420923MA4F00001"  # 17 characters; the check character is computed

# username, role label, real name, group, person category, employed by the demo enterprise, mobile
DEMO_USERS = [
    ("demo_learner", "学员（特种作业人员）", "张建国", None, PersonCategory.SPECIAL_OPERATOR, True, "13871000001"),
    ("demo_learner2", "学员（安全生产管理人员）", "李秀英", None, PersonCategory.SAFETY_MANAGER, False, "13871000002"),
    (
        "demo_enterprise_admin",
        "企业安全管理员",
        "王志强",
        "企业安全管理员",
        PersonCategory.SAFETY_MANAGER,
        True,
        "13871000003",
    ),
    ("demo_editor", "宣教编辑", "刘芳", "宣教编辑", PersonCategory.OTHER, False, "13871000004"),
    # 三审: one reviewer per step (campaigns.roles.REVIEW_STEP_GROUPS); 宣教审核 reviews no step.
    ("demo_reviewer", "宣教初审", "陈静", "宣教初审", PersonCategory.OTHER, False, "13871000005"),
    ("demo_exam_admin", "考务管理员", "杨军", "考务管理员", PersonCategory.OTHER, False, "13871000006"),
    ("demo_training_admin", "培训管理员", "赵敏", "培训管理员", PersonCategory.OTHER, False, "13871000007"),
    ("demo_tipoff_handler", "举报受理员", "黄磊", "举报受理员", PersonCategory.OTHER, False, "13871000008"),
    ("demo_reward_approver", "奖励审批人", "周涛", "奖励审批人", PersonCategory.OTHER, False, "13871000009"),
    # Appended, not next to demo_reviewer: the position is the serial of the unique 身份证号码, so an
    # existing demo database keeps every account's number when seed_demo runs again.
    ("demo_reviewer2", "宣教复审", "吴婷", "宣教复审", PersonCategory.OTHER, False, "13871000010"),
    ("demo_reviewer3", "宣教终审", "孙伟", "宣教终审", PersonCategory.OTHER, False, "13871000011"),
]
MFA_ROLES = {"举报受理员", "奖励审批人"}


def demo_id_number(serial: int) -> str:
    """A checksum-valid 居民身份证号码 from Yunmeng County for demo person ``serial``."""
    birth = datetime.date(1975, 1, 1) + datetime.timedelta(days=397 * serial)
    first17 = f"{YUNMENG_AREA_CODE}{birth:%Y%m%d}{100 + serial:03d}"
    return first17 + id_number_check_char(first17)


def demo_enterprise() -> Enterprise:
    code = ENTERPRISE_CODE_BODY + credit_code_check_char(ENTERPRISE_CODE_BODY)
    existing = Enterprise.objects.filter(credit_code=code).first()
    if existing:
        return existing
    return enterprise_create(
        name=ENTERPRISE_NAME,
        credit_code=code,
        industry=Industry.HAZARDOUS_CHEMICALS,
        town=Town.objects.get(code="kaifaqu"),
        address="云梦经济开发区梦泽大道88号",
    )


def _demo_user(username: str, *, password: str, **fields) -> User:
    email = f"{username}@{EMAIL_DOMAIN}"
    user, created = User.objects.get_or_create(username=username, defaults={"email": email, **fields})
    if not created:
        for name, value in fields.items():
            setattr(user, name, value)
        user.email = email
    user.set_password(password)
    user.save()
    EmailAddress.objects.update_or_create(user=user, email=email, defaults={"verified": True, "primary": True})
    return user


def seed(stdout) -> None:
    enterprise = demo_enterprise()
    for serial, (username, _label, real_name, group, category, employed, phone) in enumerate(DEMO_USERS, start=1):
        user = _demo_user(
            username,
            password=DEMO_PASSWORD,
            real_name=real_name,
            id_number=demo_id_number(serial),
            phone=phone,
            phone_verified=True,
            person_category=category,
            enterprise=enterprise if employed else None,
            is_staff=bool(group and group != "企业安全管理员"),
        )
        user.groups.set([Group.objects.get(name=group)] if group else [])
    _demo_user(
        "admin",
        password=ADMIN_PASSWORD,
        real_name="系统管理员",
        is_staff=True,
        is_superuser=True,
    )
    stdout.write(f"  企业：{enterprise.name}（{enterprise.credit_code}），演示账号 {len(DEMO_USERS) + 1} 个")


def demo_logins() -> list[tuple[str, str, str]]:
    """(role, login e-mail, password) for every demo account, as ``make run`` prints them."""
    rows = []
    for username, label, *_rest in DEMO_USERS:
        note = "（进入管理后台须先设置两步验证）" if label in MFA_ROLES else ""
        rows.append((label + note, f"{username}@{EMAIL_DOMAIN}", DEMO_PASSWORD))
    rows.append(("超级管理员", f"admin@{EMAIL_DOMAIN}", ADMIN_PASSWORD))
    if settings.DEBUG:
        # A production console or log collector gets no phone number, not even a demo one.
        rows.append(("学员（手机号登录）", DEMO_USERS[0][6], DEMO_PASSWORD))
    return rows
