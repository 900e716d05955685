import pytest
from django.test import RequestFactory

from edu_platform import views
from tests.accounts.factories import make_user


def _in_site_style(html: str) -> bool:
    return 'class="site-header"' in html and "/static/edu_platform/css/site.css" in html and "<h1" in html


@pytest.mark.django_db
def test_404_page(client, settings):
    settings.DEBUG = False
    response = client.get("/no-such-page-anywhere/")
    assert response.status_code == 404
    html = response.content.decode()
    assert _in_site_style(html)
    assert "页面不存在" in html


@pytest.mark.django_db
def test_403_page(client, settings):
    settings.DEBUG = False
    client.force_login(make_user("plain"))
    response = client.get("/accounts/enterprise/")  # only for enterprise admins
    assert response.status_code == 403
    assert _in_site_style(response.content.decode())


@pytest.mark.django_db
@pytest.mark.urls("tests.platform.urls_errors")
def test_400_page(client, settings):
    settings.DEBUG = False
    client.raise_request_exception = False
    response = client.get("/suspicious/")
    assert response.status_code == 400
    assert _in_site_style(response.content.decode())


@pytest.mark.django_db
def test_400_page_for_a_foreign_host(client, settings):
    """The shell must not ask for the host again while answering a bad Host header."""
    settings.DEBUG = False
    client.raise_request_exception = False
    response = client.get("/accounts/login/", HTTP_HOST="evil.example.com")
    assert response.status_code == 400
    assert _in_site_style(response.content.decode())


@pytest.mark.django_db
@pytest.mark.urls("tests.platform.urls_errors")
def test_500_page(client, settings):
    settings.DEBUG = False
    client.raise_request_exception = False
    response = client.get("/broken/")
    assert response.status_code == 500
    html = response.content.decode()
    assert _in_site_style(html)
    assert "12350" in html


def test_500_page_needs_no_database():
    # No django_db mark: pytest-django fails any query made here.
    response = views.server_error(RequestFactory().get("/"))
    assert response.status_code == 500
    assert "服务暂时出现问题" in response.content.decode()
