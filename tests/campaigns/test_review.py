"""三审 that cannot be skipped: three steps, three groups, one step per person, no own edits,
no direct publishing below superuser."""

import datetime

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from wagtail.models import PageLogEntry, TaskState

from campaigns.models import ArticlePage, ReviewTask
from campaigns.models.review import ReviewRefused
from edu_platform.audit import audit_entries_for

from .builders import make_site

PASSWORD = "pw-123456!"


@pytest.fixture
def member(db, django_user_model):
    def make(username, *groups):
        user = django_user_model.objects.create_user(
            username=username, email=f"{username}@example.com", password=PASSWORD
        )
        user.groups.add(*Group.objects.filter(name__in=groups))
        return user

    return make


@pytest.fixture
def tree(db):
    return make_site()


def submit_draft(tree, editor, title="冬季用电安全提示"):
    draft = ArticlePage(
        title=title,
        slug=f"draft-{ArticlePage.objects.count() + 1}",
        date=datetime.date(2025, 12, 1),
        live=False,
        body=[{"type": "paragraph", "value": "<p>不要私拉电线。</p>"}],
        owner=editor,
    )
    tree["articles"].add_child(instance=draft)
    draft.save_revision(user=editor)
    workflow_state = draft.get_workflow().start(draft, editor)
    return draft, workflow_state


def act(workflow_state, user, action="approve"):
    workflow_state.refresh_from_db()
    task_state = workflow_state.current_task_state
    task_state.task.specific.on_action(task_state, user, action)
    return task_state


def test_each_step_has_its_own_group_and_nobody_holds_publish(tree, member):
    workflow = tree["articles"].get_workflow()
    tasks = [task.specific for task in workflow.tasks]
    assert [task.name for task in tasks] == ["初审", "复审", "终审"]
    assert all(isinstance(task, ReviewTask) for task in tasks)
    assert [[group.name for group in task.groups.all()] for task in tasks] == [["宣教初审"], ["宣教复审"], ["宣教终审"]]
    for group in ("宣教编辑", "宣教审核", "宣教初审", "宣教复审", "宣教终审"):
        perms = tree["articles"].permissions_for_user(member(f"u-{group}", group))
        assert not perms.can_publish() and not perms.can_publish_subpage(), group
    assert tree["articles"].permissions_for_user(member("editor", "宣教编辑")).can_add_subpage()


def test_three_different_people_take_a_page_live(tree, member):
    editor = member("editor", "宣教编辑")
    first, second, final = member("r1", "宣教初审"), member("r2", "宣教复审"), member("r3", "宣教终审")
    draft, workflow_state = submit_draft(tree, editor)
    for reviewer in (first, second):
        act(workflow_state, reviewer)
        draft.refresh_from_db()
        assert not draft.live
    act(workflow_state, final)
    draft.refresh_from_db()
    assert draft.live
    finished = TaskState.objects.filter(workflow_state=workflow_state, status="approved").order_by("finished_at")
    assert [state.finished_by for state in finished] == [first, second, final]


def test_a_reviewer_in_every_group_approves_only_one_step(tree, member):
    editor = member("editor", "宣教编辑")
    everywhere = member("all-steps", "宣教初审", "宣教复审", "宣教终审")
    draft, workflow_state = submit_draft(tree, editor)
    act(workflow_state, everywhere)
    workflow_state.refresh_from_db()
    second_step = workflow_state.current_task_state
    assert second_step.task.name == "复审"
    assert second_step.task.specific.get_actions(draft, everywhere) == []
    assert not second_step.task.specific.get_task_states_user_can_moderate(everywhere).exists()
    with pytest.raises(ReviewRefused) as refused:
        act(workflow_state, everywhere)
    assert "已由您审核" in refused.value.message and "其他审核人" in refused.value.message
    second_step.refresh_from_db()
    draft.refresh_from_db()
    assert second_step.status == "in_progress" and not draft.live
    entry = audit_entries_for(draft).get(action="campaigns.review.refused")
    assert entry.user == everywhere and entry.data["step"] == "复审"


def test_nobody_approves_their_own_edit(tree, member):
    author = member("author", "宣教编辑", "宣教初审")
    draft, workflow_state = submit_draft(tree, author)
    first_step = workflow_state.current_task_state
    assert first_step.task.specific.get_actions(draft, author) == []
    with pytest.raises(ReviewRefused) as refused:
        act(workflow_state, author)
    assert "本人" in refused.value.message
    assert audit_entries_for(draft).filter(action="campaigns.review.refused", user=author).exists()


