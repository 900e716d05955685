from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from .forms import ProfileForm, StaffAddForm
from .selectors import enterprise_names, enterprise_staff, user_has_totp
from .services import AccountError, enterprise_staff_add, user_is_enterprise_admin, user_profile_update
from .validators import mask_id_number


def _apply_errors(form, exc: AccountError) -> None:
    placed = False
    for field, messages_ in exc.errors.items():
        for message in messages_:
            form.add_error(field if field in form.fields else None, message)
            placed = True
    if not placed:
        form.add_error(None, exc.message)


@never_cache
@login_required
def profile(request: HttpRequest) -> HttpResponse:
    """个人资料: shows the profile (ID number masked) and edits it."""
    user = request.user
    editing = request.method == "POST" or request.GET.get("edit") == "1"
    initial = {
        "real_name": user.real_name,
        "id_number": user.id_number,
        "phone": user.phone or "",
        "person_category": user.person_category,
        "enterprise": user.enterprise.credit_code if user.enterprise else "",
    }
    is_enterprise_admin = user_is_enterprise_admin(user)
    form = ProfileForm(request.POST if request.method == "POST" else None, initial=initial)
    if is_enterprise_admin:
        # The service refuses an admin's own change of employer; don't offer an input that cannot save.
        form.fields["enterprise"].disabled = True
        form.fields["enterprise"].help_text = _("企业安全管理员的工作单位由应急管理局设置，如需调整请联系应急管理局。")
    if request.method == "POST" and form.is_valid():
        try:
            user_profile_update(user=user, **form.cleaned_data)
        except AccountError as exc:
            _apply_errors(form, exc)
        else:
            messages.success(request, _("个人资料已保存。"))
            return redirect("accounts:profile")
    return render(
        request,
        "accounts/profile.html",
        {
            "form": form,
            "editing": editing,
            "enterprise_names": enterprise_names() if editing else [],
            "masked_id_number": mask_id_number(user.id_number) if user.id_number else "",
            "has_totp": user_has_totp(user),
            "is_enterprise_admin": is_enterprise_admin,
        },
    )


@never_cache
@login_required
def enterprise(request: HttpRequest) -> HttpResponse:
    """企业员工: the enterprise's safety admin sees its staff and adds registered people to it."""
    user = request.user
    if not user_is_enterprise_admin(user):
        raise PermissionDenied(_("只有企业安全管理员可以查看本页面。"))
    company = user.enterprise
    form = StaffAddForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            added = enterprise_staff_add(enterprise=company, login=form.cleaned_data["login"], actor=user)
        except AccountError as exc:
            _apply_errors(form, exc)
        else:
            messages.success(request, _("已将 %(name)s 加入本企业员工名单。") % {"name": added.display_name})
            return redirect("accounts:enterprise")
    return render(
        request,
        "accounts/enterprise.html",
        {"enterprise": company, "staff": enterprise_staff(company), "form": form},
    )
