from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from .errors import AccountError
from .forms import ProfileForm, StaffInvitationForm
from .models import StaffInvitation, User
from .selectors import (
    enterprise_names,
    enterprise_staff,
    enterprise_staff_invitations,
    staff_invitation_valid_days,
    staff_invitations_for_user,
    user_has_totp,
    user_is_enterprise_admin,
)
from .services import (
    ID_PHOTO_GUIDANCE,
    staff_invitation_accept,
    staff_invitation_create,
    staff_invitation_decline,
    staff_invitation_revoke,
    user_id_photo_remove,
    user_id_photo_set,
    user_profile_update,
)
from .validators import mask_id_number


@never_cache
@login_required
def profile(request: HttpRequest) -> HttpResponse:
    """个人资料: shows the profile (ID number masked) and edits it; lists invitations to join an enterprise."""
    user = request.user
    editing = request.method == "POST" or request.GET.get("edit") == "1"
    initial = {
        "real_name": user.real_name,
        "id_number": user.id_number,
        "phone": user.phone or "",
        "person_category": user.person_category,
        "safety_role": user.safety_role,
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
            exc.add_to_form(form)
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
            "invitations": list(staff_invitations_for_user(user)),
            "id_photo_guidance": ID_PHOTO_GUIDANCE,
        },
    )


def _invitation_or_404(pk: int) -> StaffInvitation:
    invitation = StaffInvitation.objects.filter(pk=pk).first()
    if invitation is None:
        raise Http404(_("没有找到这份邀请。"))
    return invitation


@require_POST
@login_required
def staff_invitation_respond(request: HttpRequest, pk: int, decision: str) -> HttpResponse:
    """The invited person accepts or declines an invitation shown on their profile."""
    invitation = _invitation_or_404(pk)
    try:
        if decision == "accept":
            invitation = staff_invitation_accept(invitation=invitation, user=request.user)
            messages.success(request, _("您已加入 %(name)s 的员工名单。") % {"name": invitation.enterprise.name})
        else:
            invitation = staff_invitation_decline(invitation=invitation, user=request.user)
            messages.success(request, _("已拒绝 %(name)s 的邀请。") % {"name": invitation.enterprise.name})
    except AccountError as exc:
        messages.error(request, exc.message)
    return redirect("accounts:profile")


@never_cache
@login_required
def enterprise(request: HttpRequest) -> HttpResponse:
    """企业员工: the enterprise's safety admin sees its staff and invites people to join it."""
    user = request.user
    if not user_is_enterprise_admin(user):
        raise PermissionDenied(_("只有企业安全管理员可以查看本页面。"))
    company = user.enterprise
    form = StaffInvitationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            invitation = staff_invitation_create(enterprise=company, actor=user, **form.cleaned_data)
        except AccountError as exc:
            exc.add_to_form(form)
        else:
            # The same words whether or not the number has an account.
            messages.success(
                request,
                _("已向 %(name)s（%(phone)s）发出邀请。对方在个人资料中接受后，才会出现在员工名单中。")
                % {"name": invitation.real_name, "phone": invitation.phone},
            )
            return redirect("accounts:enterprise")
    return render(
        request,
        "accounts/enterprise.html",
        {
            "enterprise": company,
            "staff": enterprise_staff(company),
            "invitations": enterprise_staff_invitations(company),
            "valid_days": staff_invitation_valid_days(),
            "form": form,
        },
    )


@require_POST
@login_required
def staff_invitation_revoke_view(request: HttpRequest, pk: int) -> HttpResponse:
    """The enterprise's safety admin withdraws a pending invitation."""
    if not user_is_enterprise_admin(request.user):
        raise PermissionDenied(_("只有企业安全管理员可以撤回邀请。"))
    invitation = _invitation_or_404(pk)
    if invitation.enterprise_id != request.user.enterprise_id:
        raise Http404(_("没有找到这份邀请。"))
    try:
        staff_invitation_revoke(invitation=invitation, actor=request.user)
    except AccountError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("已撤回对 %(name)s 的邀请。") % {"name": invitation.real_name})
    return redirect("accounts:enterprise")


@require_POST
@login_required
def id_photo_update(request: HttpRequest) -> HttpResponse:
    """Upload, replace (file ``id_photo``) or remove (button ``remove``) the person's own ID photo."""
    try:
        if request.POST.get("remove"):
            user_id_photo_remove(user=request.user)
            messages.success(request, _("证件照已删除。"))
        else:
            user_id_photo_set(user=request.user, uploaded=request.FILES.get("id_photo"))
            messages.success(request, _("证件照已保存，准考证将显示这张照片。"))
    except AccountError as exc:
        for problem in exc.problems:
            messages.error(request, problem.message)
    return redirect(reverse("accounts:profile") + "#id-photo")


def _id_photo_response(user: User) -> HttpResponse:
    if not user.id_photo:
        raise Http404(_("尚未上传证件照。"))
    try:
        handle = user.id_photo.open("rb")
    except FileNotFoundError:
        raise Http404(_("尚未上传证件照。")) from None
    response = FileResponse(handle, content_type="image/jpeg")
    # A face and a name: never kept by a shared cache or the browser's disk cache.
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
def my_id_photo(request: HttpRequest) -> HttpResponse:
    """The signed-in person's own ID photo (private storage is never served directly)."""
    return _id_photo_response(request.user)


@login_required
def id_photo(request: HttpRequest, pk: int) -> HttpResponse:
    """A candidate's ID photo for exam staff checking identity: ``bookings.view_booking`` or superuser.

    Anyone else gets 404, so the URL does not even confirm that the account exists.
    """
    if not (request.user.is_superuser or (request.user.is_staff and request.user.has_perm("bookings.view_booking"))):
        raise Http404(_("没有找到这张证件照。"))
    user = User.objects.filter(pk=pk).only("pk", "id_photo").first()
    if user is None:
        raise Http404(_("没有找到这张证件照。"))
    return _id_photo_response(user)
