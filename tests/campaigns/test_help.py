"""A short help page per role, linked from the footer."""

import pytest
from django.urls import reverse

from campaigns.help import ROLES

from .builders import make_site


@pytest.fixture
def tree(db):
    return make_site()


def test_footer_links_the_help_and_every_role_has_a_page(client, tree):
    assert f'href="{reverse("campaigns:help")}"' in client.get("/").content.decode()
    index = client.get(reverse("campaigns:help")).content.decode()
    assert {"公众", "学员 / 考生", "企业安全管理员", "宣教编辑", "考务管理员", "举报受理员", "奖励审批人"} <= {
        str(role.title) for role in ROLES
    }
    for role in ROLES:
        url = reverse("campaigns:help_role", args=[role.slug])
        assert f'href="{url}"' in index
        page = client.get(url)
        html = page.content.decode()
        assert page.status_code == 200 and "第一步做什么" in html and str(role.first_steps[0]) in html
    assert client.get(reverse("campaigns:help_role", args=["nobody"])).status_code == 404


def test_reviewer_help_explains_the_three_step_rule(client, tree):
    html = client.get(reverse("campaigns:help_role", args=["reviewer"])).content.decode()
    assert "每人只能审核一个步骤" in html
