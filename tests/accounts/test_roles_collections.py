"""Images and documents: Wagtail permits them per collection, so the roles get collection grants."""

import pytest
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.permissions import policy_registry

from .factories import make_user

pytestmark = pytest.mark.django_db


def can_images(user, action: str) -> bool:
    return policy_registry.get_by_type(get_image_model()).user_has_permission(user, action)


def can_documents(user, action: str) -> bool:
    return policy_registry.get_by_type(get_document_model()).user_has_permission(user, action)


@pytest.mark.parametrize("role", ["宣教编辑", "宣教审核"])
def test_outreach_staff_can_upload_and_choose_images_and_documents(role, client):
    editor = make_user(f"media-{role}", groups=(role,))
    for action in ("add", "change", "choose"):
        assert can_images(editor, action), action
        assert can_documents(editor, action), action
    client.force_login(editor)
    assert client.get("/admin/images/multiple/add/").status_code == 200
    assert client.get("/admin/documents/multiple/add/").status_code == 200
    assert get_document_model().objects.count() == 0


def test_exam_staff_can_choose_question_pictures_but_not_documents():
    exam_admin = make_user("exam-pictures", groups=("考务管理员",))
    assert can_images(exam_admin, "add")
    assert can_images(exam_admin, "choose")
    assert not can_documents(exam_admin, "add")


@pytest.mark.parametrize("role", ["培训管理员", "举报受理员", "奖励审批人", "企业安全管理员"])
def test_other_roles_get_no_media_rights(role):
    user = make_user(f"no-media-{role}", groups=(role,))
    assert not can_images(user, "add")
    assert not can_documents(user, "add")


def test_question_form_offers_a_picture(client):
    exam_admin = make_user("exam-form", groups=("考务管理员",))
    client.force_login(exam_admin)
    page = client.get("/admin/exams/questions/new/")
    assert page.status_code == 200
    assert 'name="image"' in page.content.decode()
