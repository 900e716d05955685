"""Wagtail's own zh_Hans catalogue lacks some admin strings; locale/zh_Hans fills them."""

import pytest
from django.contrib.auth import get_user_model
from wagtail.models import Page

pytestmark = pytest.mark.django_db


def test_admin_page_search_without_results_is_in_chinese(client):
    root = get_user_model().objects.create_superuser("root", "root@example.com", "pw")
    client.force_login(root)
    root_page = Page.get_first_root_node()
    url = f"/admin/pages/{root_page.id}/"
    page = client.get(url, {"q": "不存在的页面标题xyz", "search_all": "1"}).content.decode()
    assert "全站没有结果。" in page
    assert "No results across entire site." not in page
