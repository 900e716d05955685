import datetime

import pytest
from django.contrib.auth.models import Group
from wagtail.models import Workflow

from campaigns.models import ArticlePage

from .builders import make_site


@pytest.fixture
def people(db, django_user_model):
    def member(username, group):
        user = django_user_model.objects.create_user(
            username=username, email=f"{username}@example.com", password="pw-123456!"
        )
        user.groups.add(Group.objects.get(name=group))
        return user

    return {"editor": member("editor", "宣教编辑"), "reviewer": member("reviewer", "宣教审核")}


def test_three_step_workflow_is_assigned_to_the_tree(db):
    tree = make_site()
    workflow = tree["articles"].get_workflow()
    assert workflow is not None and workflow.active
    assert [task.name for task in workflow.tasks] == ["初审", "复审", "终审"]
    assert Workflow.objects.filter(name__contains="三审").count() == 1


def test_editors_cannot_publish_directly(people):
    tree = make_site()
    editor = tree["articles"].permissions_for_user(people["editor"])
    assert editor.can_add_subpage() and editor.can_edit()
    assert not editor.can_publish_subpage() and not editor.can_publish()
    # Reviewers hold publish: Wagtail publishes as the user who approves 终审.
    assert tree["articles"].permissions_for_user(people["reviewer"]).can_publish()


def test_editor_page_goes_live_only_after_final_review(people):
    tree = make_site()
    editor, reviewer = people["editor"], people["reviewer"]
    draft = ArticlePage(
        title="冬季用电安全提示",
        slug="winter-electricity",
        date=datetime.date(2025, 12, 1),
        live=False,
        body=[{"type": "paragraph", "value": "<p>不要私拉电线。</p>"}],
        owner=editor,
    )
    tree["articles"].add_child(instance=draft)
    revision = draft.save_revision(user=editor)
    workflow_state = draft.get_workflow().start(draft, editor)
    assert workflow_state.status == "in_progress"

    for step in ("初审", "复审"):
        task_state = workflow_state.current_task_state
        assert task_state.task.name == step
        task_state.task.specific.on_action(task_state, reviewer, "approve")
        workflow_state.refresh_from_db()
        draft.refresh_from_db()
        assert not draft.live, f"live after {step}"

    final = workflow_state.current_task_state
    assert final.task.name == "终审"
    assert final.task.specific.get_actions(draft, editor) == []  # the editor cannot approve
    final.task.specific.on_action(final, reviewer, "approve")
    draft.refresh_from_db()
    assert draft.live and draft.live_revision_id == revision.pk


def test_scheduled_publishing_goes_live_and_enters_search_at_the_time(db):
    from django.core.management import call_command
    from django.utils import timezone

    from campaigns import selectors

    tree = make_site()
    when = timezone.now() + datetime.timedelta(days=2)
    page = ArticlePage(
        title="定时发布的防汛提示",
        slug="flood-tips",
        date=datetime.date(2025, 6, 1),
        live=False,
        body=[{"type": "paragraph", "value": "<p>汛期注意山洪。</p>"}],
        go_live_at=when,
    )
    tree["articles"].add_child(instance=page)
    page.save_revision().publish()  # with a future go_live_at this only schedules
    page.refresh_from_db()
    assert not page.live and selectors.site_search("山洪") == []
    import time_machine

    with time_machine.travel(when + datetime.timedelta(minutes=1)):
        call_command("publish_scheduled")
    page.refresh_from_db()
    assert page.live
    assert [hit.page.pk for hit in selectors.site_search("山洪")] == [page.pk]


def test_reindex_command_rebuilds_the_search_index(db):
    from django.core.management import call_command

    from campaigns.models import SearchEntry

    make_site()
    SearchEntry.objects.all().delete()
    call_command("campaigns_reindex")
    assert SearchEntry.objects.filter(title="科普文章").exists()
