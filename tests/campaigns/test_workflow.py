import datetime

from wagtail.models import Workflow

from campaigns.models import ArticlePage

from .builders import make_site


def test_three_step_workflow_is_assigned_to_the_tree(db):
    tree = make_site()
    workflow = tree["articles"].get_workflow()
    assert workflow is not None and workflow.active
    assert [task.name for task in workflow.tasks] == ["初审", "复审", "终审"]
    assert Workflow.objects.filter(name__contains="三审").count() == 1


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
