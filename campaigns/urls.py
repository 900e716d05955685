from django.urls import path

from . import feeds, views

app_name = "campaigns"

urlpatterns = [
    path("search/", views.search, name="search"),
    path("help/", views.help_index, name="help"),
    path("help/<slug:role>/", views.help_role, name="help_role"),
    path("sitemap.xml", views.sitemap, name="sitemap"),
    path("robots.txt", views.robots_txt, name="robots_txt"),
    path("feeds/articles.xml", feeds.ArticleFeed(), name="feed_articles"),
    path("feeds/articles.atom", feeds.ArticleAtomFeed(), name="feed_articles_atom"),
    path("feeds/cases.xml", feeds.CaseFeed(), name="feed_cases"),
    path("feeds/cases.atom", feeds.CaseAtomFeed(), name="feed_cases_atom"),
]