def test_a_reviewer_who_edits_during_review_cannot_approve(tree, member):
    editor = member("editor", "宣教编辑")
    first, second = member("r1", "宣教初审"), member("r2", "宣教复审")
    draft, workflow_state = submit_draft(tree, editor)
    act(workflow_state, first)
    draft.title = "冬季用电安全提示（修订）"
    draft.save_revision(user=second)
    with pytest.raises(ReviewRefused):
        act(workflow_state, second)


def test_refused_workflow_action_over_http_changes_nothing(client, tree, member):
    editor = member("editor", "宣教编辑")
    everywhere = member("all-steps", "宣教初审", "宣教复审")
    draft, workflow_state = submit_draft(tree, editor)
    act(workflow_state, everywhere)
    workflow_state.refresh_from_db()
    task_state = workflow_state.current_task_state
    client.force_login(everywhere)

    edit = client.get(reverse("wagtailadmin_pages:edit", args=[draft.pk]))
    assert edit.status_code == 200
    assert "每人只能审核其中一个步骤" in edit.content.decode()

    url = reverse("wagtailadmin_pages:workflow_action", args=[draft.pk, "approve", task_state.pk])
    assert client.post(url, {"comment": ""}).status_code in (302, 403)  # Wagtail redirects a PermissionDenied
    response = client.post(
        reverse("wagtailadmin_pages:edit", args=[draft.pk]),
        {"action-workflow-action": "1", "workflow-action-name": "approve"},
    )
    assert response.status_code == 302
    task_state.refresh_from_db()
    assert task_state.status == "in_progress"
    assert audit_entries_for(draft).filter(action="campaigns.review.refused", user=everywhere).count() == 1


def test_http_approval_by_the_right_reviewer_moves_to_the_next_step(client, tree, member):
    editor, first = member("editor", "宣教编辑"), member("r1", "宣教初审")
    draft, workflow_state = submit_draft(tree, editor)
    client.force_login(first)
    url = reverse(
        "wagtailadmin_pages:workflow_action", args=[draft.pk, "approve", workflow_state.current_task_state.pk]
    )
    assert client.post(url, {"comment": ""}).status_code == 302
    workflow_state.refresh_from_db()
    assert workflow_state.current_task_state.task.name == "复审"


@pytest.mark.parametrize("group", ["宣教编辑", "宣教终审"])
def test_direct_publish_is_neither_offered_nor_accepted(client, tree, member, group):
    editor = member("editor", "宣教编辑")
    user = member("someone", group)
    draft, workflow_state = submit_draft(tree, editor)
    workflow_state.cancel(user=editor)
    client.force_login(user)
    edit_url = reverse("wagtailadmin_pages:edit", args=[draft.pk])
    page = client.get(edit_url).content.decode()
    assert 'name="action-publish"' not in page
    response = client.post(edit_url, {"title": draft.title, "slug": draft.slug, "action-publish": "action-publish"})
    assert response.status_code == 302
    draft.refresh_from_db()
    assert not draft.live
    assert PageLogEntry.objects.filter(action="campaigns.page.publish_refused", user=user).count() == 1
    followed = client.get(edit_url).content.decode()
    assert "须经三审" in followed


def test_new_page_cannot_be_published_directly(client, tree, member):
    editor = member("editor", "宣教编辑")
    client.force_login(editor)
    url = reverse("wagtailadmin_pages:add", args=["campaigns", "articlepage", tree["articles"].pk])
    assert 'name="action-publish"' not in client.get(url).content.decode()
    response = client.post(url, {"title": "直接发布", "slug": "direct", "action-publish": "action-publish"})
    assert response.status_code == 302
    assert not ArticlePage.objects.filter(slug="direct").exists()
    assert PageLogEntry.objects.filter(action="campaigns.page.publish_refused", user=editor).exists()


def test_editors_can_still_submit_for_review(client, tree, member):
    editor = member("editor", "宣教编辑")
    draft, workflow_state = submit_draft(tree, editor)
    workflow_state.cancel(user=editor)
    perms = draft.permissions_for_user(editor)
    draft.refresh_from_db()
    assert perms.can_edit() and draft.permissions_for_user(editor).can_submit_for_moderation()


def test_superuser_may_still_publish_directly(client, tree, django_user_model):
    admin = django_user_model.objects.create_superuser("root", "root@example.com", PASSWORD)
    assert tree["articles"].permissions_for_user(admin).can_publish()


def test_campaign_errors_are_domain_errors():
    from campaigns.services import CampaignError
    from edu_platform.errors import DomainError

    error = CampaignError("请填写标题", field="title")
    assert isinstance(error, DomainError) and error.message == "请填写标题" and error.field == "title"
    assert issubclass(ReviewRefused, CampaignError)
